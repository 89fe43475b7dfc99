"""The lot report (issue 16 item 6): everything a lot was decided on, gathered for the PDF.

Internal like the appraisal report (it names the merchant, the declaration and people),
so a supervisor's document (rule book: SUPERVISE), written atomically and audited.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraiser.errors import NotFound
from appraiser.reports.atomic import check_folder, staged
from appraiser.reports.manifest import file_digest
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station
from appraiser.services.lots import plausibility, samples, switching
from appraiser.storage.db import Store

_DECISIONS_SQL = """
SELECT d.*, u.username AS signer, u.display_name AS signer_name,
       NOT EXISTS (SELECT 1 FROM lot_decisions later WHERE later.supersedes = d.id) AS in_force
FROM lot_decisions d JOIN users u ON u.id = d.signed_by
WHERE d.lot_uid = ? ORDER BY d.id
"""


@dataclass
class LotReportData:
    lot: dict[str, Any]
    units: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    flags: list[plausibility.Flag]
    switching: str | None
    station: str = ""
    institute: str = ""
    plan: dict[str, Any] = field(default_factory=dict)


def gather(store: Store, lot_uid: str) -> LotReportData:
    """The lot, its units with their verdicts, its decisions (oldest first, the one in
    force marked), its flags and the supplier's switching state now."""
    lot = store.one("SELECT * FROM lots WHERE uid = ?", ((lot_uid or "").strip(),))
    if lot is None:
        raise NotFound(f"no lot {lot_uid}", hint="appraiser lots list shows them.")
    decisions = store.query(_DECISIONS_SQL, (lot["uid"],))
    for decision in decisions:
        decision["basis"] = json.loads(decision["basis"] or "{}")
    state = switching.latest(store, lot["merchant"], lot["gtin"])
    return LotReportData(
        lot=lot,
        units=samples.units(store, lot["uid"]),
        decisions=decisions,
        flags=plausibility.flags(store, lot["uid"]),
        switching=state.state if state else None,
        plan=json.loads(lot["plan"] or "{}"),
    )


def lot_report(
    station: Station, session: Session | None, lot_uid: str, out: Path, *, lang: str | None = None
) -> dict[str, Any]:
    """Write the lot report PDF to ``out`` and leave its digest in the audit trail."""
    from appraiser.reports.lot_pdf import write_lot_pdf
    from appraiser.services.records.exports import report_lang

    rules.require(station.store, session, Action.SUPERVISE, report=lot_uid)
    assert session is not None
    started = time.perf_counter()
    lang, out = report_lang(station, lang), Path(out)
    check_folder(out.parent)
    data = gather(station.store, lot_uid)
    data.station, data.institute = station.settings.station_code, station.settings.institute
    with staged(out) as stage:
        tmp = stage.path(out)
        write_lot_pdf(data, tmp, lang)
        sha, size = file_digest(tmp)
    with station.store.atomic(session.actor) as tx:
        tx.event("lot.report", lot=data.lot["uid"], file=out.name, sha256=sha, size=size)
    return {
        "file": str(out),
        "lot": data.lot["uid"],
        "lang": lang,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
