"""Batch numbers compared in one normalised form (issue 16 finding 6): the batch-size
plausibility check and the inbound list's duplicate-row check treat 'W2', 'w2', 'Ｗ２' and
'W 2' as one batch, and every dash-like character as '-'."""

from __future__ import annotations

from datetime import date

import pytest
from lot_history_support import make_lot

from appraiser.domain.batch import batch_key
from appraiser.services.arrivals import inbound
from appraiser.services.lots import capacity, plausibility

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


@pytest.mark.parametrize("written", ["W2", "w2", " W2 ", "W 2", "\uff37\uff12", "w\t2\n"])
def test_spellings_of_one_batch_share_a_key(written):
    assert batch_key(written) == "w2"


@pytest.mark.parametrize("dash", [*DASHES, "-"])
def test_every_dash_like_character_is_a_hyphen(dash):
    assert batch_key(f"L2611{dash}07") == "l2611-07"
    assert batch_key("W2") != batch_key("W-2")  # a dash is still part of the number


def test_blank_batches_have_no_key():
    assert batch_key(None) == batch_key("") == batch_key(" \u3000 ") == ""


def test_a_re_spelt_batch_still_counts_toward_its_size(station, supervisor, appraiser_session,
                                                       tmp_path):  # fmt: skip
    """issue 16 finding 6: three lots of 9,000 for batches 'W-2', 'w\u20102' and 'Ｗ－２'
    of a 10,000 batch raised no batch-size flag."""
    table = tmp_path / "capacity.csv"
    table.write_text("producer,gtin,batch_size,annual_capacity\n"
                     "Château Exemple,04006381333931,10000,\n", encoding="utf-8")  # fmt: skip
    capacity.import_csv(station.store, supervisor, table)
    first = make_lot(station, appraiser_session, 9_000, batch="W-2")
    second = make_lot(station, appraiser_session, 9_000, batch="w\u20102")
    third = make_lot(station, appraiser_session, 9_000, batch="\uff37\uff0d\uff12 ")
    assert plausibility.flags(station.store, first) == []
    (flag,) = [f for f in plausibility.flags(station.store, second) if f.kind == "batch_size"]
    assert flag.figures["seen_before"] == 9_000 and flag.figures["earlier_lots"] == 1
    (flag,) = [f for f in plausibility.flags(station.store, third) if f.kind == "batch_size"]
    assert flag.figures["seen_before"] == 18_000 and flag.figures["earlier_lots"] == 2


def test_an_inbound_list_repeating_a_re_spelt_batch_is_a_repeated_row(station, admin, tmp_path):
    """issue 16 finding 6: 'W2' and 'w2' of one declaration and product are one line."""
    path = tmp_path / "inbound.csv"
    path.write_text(
        "报关单号,商品条码,品牌,型号,数量,商家,批号\n"
        "223120261000000001,5901234123457,Maison Lune,Sac,9000,Shanghai Trading,W2\n"
        "223120261000000001,5901234123457,Maison Lune,Sac,9000,Shanghai Trading,w2\n"
        "223120261000000001,5901234123457,Maison Lune,Sac,9000,Shanghai Trading,W3\n",
        encoding="utf-8",
    )
    result = inbound.preview(station.store, path, date(2026, 11, 22))
    assert [r["_row_no"] for r in result.good] == [2, 4]
    (bad,) = result.bad
    assert bad.row_no == 3 and "repeats row 2" in " ".join(bad.problems)
