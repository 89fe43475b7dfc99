"""Never lose work: find appraisals a crash or power cut left open, resume or abandon them.

At start-up (only one instance runs per data folder) every case still ``open`` at this
station was interrupted; it is marked so, with an audited revision. The appraiser who
held it is then offered to resume it at its saved step, or to abandon it with a reason —
abandoning is a revision with state ``abandoned``, never a delete.
"""

from __future__ import annotations

from typing import Any

from appraiser.clock import now_iso
from appraiser.domain.enums import AppraisalState, Role
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.admin.accounts import Session
from appraiser.services.casework import appraisals, verdicts, workflow
from appraiser.storage.db import Store

_UNFINISHED_SQL = """
SELECT a.uid, a.step, a.state, a.started, a.created AS saved, a.category, a.appraiser_id,
       u.display_name AS holder, i.brand, i.model, i.gtin,
       (SELECT verdict FROM verdicts_current v WHERE v.appraisal_uid = a.uid) AS verdict
FROM appraisals_current a JOIN users u ON u.id = a.appraiser_id
LEFT JOIN items_current i ON i.uid = a.item_uid
WHERE a.station = ? AND a.state IN ('open', 'interrupted') ORDER BY a.started
"""


def mark_interrupted(store: Store, station: str) -> list[str]:
    """Called once at start-up: open cases of this station become ``interrupted``."""
    rows = store.query(
        "SELECT uid FROM appraisals_current WHERE station = ? AND state = 'open'", (station,)
    )
    marked = []
    for row in rows:
        case = appraisals.current(store, row["uid"])
        _system_save(store, case, AppraisalState.INTERRUPTED, "application restarted")
        marked.append(row["uid"])
    return marked


def _system_save(store: Store, case: dict[str, Any], state: AppraisalState, reason: str) -> None:
    """A revision by the station itself (no one is signed in yet at start-up)."""
    row = {k: case[k] for k in ("uid", "item_uid", "station", "appraiser_id", "category")}
    row.update(
        started=case["started"],
        step=case["step"],
        revision=case["revision"] + 1,
        supersedes=case["id"],
        state=str(state),
        data=case["data"],
        created=now_iso(),
        created_by=None,
        reason=reason,
    )
    with store.atomic("system") as tx:
        tx.insert("appraisals", row, action=f"appraisal.{state}", uid=case["uid"], reason=reason)


def unfinished(store: Store, station: str, session: Session | None = None) -> list[dict]:
    """Open or interrupted cases; with a session, those this person may resume or abandon."""
    rows = store.query(_UNFINISHED_SQL, (station,))
    if session is None or session.role != Role.APPRAISER:
        return rows
    return [r for r in rows if r["appraiser_id"] == session.user_id]


def resume(store: Store, session: Session, uid: str) -> workflow.Case:
    """Continue at the saved step; a case already signed continues at its outcome."""
    row = workflow.require_holder(store, session, uid)
    step = row["step"]
    verdict = appraisals.current_verdict(store, uid)
    if verdict is not None:  # signed, but the crash came before the outcome was stored
        return _finish_signed(store, session, uid, verdict["verdict"])
    appraisals.save(store, session, uid, step=step, state=AppraisalState.OPEN, reason="resumed")
    return workflow.load(store, uid)


def _finish_signed(store: Store, session: Session, uid: str, verdict: str) -> workflow.Case:
    verdicts.settle(store, session, uid, verdicts.Verdict(verdict), {"resumed": {"at": now_iso()}})
    return workflow.load(store, uid)


def abandon(store: Store, session: Session, uid: str, reason: str) -> None:
    """Give up a case with a reason; its photos and results stay in the record."""
    if not reason.strip():
        raise InvalidInput("Abandoning an appraisal needs a reason.")
    workflow.require_holder(store, session, uid)
    if appraisals.current_verdict(store, uid) is not None:
        raise PermissionDenied("This case has a signed verdict; it can only be finished.")
    appraisals.save(
        store, session, uid, state=AppraisalState.ABANDONED, reason=f"abandoned: {reason.strip()}"
    )
