"""Checklist results: each checkpoint pass / fail / n.a. with a note and evidence photo,
plus the dated facts food and beauty goods need (production date, shelf life remaining,
licence number, ingredients and additives, the Chinese back label).

Results live in the appraisal's data under ``checklist`` and every save is a revision, so
a half-done checklist survives a crash exactly as far as it got.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from appraiser.clock import parse_day
from appraiser.errors import InvalidInput
from appraiser.services.admin.accounts import Session
from appraiser.services.casework import appraisals, workflow
from appraiser.storage.db import Store

RESULTS = ("pass", "fail", "na")
DATED_CATEGORIES = ("food", "beauty")
# Below this share of the shelf life left, the goods need a closer look (many importers
# and e-commerce platforms refuse food with less than a third of its life left).
LOW_SHELF_LIFE = 1 / 3


@dataclass(frozen=True)
class ShelfLife:
    expiry: date
    remaining_days: int
    total_days: int | None

    @property
    def expired(self) -> bool:
        return self.remaining_days < 0

    @property
    def fraction(self) -> float | None:
        if not self.total_days:
            return None
        return max(0.0, self.remaining_days / self.total_days)

    @property
    def low(self) -> bool:
        return self.expired or (self.fraction is not None and self.fraction < LOW_SHELF_LIFE)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        raise InvalidInput(
            f"The {what} {text!r} is not a date in the form YYYY-MM-DD.",
            hint="Type year-month-day, e.g. 2027-06-30 for 30 June 2027.",
        ) from None


def shelf_life(
    today: date,
    *,
    production: str | None = None,
    shelf_months: int | None = None,
    shelf_days: int | None = None,
    expiry: str | None = None,
) -> ShelfLife | None:
    """Expiry from the printed date, or from production date + shelf life; None if unknown."""
    made = _date(production, "production date")
    end = _date(expiry, "expiry date")
    if made and made > today:
        raise InvalidInput(f"The production date {made} lies in the future.")
    if end is None and made and (shelf_months or shelf_days):
        end = _add_months(made, shelf_months or 0) + timedelta(days=shelf_days or 0)
    if end is None:
        return None
    total = (end - made).days if made else None
    return ShelfLife(end, (end - today).days, total)


def validate_point(result: str, note: str) -> None:
    if result not in RESULTS:
        raise InvalidInput(f"A checkpoint result is pass, fail or n.a., not {result!r}.")
    if result == "fail" and not note.strip():
        raise InvalidInput("A failed checkpoint needs a note saying what is wrong.")


def record_point(
    store: Store,
    session: Session,
    uid: str,
    point: str,
    result: str,
    note: str = "",
    evidence: str | None = None,
) -> int:
    """Save one checkpoint's result as a new revision; ``evidence`` is a media SHA-256."""
    validate_point(result, note)
    row = workflow.require_holder(store, session, uid)
    if evidence and not store.one("SELECT 1 AS x FROM media WHERE sha256 = ?", (evidence,)):
        raise InvalidInput("The evidence photo is not stored at this station.")
    points = dict(row["data"].get("checklist", {}).get("points", {}))
    points[point] = {"result": result, "note": note.strip(), "evidence": evidence}
    checklist = {**row["data"].get("checklist", {}), "points": points}
    return appraisals.save(store, session, uid, data={"checklist": checklist})


def attach_evidence(
    store: Store, session: Session, uid: str, point: str, content: bytes | Path, mime: str
) -> str:
    """Store an evidence photo for a checkpoint; returns its SHA-256 for ``record_point``."""
    workflow.require_holder(store, session, uid)
    return appraisals.attach_media(
        store, session, uid, content, role="evidence", mime=mime, meta={"point": point}
    )


def record_dated(store: Store, session: Session, uid: str, facts: dict[str, Any], today: date):
    """Store production date, shelf life, expiry, licence no., ingredients and back-label
    facts, with the remaining shelf life computed now; returns the ShelfLife (or None)."""
    row = workflow.require_holder(store, session, uid)
    months, days = _int(facts.get("shelf_months")), _int(facts.get("shelf_days"))
    life = shelf_life(
        today,
        production=facts.get("production_date"),
        shelf_months=months,
        shelf_days=days,
        expiry=facts.get("expiry"),
    )
    stored = {**facts, "shelf_months": months, "shelf_days": days}
    if life is not None:
        stored.update(
            computed_expiry=life.expiry.isoformat(),
            remaining_days=life.remaining_days,
            remaining_fraction=life.fraction,
            expired=life.expired,
            computed_on=today.isoformat(),
        )
    checklist = {**row["data"].get("checklist", {}), "dated": stored}
    appraisals.save(store, session, uid, data={"checklist": checklist})
    return life


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{value!r} is not a whole number.") from None
    if number < 0:
        raise InvalidInput("A shelf life cannot be negative.")
    return number


def missing_points(data: dict[str, Any], point_ids: list[str]) -> list[str]:
    """Checkpoints without a result yet (the verdict step refuses to open until none)."""
    done = data.get("checklist", {}).get("points", {})
    return [p for p in point_ids if p not in done]


def failed_points(data: dict[str, Any]) -> list[str]:
    points = data.get("checklist", {}).get("points", {})
    return [p for p, r in points.items() if r["result"] == "fail"]


def suggested_reasons(data: dict[str, Any]) -> list[str]:
    """Reason codes the checklist already points at (the appraiser still decides)."""
    dated = data.get("checklist", {}).get("dated", {})
    return ["EXPIRED"] if dated.get("expired") else []
