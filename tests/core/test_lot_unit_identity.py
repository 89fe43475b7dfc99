"""A drawn unit of a lot is the lot's product (issue 16 finding N2): intake cannot re-key
its identity, a unit appraised as another product never counts as conforming, and a verdict
signed after the lot was decided puts the decision under review when it changes the lot."""

from __future__ import annotations

from datetime import date

import pytest
from lot_decision_support import appraise, appraise_all, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput
from appraiser.services.arrivals import inbound, intake
from appraiser.services.arrivals.entries import revise_item
from appraiser.services.lots import decisions, evaluation, lot_review, lots, samples

DAY = date(2026, 11, 22)
HEADER = "报关单号,商品条码,品牌,型号,数量,商家,品类,批号,有效期,每箱数量\n"
BEAUTY = "223120261000000001,5901234123457,Maison Lune,Rouge 24,500,Shanghai Trading,beauty,B7,2028-01-31,24\n"  # noqa: E501
CLASSES = {"critical": plan(3, 0, 1, aql=0.25), "major": plan(3, 1, 2)}


@pytest.fixture
def drawn(station, appraiser_session, tmp_path) -> tuple[dict, dict]:
    path = tmp_path / "inbound.csv"
    path.write_text(HEADER + BEAUTY, encoding="utf-8")
    inbound.import_file(station.store, appraiser_session, path, DAY)
    (lot,) = lots.list_lots(station.store, DAY)
    unit = samples.units(station.store, lot["uid"])[0]
    return lot, unit


@pytest.mark.parametrize(
    ("field", "value"),
    [("gtin", "04108031608649"), ("category", "gifts"), ("batch_lot", "X9"),
     ("brand", "MONTREVE"), ("model", "Lugri 78"), ("merchant", "Evil Trade"),
     ("declaration_no", "223120261206000999")],
)  # fmt: skip
def test_intake_cannot_rekey_a_drawn_unit(station, appraiser_session, drawn, field, value):
    """issue 16 finding N2: intake of a drawn shoe unit accepted a watch's GTIN and the
    gifts category, and the unit then counted genuine for the shoe lot."""
    lot, unit = drawn
    before = intake.item(station.store, unit["item_uid"])
    with pytest.raises(InvalidInput) as caught:
        intake.confirm_item(station.store, appraiser_session, unit["item_uid"], {field: value})
    assert lot["uid"] in caught.value.message and "cannot be changed" in caught.value.message
    assert "NOT_AS_DESCRIBED" in caught.value.hint
    assert intake.item(station.store, unit["item_uid"])["revision"] == before["revision"]


def test_the_lots_own_values_pass(station, appraiser_session, drawn):
    lot, unit = drawn
    same = {"gtin": "0" + lot["gtin"], "category": "beauty", "batch_lot": "B7"}
    intake.confirm_item(station.store, appraiser_session, unit["item_uid"], same)


def test_a_unit_appraised_as_another_product_is_not_conforming(
    station, appraiser_session, password
):
    """issue 16 finding N2: a unit whose item carries another GTIN (re-keyed before the
    guard, or by another door) does not count as a genuine unit of the lot."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    with station.store.atomic(appraiser_session.actor) as tx:
        revise_item(tx, appraiser_session, items[0], {"gtin": "04108031608649"}, reason="t")
    appraise_all(station, appraiser_session, password, items)
    ev = evaluation.evaluate(station.store, lot)
    assert ev.state == evaluation.PENDING
    (first, *_) = ev.units
    assert first.status == evaluation.PENDING and "not the lot's product" in first.why


def test_a_verdict_after_the_decision_opens_a_review(station, appraiser_session, password):
    """issue 16 finding N2: appraising a unit of an already decided lot went unnoticed."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12, drawn=4)
    appraise_all(station, appraiser_session, password, items[:3])
    assert decisions.decide(station, appraiser_session, password, lot).decision == "accept"
    appraise(station, appraiser_session, password, items[3], Verdict.COUNTERFEIT)
    review = lot_review.open_review(station.store, lot)
    assert review is not None and (review["was"], review["now"]) == ("accept", "reject")
    assert "signed or amended after the decision" in lot_review.describe(review)
