"""Ingest of a station's audit chain and checkpoint lines: append-only, in order, idempotent.

Sequence numbers are the station's own: audit event ``seq`` (1, 2, 3 …) and checkpoint line
numbers (the line's place in ``checkpoints.jsonl``). A push carries a run of them:

- numbers already stored with the same content are skipped (the same push twice, or a push
  repeated after a lost answer, changes nothing);
- a number already stored with *different* content is a FORK: the push is refused whole,
  an alarm is recorded, and the first history stays (``Fork``); so is a next event whose
  ``prev_hash`` is not the stored head's hash (the station rewrote what it pushed before);
- a push that starts beyond the next expected number is refused with that number
  (``OutOfOrder``): the station re-reads the server's state and resumes from there.

Each new event must link to the one before (``prev_hash``) and hash as the station's
``audit.event_hash`` does; each row it brings must have the digest the event vouches for.
Every new row version is handed to ``projections.apply`` in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.server import projections
from appraiser.storage.audit import GENESIS, event_hash
from appraiser.storage.canonical import digest
from appraiser.storage.checkpoints import Checkpoint

MAX_BATCH = 1000
_FIELDS = ("seq", "ts", "actor", "action", "entity", "entity_id", "row_digest", "data")


class Fork(Exception):
    """A different record at a number already stored: refused, alarmed, first history kept."""

    def __init__(self, kind: str, detail: dict[str, Any]) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


class OutOfOrder(Exception):
    def __init__(self, expected: int) -> None:
        super().__init__(f"expected {expected} next")
        self.expected = expected


def lock_station(conn: psycopg.Connection, station_id: int) -> dict[str, Any]:
    """The station's row, locked: one push per station at a time, across all workers."""
    return conn.execute(
        "SELECT id, code, events_head, head_hash, lines_head FROM stations WHERE id = %s"
        " FOR UPDATE",
        (station_id,),
    ).fetchone()


def state(conn: psycopg.Connection, station_id: int) -> dict[str, Any]:
    row = conn.execute(
        "SELECT events_head, head_hash, lines_head FROM stations WHERE id = %s", (station_id,)
    ).fetchone()
    return dict(row)


def record_alarm(conn: psycopg.Connection, station_id: int, kind: str, detail: dict) -> None:
    conn.execute(
        "INSERT INTO alarms(station_id, kind, detail) VALUES (%s, %s, %s)",
        (station_id, kind, Jsonb(detail)),
    )


# -- events -------------------------------------------------------------------------------


