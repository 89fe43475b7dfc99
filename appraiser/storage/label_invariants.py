"""What the audit trail must say about labels, whatever the views say (issue 14 breaker H2).

Row digests prove each row is the one the app wrote; they do not prove the app was right to
write it. A ``verdicts_current`` view edited to ignore amendments let ``label issue`` label
an item amended to counterfeit, with every row and link correct. So verify replays the
audited order itself: a label is issued only while its appraisal's verdict in force (the
newest verdict row by audit event) is genuine, and a label whose appraisal was later amended
away from genuine has been revoked or voided.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from appraiser.storage.audit import VerifyReport

_DEAD = ("revoked", "voided")


def _seq(latest: dict, table: str, key: int) -> int | None:
    event = latest.get((table, str(key)))
    return None if event is None else event["seq"]


def _verdicts_by_appraisal(conn: sqlite3.Connection, latest: dict) -> dict[str, list]:
    """Each appraisal's verdicts as (audit seq, verdict), oldest first; rows with no event
    are left out (``audit verify`` names them already)."""
    found: dict[str, list] = defaultdict(list)
    for key, uid, verdict in conn.execute("SELECT id, appraisal_uid, verdict FROM verdicts"):
        seq = _seq(latest, "verdicts", key)
        if seq is not None:
            found[uid].append((seq, verdict))
    for rows in found.values():
        rows.sort()
    return found


def check(conn: sqlite3.Connection, latest: dict, report: VerifyReport) -> None:
    """Replay every label against its appraisal's verdicts in audit order."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"verdicts", "labels", "label_events"} <= present:
        return  # a dropped table is named by the row and schema checks
    verdicts = _verdicts_by_appraisal(conn, latest)
    dead = {
        serial
        for (serial,) in conn.execute(
            f"SELECT DISTINCT serial FROM label_events WHERE event IN {_DEAD!r}"
        )
    }
    lots = _lot_decisions(conn, latest, present)
    labels = conn.execute("SELECT id, serial, appraisal_uid FROM labels ORDER BY id")
    for key, serial, uid in labels:
        issued = _seq(latest, "labels", key)
        if issued is None:
            continue
        if uid in lots.lot_of:  # a unit label of a lot: it vouches for the lot decision
            _check_unit_label(report, serial, uid, issued, lots, serial in dead)
            continue
        history = verdicts.get(uid, [])
        cut = bisect.bisect_left(history, (issued, ""))
        _issued_genuine(report, serial, uid, issued, history[cut - 1] if cut else None)
        if serial not in dead:
            later = [item for item in history[cut:] if item[1] != "genuine"]
            if later:
                seq, verdict = later[0]
                report.fail(
                    f"label {serial} of appraisal {uid} is not revoked, though its verdict "
                    f"was amended to {verdict} at audit event {seq}",
                    seq,
                )


def _issued_genuine(report: VerifyReport, serial, uid, issued: int, in_force) -> None:
    if in_force is None:
        report.fail(
            f"label {serial} was issued (audit event {issued}) before appraisal {uid} had a "
            "verdict",
            issued,
        )
    elif in_force[1] != "genuine":
        report.fail(
            f"label {serial} was issued (audit event {issued}) while the verdict in force for "
            f"appraisal {uid} was {in_force[1]} (audit event {in_force[0]})",
            issued,
        )


@dataclass
class _Lots:
    lot_of: dict[str, str]  # decision uid → lot uid
    history: dict[str, list]  # lot uid → [(audit seq, decision)], oldest first


def _lot_decisions(conn: sqlite3.Connection, latest: dict, present: set) -> _Lots:
    """Each lot's decisions in audit order (issue 16: a unit label names the decision that
    accepted its lot, not an appraisal)."""
    found = _Lots({}, defaultdict(list))
    if "lot_decisions" not in present:
        return found
    for key, uid, lot, decision in conn.execute(
        "SELECT id, uid, lot_uid, decision FROM lot_decisions"
    ):
        found.lot_of[uid] = lot
        seq = _seq(latest, "lot_decisions", key)
        if seq is not None:
            found.history[lot].append((seq, decision))
    for rows in found.history.values():
        rows.sort()
    return found


def _check_unit_label(report: VerifyReport, serial, uid, issued: int, lots: _Lots, dead: bool):
    """A unit label is issued only while its lot's decision in force accepts the lot, and
    is revoked (or voided) once a later decision rejects it."""
    lot = lots.lot_of[uid]
    history = lots.history.get(lot, [])
    cut = bisect.bisect_left(history, (issued, ""))
    in_force = history[cut - 1] if cut else None
    if in_force is None or in_force[1] != "accept":
        said = "no decision" if in_force is None else f"decision {in_force[1]}"
        report.fail(
            f"unit label {serial} was issued (audit event {issued}) while lot {lot} had {said}",
            issued,
        )
    later = [item for item in history[cut:] if item[1] != "accept"]
    if later and not dead:
        report.fail(
            f"unit label {serial} of lot {lot} is not revoked, though the lot was rejected "
            f"at audit event {later[0][0]}",
            later[0][0],
        )
