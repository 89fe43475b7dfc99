"""The consumer bundle of a drawn unit of a sampled lot (issue 16 findings 3 and N4): it is
published only while the lot is released and the unit carries a live unit label — never
"genuine" beside "no label issued", never for goods held in lot quarantine."""

from __future__ import annotations

import pytest
from lot_decision_support import appraise, appraise_all, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput
from appraiser.services.lots import decisions, unit_labels
from appraiser.services.records import reports

CLASSES = {"critical": plan(3, 0, 1, aql=0.25)}


def test_a_released_units_bundle_names_its_live_unit_label_and_a_revoked_one_is_refused(
    station, appraiser_session, supervisor, password, tmp_path
):
    """issue 16 finding 3, and N4: once an override to reject revoked the unit labels the
    lot is in quarantine and its units get no consumer page (finding 3's fix had published
    'genuine' with a revoked label)."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    unit_labels.issue_units(station, appraiser_session, lot)
    serial = unit_labels.live_units(station.store, lot)[1]  # drawn unit 1 = cases[0]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    result = reports.export_bundle(station, supervisor, cases[0], tmp_path / "a", lang="en")
    page = (tmp_path / "a" / result["folder"] / "index.html").read_text(encoding="utf-8")
    assert f"…{serial[-4:]}" in page and "No label was issued" not in page
    decisions.override(station, supervisor, password, lot, "reject", "recall")
    with pytest.raises(InvalidInput, match=r"rejected .*no consumer bundle"):
        reports.export_bundle(station, supervisor, cases[0], tmp_path / "b", lang="en")


def test_a_genuine_unit_of_a_rejected_lot_gets_no_bundle(
    station, appraiser_session, supervisor, password, tmp_path
):
    """issue 16 finding N4: unit 46 of the shoe lot (rejected for counterfeit unit 9) got
    a publishable page '正品 … 未发放防伪标签(仅鉴定为正品的商品发放标签)'."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    genuine = appraise(station, appraiser_session, password, items[0])
    appraise(station, appraiser_session, password, items[1], Verdict.COUNTERFEIT)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(InvalidInput, match="not decided yet"):
        reports.export_bundle(station, supervisor, genuine, tmp_path / "a", lang="zh_CN")
    assert decisions.decide(station, appraiser_session, password, lot).decision == "reject"
    with pytest.raises(InvalidInput, match=f"drawn from lot {lot}, which is rejected"):
        reports.export_bundle(station, supervisor, genuine, tmp_path / "b", lang="zh_CN")
    assert not any((tmp_path / "b").iterdir())  # nothing published