def _event(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidInput("Each event is an object.")
    event = {name: raw.get(name) for name in (*_FIELDS, "prev_hash", "hash")}
    if type(event["seq"]) is not int or event["seq"] < 1:
        raise InvalidInput("An event's seq is a positive integer.")
    for name in ("ts", "action", "data", "prev_hash", "hash"):
        if not isinstance(event[name], str):
            raise InvalidInput(f"Event {event['seq']}: {name} must be text.")
    for name in ("actor", "entity", "entity_id", "row_digest"):
        if event[name] is not None and not isinstance(event[name], str):
            raise InvalidInput(f"Event {event['seq']}: {name} must be text or null.")
    return event


def push_events(
    conn: psycopg.Connection, station_id: int, events: list[Any], rows: dict[str, Any]
) -> dict[str, int]:
    """Store the new events of the run (and the rows they vouch for); see the module doc."""
    if not isinstance(events, list) or len(events) > MAX_BATCH or not isinstance(rows, dict):
        raise InvalidInput(f"A push holds a list of at most {MAX_BATCH} events and a rows map.")
    station = lock_station(conn, station_id)
    head, head_hash, added = station["events_head"], station["head_hash"], 0
    for event in map(_event, events):
        seq = event["seq"]
        if seq <= head:
            _same_as_stored(conn, station, event)
            continue
        if seq != head + 1:
            raise OutOfOrder(head + 1)
        if head == station["events_head"] and head and event["prev_hash"] != head_hash:
            raise Fork(  # the stored head is not what the station now builds on (F18)
                "fork.audit_event",
                {"seq": head, "stored": head_hash, "pushed": event["prev_hash"]},
            )
        _check_link(event, head_hash)
        _insert_event(conn, station, event, rows.get(str(seq)))
        head, head_hash, added = seq, event["hash"], added + 1
    conn.execute(
        "UPDATE stations SET events_head = %s, head_hash = %s, last_push = now() WHERE id = %s",
        (head, head_hash, station_id),
    )
    _settle_pending_lines(conn, station_id, head)
    return {"added": added, "events_head": head}


def _same_as_stored(conn: psycopg.Connection, station: dict, event: dict) -> None:
    stored = conn.execute(
        "SELECT hash FROM audit_events WHERE station_id = %s AND seq = %s",
        (station["id"], event["seq"]),
    ).fetchone()
    if stored is None or stored["hash"] != event["hash"]:
        raise Fork(
            "fork.audit_event",
            {"seq": event["seq"], "stored": stored and stored["hash"], "pushed": event["hash"]},
        )


def _check_link(event: dict, head_hash: str) -> None:
    if event["prev_hash"] != head_hash:
        raise InvalidInput(f"Event {event['seq']} does not link to the event before it.")
    if event_hash(event, event["prev_hash"]) != event["hash"]:
        raise InvalidInput(f"Event {event['seq']} does not hash to its stated hash.")


def _insert_event(conn: psycopg.Connection, station: dict, event: dict, row: Any) -> None:
    conn.execute(
        "INSERT INTO audit_events(station_id, seq, ts, actor, action, entity, entity_id,"
        " row_digest, data, prev_hash, hash) VALUES (%(station_id)s, %(seq)s, %(ts)s,"
        " %(actor)s, %(action)s, %(entity)s, %(entity_id)s, %(row_digest)s, %(data)s,"
        " %(prev_hash)s, %(hash)s)",
        {**event, "station_id": station["id"]},
    )
    if row is None or not event["row_digest"]:
        return
    if not isinstance(row, dict) or digest(row) != event["row_digest"]:
        raise InvalidInput(f"The row sent with event {event['seq']} is not the one it vouches for.")
    new = conn.execute(
        "INSERT INTO station_rows(station_id, tbl, row_key, digest, seq, body) VALUES"
        " (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        (
            station["id"],
            event["entity"],
            event["entity_id"],
            event["row_digest"],
            event["seq"],
            Jsonb(row),
        ),
    ).fetchone()
    if new is not None:
        _project(conn, station, event, row)


_BAD_ROW = (KeyError, TypeError, AttributeError, ValueError, psycopg.DataError,
            psycopg.IntegrityError)  # fmt: skip


def _project(conn: psycopg.Connection, station: dict, event: dict, row: dict) -> None:
    """Project one stored row; a row the read models cannot take (a label without payload,
    a text where a number belongs) is kept as pushed, its projection undone, and alarmed as
    ``projection.bad_row`` naming it — never a 500 that wedges the station's sync at that
    event for good (issue 15 finding F16)."""
    try:
        with conn.transaction():  # a savepoint: only this row's projection is undone
            projections.apply(conn, dict(station), event["entity"], row)
    except _BAD_ROW as exc:
        detail = {"seq": event["seq"], "table": event["entity"], "row": event["entity_id"],
                  "error": f"{type(exc).__name__}: {exc}"[:300]}  # fmt: skip
        record_alarm(conn, station["id"], "projection.bad_row", detail)


# -- checkpoint lines ----------------------------------------------------------------------


def push_lines(conn: psycopg.Connection, station_id: int, lines: list[Any]) -> dict[str, int]:
    """Store new checkpoint lines: numbered in file order, signature checked with a key the
    station enrolled, held against the ingested events (matches | differs | pending)."""
    if not isinstance(lines, list) or len(lines) > MAX_BATCH:
        raise InvalidInput(f"A push holds a list of at most {MAX_BATCH} checkpoint lines.")
    station = lock_station(conn, station_id)
    head, added = station["lines_head"], 0
    for raw in lines:
        number, text = _line(raw)
        if number <= head:
            _same_line(conn, station, number, text)
            continue
        if number != head + 1:
            raise OutOfOrder(head + 1)
        _insert_line(conn, station, number, text)
        head, added = number, added + 1
    conn.execute("UPDATE stations SET lines_head = %s WHERE id = %s", (head, station_id))
    _settle_pending_lines(conn, station_id, station["events_head"])
    return {"added": added, "lines_head": head}


