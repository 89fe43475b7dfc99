"""What follows a signed verdict: the label for genuine goods, the quarantine record for
counterfeit ones, and the appraisal report for every decided case.

``follow_up`` is safe to call again (after a crash, or from the outcome screen): it
reuses a live label and an existing quarantine record instead of making new ones.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from appraiser.errors import KnownError
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals, quarantine
from appraiser.services.records import export_child
from appraiser.services.records.exports import report_lang
from appraiser.services.records.reports import archive_report
from appraiser.storage.db import Store

log = logging.getLogger(__name__)


def _label(station: Station, session: Session, uid: str) -> dict[str, Any]:
    from appraiser.services.labelling import labels

    info = labels.live_label(station.store, uid) or labels.issue(station, session, uid)
    return {"label": info.serial, "label_grouped": info.grouped, "label_state": info.state}


def report_file(station: Station, uid: str, verdict_id: int, lang: str) -> Path:
    """One report per signed verdict and language, so an amendment never overwrites the
    earlier one and an English bench does not get the Chinese copy."""
    return station.data.exports / "reports" / f"{uid}-v{verdict_id}-{lang}.pdf"


def _write_report(station: Station, uid: str, target: Path, lang: str) -> None:
    if export_child.can_fork():
        root = str(station.data.root)
        cli = [sys.executable, "-m", "appraiser", "--data-dir", root, "report-archive", uid]
        export_child.run_cli([*cli, "--lang", lang, "--out", str(target)])
    else:
        archive_report(station, uid, target, lang=lang)


def report(station: Station, uid: str, lang: str | None = None) -> dict[str, Any]:
    """The report of the current verdict in ``lang`` (the bench passes its UI language;
    default: the station's), written if missing; separate from ``follow_up`` so the bench
    shows the label at once and the PDF arrives a moment later."""
    verdict = appraisals.current_verdict(station.store, uid)
    if verdict is None or verdict["verdict"] == "inconclusive":
        return {}
    return _report(station, uid, verdict["id"], lang)


def _report(station: Station, uid: str, verdict_id: int, lang: str | None) -> dict[str, Any]:
    """The appraisal report PDF, written once per verdict. Where we can start a child
    process it is written there: a PDF is seconds of pure-Python work that, on a worker
    thread, would take the interpreter lock from the bench's UI thread."""
    lang = report_lang(station, lang)
    target = report_file(station, uid, verdict_id, lang)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            _write_report(station, uid, target, lang)
        except KnownError as exc:
            return {"report_error": exc.message}
        except Exception as exc:  # the verdict stands; the report can be written again
            log.exception("appraisal report for %s failed", uid)
            return {"report_error": f"{type(exc).__name__}: {exc}"}
    return {"report": str(target)}


def follow_up(
    station: Station,
    session: Session,
    uid: str,
    *,
    with_report: bool = True,
    lang: str | None = None,
) -> dict[str, Any]:
    """Issue what the current verdict calls for and describe the outcome."""
    store = station.store
    verdict = appraisals.current_verdict(store, uid)
    if verdict is None:
        return {"verdict": None}
    result: dict[str, Any] = {
        "uid": uid,
        "verdict": verdict["verdict"],
        "reason_codes": json.loads(verdict["reason_codes"]),
    }
    if verdict["verdict"] == "genuine":
        try:
            result.update(_label(station, session, uid))
        except KnownError as exc:
            result["label_error"] = exc.message
            result["label_lot_unit"] = _drawn_unit(store, uid)  # said in the screen's language
    elif verdict["verdict"] == "counterfeit":
        result["quarantine"] = quarantine.hold(store, session, uid)
    if with_report and verdict["verdict"] != "inconclusive":
        result.update(_report(station, uid, verdict["id"], lang))
    return result


def _drawn_unit(store: Store, uid: str) -> dict[str, Any] | None:
    """The lot and unit number of a drawn unit's appraisal (its label comes with the lot's
    unit labels), so the outcome screen can say so in its own language; else None."""
    return store.one(
        "SELECT s.lot_uid, s.unit_no FROM lot_samples s JOIN appraisals_current a "
        "ON a.item_uid = s.item_uid WHERE a.uid = ?",
        (uid,),
    )
