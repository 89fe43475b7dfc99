"""The default category policies (resources/inspection/policies.toml): the critical AQL must
not make the sample larger than the major one at the usual lot sizes — the only critical
defect (a counterfeit) rejects the lot on sight anyway (issue 16 follow-up L7)."""

from __future__ import annotations

from datetime import date

import pytest

from appraiser.sampling import class_plans, policy_for, units_to_draw
from appraiser.services.arrivals import inbound
from appraiser.services.lots import lots

DAY = date(2026, 11, 22)
SAMPLED = ("shoes", "apparel", "beauty", "sports", "gifts", "food")


@pytest.mark.parametrize("category", SAMPLED)
def test_a_lot_of_500_draws_the_major_sample_not_200(category):
    plans = class_plans(500, policy_for(category), "normal")
    critical = plans["critical"]
    assert (critical.code_letter, critical.sample_size) == ("H", 50)
    assert (critical.accept, critical.reject) == (0, 1)
    assert units_to_draw(plans) == plans["major"].sample_size == 50


def test_every_sampled_category_rejects_on_a_counterfeit():
    """The lower critical AQL is only safe because a counterfeit rejects the lot outright."""
    assert all(policy_for(c).counterfeit_rejects for c in SAMPLED)


def test_an_imported_beauty_lot_of_500_draws_50_units(station, appraiser_session, tmp_path):
    path = tmp_path / "inbound.csv"
    path.write_text(
        "报关单号,商品条码,品牌,型号,数量,商家,品类,批号,有效期,每箱数量\n"
        "223120261000000001,5901234123457,Maison Lune,Rouge 24,500,Shanghai Trading,beauty,"
        "B7,2028-01-31,24\n",
        encoding="utf-8",
    )
    inbound.import_file(station.store, appraiser_session, path, DAY)
    (lot,) = lots.list_lots(station.store, DAY)
    assert lot["sample_size"] == 50
    assert lot["plan"]["critical"] == {**lot["plan"]["critical"], "aql": 0.25, "n": 50,
                                       "ac": 0, "re": 1}  # fmt: skip