def _line(raw: Any) -> tuple[int, str]:
    if not isinstance(raw, dict) or type(raw.get("n")) is not int or raw["n"] < 1:
        raise InvalidInput("Each checkpoint line is {'n': line number, 'text': the line}.")
    if not isinstance(raw.get("text"), str):
        raise InvalidInput(f"Checkpoint line {raw['n']}: text must be a string.")
    return raw["n"], raw["text"]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _same_line(conn: psycopg.Connection, station: dict, number: int, text: str) -> None:
    stored = conn.execute(
        "SELECT line_sha FROM checkpoint_lines WHERE station_id = %s AND line_no = %s",
        (station["id"], number),
    ).fetchone()
    if stored is None or stored["line_sha"] != _sha(text):
        raise Fork("fork.checkpoint_line", {"line": number})


def _insert_line(conn: psycopg.Connection, station: dict, number: int, text: str) -> None:
    from appraiser.server.auth import check_signature

    try:
        line = Checkpoint.parse(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"Checkpoint line {number} is not a checkpoint ({exc}).") from exc
    key = conn.execute(
        "SELECT pem FROM station_keys WHERE station_id = %s AND kid = %s", (station["id"], line.kid)
    ).fetchone()
    if key is None:
        _awaiting_approval(conn, station, number, line)
    if key is None or not check_signature(key["pem"], line.sig, line.message()):
        raise Fork("checkpoint.bad_signature", {"line": number, "kid": line.kid})
    conn.execute(
        "INSERT INTO checkpoint_lines(station_id, line_no, line_sha, line, base, base_head,"
        " count, head, status) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'pending')",
        (
            station["id"],
            number,
            _sha(text),
            Jsonb(json.loads(text)),
            line.base,
            line.base_head,
            line.count,
            line.head,
        ),
    )


def _awaiting_approval(conn: psycopg.Connection, station: dict, number: int, line) -> None:
    """A line signed by a key the station listed at enrolment but could not prove (a key
    retired before enrolling: only proposed, F11) waits for ``server approve-key`` — a
    refusal naming what to do, not a fork alarm."""
    from appraiser.server.auth import check_signature

    proposed = conn.execute(
        "SELECT pem FROM proposed_keys WHERE station_id = %s AND kid = %s",
        (station["id"], line.kid),
    ).fetchone()
    if proposed is not None and check_signature(proposed["pem"], line.sig, line.message()):
        raise PermissionDenied(
            f"Checkpoint line {number} is signed by key {line.kid}, which awaits approval:"
            f" on the server run `appraiser server approve-key {station['code']} FINGERPRINT`."
        )


def _settle_pending_lines(conn: psycopg.Connection, station_id: int, events_head: int) -> None:
    """Hold every pending line the events now reach against them; a line that differs is a
    crash's orphan (a transaction that never committed) unless a later line extends it —
    then the signed history contradicts the pushed chain, and that is an alarm."""
    conn.execute(
        "UPDATE checkpoint_lines l SET status = CASE WHEN l.head = COALESCE((SELECT e.hash"
        " FROM audit_events e WHERE e.station_id = l.station_id AND e.seq = l.count), %s)"
        " THEN 'matches' ELSE 'differs' END WHERE l.station_id = %s AND l.status = 'pending'"
        " AND l.count <= %s",
        (GENESIS, station_id, events_head),
    )
    contradicted = conn.execute(
        "UPDATE checkpoint_lines l SET alarmed = true WHERE l.station_id = %s AND l.status ="
        " 'differs' AND NOT l.alarmed AND EXISTS (SELECT 1 FROM checkpoint_lines n WHERE"
        " n.station_id = l.station_id AND n.line_no > l.line_no AND n.base = l.count AND"
        " n.base_head = l.head) RETURNING l.line_no",
        (station_id,),
    ).fetchall()
    for row in contradicted:
        record_alarm(conn, station_id, "checkpoint.contradicts_events", {"line": row["line_no"]})
