"""Lot messages stay short and true, and hostile numbers are named (issue 16 finding 8)."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from lot_decision_support import make_every_unit_lot, make_lot, plan

from appraiser.cli.main import main
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.sampling.plans import plan as sampling_plan
from appraiser.services.arrivals import inbound
from appraiser.services.lots import capacity, decisions


def test_a_pending_lot_names_a_count_and_at_most_ten_units(station, appraiser_session, password):
    """issue 16 finding 8: 'lot decide' on a pending lot listed all 500 undrawn units."""
    lot, _ = make_lot(station, appraiser_session, {"major": plan(500, 10, 11)}, quantity=60_000)
    with pytest.raises(InvalidInput) as caught:
        decisions.decide(station, appraiser_session, password, lot)
    message = caught.value.message
    assert "500 units" in message and "and 490 more" in message
    assert len(message) < 200 and message.count(",") <= 10
    assert "lots show" in caught.value.hint


def test_an_administrator_refused_is_sent_to_the_role_that_may(
    station, appraiser_session, admin, password
):
    """issue 16 finding 8: an admin refused a lot decision was told 'Ask a supervisor or
    administrator.'"""
    lot, _ = make_lot(station, appraiser_session, {"major": plan(8, 1, 2)})
    with pytest.raises(PermissionDenied) as caught:
        decisions.decide(station, admin, password, lot)
    assert caught.value.hint == "Ask an appraiser or a supervisor."
    with pytest.raises(PermissionDenied) as caught:
        decisions.override(station, admin, password, lot, "accept", "because")
    assert caught.value.hint == "Ask a supervisor."


HEADER = "报关单号,商品条码,品牌,型号,数量,商家\n"


def _bad_quantity(station, tmp_path, quantity: str) -> str:
    path = tmp_path / "inbound.csv"
    path.write_text(HEADER + f"223120261000000001,5901234123457,L,X,\"{quantity}\",S\n",
                    encoding="utf-8")  # fmt: skip
    result = inbound.preview(station.store, path, date(2026, 11, 22))
    assert result.good == []
    (bad,) = result.bad
    return " ".join(bad.problems)


@pytest.mark.parametrize("quantity", ["١٢", "１２", "1,000", "12.0", "12 ", "+12"])
def test_quantities_are_ascii_digits_only(station, tmp_path, quantity):
    """issue 16 finding 8: '١٢' and '１２' were read as 12 while '12.0' and '1,000' were
    refused; all are refused alike, saying what a quantity is."""
    if quantity == "12 ":  # surrounding blanks are not part of the number
        path = tmp_path / "ok.csv"
        path.write_text(HEADER + f"223120261000000001,5901234123457,L,X,{quantity},S\n",
                        encoding="utf-8")  # fmt: skip
        assert inbound.preview(station.store, path, date(2026, 11, 22)).good[0]["quantity"] == 12
        return
    problem = _bad_quantity(station, tmp_path, quantity)
    assert "is not a whole number ≥ 1 (digits 0-9 only" in problem


def test_a_huge_quantity_is_too_many_not_a_crash(station, tmp_path):
    problem = _bad_quantity(station, tmp_path, "9" * 40)
    assert "is more than a line holds (at most 1,000,000)" in problem


def test_an_uncalculated_formula_is_named_by_its_cell(station, tmp_path):
    """issue 16 finding 8: '=10*5' in quantity read "quantity '' is not a whole number"."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["223120261000000001", "5901234123457", "L", "X", "=10*5", "S"])
    path = tmp_path / "inbound.xlsx"
    book.save(path)  # openpyxl stores no calculated value: the cell reads empty
    result = inbound.preview(station.store, path, date(2026, 11, 22))
    (bad,) = result.bad
    assert bad.problems == ("cell E2 holds a formula (=10*5) without a stored value; "
                            "give the number",)  # fmt: skip


def test_an_absurd_capacity_figure_is_too_large(station, supervisor, tmp_path):
    """issue 16 finding 8: 9223372036854775807 'is not a whole number of units ≥ 1'."""
    path = tmp_path / "capacity.csv"
    path.write_text("producer,gtin,batch_size,annual_capacity\n"
                    "A,,9223372036854775807,\nB,,99999999999999999999999999999999,\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        capacity.import_csv(station.store, supervisor, path)
    message = str(caught.value)
    assert "row 2: batch_size '9223372036854775807' is too large (at most" in message
    assert "row 3: batch_size" in message and message.count("too large") == 2


def test_lot_plan_names_a_huge_quantity_too_large():
    with pytest.raises(InvalidInput, match=r"lot quantity 999999999999… is too large: at most"):
        sampling_plan(quantity="9" * 5000, aql=1.0)
    with pytest.raises(InvalidInput, match="must be a whole number"):
        sampling_plan(quantity="١٢", aql=1.0)


def test_lots_show_of_a_huge_every_unit_lot_says_what_is_true(
    station, appraiser_session, tmp_path, capsys
):
    """issue 16 finding 8: an every-unit lot of 1,000,000 bags read "0 of 1 units listed"
    and "unit 1 -"."""
    lot, _ = make_every_unit_lot(station, appraiser_session, 1_000_000, taken=3)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "lots", "show", lot]) == 0
    out = capsys.readouterr().out
    assert "Appraised: 0 of 1,000,000 units; 3 of 1,000,000 taken so far" in out
    assert "units listed" not in out
    assert out.count("taken in this order") == 3
