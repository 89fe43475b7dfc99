"""Hold the database against every signed checkpoint line, and say what differs in words.

The chain walk (``audit.verify``) proves the events are internally consistent; this proves
they are the events the station signed: none erased (fewer events than a line vouches for),
none rewritten (head hash or Merkle root at a line's count differs, even with every hash
recomputed), none added behind the app's back (an event no line vouches for), and the log
itself whole (present since checkpoints started, every line signed by a station key).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from appraiser.keys import StationKeys
from appraiser.paths import DataDir
from appraiser.storage.audit import GENESIS, VerifyReport
from appraiser.storage.checkpoints import (
    LINE_MAX,
    LOG,
    STARTED,
    Checkpoint,
    NotRegularLog,
    log_path,
    open_log,
)
from appraiser.storage.frontier import Frontier


@dataclass
class Numbered:
    number: int  # line number in the file, from 1
    line: Checkpoint


@dataclass
class DbView:
    """Head hash and Merkle root at every count a line names, read in one pass."""

    count: int = 0
    heads: dict[int, str] = field(default_factory=lambda: {0: GENESIS})
    roots: dict[int, str] = field(default_factory=dict)
    started: list[int] = field(default_factory=list)
    start: dict = field(default_factory=dict)  # the first start event's data, and its ts

    def matches(self, line: Checkpoint) -> bool:
        return (
            line.count <= self.count
            and self.heads.get(line.count) == line.head
            and self.roots.get(line.count) == line.root
        )

    def base_ok(self, line: Checkpoint) -> bool:
        return line.base <= self.count and self.heads.get(line.base) == line.base_head


def read_db(conn: sqlite3.Connection, upto: int, wanted: set[int]) -> DbView:
    view, frontier = DbView(), Frontier()
    view.roots[0] = frontier.root_hex()
    cursor = conn.execute(
        "SELECT seq, hash, action = ?1, CASE WHEN action = ?1 THEN data || char(0) || ts END"
        " FROM audit_events WHERE seq <= ?2 ORDER BY seq",
        (STARTED, upto),
    )
    for seq, digest, is_start, start in cursor:
        frontier.add(digest)
        view.count = seq
        if seq in wanted:
            view.heads[seq], view.roots[seq] = digest, frontier.root_hex()
        if is_start:
            if not view.started:
                view.start = _start_data(start)
            view.started.append(seq)
    return view


def _start_data(text: str | None) -> dict:
    """The start event's data plus its ``ts`` (an edited one may be anything)."""
    data, _, ts = (text or "").partition("\0")
    try:
        parsed = json.loads(data)
    except ValueError:
        parsed = None
    return {**(parsed if isinstance(parsed, dict) else {}), "ts": ts}


def read_log(path: Path, size: int | None, report: VerifyReport) -> list[Numbered]:
    """Parsed lines of the first ``size`` bytes (what existed when the check began), read a
    line at a time with each line capped: memory stays small whatever the file holds."""
    try:
        fd = open_log(path, os.O_RDONLY)
    except FileNotFoundError:
        return []
    except NotRegularLog:
        report.fail(f"the checkpoint file {LOG.as_posix()} is not a regular file")
        return []
    except OSError as exc:
        report.fail(f"the checkpoint file {LOG.as_posix()} cannot be read ({exc.strerror})")
        return []
    lines: list[Numbered] = []
    with os.fdopen(fd, "rb") as handle:
        left, number = (1 << 62) if size is None else size, 0
        while left > 0:
            raw = handle.readline(min(left, LINE_MAX + 1))
            if not raw:
                break
            left, number, overlong = left - len(raw), number + 1, len(raw) > LINE_MAX
            while not raw.endswith(b"\n") and overlong and left > 0:  # skip the rest
                raw = handle.readline(min(left, 1 << 16)) or b"\n"
                left -= len(raw)
            _parse_into(lines, number, b"[" if overlong else raw, report)
    return lines


def _parse_into(lines: list, number: int, raw: bytes, report: VerifyReport) -> None:
    """One line: parsed, or a torn last line (a note), or damaged (a failure)."""
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return
    try:
        lines.append(Numbered(number, Checkpoint.parse(text)))
    except (ValueError, KeyError, TypeError):
        if not raw.endswith(b"\n") and raw != b"[":
            report.notes.append(f"checkpoint line {number} is incomplete (torn write)")
        else:
            report.fail(f"checkpoint line {number} is damaged")


def _signed(lines: list[Numbered], keys: dict[str, Ed25519PublicKey], report) -> list[Numbered]:
    good = []
    for item in lines:
        public = keys.get(item.line.kid)
        try:
            if public is None:
                raise InvalidSignature
            public.verify(item.line.signature(), item.line.message())
        except (InvalidSignature, ValueError):
            report.fail(f"checkpoint line {item.number} has a bad signature")
            continue
        good.append(item)
    return good


def _classify(lines: list[Numbered], view: DbView, report: VerifyReport) -> list[Numbered]:
    """Lines that agree with the database; notes for lines of transactions that never
    committed; returns the lines that disagree."""
    wrong = []
    for index, item in enumerate(lines):
        line = item.line
        if view.matches(line):
            continue
        following = lines[index + 1].line if index + 1 < len(lines) else None
        rolled_back = following is not None and (following.base, following.base_head) == (
            line.base,
            line.base_head,
        )
        last_uncommitted = following is None and view.count == line.base
        if view.base_ok(line) and (rolled_back or last_uncommitted):
            report.notes.append(
                f"checkpoint line {item.number} signed audit events {line.base + 1}–"
                f"{line.count} of a transaction that did not commit (the app stopped or "
                "the disk was full at that moment)"
            )
            continue
        wrong.append(item)
    return wrong


