"""Which units of a lot may carry a unit label, and what such a label tells a consumer
(issue 16 finding 1).

Why a drawn unit is judged on its own: a lot decision vouches for the units nobody looked
at; a unit that was drawn and appraised has its own signed verdict, and DESIGN §2 says only
a genuine verdict issues a label. So a drawn unit whose verdict in force is counterfeit or
inconclusive, whose case is in blind review, or that was never appraised gets no unit label
whatever the lot decision says — an override to accept included — and stays in quarantine
by its own verdict (``casework.quarantine``). Units that were not drawn are vouched for by
the decision alone.

What the consumer reads must be true: "this unit appraised" only for a drawn unit whose own
verdict is genuine; "n of N units appraised" counts the drawn units with a signed verdict in
force; a lot accepted by a supervisor's override reads "released by a supervisor", never
"accepted by sampling".
"""

from __future__ import annotations

from typing import Any

from appraiser.domain.enums import AppraisalState, Verdict
from appraiser.services.arrivals import lines
from appraiser.services.casework import appraisals
from appraiser.storage.db import Store

_DRAWN = """SELECT unit_no, item_uid FROM lot_samples
    WHERE lot_uid = ? AND unit_no BETWEEN ? AND ? ORDER BY unit_no"""


def withheld(store: Store, lot_uid: str, first: int = 1, last: int = 2**62) -> dict[int, str]:
    """{unit number: why} for the drawn units ``first``…``last`` that get no unit label:
    their own verdict in force is not genuine, their case is in review, or they were drawn
    and never appraised. Units not drawn are never withheld here."""
    rows = store.query(_DRAWN, (lot_uid, first, last))
    latest = lines.latest_appraisals(store, [r["item_uid"] for r in rows])
    out: dict[int, str] = {}
    for row in rows:
        why = _why_withheld(store, latest.get(row["item_uid"]))
        if why:
            out[int(row["unit_no"])] = why
    return out


def _why_withheld(store: Store, case: dict[str, Any] | None) -> str | None:
    if not case:
        return "drawn for inspection but not appraised"
    if case["state"] == AppraisalState.AWAITING_REVIEW:
        return "its appraisal is in blind review"
    verdict = appraisals.current_verdict(store, case["uid"])
    if verdict is None:
        return "drawn for inspection but its verdict is not signed"
    if verdict["verdict"] != Verdict.GENUINE:
        return f"its own verdict is {verdict['verdict']}"
    return None


def drawn_counts(store: Store, lot_uid: str) -> tuple[int, int]:
    """(drawn units with a signed verdict in force and not in review, of those genuine)."""
    rows = store.query(_DRAWN, (lot_uid, 1, 2**62))
    latest = lines.latest_appraisals(store, [r["item_uid"] for r in rows])
    appraised = genuine = 0
    for row in rows:
        case = latest.get(row["item_uid"])
        if not case or case["state"] == AppraisalState.AWAITING_REVIEW:
            continue
        verdict = appraisals.current_verdict(store, case["uid"])
        if verdict is None:
            continue
        appraised += 1
        genuine += verdict["verdict"] == Verdict.GENUINE
    return appraised, genuine


def basis(
    store: Store, lot: dict[str, Any], unit_no: int, decision_uid: str | None = None
) -> dict[str, Any]:
    """What vouches for one unit's label, counts only (DESIGN §3.5): ``unit`` (this unit
    appraised genuine), ``released`` (the lot was accepted by a supervisor's override),
    or ``sampling``; ``appraised`` of ``units`` counts drawn units actually appraised.
    ``decision_uid``: the decision the label was signed over — a label keeps the basis it
    was issued under even after a later override revoked it (issue 16 finding N6); without
    it, the decision in force."""
    own = withheld(store, lot["uid"], unit_no, unit_no)
    drawn = store.one(
        "SELECT 1 AS x FROM lot_samples WHERE lot_uid = ? AND unit_no = ?", (lot["uid"], unit_no)
    )
    if decision_uid is not None:
        decision = store.one("SELECT kind FROM lot_decisions WHERE uid = ?", (decision_uid,))
    else:
        decision = store.one(
            "SELECT kind FROM lot_decisions_current WHERE lot_uid = ? ORDER BY id DESC LIMIT 1",
            (lot["uid"],),
        )
    appraised, _ = drawn_counts(store, lot["uid"])
    if (drawn and not own) or lot["policy"] == "every_unit":
        kind = "unit"
    elif decision is not None and decision["kind"] == "override":
        kind = "released"
    else:
        kind = "sampling"
    return {"kind": kind, "appraised": appraised, "units": lot["quantity"]}


def text(shown: dict[str, Any], lang: str) -> str:
    """The consumer's words for a unit label's basis (zh_CN or en, like the reports)."""
    from appraiser.reports import texts

    if shown["kind"] == "unit":
        return texts.tr(lang, "basis.unit")
    key = "basis.released" if shown["kind"] == "released" else "basis.sampling"
    return texts.tr(lang, key).format(n=shown["appraised"], units=shown["units"])
