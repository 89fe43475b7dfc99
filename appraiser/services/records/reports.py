"""Per-appraisal documents: the appraisal report PDF and the consumer bundle."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from appraiser.reports.appraisal_data import gather
from appraiser.reports.atomic import check_folder, staged
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import report_lang


def appraisal_report(station: Station, uid: str, out: Path, *, lang: str | None = None) -> dict:
    """Write the report PDF of ``uid`` to ``out`` (atomically); returns what was written."""
    from appraiser.reports.appraisal_pdf import write_report_pdf

    started = time.perf_counter()
    lang, out = report_lang(station, lang), Path(out)
    check_folder(out.parent)
    data = gather(station, uid)
    with staged(out) as stage:
        write_report_pdf(data, stage.path(out), lang)
    return {
        "file": str(out),
        "appraisal": uid,
        "lang": lang,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "verdict": data.verdict["verdict"] if data.verdict else None,
    }


def export_bundle(
    station: Station, uid: str, out_dir: Path, *, lang: str | None = None
) -> dict[str, Any]:
    """The consumer page for ``uid`` in ``out_dir`` (created if missing), with manifest."""
    from appraiser.reports.bundle import write_bundle

    lang = report_lang(station, lang)
    return write_bundle(station, gather(station, uid), Path(out_dir), lang)