def _range(first: int, last: int) -> str:
    return f"audit event {first}" if first == last else f"audit events {first}–{last}"


def _report_wrong(wrong: list[Numbered], good_counts: list[int], view: DbView, report) -> None:
    erased = [w.line for w in wrong if w.line.count > view.count]
    changed = [w.line for w in wrong if w.line.count <= view.count]
    found: list[tuple[int, str]] = []
    if changed:
        first = min(changed, key=lambda line: line.count)
        before = max([0, *(c for c in good_counts if c < first.count)])
        found.append(
            (
                before + 1,
                f"{_range(before + 1, first.count)} "
                f"{'differs' if before + 1 == first.count else 'differ'} from the signed "
                f"checkpoint of {first.ts} (rewritten after it was signed)",
            )
        )
    if erased:
        top = max(erased, key=lambda line: line.count)
        found.append(
            (
                view.count + 1,
                f"{_range(view.count + 1, top.count)} were erased (the signed checkpoint of "
                f"{top.ts} vouches for {top.count} events, the database holds {view.count})",
            )
        )
    for seq, message in sorted(found):
        report.fail(message, seq)


def _report_foreign(lines: list[Numbered], view: DbView, report: VerifyReport) -> None:
    """Events the app found already committed, with no line, when it next wrote."""
    for item in lines:
        line = item.line
        if line.own_from > line.base + 1 and view.matches(line):
            first, last = line.base + 1, line.own_from - 1
            report.fail(
                f"{_range(first, last)} {'was' if first == last else 'were'} added outside "
                f"the app (no checkpoint vouched for {'it' if first == last else 'them'} "
                f"when the app next wrote, at audit event {line.own_from})",
                first,
            )


def _check_start(lines: list[Numbered], view: DbView, report: VerifyReport) -> None:
    """Checkpoints start once, in the upgrade that introduced them (issue 14 finding H1):
    a start event must exist, only one, agreeing with its place in the chain and with the
    log's first line. The events before it are older than the checkpoints: always said."""
    name = LOG.as_posix()
    if not view.started:
        report.fail("no audit event records when checkpoints started (it was removed)")
    if not lines:
        if view.started:
            report.fail(
                f"the checkpoint file {name} is missing or empty, though checkpoints have "
                f"been kept since audit event {view.started[0]}",
                view.started[0],
            )
        elif view.count:
            report.fail(f"{_range(1, view.count)} have no signed checkpoint", 1)
        return
    if not view.started:
        return
    if len(view.started) > 1:
        report.fail(
            f"checkpoints were started again at audit event {view.started[1]}: the checkpoint "
            f"file kept since audit event {view.started[0]} was deleted or replaced"
        )
    first = lines[0].line
    if first.base != view.started[0] - 1:
        report.fail(
            f"the checkpoint file no longer reaches back to audit event {view.started[0]}, "
            f"where checkpoints started (its first line extends event {first.base})"
        )
    _check_start_event(view.started[0], view.start, report)


def _check_start_event(seq: int, start: dict, report: VerifyReport) -> None:
    before, schema = start.get("events_before"), start.get("schema_before")
    if type(before) is not int or before != seq - 1:
        report.fail(
            f"audit event {seq} (checkpoints started) was altered: its events_before "
            f"({before!r}) is not the {seq - 1} events before it",
            seq,
        )
    elif type(schema) is not int or schema < 0:
        report.fail(f"audit event {seq} (checkpoints started) was altered: no schema_before", seq)
    elif before and schema == 0:
        report.fail(
            f"checkpoints started at audit event {seq}, after {before} older events, on a "
            "station that was created with checkpoints (they must cover it from audit event "
            "1): the events before it were rewritten",
            1,
        )
    elif before:
        report.notes.append(
            f"{_range(1, before)} {'predates' if before == 1 else 'predate'} the signed "
            f"checkpoints (started "
            f"{str(start.get('ts'))[:10]}, at the upgrade from schema version {schema}); "
            "only the chain vouches for them: check them against the daily exports kept off "
            "the station: appraiser audit verify --exports DIR"
        )


def check(
    conn: sqlite3.Connection, data: DataDir, report: VerifyReport, *, upto: int, size: int | None
) -> None:
    """Compare events ``1..upto`` with the log's first ``size`` bytes."""
    parsed = read_log(log_path(data), size, report)
    keys = StationKeys(data.keys, conn).public_keys() if parsed else {}
    lines = _signed(parsed, keys, report)
    wanted = {n for item in lines for n in (item.line.count, item.line.base)}
    view = read_db(conn, upto, wanted)
    report.checkpoints = len(lines)
    wrong = _classify(lines, view, report)
    good = [item.line.count for item in lines if view.matches(item.line)]
    _report_wrong(wrong, good, view, report)
    _check_start(lines, view, report)
    _report_foreign(lines, view, report)
    covered = max([*good, 0])
    if not wrong and lines and view.count > covered:
        report.fail(
            f"{_range(covered + 1, view.count)} "
            f"{'has' if covered + 1 == view.count else 'have'} no signed checkpoint "
            "(added outside the app)",
            covered + 1,
        )
