"""What the supervisor's dashboard shows for a day, gathered in one background call:
the day's figures, the review queue, the reprints approved that day and clone warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from appraiser.reports.daily import DayWindow
from appraiser.reports.figures import DayFigures
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import day_figures

FLAG_LIMIT = 200


@dataclass
class Dashboard:
    day: date
    figures: DayFigures
    review_queue: list[dict[str, Any]] = field(default_factory=list)
    reprints: list[dict[str, Any]] = field(default_factory=list)
    clone_flags: list[dict[str, Any]] = field(default_factory=list)


def load(station: Station, session: Session, day: date) -> Dashboard:
    """Read-only; runs off the UI thread (the figures use a private read snapshot)."""
    board = Dashboard(day, day_figures(station, day))
    board.review_queue = _review_queue(station, session)
    board.reprints = _reprints(station, day)
    board.clone_flags = _clone_flags(station)
    return board


def _has_table(station: Station, name: str) -> bool:
    return station.store.one("SELECT 1 AS x FROM sqlite_master WHERE name = ?", (name,)) is not None


def _review_queue(station: Station, session: Session) -> list[dict[str, Any]]:
    try:
        from appraiser.services.casework.verdicts import review_queue
    except ImportError:
        return []
    return review_queue(station.store, session)


def _reprints(station: Station, day: date) -> list[dict[str, Any]]:
    """Replacement labels issued on ``day``: old and new serial, reason, who approved."""
    start, end = DayWindow(day, station.settings.tz()).bounds_iso()
    return station.store.query(
        """SELECT l.created, l.appraisal_uid, old.serial AS old_serial, l.serial AS new_serial,
                  l.reason, u.display_name AS requested_by,
                  (SELECT s.display_name FROM label_events e JOIN users s ON s.id = e.approved_by
                   WHERE e.serial = l.serial AND e.approved_by IS NOT NULL
                   ORDER BY e.id LIMIT 1) AS approved_by
           FROM labels l JOIN labels old ON old.id = l.supersedes
           LEFT JOIN users u ON u.id = l.created_by
           WHERE l.created >= ? AND l.created < ? ORDER BY l.created DESC""",
        (start, end),
    )


def _clone_flags(station: Station) -> list[dict[str, Any]]:
    if not _has_table(station, "label_flags"):
        return []
    return station.store.query(
        "SELECT f.created, f.serial, f.rule, f.detail, l.appraisal_uid FROM label_flags f "
        "LEFT JOIN labels l ON l.serial = f.serial ORDER BY f.id DESC LIMIT ?",
        (FLAG_LIMIT,),
    )
