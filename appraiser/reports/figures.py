"""The day's figures: what a supervisor reports upwards each evening.

Definitions (also printed on the summary sheet so nobody has to guess):
- items per appraiser-hour: signed appraisals divided by the hours the appraiser had an item
  open, counting overlapping items once (merged [started, first signed] intervals: a later
  review or amendment is not the appraiser's time);
- inconclusive rate: share of signed appraisals whose *first* verdict was inconclusive;
- review disagreement rate: among appraisals decided by a blind review, the share where the
  reviewer disagreed with the first appraiser's leaning (a supervisor's amendment is no
  review: it is counted apart, as amendments);
- reprints: supervised reprints (a new serial superseding a voided one), plus any second
  print run of one serial;
- label reconciliation: labels of these appraisals issued, printed, applied, voided and
  revoked, and those issued but neither applied, voided nor revoked yet (outstanding).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from appraiser.domain.enums import Verdict
from appraiser.reports.daily import UNSIGNED, VERDICT_KEYS, DayRows

MIN_ITEM_MINUTES = 1.0  # an item signed within seconds still took a minute at the bench


@dataclass
class AppraiserFigures:
    username: str
    name: str
    appraisals: int = 0
    signed: int = 0
    hours: float = 0.0

    @property
    def per_hour(self) -> float:
        return round(self.signed / self.hours, 2) if self.hours > 0 else 0.0


@dataclass
class LabelFigures:
    issued: int = 0
    printed: int = 0
    applied: int = 0
    voided: int = 0
    revoked: int = 0
    reprints: int = 0
    replacements: int = 0
    outstanding: int = 0
    printed_not_applied: int = 0


@dataclass
class DayFigures:
    total: int = 0
    by_verdict: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_brand: dict[str, int] = field(default_factory=dict)
    by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    appraisers: list[AppraiserFigures] = field(default_factory=list)
    signed: int = 0
    first_inconclusive: int = 0
    multi_decided: int = 0
    disagreements: int = 0
    amendments: int = 0
    labels: LabelFigures = field(default_factory=LabelFigures)

    @property
    def inconclusive_rate(self) -> float:
        return self.first_inconclusive / self.signed if self.signed else 0.0

    @property
    def disagreement_rate(self) -> float:
        return self.disagreements / self.multi_decided if self.multi_decided else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain figures for JSON (CLI output, manifest, dashboards)."""
        return {
            "total": self.total,
            "signed": self.signed,
            "by_verdict": self.by_verdict,
            "by_category": self.by_category,
            "by_brand": self.by_brand,
            "by_hour": self.by_hour,
            "appraisers": [
                {
                    "username": a.username,
                    "name": a.name,
                    "appraisals": a.appraisals,
                    "signed": a.signed,
                    "hours": round(a.hours, 2),
                    "per_hour": a.per_hour,
                }
                for a in self.appraisers
            ],
            "inconclusive_rate": round(self.inconclusive_rate, 4),
            "reviewed_with_two_decisions": self.multi_decided,
            "review_disagreements": self.disagreements,
            "review_disagreement_rate": round(self.disagreement_rate, 4),
            "amendments": self.amendments,
            "labels": dict(self.labels.__dict__),
        }


def compute(day: DayRows) -> DayFigures:
    figures = DayFigures(total=len(day.rows))
    verdicts: Counter[str] = Counter({k: 0 for k in VERDICT_KEYS})
    categories: Counter[str] = Counter()
    brands: Counter[str] = Counter()
    for row in day.rows:
        verdicts[row["verdict"]] += 1
        categories[row["category"]] += 1
        brands[row["brand"] or "—"] += 1
        figures.by_hour[row["started_local"].hour] += 1
        if row["verdict"] != UNSIGNED:
            figures.signed += 1
            figures.first_inconclusive += row["first_verdict"] == Verdict.INCONCLUSIVE
    figures.by_verdict = dict(verdicts)
    figures.by_category = dict(categories.most_common())
    figures.by_brand = dict(brands.most_common())
    figures.appraisers = _appraisers(day.rows)
    _reviews(figures, day)
    figures.labels = _labels(day)
    return figures


def _appraisers(rows: list[dict[str, Any]]) -> list[AppraiserFigures]:
    people: dict[str, AppraiserFigures] = {}
    spans: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in rows:
        who = people.setdefault(
            row["appraiser"], AppraiserFigures(row["appraiser"], row["appraiser_name"])
        )
        who.appraisals += 1
        if row["signed_local"] is not None:
            who.signed += 1
            ended = row.get("first_signed_local") or row["signed_local"]
            spans[row["appraiser"]].append((row["started_local"], ended))
    for username, who in people.items():
        who.hours = _busy_hours(spans[username])
    return sorted(people.values(), key=lambda a: (-a.signed, a.username))


def _busy_hours(spans: list[tuple[datetime, datetime]]) -> float:
    """Length of the union of the intervals, in hours (each at least a minute long)."""
    total, run = 0.0, None
    shortest = timedelta(minutes=MIN_ITEM_MINUTES)
    for start, end in sorted(spans):
        end = max(end, start + shortest)
        if run is None or start > run[1]:
            total += (run[1] - run[0]).total_seconds() if run else 0.0
            run = [start, end]
        else:
            run[1] = max(run[1], end)
    total += (run[1] - run[0]).total_seconds() if run else 0.0
    return total / 3600.0


def _reviews(figures: DayFigures, day: DayRows) -> None:
    """Only a blind review is a review decision: the figure says "review disagreement", and
    an amendment (a supervisor changing a signed verdict) counted there made one corrected
    mistake read as a reviewer disagreeing (issue 14). Amendments are counted apart."""
    figures.multi_decided = len(day.blind_reviews)
    figures.disagreements = sum(not agreed for agreed in day.blind_reviews.values())
    figures.amendments = sum(day.amendments.values())


def _labels(day: DayRows) -> LabelFigures:
    out = LabelFigures(issued=len(day.labels))
    for lab in day.labels:
        out.replacements += bool(lab["supersedes"])
        out.printed += lab["printed"]
        out.applied += bool(lab["applied"])
        out.voided += bool(lab["voided"])
        out.revoked += bool(lab["revoked"])
        out.reprints += bool(lab["supersedes"]) + max(lab["printed"] - 1, 0)
        closed = lab["applied"] or lab["voided"] or lab["revoked"]  # revoked: final (issue 14)
        out.outstanding += not closed
        out.printed_not_applied += bool(lab["printed"]) and not closed
    return out
