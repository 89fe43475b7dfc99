"""A restore never makes a label live again (issue 14 breaker pass 2, M-1).

The tester made a backup, a supervisor amended a genuine verdict to counterfeit (its label
revoked), then one administrator restored the old backup: the label verified VALID again and
the four-eyes amendment was gone, exit 0. Now, like the key carry-over of
``restore_keys``: every serial the station being replaced holds as revoked or voided gets
the same state in the restored database (an audited ``label.revoked``/``label.voided``,
detail "kept by restore"), and a backup that lacks amendments, voids, revocations or
reprints of that station is refused without ``--accept-older``, naming what would be lost;
with it, the lost changes are listed in an audited ``restore.older_accepted`` event.

The comparison is by content (what the station holds that the staged backup lacks), not by
timestamps, so a clock set back or a backup taken during work cannot hide a change.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import DatabaseDamagedError, InvalidInput
from appraiser.paths import DataDir
from appraiser.storage.db import Store

KEPT = "kept by restore"
DEAD = ("revoked", "voided")  # strongest first, as labels.state_of reads them


class OlderThanLabelChange(InvalidInput):
    """The backup lacks amendments, voids, revocations or reprints of this station."""


@dataclass
class LabelHistory:
    """What a station holds that a restore must not lose silently."""

    dead: dict[str, dict[str, Any]] = field(default_factory=dict)  # serial -> its final event
    amendments: list[dict[str, Any]] = field(default_factory=list)
    reprints: list[dict[str, Any]] = field(default_factory=list)  # new serial, the one it voided


@dataclass
class Lost:
    """The history of the station being replaced that the backup does not have."""

    amendments: list[dict[str, Any]]
    revoked: list[str]
    voided: list[str]  # voided without a reprint
    reprints: list[dict[str, Any]]

    def __bool__(self) -> bool:
        return bool(self.amendments or self.revoked or self.voided or self.reprints)

    def summary(self) -> str:
        parts = [
            _count(len(self.amendments), "amendment"),
            _count(len(self.revoked), "revoked label"),
            _count(len(self.voided), "voided label"),
            _count(len(self.reprints), "reprint"),
        ]
        return ", ".join(p for p in parts if p)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


def _rows(db: Store | sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    if isinstance(db, Store):
        return [dict(r) for r in db.query(sql)]
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read(db: Store | sqlite3.Connection) -> LabelHistory:
    """The revoked/voided serials, amendments and reprints a station holds."""
    history = LabelHistory()
    for row in _rows(db, "SELECT serial, event, detail, created, reason FROM label_events "
                         "WHERE event IN ('revoked', 'voided') ORDER BY id"):  # fmt: skip
        have = history.dead.get(row["serial"])
        if have is None or DEAD.index(row["event"]) < DEAD.index(have["event"]):
            history.dead[row["serial"]] = row
    history.amendments = _rows(
        db, "SELECT appraisal_uid AS appraisal, verdict, signed_at, reason FROM verdicts "
            "WHERE kind = 'amendment' ORDER BY id",
    )  # fmt: skip
    history.reprints = _rows(
        db, "SELECT l.serial, o.serial AS voided, l.appraisal_uid AS appraisal, l.created "
            "FROM labels l JOIN labels o ON o.id = l.supersedes ORDER BY l.id",
    )  # fmt: skip
    known = {_amendment_key(a) for a in history.amendments}
    history.amendments += [a for a in _still_lost(db) if _amendment_key(a) not in known]
    return history


def _still_lost(db: Store | sqlite3.Connection) -> list[dict[str, Any]]:
    """Amendments an earlier ``--accept-older`` restore lost and no verdict signed since has
    settled: a later restore must carry them on (as a loss to accept and to list again),
    or restoring the same old backup twice would drop the guard on labelling those cases."""
    restores = _rows(db, "SELECT seq, data FROM audit_events "
                         "WHERE action = 'restore.older_accepted' ORDER BY seq")  # fmt: skip
    if not restores:
        return []
    signed = _rows(db, "SELECT seq, json_extract(data, '$.uid') AS uid FROM audit_events "
                       "WHERE entity = 'verdicts'")  # fmt: skip
    pending: dict[tuple, dict[str, Any]] = {}
    for event in restores:
        for amendment in json.loads(event["data"]).get("amendments") or []:
            if isinstance(amendment, dict) and amendment.get("appraisal"):
                key = _amendment_key({k: amendment.get(k) for k in AMENDMENT_FIELDS})
                pending[key] = {"seq": event["seq"], **amendment}
    return [
        {k: a.get(k) for k in ("appraisal", "verdict", "signed_at", "reason")}
        for a in pending.values()
        if not any(v["uid"] == a["appraisal"] and v["seq"] > a["seq"] for v in signed)
    ]


def read_station(root: Path) -> LabelHistory:
    """The history of the station at ``root``, read-only (empty for an empty folder)."""
    db = DataDir(root).db
    if not db.is_file():
        return LabelHistory()
    try:
        with contextlib.closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
            return read(conn)
    except sqlite3.Error as exc:
        raise DatabaseDamagedError(f"The station's database {db} cannot be read ({exc}).") from exc


AMENDMENT_FIELDS = ("appraisal", "verdict", "signed_at")


def _amendment_key(row: dict[str, Any]) -> tuple:
    return row["appraisal"], row["verdict"], row["signed_at"]


def lost(current: LabelHistory, staged: LabelHistory) -> Lost:
    """What ``current`` holds that ``staged`` (the unpacked backup) lacks."""
    had = {_amendment_key(a) for a in staged.amendments}
    amendments = [a for a in current.amendments if _amendment_key(a) not in had]
    reprinted = {r["serial"] for r in staged.reprints}
    reprints = [r for r in current.reprints if r["serial"] not in reprinted]
    by_reprint = {r["voided"] for r in current.reprints}
    revoked, voided = [], []
    for serial, row in current.dead.items():
        have = staged.dead.get(serial)
        if have is not None and (have["event"] == row["event"] or have["event"] == "revoked"):
            continue
        if row["event"] == "revoked":
            revoked.append(serial)
        elif serial not in by_reprint:
            voided.append(serial)
    return Lost(amendments, revoked, voided, reprints)


def check_age(what: Lost, created: str, accept_older: bool) -> None:
    """Refuse a backup that lacks label or verdict changes of this station unless accepted."""
    if not what or accept_older:
        return
    raise OlderThanLabelChange(
        f"The backup was made {created[:19]}, before changes this station holds: "
        f"{what.summary()} since the backup. Its records would go back to then; revoked and "
        "voided labels stay so (they are carried into the restored station), the amendments "
        "are lost. Run again with --accept-older if this is meant. Nothing was restored."
    )


def carry(
    staging: Path, current: LabelHistory, actor: str, *, created: str, accept_older: bool
) -> Lost:
    """Refuse (``check_age``) or give the staged station every revoked/voided state of
    ``current`` it lacks and record the accepted older backup, in one audited transaction.
    ``created`` is the backup's date, for the refusal. Returns what was lost."""
    store = Store.open(DataDir(staging))
    try:
        staged = read(store)
        what = lost(current, staged)
        if not what:
            return what
        check_age(what, created, accept_older)
        known = {r["serial"] for r in store.query("SELECT serial FROM labels")}
        user = store.one("SELECT id FROM users WHERE username = ?", (actor,))
        with store.atomic(actor) as tx:
            for serial in what.revoked + what.voided + [r["voided"] for r in what.reprints]:
                if serial in known:
                    _kill(tx, serial, current.dead[serial], user["id"] if user else None)
            tx.event("restore.older_accepted", **_listed(what, known))
        return what
    finally:
        store.close()


def _kill(tx, serial: str, was: dict[str, Any], user_id: int | None) -> None:
    """The same final state as on the replaced station, said to be the restore's."""
    before = json.loads(was["detail"] or "{}")
    detail = {"restore": KEPT, "since": was["created"]}
    if "replaced_by" in before:
        detail["replaced_by"] = before["replaced_by"]
    row = {"serial": serial, "event": was["event"], "detail": detail, "created": now_iso(),
           "created_by": user_id, "reason": was["reason"] or KEPT}  # fmt: skip
    tx.insert("label_events", row, action=f"label.{was['event']}", serial=serial, kept=KEPT)


def _listed(what: Lost, known: set[str]) -> dict[str, Any]:
    unknown = [s for s in what.revoked + what.voided if s not in known]
    return {
        "summary": what.summary(),
        "amendments": what.amendments,
        "revoked": what.revoked,
        "voided": what.voided,
        "reprints": what.reprints,
        "not_in_backup": unknown,  # issued after the backup: unknown there, never VALID
    }


__all__ = ["KEPT", "LabelHistory", "Lost", "OlderThanLabelChange", "carry", "check_age", "lost"]
