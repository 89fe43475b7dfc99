"""Inbound lists that are broken or hostile are refused with one line naming the file (and
the line), bounded in time and memory (issue 14 finding 16)."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from appraiser import limits
from appraiser.errors import InvalidInput
from appraiser.services.arrivals import inbound

DAY = date(2026, 11, 22)
HEADER = "报关单号,商品条码,数量"
ROW = "223120261000000001,5901234123457,{n}"


def _xlsx(path: Path, rows: int) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["declaration_no", "gtin", "quantity"])
    for n in range(1, rows + 1):
        sheet.write_row(n, 0, [f"2231202610{n:08d}", "5901234123457", 1])
    book.close()
    return path


def _rezip(source: Path, target: Path, change) -> Path:
    """A copy of an XLSX with its members passed through ``change(name, data)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def _refused(station, path: Path) -> str:
    with pytest.raises(InvalidInput) as caught:
        inbound.preview(station.store, path, DAY)
    assert path.name in caught.value.message
    return caught.value.message


def test_a_giant_csv_field_is_named_with_its_line(station, tmp_path) -> None:
    """issue 14 finding 16: a field over 131,072 characters raised csv.Error (exit 70)."""
    path = tmp_path / "giant.csv"
    path.write_text(f"{HEADER}\n{ROW.format(n=1)}\n{ROW.format(n='9' * 200_000)}\n")
    assert "line 3" in _refused(station, path)
    path.write_text(f"{HEADER}\n{ROW.format(n='9' * 5_000)}\n")
    assert "line 2" in _refused(station, path)


def test_an_unclosed_quote_is_an_error_naming_its_line(station, tmp_path) -> None:
    """issue 14 finding 16: an unclosed quote silently swallowed the next rows."""
    rows = [ROW.format(n=n) for n in range(1, 13)]
    rows[2] = '223120261000000001,"5901234123457,1'
    rows[8] = '223120261000000009,5901234123457",1'  # a stray quote closes it much later
    path = tmp_path / "quote.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    message = _refused(station, path)
    assert "line 4" in message and "quote" in message
    path.write_text(f'{HEADER}\n{ROW.format(n=1)}\n223,"59,1\n')  # never closed at all
    assert "line 3" in _refused(station, path)


def test_a_truncated_xlsx_is_bad_input(station, tmp_path) -> None:
    """issue 14 finding 16: a truncated XLSX crashed (exit 70)."""
    whole = _xlsx(tmp_path / "whole.xlsx", 50).read_bytes()
    for cut in (len(whole) // 3, len(whole) // 2, len(whole) - 40):
        path = tmp_path / "cut.xlsx"
        path.write_bytes(whole[:cut])
        _refused(station, path)


def test_an_xlsx_without_sheets_is_bad_input(station, tmp_path) -> None:
    """issue 14 finding 16: an XLSX with no sheet raised IndexError (exit 70)."""

    def no_sheets(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
        return data

    path = _rezip(_xlsx(tmp_path / "ok.xlsx", 3), tmp_path / "nosheet.xlsx", no_sheets)
    assert "no sheet" in _refused(station, path)


def test_an_xlsx_with_a_dtd_is_refused_before_parsing(station, tmp_path) -> None:
    """issue 14 finding 16: an XLSX whose sheet declares an external entity crashed."""
    source = _xlsx(tmp_path / "ok.xlsx", 3)

    def evil(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            return data.replace(b"?>", b"?>" + doctype, 1).replace(b"<v>1</v>", b"<v>&e;</v>")
        return data

    path = _rezip(source, tmp_path / "dtd.xlsx", evil)
    assert "DTD" in _refused(station, path)


def test_rows_past_the_limit_are_refused_without_reading_on(station, tmp_path, monkeypatch) -> None:
    """issue 14 finding 16: a 1M-row XLSX was loaded whole (23.7 s, 345 MB) before the row
    limit said no; the sheet's dimension is checked before loading, and the streamed count
    stops at the limit (a small limit here keeps the test short)."""
    monkeypatch.setattr(limits, "MAX_INBOUND_ROWS", 100)
    path = _xlsx(tmp_path / "long.xlsx", 500)
    read: list[int] = []
    real = openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in real(self, *args, **kwargs):
            read.append(1)
            yield row

    monkeypatch.setattr(openpyxl.worksheet._read_only.ReadOnlyWorksheet, "_cells_by_row", counting)
    assert "more than 100 rows" in _refused(station, path)
    assert len(read) == 0  # the <dimension> said 501 rows: nothing was loaded

    def no_dimension(name: str, data: bytes) -> bytes:
        return data.replace(b'<dimension ref="A1:C501"/>', b"")

    lying = _rezip(path, tmp_path / "nodim.xlsx", no_dimension)
    assert "more than 100 rows" in _refused(station, lying)
    assert len(read) <= 102  # streamed, stopped just past the limit
    csv_path = tmp_path / "long.csv"
    csv_path.write_text("\n".join([HEADER] + [ROW.format(n=1)] * 500) + "\n")
    assert "more than 100 rows" in _refused(station, csv_path)


def test_a_zip_bomb_sheet_is_refused_from_the_zip_directory(station, tmp_path) -> None:
    source = _xlsx(tmp_path / "ok.xlsx", 3)

    def bomb(name: str, data: bytes) -> bytes:
        return data + b" " * (8 * 2**20) if name == "xl/worksheets/sheet1.xml" else data

    path = _rezip(source, tmp_path / "bomb.xlsx", bomb)
    assert "zip bomb" in _refused(station, path)


def test_a_list_over_the_size_limit_is_not_read(station, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_INBOUND_BYTES", 1024)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2048)
    assert "over the limit" in _refused(station, path)


def test_a_good_xlsx_still_reads(station, tmp_path) -> None:
    result = inbound.preview(station.store, _xlsx(tmp_path / "ok.xlsx", 5), DAY)
    assert len(result.good) == 5 and not result.bad
