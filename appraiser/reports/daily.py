"""The day's appraisals, cut in the station's time zone, as flat rows for the exports.

One read snapshot yields the rows, the figures and the audit checkpoint, so what a
spreadsheet shows, what the summary counts and what the signature vouches for agree.
Filters narrow the rows and figures; the checkpoint always covers the station's whole day,
because it attests to the audit log, not to a selection of it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.domain.enums import Category, Verdict
from appraiser.errors import InvalidInput
from appraiser.reports.serials import grouped
from appraiser.reports.snapshot import Snapshot
from appraiser.storage.label_states import STATE_CASE

UNSIGNED = "unsigned"
VERDICT_KEYS = (*(str(v) for v in Verdict), UNSIGNED)


@dataclass(frozen=True)
class DayFilter:
    """Optional narrowing of a day's export; ``None`` means "all"."""

    station: str | None = None
    appraiser: str | None = None
    category: str | None = None
    verdict: str | None = None

    def validate(self) -> DayFilter:
        if self.category and self.category not in {str(c) for c in Category}:
            raise InvalidInput(
                f"unknown category {self.category!r}",
                hint=f"Use one of: {', '.join(str(c) for c in Category)}.",
            )
        if self.verdict and self.verdict not in VERDICT_KEYS:
            raise InvalidInput(
                f"unknown verdict {self.verdict!r}", hint=f"Use one of: {', '.join(VERDICT_KEYS)}."
            )
        return self

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class DayWindow:
    """A calendar day in a time zone and the UTC instants that bound it."""

    day: date
    tz: ZoneInfo

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.day, datetime.min.time(), self.tz).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """Exclusive end: the next local midnight (23 or 25 h away on DST days)."""
        nxt = self.day + timedelta(days=1)
        return datetime.combine(nxt, datetime.min.time(), self.tz).astimezone(UTC)

    def bounds_iso(self) -> tuple[str, str]:
        return iso_ms(self.start_utc), iso_ms(self.end_utc)


def iso_ms(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_day(text: str) -> date:
    """Strict YYYY-MM-DD, so a scheduler's typo fails loudly instead of exporting nothing."""
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"the date must look like 2026-11-22, not {text!r}") from exc


@dataclass
class DayRows:
    """The rows of one day plus the raw label data the figures need."""

    window: DayWindow
    filters: DayFilter
    rows: list[dict[str, Any]]
    labels: list[dict[str, Any]] = field(default_factory=list)
    decided_verdicts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    blind_reviews: dict[str, bool] = field(default_factory=dict)
    amendments: dict[str, int] = field(default_factory=dict)


_APPRAISALS_SQL = """
SELECT a.uid, a.started, a.station, a.category, a.state, a.appraiser_id,
       u.username AS appraiser, u.display_name AS appraiser_name,
       i.brand, i.model, i.gtin, i.declaration_no, i.merchant, i.origin
FROM appraisals a
JOIN users u ON u.id = a.appraiser_id
LEFT JOIN items i ON i.uid = a.item_uid
     AND i.revision = (SELECT MAX(x.revision) FROM items x WHERE x.uid = a.item_uid)
WHERE a.started >= :start AND a.started < :end
  AND a.revision = (SELECT MAX(b.revision) FROM appraisals b WHERE b.uid = a.uid)
ORDER BY a.started, a.uid
"""

# Index order (appraisal_uid, id) already groups each appraisal's verdicts oldest first.
_VERDICTS_SQL = """
SELECT appraisal_uid, id, verdict, reason_codes, kind, signed_at, supersedes, signed_by
FROM verdicts
WHERE appraisal_uid IN (SELECT uid FROM appraisals WHERE started >= :start AND started < :end)
"""

# Each label of the day's appraisals with its event counts up to the end of the day (the
# reconciliation) and its state now (the log's label column: a label revoked since is not
# shown as live next to the amended verdict, which is current too).
_LABELS_SQL = f"""
SELECT l.appraisal_uid, l.serial, l.supersedes,
       COALESCE(SUM(e.event = 'printed' AND e.created < :end), 0) AS printed,
       COALESCE(SUM(e.event = 'applied' AND e.created < :end), 0) AS applied,
       COALESCE(SUM(e.event = 'voided' AND e.created < :end), 0) AS voided,
       COALESCE(SUM(e.event = 'revoked' AND e.created < :end), 0) AS revoked,
       {STATE_CASE} AS state
FROM labels l LEFT JOIN label_events e ON e.serial = l.serial
WHERE l.appraisal_uid IN (SELECT uid FROM appraisals WHERE started >= :start AND started < :end)
GROUP BY l.id ORDER BY l.id
"""


