"""The day's figures follow the definitions printed on the summary sheet."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from appraiser.reports.daily import DayFilter, DayRows, DayWindow
from appraiser.reports.figures import _busy_hours, compute

T = datetime(2026, 11, 20, 9, 0)


def at(minutes: float) -> datetime:
    from datetime import timedelta

    return T + timedelta(minutes=minutes)


def test_busy_hours_count_overlaps_once_and_each_item_a_minute() -> None:
    assert _busy_hours([(at(0), at(30)), (at(10), at(40))]) == 40 / 60
    assert _busy_hours([(at(0), at(30)), (at(60), at(90))]) == 1.0
    assert _busy_hours([(at(0), at(0.1))]) == 1 / 60  # signed within seconds: one minute
    assert _busy_hours([]) == 0.0


def _row(uid: str, who: str, verdict: str, first: str, start: float, end: float | None) -> dict:
    return {
        "uid": uid,
        "appraiser": who,
        "appraiser_name": who.title(),
        "verdict": verdict,
        "first_verdict": first,
        "category": "bags",
        "brand": "Coach",
        "started_local": at(start),
        "signed_local": at(end) if end is not None else None,
        "reprints": 0,
    }


def test_rates_reviews_and_labels() -> None:
    rows = [
        _row("a", "li", "genuine", "genuine", 0, 10),
        _row("b", "li", "counterfeit", "inconclusive", 10, 20),
        _row("c", "wang", "genuine", "inconclusive", 0, 30),
        _row("d", "wang", "unsigned", None, 40, None),
    ]
    decided = {
        "a": [("genuine", 1), ("counterfeit", 9)],  # amended the other way: differs
        "b": [("counterfeit", 2)],
        "c": [("genuine", 3)],
        "d": [],
    }
    blind = {"b": False, "c": True}  # b's reviewer disagreed with the first leaning
    labels = [
        {
            "appraisal_uid": "a",
            "serial": "S1",
            "supersedes": None,
            "printed": 1,
            "applied": 0,
            "voided": 1,
            "revoked": 0,
        },
        {
            "appraisal_uid": "a",
            "serial": "S2",
            "supersedes": 1,
            "printed": 1,
            "applied": 1,
            "voided": 0,
            "revoked": 0,
        },
        {
            "appraisal_uid": "c",
            "serial": "S3",
            "supersedes": None,
            "printed": 1,
            "applied": 0,
            "voided": 0,
            "revoked": 0,
        },
    ]
    window = DayWindow(date(2026, 11, 20), ZoneInfo("Asia/Shanghai"))
    figures = compute(DayRows(window, DayFilter(), rows, labels, decided, blind))
    assert figures.total == 4 and figures.signed == 3
    assert figures.by_verdict == {"genuine": 2, "counterfeit": 1, "inconclusive": 0, "unsigned": 1}
    assert figures.first_inconclusive == 2 and round(figures.inconclusive_rate, 4) == 0.6667
    # b and c went through blind review (b's reviewer disagreed); a's amendment is no review
    # decision (issue 14 finding 1, slice K)
    assert (figures.multi_decided, figures.disagreements) == (2, 1)
    li = next(a for a in figures.appraisers if a.username == "li")
    assert (li.signed, li.hours, li.per_hour) == (2, 20 / 60, 6.0)
    assert figures.by_hour[9] == 4
    lab = figures.labels
    assert (lab.issued, lab.printed, lab.applied, lab.voided) == (3, 3, 1, 1)
    assert (lab.replacements, lab.reprints, lab.outstanding, lab.printed_not_applied) == (
        1,
        1,
        1,
        1,
    )
