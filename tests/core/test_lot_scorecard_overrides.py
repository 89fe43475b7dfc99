"""The supplier scorecard counts lots accepted *on inspection* (the computed decision, as
the switching rules do) and shows supervisors' overrides in their own columns; the daily
lots export and the lot report say the same (issue 16 finding 2)."""

from __future__ import annotations

import csv
from datetime import date

from lot_history_support import add_unit, decide, make_lot

from appraiser.reports import daily_lots
from appraiser.services.lots import scorecard


def _one(station):
    (score,) = scorecard.scorecard(station.store)
    return score


def test_an_override_to_accept_is_not_an_acceptance_on_inspection(
    station, appraiser_session, supervisor
):
    """issue 16 finding 2: a lot rejected for a counterfeit and overridden to accept read
    'accepted 1, 100 %' — the supplier looked clean."""
    lot = make_lot(station, appraiser_session, 200)
    add_unit(station, appraiser_session, lot, 25, "counterfeit")
    decide(station, appraiser_session, lot, "reject", override_by=supervisor, reason="ok")
    score = _one(station)
    assert (score.decided, score.accepted, score.accepted_pct) == (1, 0, 0.0)
    assert (score.overridden_accept, score.overridden_reject) == (1, 0)
    assert score.counterfeit == 1


def test_an_override_to_reject_keeps_the_inspections_acceptance(
    station, appraiser_session, supervisor
):
    """issue 16 finding 2, the other direction: the supplier's lot passed inspection."""
    decide(station, appraiser_session, make_lot(station, appraiser_session, 200), "accept",
           override_by=supervisor, reason="recall")  # fmt: skip
    decide(station, appraiser_session, make_lot(station, appraiser_session, 200), "accept")
    score = _one(station)
    assert (score.decided, score.accepted, score.accepted_pct) == (2, 2, 100.0)
    assert (score.overridden_accept, score.overridden_reject) == (0, 1)


def test_the_export_and_the_daily_lots_show_the_inspection_beside_the_override(
    station, appraiser_session, supervisor, tmp_path
):
    """issue 16 finding 2: the exports agree with the scorecard's columns."""
    lot = make_lot(station, appraiser_session, 200, day=date.today().isoformat())
    decide(station, appraiser_session, lot, "reject", override_by=supervisor, reason="ok")
    out = tmp_path / "score.csv"
    scorecard.export(station.store, supervisor, "csv", out, lang="en")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        head, row = list(csv.reader(handle))
    shown = dict(zip(head, row, strict=True))
    assert shown["Accepted on inspection"] == "0"
    assert shown["Overridden to accept"] == "1" and shown["Overridden to reject"] == "0"
    rows = station.store.query(daily_lots._LOTS_SQL, {"day": date.today().isoformat()})
    (cells,) = [dict(zip(daily_lots.COLUMNS, daily_lots.cells(r, "en"), strict=True))
                for r in rows]  # fmt: skip
    assert (cells["lot_decision"], cells["lot_inspection"]) == ("Accept", "Reject")
    assert cells["lot_kind"] == "Supervisor's override"
