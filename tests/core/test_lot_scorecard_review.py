"""The supplier scorecard while a lot's decision is under review (issue 16 finding N5): an
accepted lot whose unit is amended to counterfeit reads 'under review', not accepted on
inspection, and once a supervisor ends the review it counts as the units read after the
amendment; the text scorecard names its columns on a header line."""

from __future__ import annotations

import csv

import pytest
from lot_decision_support import appraise_all, make_lot, plan

from appraiser.cli.main import main
from appraiser.domain.enums import Verdict
from appraiser.services.casework import verdicts
from appraiser.services.lots import decisions, scorecard

CLASSES = {"critical": plan(3, 0, 1, aql=0.25), "major": plan(3, 1, 2)}


@pytest.fixture
def amended(station, appraiser_session, supervisor, password):
    """An accepted lot of 12 whose first drawn unit a supervisor amends to counterfeit."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    verdicts.amend(station.store, supervisor, cases[0], Verdict.COUNTERFEIT, password,
                   "fake found", reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    return lot


def _one(station):
    (score,) = scorecard.scorecard(station.store)
    return score


def test_issue_16_finding_n5_a_lot_under_review_is_not_accepted(station, amended):
    """Before: accepted 1, 100 % for a lot whose units now read reject."""
    score = _one(station)
    assert (score.decided, score.under_review, score.accepted) == (1, 1, 0)
    assert score.accepted_pct == 0.0 and score.counterfeit == 1


def test_issue_16_finding_n5_after_the_review_the_amended_reading_counts(
    station, amended, second_supervisor, password
):
    """An override to accept ends the review; the inspection as amended read reject."""
    decisions.override(station, second_supervisor, password, amended, "accept", "lab: fine")
    score = _one(station)
    assert (score.under_review, score.accepted, score.overridden_accept) == (0, 0, 1)


def test_issue_16_finding_n5_exports_and_text_name_every_column(
    station, amended, supervisor, tmp_path, capsys
):
    out = tmp_path / "score.csv"
    scorecard.export(station.store, supervisor, "csv", out, lang="en")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        head, row = list(csv.reader(handle))
    shown = dict(zip(head, row, strict=True))
    assert (shown["Under review"], shown["Accepted on inspection"]) == ("1", "0")
    assert scorecard.headers("zh_CN")[scorecard.COLUMNS.index("under_review")] == "复核中"
    assert main(["--data-dir", str(station.data.root), "lots", "scorecard"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split("\t")
    assert header == scorecard.headers("en")
    values = dict(zip(header, lines[1].split("\t"), strict=True))
    assert values["Under review"] == "1" and values["Overridden to accept"] == "0"
