"""The supplier scorecard on a small constructed history, on screen and exported."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from lot_history_support import add_unit, decide, make_lot, switch
from openpyxl import load_workbook

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.lots import scorecard

OTHER_GTIN = "05901234123457"


@pytest.fixture
def history(station, appraiser_session, supervisor):
    """Acme's wine: 3 lots (accepted; rejected with a counterfeit unit, which tightens the
    next lot; undecided); Acme's other product: 1 accepted lot; Beta: one lot in an earlier
    month whose computed reject a supervisor overrode to accept."""
    a1 = make_lot(station, appraiser_session, 500)
    for unit, verdict in ((1, "genuine"), (2, "genuine"), (3, "genuine")):
        add_unit(station, appraiser_session, a1, unit, verdict)
    decide(station, appraiser_session, a1, "accept")
    a2 = make_lot(station, appraiser_session, 500)
    add_unit(station, appraiser_session, a2, 1, "counterfeit")
    add_unit(station, appraiser_session, a2, 2, "genuine")
    add_unit(station, appraiser_session, a2, 3, None)  # drawn, not appraised yet
    decide(station, appraiser_session, a2, "reject")
    switch(station, appraiser_session, a2, "tightened")
    make_lot(station, appraiser_session, 500)  # undecided
    b1 = make_lot(station, appraiser_session, 200, gtin=OTHER_GTIN)
    decide(station, appraiser_session, b1, "accept")
    c1 = make_lot(station, appraiser_session, 100, merchant="Beta Trading", day="2026-10-02")
    add_unit(station, appraiser_session, c1, 1, "inconclusive")
    decide(station, appraiser_session, c1, "reject", override_by=supervisor, reason="reviewed")


def test_scores_per_merchant_and_product(station, history):
    scores = {(s.merchant, s.gtin): s.as_dict() for s in scorecard.scorecard(station.store)}
    assert scores[("Acme Imports", "04006381333931")] == {
        "merchant": "Acme Imports", "gtin": "04006381333931", "lots": 3, "decided": 2,
        "accepted": 1, "accepted_pct": 50.0, "under_review": 0, "overridden_accept": 0,
        "overridden_reject": 0, "counterfeit": 1, "inspected": 5, "state": "tightened",
        "open_flags": 0,
    }  # fmt: skip
    other = scores[("Acme Imports", OTHER_GTIN)]
    assert (other["lots"], other["accepted_pct"], other["state"]) == (1, 100.0, "normal")
    beta = scores[("Beta Trading", "04006381333931")]
    # the override is the decision in force, counted on its own: the lot inspected as
    # rejected (issue 16 finding 2)
    assert (beta["accepted"], beta["overridden_accept"], beta["inspected"]) == (0, 1, 1)


def test_the_period_narrows_the_lots(station, history):
    november = scorecard.scorecard(station.store, date(2026, 11, 1), date(2026, 11, 30))
    assert {s.merchant for s in november} == {"Acme Imports"}
    with pytest.raises(InvalidInput, match="starts"):
        scorecard.scorecard(station.store, date(2026, 12, 1), date(2026, 11, 1))


def test_exported_csv_and_xlsx_carry_the_same_numbers(station, history, supervisor, tmp_path):
    out = tmp_path / "score.csv"
    result = scorecard.export(station.store, supervisor, "csv", out, lang="en")
    assert result["rows"] == 3
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Merchant", "Product (GTIN)", "Lots"]
    acme = next(r for r in rows if r[1] == "'04006381333931")  # leading zero kept as text
    # lots, decided, accepted, %, under review, overridden → accept / → reject, counterfeit…
    assert acme[2:] == ["3", "2", "1", "50.0", "0", "0", "0", "1", "5", "Tightened", "0"]
    book = tmp_path / "score.xlsx"
    scorecard.export(station.store, supervisor, "xlsx", book, lang="zh_CN")
    sheet = load_workbook(book).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "商家"
    assert values[0][6] == "复核中"
    assert ["Acme Imports", "04006381333931", 3, 2, 1, 50, 0, 0, 0, 1, 5, "加严检验", 0] in values
    event = station.store.one(
        "SELECT data FROM audit_events WHERE action = 'lot.scorecard.exported' ORDER BY seq DESC"
    )
    assert json.loads(event["data"])["format"] == "xlsx"


def test_a_merchant_named_like_a_formula_stays_text(station, appraiser_session, supervisor,
                                                    tmp_path):  # fmt: skip
    make_lot(station, appraiser_session, 50, merchant='=HYPERLINK("http://x")')
    out = tmp_path / "score.csv"
    scorecard.export(station.store, supervisor, "csv", out, lang="en")
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text


def test_an_appraiser_may_not_export_the_scorecard(station, appraiser_session, tmp_path):
    with pytest.raises(PermissionDenied):
        scorecard.export(station.store, appraiser_session, "csv", tmp_path / "s.csv")
    assert not (tmp_path / "s.csv").exists()
