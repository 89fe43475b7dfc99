"""``appraiser sync``: push everything new to the fleet server — append-only, in order,
idempotent, resumable.

One pass: sign in, pull the fleet's clone flags on this station's serials (``flags``: they
become audited ``label_flags`` rows, pushed in the same pass), read the server's heads
(``/sync/v1/state``), then push audit events after its head in batches (each event with the
row it vouches for, when the station's row still has that digest; a newer event carries
later versions), then the checkpoint lines after its line head, then the media blobs it
lacks, in chunks, each resumed at the offset the server reports. Nothing is kept on the
station about progress: the server's heads are the only truth, so a pass killed anywhere
(station or server) simply starts over where the server stands, and pushing the same thing
twice changes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

import httpx

from appraiser.keys import StationKeys
from appraiser.paths import DataDir
from appraiser.services.fleet import flags as fleet_flags
from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet.link import answer, call, client
from appraiser.storage.audit import row_digest
from appraiser.storage.checkpoints import log_path
from appraiser.storage.db import Store

EVENT_BATCH = 500
LINE_BATCH = 500
CHUNK = 1 << 20
_EVENT_COLUMNS = "seq, ts, actor, action, entity, entity_id, row_digest, data, prev_hash, hash"


@dataclass
class SyncReport:
    events: int = 0
    lines: int = 0
    media: int = 0
    media_bytes: int = 0
    pending: dict[str, int] = field(default_factory=dict)
    flags: int = 0  # fleet clone flags pulled into label_flags (issue 15 N9)
    heads: dict[str, Any] = field(default_factory=dict)  # the server's, after the pass

    def as_dict(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "lines": self.lines,
            "media": self.media,
            "media_bytes": self.media_bytes,
            "pending": self.pending,
        }


def sync_once(data: DataDir, store: Store) -> SyncReport:
    """One full pass; raises ``ServerUnreachable`` / ``ServerRefused`` (the station's own
    records are untouched either way)."""
    link = fleet_link.load(data)
    token = fleet_link.sign_in(link, StationKeys(data.keys, store))
    report = SyncReport()
    with client(link, token) as http:
        report.flags = fleet_flags.pull(http, store)  # first: its audit events go out now
        heads = answer(call(http, "GET", "/sync/v1/state"))
        report.events = _push_events(http, store, int(heads["events_head"]))
        heads = answer(call(http, "GET", "/sync/v1/state"))
        report.lines = _push_lines(http, data, int(heads["lines_head"]))
        report.media, report.media_bytes = _push_media(http, data, store)
        report.heads = answer(call(http, "GET", "/sync/v1/state"))
        report.pending = pending(data, store, report.heads)
    return report


def pending(data: DataDir, store: Store, heads: dict[str, Any]) -> dict[str, int]:
    """What the server still lacks by its heads (media: counted by the last pass)."""
    top = store.one("SELECT COALESCE(MAX(seq), 0) AS n FROM audit_events")["n"]
    lines = len(_complete_lines(data))
    return {
        "events": max(0, top - int(heads["events_head"])),
        "lines": max(0, lines - int(heads["lines_head"])),
    }


# -- events -----------------------------------------------------------------------------------


def _push_events(http: httpx.Client, store: Store, head: int) -> int:
    sent = 0
    while True:
        events = store.query(
            f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
            (head, EVENT_BATCH),
        )
        if not events:
            return sent
        body = {"events": events, "rows": _rows_for(store.conn, events)}
        response = call(http, "POST", "/sync/v1/events", json=body)
        if response.status_code == 409 and "expected" in response.json():
            head = int(response.json()["expected"]) - 1  # another pass moved on: resume there
            continue
        result = answer(response)
        sent += int(result["added"])
        head = int(result["events_head"])


def _rows_for(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The row each event vouches for, where the station's row still has that digest."""
    rows = {}
    for event in events:
        if not (event["entity"] and event["entity_id"] and event["row_digest"]):
            continue
        if row_digest(conn, event["entity"], event["entity_id"]) != event["row_digest"]:
            continue
        found = conn.execute(
            f"SELECT * FROM {event['entity']} WHERE rowid = ?", (event["entity_id"],)
        )
        names = [d[0] for d in found.description]
        rows[str(event["seq"])] = dict(zip(names, found.fetchone(), strict=True))
    return rows


# -- checkpoint lines ------------------------------------------------------------------------


def _complete_lines(data: DataDir) -> list[str]:
    """The log's lines that end in a newline (a torn tail is not a line yet)."""
    try:
        raw = log_path(data).read_bytes()
    except FileNotFoundError:
        return []
    complete = raw[: raw.rfind(b"\n") + 1].decode("utf-8", "replace")
    return complete.splitlines()


def _push_lines(http: httpx.Client, data: DataDir, head: int) -> int:
    lines, sent = _complete_lines(data), 0
    while head < len(lines):
        batch = [
            {"n": n + 1, "text": lines[n]} for n in range(head, min(len(lines), head + LINE_BATCH))
        ]
        response = call(http, "POST", "/sync/v1/checkpoints", json={"lines": batch})
        if response.status_code == 409 and "expected" in response.json():
            head = int(response.json()["expected"]) - 1
            continue
        result = answer(response)
        sent += int(result["added"])
        head = int(result["lines_head"])
    return sent


# -- media -----------------------------------------------------------------------------------


def _push_media(http: httpx.Client, data: DataDir, store: Store) -> tuple[int, int]:
    hashes = [r["sha256"] for r in store.query("SELECT sha256 FROM media ORDER BY id")]
    count = size = 0
    for start in range(0, len(hashes), 5000):
        wanted = answer(
            call(
                http,
                "POST",
                "/sync/v1/media/missing",
                json={"hashes": hashes[start : start + 5000]},
            )
        )["missing"]
        for sha in wanted:
            size += _upload(http, data, sha)
            count += 1
    return count, size


def _upload(http: httpx.Client, data: DataDir, sha: str) -> int:
    """Send one blob from the offset the server already has; returns the bytes sent."""
    path = data.media / sha[:2] / sha
    total = path.stat().st_size
    at = int(call(http, "HEAD", f"/sync/v1/media/{sha}").headers.get("upload-offset", "0"))
    start = at
    with path.open("rb") as blob:
        while at < total:
            blob.seek(at)
            part = blob.read(CHUNK)
            headers = {"Upload-Offset": str(at), "Upload-Length": str(total)}
            response = call(http, "PATCH", f"/sync/v1/media/{sha}", content=part, headers=headers)
            result = answer(response)
            if result.get("complete"):
                break
            at = int(result["received"])
    return total - start
