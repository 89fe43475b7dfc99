"""Inbound lists: preview with a per-row report, all-or-nothing commit, idempotent import."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from appraiser.errors import InvalidInput
from appraiser.services.arrivals import inbound, queue

DAY = date(2026, 11, 22)
CSV = """报关单号,商品条码,货号,品牌,型号,数量,商家
223120261000000001,5901234123457,,Maison Lune,Sac Plume,2,Shanghai Trading
223120261000000001,,SKU-77,Maison Lune,Ceinture,1,Shanghai Trading
,5901234123457,,Bad,NoDecl,1,X
223120261000000002,5901234123458,,Bad,CheckDigit,1,X
223120261000000003,036000291452,,Ok,Zero,0,X
223120261000000001,5901234123457,,Maison Lune,Sac Plume,3,Shanghai Trading
"""


@pytest.fixture
def listing(tmp_path):
    path = tmp_path / "inbound.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_preview_reports_each_bad_row_by_its_line_number(station, listing):
    result = inbound.preview(station.store, listing, DAY)
    assert [r["_row_no"] for r in result.good] == [2, 3]
    bad = {b.row_no: " ".join(b.problems) for b in result.bad}
    assert set(bad) == {4, 5, 6, 7}
    assert "declaration no. is empty" in bad[4]
    assert "check digit" in bad[5]
    assert "quantity" in bad[6]
    assert "repeats row 2" in bad[7]
    assert queue.list_day(station.store, DAY) == []  # a preview changes nothing


def test_commit_queues_good_rows_and_reimport_adds_nothing(station, admin, listing):
    result = inbound.preview(station.store, listing, DAY)
    assert inbound.commit(station.store, admin, result, DAY) == 2
    rows = queue.list_day(station.store, DAY)
    assert [(r["brand"], r["quantity"], r["state"]) for r in rows] == [
        ("Maison Lune", 2, "waiting"),
        ("Maison Lune", 1, "waiting"),
    ]
    assert rows[0]["gtin"] == "05901234123457" and rows[1]["sku"] == "SKU-77"
    again = inbound.preview(station.store, listing, DAY)
    assert again.already_imported and again.already_queued == 2
    assert inbound.commit(station.store, admin, again, DAY) == 0
    assert len(queue.list_day(station.store, DAY)) == 2


def test_a_new_export_with_repeated_rows_queues_only_new_ones(station, admin, tmp_path, listing):
    inbound.import_file(station.store, admin, listing, DAY)
    newer = tmp_path / "inbound-2.csv"
    newer.write_text(CSV + "223120261000000009,,SKU-9,Brand9,M9,1,Y\n", encoding="utf-8")
    result, added = inbound.import_file(station.store, admin, newer, DAY)
    assert added == 1 and result.already_queued == 2
    assert len(queue.list_day(station.store, DAY)) == 3


def test_commit_is_all_or_nothing(station, admin, listing, monkeypatch):
    result = inbound.preview(station.store, listing, DAY)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk went away")
        return original(*args, **kwargs)

    original = queue.add_entry
    monkeypatch.setattr(queue, "add_entry", failing)
    with pytest.raises(RuntimeError):
        inbound.commit(station.store, admin, result, DAY)
    assert queue.list_day(station.store, DAY) == []
    assert station.store.query("SELECT * FROM inbound_lists") == []
    assert station.store.verify_audit().ok


def test_xlsx_with_english_headers(station, admin, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Customs declaration no.", "GTIN", "Brand", "Model", "Quantity", "Merchant"])
    sheet.append(["223120261000000005", 5901234123457, "Brand", "Model", 1, "M"])
    sheet.append([223120261000000006, 5901234123457, "Brand", "Model", 1.0, "M"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    result, added = inbound.import_file(station.store, admin, path, DAY)
    assert added == 1 and [b.row_no for b in result.bad] == [3]
    assert "lost digits" in result.bad[0].problems[0]
    assert queue.list_day(station.store, DAY)[0]["declaration_no"] == "223120261000000005"


def test_a_list_without_required_columns_is_refused(station, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("brand,model\nA,B\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        inbound.preview(station.store, path, DAY)
    assert "declaration_no" in caught.value.message and "gtin or sku" in caught.value.message


def test_other_file_types_are_refused(station, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InvalidInput, match=r"csv or \.xlsx"):
        inbound.preview(station.store, path, DAY)


def test_gb18030_csv_is_read(station, admin, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(CSV.encode("gb18030"))
    result = inbound.preview(station.store, path, DAY)
    assert result.good[0]["merchant"] == "Shanghai Trading"


def test_a_missing_file_is_a_clear_input_error(station, tmp_path):
    with pytest.raises(InvalidInput, match=r"The list .*gone.csv does not exist"):
        inbound.preview(station.store, tmp_path / "gone.csv", DAY)


def test_an_absurd_quantity_is_a_bad_row_not_a_crash_at_import(station, admin, tmp_path):
    path = tmp_path / "huge.csv"
    rows = [
        "报关单号,商品条码,数量",
        "223120261000000001,5901234123457,99999999999999999999",
        f"223120261000000002,5901234123457,{inbound.MAX_QUANTITY}",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = inbound.preview(station.store, path, DAY)
    bad = {b.row_no: " ".join(b.problems) for b in result.bad}
    assert set(bad) == {2}
    assert f"at most {inbound.MAX_QUANTITY:,}" in bad[2]
    _, added = inbound.import_file(station.store, admin, path, DAY)
    assert added == 1
