"""The checkpoint of a day's audit events: how many, and their RFC 6962 Merkle root.

It goes, signed, into every export's manifest. Back on the station, ``matches`` recomputes it
from the database: if someone rewrote the day's history after the export left (even with a
recomputed, internally consistent hash chain) the count or the root no longer agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from appraiser.reports import merkle
from appraiser.reports.daily import DayWindow
from appraiser.reports.snapshot import Snapshot

# The ts index covers seq (the rowid), so the span of the day's events is found without
# touching the table; the span is then read in rowid order, cheaper than 300,000 lookups.
_DAY_SPAN = "SELECT MIN(seq), MAX(seq) FROM audit_events WHERE ts >= ? AND ts < ? AND seq <= ?"
_SPAN_EVENTS = "SELECT seq, ts, hash FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq"


@dataclass(frozen=True)
class Checkpoint:
    day: str
    timezone: str
    from_utc: str
    to_utc: str
    count: int
    first_seq: int | None
    last_seq: int | None
    last_hash: str | None
    merkle_root: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Checkpoint:
        return cls(**{name: raw[name] for name in cls.__dataclass_fields__})


def compute(snap: Snapshot, window: DayWindow, upto_seq: int | None = None) -> Checkpoint:
    """The day's events as of the snapshot (or up to ``upto_seq`` when re-checking)."""
    start, end = window.bounds_iso()
    if upto_seq is None:
        head = snap.one("SELECT MAX(seq) AS seq FROM audit_events")
        upto_seq = (head or {}).get("seq") or 0
    low, high = snap.tuples(_DAY_SPAN, (start, end, upto_seq))[0]
    span = snap.tuples(_SPAN_EVENTS, (low, high)) if low is not None else []
    events = [(seq, digest) for seq, ts, digest in span if start <= ts < end]
    return Checkpoint(
        day=window.day.isoformat(),
        timezone=window.tz.key,
        from_utc=start,
        to_utc=end,
        count=len(events),
        first_seq=events[0][0] if events else None,
        last_seq=events[-1][0] if events else None,
        last_hash=events[-1][1] if events else None,
        merkle_root=merkle.root_hex(h for _, h in events),
    )


def mismatch(snap: Snapshot, expected: Checkpoint) -> str | None:
    """Why the database no longer matches a signed checkpoint, or ``None`` if it does."""
    from datetime import date
    from zoneinfo import ZoneInfo

    window = DayWindow(date.fromisoformat(expected.day), ZoneInfo(expected.timezone))
    upto = expected.last_seq if expected.last_seq is not None else 0
    actual = compute(snap, window, upto_seq=upto)
    if actual.count != expected.count:
        return (
            f"the database now holds {actual.count} audit events for {expected.day} "
            f"up to event {upto}, the signed checkpoint says {expected.count}"
        )
    if actual.merkle_root != expected.merkle_root:
        return f"the audit events of {expected.day} differ from the signed checkpoint"
    return None