def load_day(snap: Snapshot, window: DayWindow, filters: DayFilter) -> DayRows:
    """Read the day's appraisals with their current item, verdict and label."""
    start, end = window.bounds_iso()
    params = {"start": start, "end": end}
    users = dict(snap.tuples("SELECT id, username FROM users"))
    rows = snap.query(_APPRAISALS_SQL, params)
    verdicts: dict[str, list[tuple]] = defaultdict(list)
    for verdict in snap.tuples(_VERDICTS_SQL, params):
        verdicts[verdict[0]].append(verdict)
    labels = snap.query(_LABELS_SQL, params)
    latest_label = {lab["appraisal_uid"]: lab for lab in labels}
    reprints: dict[str, int] = defaultdict(int)
    for lab in labels:  # a reprint is a superseding label; a second print run counts too
        reprints[lab["appraisal_uid"]] += bool(lab["supersedes"]) + max(lab["printed"] - 1, 0)
    to_local = LocalTime(window)
    for row in rows:
        _attach_verdict(row, verdicts.get(row["uid"], ()), users, to_local)
        label = latest_label.get(row["uid"])
        row["label_serial"] = grouped(label["serial"]) if label else None
        row["label_state"] = label["state"] if label else None
        row["reprints"] = reprints.get(row["uid"], 0)
    kept = [r for r in rows if _matches(r, filters)]
    uids = {r["uid"] for r in kept}
    decided = {
        uid: [(v[2], v[7]) for v in verdicts.get(uid, ()) if v[2] != "inconclusive"] for uid in uids
    }
    labels = [lab for lab in labels if lab["appraisal_uid"] in uids]
    amended = {uid: sum(v[4] == "amendment" for v in verdicts.get(uid, ())) for uid in uids}
    blind = _blind_reviews(snap, params, uids)
    return DayRows(window, filters, kept, labels, decided, blind, amended)


def _blind_reviews(snap: Snapshot, params: dict[str, str], uids: set[str]) -> dict[str, bool]:
    """Blind-review outcomes (workflow schema) per appraisal: True if the reviewer agreed."""
    if not snap.one("SELECT 1 AS x FROM sqlite_master WHERE name = 'review_decisions'"):
        return {}
    rows = snap.tuples(
        "SELECT appraisal_uid, MIN(agrees) FROM review_decisions WHERE appraisal_uid IN "
        "(SELECT uid FROM appraisals WHERE started >= :start AND started < :end) "
        "GROUP BY appraisal_uid",
        params,
    )
    return {uid: bool(agrees) for uid, agrees in rows if uid in uids}


class LocalTime:
    """UTC text stamps to naive local wall-clock times, quickly.

    Parsing 100,000 stamps through ``astimezone`` costs a noticeable share of the CSV
    budget; on the (usual) day without a DST change one fixed offset does the same job.
    """

    def __init__(self, window: DayWindow) -> None:
        self.tz = window.tz
        self.start, self.end = window.bounds_iso()
        first = window.start_utc.astimezone(window.tz).utcoffset()
        last = (window.end_utc - timedelta(microseconds=1)).astimezone(window.tz).utcoffset()
        self.offset = first if first == last else None

    def utc(self, text: str) -> datetime:
        """Naive UTC."""
        if text.endswith("Z"):
            return datetime.fromisoformat(text[:-1])
        return _parse_utc(text).astimezone(UTC).replace(tzinfo=None)

    def minutes_between(self, started: str, signed: str, row: dict[str, Any]) -> float:
        """Minutes from start to signature; reuses the local times when one offset applies."""
        if self.offset is not None and self.start <= signed < self.end:
            seconds = (row["signed_local"] - row["started_local"]).total_seconds()
        else:
            seconds = (self.utc(signed) - self.utc(started)).total_seconds()
        return round(seconds / 60.0, 2)

    def __call__(self, text: str) -> datetime:
        if self.offset is not None and self.start <= text < self.end and text.endswith("Z"):
            return datetime.fromisoformat(text[:-1]) + self.offset
        return _parse_utc(text).astimezone(self.tz).replace(tzinfo=None)


def _attach_verdict(row: dict[str, Any], history, users: dict[int, str], local: LocalTime):
    """The current verdict is the newest one nothing supersedes; the first is kept too.

    ``history`` holds (uid, id, verdict, reason_codes, kind, signed_at, supersedes, signed_by)
    tuples, oldest first.
    """
    row["started_local"] = local(row["started"])
    cur = None
    if history:
        superseded = {v[6] for v in history if v[6]}
        live = [v for v in history if v[1] not in superseded]
        cur = live[-1] if live else history[-1]
    row["first_verdict"] = history[0][2] if history else None
    # The appraiser's own signature ends their time at the bench; a later review or
    # amendment is someone else's work (items per appraiser-hour, issue 14).
    row["first_signed_local"] = local(history[0][5]) if history else None
    row["signatures"] = len(history)
    row["reviewed"] = any(v[4] != "initial" for v in history)
    if cur is None:
        row.update(
            verdict=UNSIGNED,
            verdict_kind="",
            reason_codes="",
            signed_by="",
            signed_at_utc=None,
            signed_local=None,
            minutes=None,
        )
        return
    codes = cur[3]
    row.update(
        verdict=cur[2],
        verdict_kind=cur[4],
        signed_by=users.get(cur[7], str(cur[7])),
        reason_codes=", ".join(json.loads(codes)) if codes != "[]" else "",
        signed_at_utc=cur[5],
        signed_local=local(cur[5]),
    )
    row["minutes"] = local.minutes_between(row["started"], cur[5], row)


def _matches(row: dict[str, Any], f: DayFilter) -> bool:
    return (
        (not f.station or row["station"] == f.station)
        and (not f.appraiser or row["appraiser"].lower() == f.appraiser.lower())
        and (not f.category or row["category"] == f.category)
        and (not f.verdict or row["verdict"] == f.verdict)
    )


def _parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
