"""Cells of the daily log that a spreadsheet would misread: formulas typed into an item's
fields (OWASP CSV injection) and long numeric identifiers (declaration numbers, GTINs)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from appraiser.clock import utcnow
from appraiser.domain.enums import Category
from appraiser.reports.csv_export import raw_value
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.records.exports import export_daily

HOSTILE = {
    "merchant": '=HYPERLINK("http://evil.example/x","Click for refund")',
    "brand": "+cmd|' /C calc'!A0",
    "model": "-2+3",
    "origin": "@SUM(1+1)",
    "batch_lot": "\tTAB=1",
    "sku": "\r=1+1",
}
DECLARATION = "531620261122000777"  # 18 digits: a float keeps 15-17 of them
GTIN = "06901234567892"  # a leading zero that a number drops
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_day(station: Station, appraiser_session: Session) -> Station:
    """One appraisal whose item fields were typed (or imported) by an attacker."""
    store = station.store
    item = appraisals.register_item(
        store,
        appraiser_session,
        gtin=GTIN,
        declaration_no=DECLARATION,
        category="bags",
        **HOSTILE,
    )
    appraisals.start(
        store,
        appraiser_session,
        station.settings.station_code,
        item,
        Category.BAGS,
        station.settings.tz(),
    )
    return station


def _today(station: Station):
    return utcnow().astimezone(station.settings.tz()).date()


def test_csv_cells_are_neutralised_and_identifiers_kept(
    hostile_day: Station, supervisor: Session, tmp_path: Path
) -> None:
    """issue 14 finding 15: values starting with = + - @ tab or CR were written raw (a live
    formula in LibreOffice); the 18-digit declaration number lost digits as a number."""
    out = tmp_path / "day.csv"
    export_daily(hostile_day, supervisor, _today(hostile_day), "csv", out, lang="en")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    row = rows[0]
    cells = [v for v in row.values() if v]
    assert not [v for v in cells if v.startswith(DANGEROUS)], cells
    assert row["Merchant"] == "'" + HOSTILE["merchant"]
    # identifiers are text for any spreadsheet: not all digits, so never a number
    assert row["Declaration no."] == "'" + DECLARATION
    assert row["GTIN"] == "'" + GTIN
    # what a script does to get the stored value back (documented in csv_export)
    assert raw_value(row["Merchant"]) == HOSTILE["merchant"]
    assert raw_value(row["Brand"]) == HOSTILE["brand"]
    assert raw_value(row["Declaration no."]) == DECLARATION
    assert raw_value(row["Station"]) == row["Station"] == "BW-01"


def test_xlsx_writes_hostile_text_as_text_and_identifiers_as_text_cells(
    hostile_day: Station, supervisor: Session, tmp_path: Path
) -> None:
    """issue 14 finding 15: in the XLSX no cell is a formula and identifiers are text cells
    formatted as text ("@"), so editing them in a spreadsheet keeps every digit."""
    out = tmp_path / "day.xlsx"
    export_daily(hostile_day, supervisor, _today(hostile_day), "xlsx", out, lang="en")
    sheet = openpyxl.load_workbook(out)["Appraisals"]
    header = [c.value for c in sheet[1]]
    cells = {name: sheet.cell(row=2, column=i + 1) for i, name in enumerate(header)}
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert cells["Merchant"].value == HOSTILE["merchant"] and cells["Merchant"].data_type == "s"
    for name, value in (("Declaration no.", DECLARATION), ("GTIN", GTIN)):
        assert cells[name].value == value and cells[name].data_type == "s"
        assert cells[name].number_format == "@"
