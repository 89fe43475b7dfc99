"""Lots in the daily exports: a second CSV, an XLSX sheet, a PDF section, all signed."""

from __future__ import annotations

import csv
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from lot_history_support import add_unit, decide, make_lot
from openpyxl import load_workbook

from appraiser.cli.main import main
from appraiser.reports.columns import headers
from appraiser.services.records.exports import export_daily, verify_exports

DAY = date(2026, 11, 20)


@pytest.fixture
def lots_day(station, appraiser_session, supervisor) -> list[str]:
    lot = make_lot(station, appraiser_session, 500, merchant="=cmd|' /C calc'!A0")
    add_unit(station, appraiser_session, lot, 1, "genuine")
    add_unit(station, appraiser_session, lot, 2, "counterfeit")
    decide(station, appraiser_session, lot, "reject")
    other = make_lot(station, appraiser_session, 80, gtin="05901234123457", batch=None)
    make_lot(station, appraiser_session, 90, day="2026-11-21")  # another day: not listed
    return [lot, other]


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_export_writes_the_lots_beside_the_log_under_one_manifest(
    station, supervisor, lots_day, tmp_path
):
    out = tmp_path / "2026-11-20.csv"
    export_daily(station, supervisor, DAY, "csv", out, lang="en")
    assert _rows(out)[0] == headers("en")  # the log's columns are as they were
    lots = _rows(tmp_path / "2026-11-20.lots.csv")
    assert lots[0][:3] == ["Lot", "Day", "GTIN"]
    by_lot = {row[0]: row for row in lots[1:]}
    assert set(by_lot) == set(lots_day)
    first = by_lot[lots_day[0]]
    assert first[4] == "'=cmd|' /C calc'!A0"  # the injection guard
    assert first[2] == "'04006381333931"
    assert first[5] == "500" and first[9:12] == ["2", "1", "Reject"]
    body = json.loads((tmp_path / "2026-11-20.csv.manifest.json").read_text())
    assert sorted(f["name"] for f in body["files"]) == ["2026-11-20.csv", "2026-11-20.lots.csv"]
    assert body["details"]["lots"] == 2
    check = verify_exports(station, tmp_path)
    assert check.ok, check.problems()


def test_a_changed_lots_file_fails_verification(station, supervisor, lots_day, tmp_path):
    export_daily(station, supervisor, DAY, "csv", tmp_path / "day.csv", lang="en")
    lots = tmp_path / "day.lots.csv"
    lots.write_text(lots.read_text(encoding="utf-8-sig").replace("Reject", "Accept"))
    problems = verify_exports(station, tmp_path).problems()
    assert any("day.lots.csv" in p for p in problems), problems


def test_xlsx_and_pdf_carry_the_lots(station, supervisor, lots_day, tmp_path):
    book = tmp_path / "day.xlsx"
    export_daily(station, supervisor, DAY, "xlsx", book, lang="zh_CN")
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["汇总", "鉴定记录", "批次"]
    values = [[c.value for c in row] for row in workbook["批次"].iter_rows()]
    assert values[0][0] == "批次编号"
    row = next(v for v in values if v[0] == lots_day[0])
    assert (row[2], row[5], row[9], row[10], row[11]) == ("04006381333931", 500, 2, 1, "拒收")
    pdf = tmp_path / "day.pdf"
    export_daily(station, supervisor, DAY, "pdf", pdf, lang="en")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    assert b"Lots of the day" in text and lots_day[1].encode() in text
    assert verify_exports(station, tmp_path).ok


def test_a_day_without_lots_exports_as_before(station, supervisor, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    export_daily(station, supervisor, DAY, "csv", out / "day.csv")
    export_daily(station, supervisor, DAY, "xlsx", out / "day.xlsx", lang="en")
    assert sorted(p.name for p in out.iterdir()) == [
        "day.csv", "day.csv.manifest.json", "day.xlsx", "day.xlsx.manifest.json",
    ]  # fmt: skip
    assert load_workbook(out / "day.xlsx").sheetnames == ["Summary", "Appraisals"]


def test_export_verify_on_the_command_line_passes_with_lots(station, supervisor, lots_day,
                                                             tmp_path, typed, capsys):  # fmt: skip
    folder = tmp_path / "exports"
    folder.mkdir()
    root = str(station.data.root)
    station.close()
    typed("test-password-1")
    assert main(["--data-dir", root, "export", "daily", "--date", "2026-11-20", "--format",
                 "csv", "--out", str(folder / "d.csv"), "--user", "supervisor"]) == 0  # fmt: skip
    assert (folder / "d.lots.csv").is_file()
    assert main(["--data-dir", root, "export", "verify", str(folder)]) == 0
