"""``appraiser server export daily``: the whole site's day from a real PostgreSQL, written by
the station's own writers and signed with the server key; ``appraiser export verify`` on a
station passes on it, and fails once a byte changes."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import openpyxl
import pytest

from appraiser.cli.main import main
from appraiser.reports.csv_export import raw_value
from tests.server.site_support import site_benches_fixture, today  # noqa: F401 (fixture)


def _export(dsn: str, day, fmt: str, out: Path, keys: Path, *extra: str) -> int:
    argv = ["server", "export", "daily", "--dsn", dsn, "--date", day.isoformat()]
    argv += ["--format", fmt, "--out", str(out), "--keys", str(keys), "--lang", "en", *extra]
    return main(argv)


def _verify(bench, folder: Path, pem: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--data-dir", str(bench.station.data.root), "export", "verify", str(folder),
                 "--key", str(pem)])  # fmt: skip
    return code, capsys.readouterr().out


@pytest.fixture
def server_pem(tmp_path, capsys) -> Path:
    capsys.readouterr()
    assert main(["server", "public-key", "--keys", str(tmp_path / "keys")]) == 0
    pem = tmp_path / "server.pem"
    pem.write_text(capsys.readouterr().out)
    return pem


def test_csv_of_the_site_day_has_every_station_row_and_verifies_on_a_station(
    site_benches, live_server, tmp_path, server_pem, capsys
):
    one, two = site_benches
    folder = tmp_path / "out"
    folder.mkdir()
    assert _export(live_server.dsn, today(one), "csv", folder / "site.csv", tmp_path / "keys") == 0
    with (folder / "site.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    stations = sorted(raw_value(r["Station"]) for r in rows)
    assert stations == ["BW-01"] * 3 + ["BW-02"] * 2
    manifest = json.loads((folder / "site.csv.manifest.json").read_text())
    assert manifest["station"] == "site:site" and manifest["kind"] == "site-daily-log"
    assert set(manifest["details"]["station_checkpoints"]) == {"BW-01", "BW-02"}
    code, out = _verify(one, folder, server_pem, capsys)
    assert code == 0 and out.startswith("OK site.csv.manifest.json")
    (folder / "site.csv").write_text((folder / "site.csv").read_text() + "x")
    code, out = _verify(two, folder, server_pem, capsys)
    assert code == 1 and "site.csv" in out and "FAILED" in out


def test_without_the_server_key_a_station_does_not_trust_the_export(
    site_benches, live_server, tmp_path, capsys
):
    folder = tmp_path / "out"
    folder.mkdir()
    _export(live_server.dsn, today(site_benches[0]), "csv", folder / "a.csv", tmp_path / "keys")
    capsys.readouterr()
    root = str(site_benches[0].station.data.root)
    assert main(["--data-dir", root, "export", "verify", str(folder)]) == 1
    assert "does not trust" in capsys.readouterr().out


def test_xlsx_one_station_only_read_back_with_openpyxl(
    site_benches, live_server, tmp_path, server_pem, capsys
):
    one, _two = site_benches
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "bw02.xlsx"
    keys = tmp_path / "keys"
    assert _export(live_server.dsn, today(one), "xlsx", out, keys, "--station", "BW-02") == 0
    book = openpyxl.load_workbook(out)
    log = book.worksheets[1]
    header = [c.value for c in log[1]]
    station_col = header.index("Station")
    verdicts = sorted(row[header.index("Verdict")] for row in log.iter_rows(2, values_only=True))
    assert {row[station_col] for row in log.iter_rows(2, values_only=True)} == {"BW-02"}
    assert verdicts == ["Genuine", "Inconclusive"]
    summary = [[c for c in row if c is not None] for row in book.worksheets[0].values]
    assert any(r[:2] == ["Appraisals", 2] for r in summary if len(r) >= 2), summary
    assert _verify(one, folder, server_pem, capsys)[0] == 0


def test_pdf_renders_the_site_summary(site_benches, live_server, tmp_path, server_pem, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "site.pdf"
    assert _export(live_server.dsn, today(site_benches[0]), "pdf", out, tmp_path / "keys") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "BW-01" in text and "BW-02" in text and "5" in text
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(out), str(png)],
                   check=True)  # fmt: skip
    assert (tmp_path / "page-1.png").stat().st_size > 10_000
    assert _verify(site_benches[1], folder, server_pem, capsys)[0] == 0


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--date", "2026-13-01", "--format", "csv"], 2),
        (["--date", "2026-11-01", "--format", "csv", "--station", "NOPE"], 2),
    ],
)
def test_bad_input_is_exit_2(live_server, tmp_path, argv, code, capsys):
    base = ["server", "export", "daily", "--dsn", live_server.dsn, "--out", str(tmp_path / "x.csv")]
    assert main([*base, *argv, "--keys", str(tmp_path / "k")]) == code
    assert not (tmp_path / "x.csv").exists()
    assert capsys.readouterr().err.count("\n") == 1


def _lot_day(bench) -> str:
    """A sampled lot of 500 on the bench's day: 2 units appraised (1 counterfeit), rejected;
    synced like any other rows."""
    from tests.core.lot_history_support import add_unit, decide, make_lot

    station, who = bench.station, bench.appraiser
    lot = make_lot(station, who, 500, day=today(bench).isoformat())
    add_unit(station, who, lot, 1, "genuine")
    add_unit(station, who, lot, 2, "counterfeit")
    decide(station, who, lot, "reject")
    make_lot(station, who, 90, day="2020-01-01")  # another day: not listed
    bench.sync()
    return lot


def test_the_site_export_lists_the_synced_lots_of_the_day_and_verifies(
    site_benches, live_server, tmp_path, server_pem, capsys
):
    one, _two = site_benches
    lot = _lot_day(one)
    folder = tmp_path / "out"
    folder.mkdir()
    keys = tmp_path / "keys"
    assert _export(live_server.dsn, today(one), "csv", folder / "site.csv", keys) == 0
    with (folder / "site.lots.csv").open(encoding="utf-8-sig") as handle:
        lots = list(csv.reader(handle))
    assert lots[0][:3] == ["Lot", "Day", "GTIN"]
    assert [row[0] for row in lots[1:]] == [f"BW-01: {lot}"]
    assert lots[1][5] == "500" and lots[1][9:12] == ["2", "1", "Reject"]
    manifest = json.loads((folder / "site.csv.manifest.json").read_text())
    assert sorted(f["name"] for f in manifest["files"]) == ["site.csv", "site.lots.csv"]
    assert manifest["details"]["lots"] == 1
    code, out = _verify(one, folder, server_pem, capsys)
    assert code == 0 and out.startswith("OK site.csv.manifest.json"), out
    assert _export(live_server.dsn, today(one), "xlsx", folder / "site.xlsx", keys) == 0
    sheet = openpyxl.load_workbook(folder / "site.xlsx")["Lots"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == f"BW-01: {lot}" and values[1][9:12] == [2, 1, "Reject"]
    assert _export(live_server.dsn, today(one), "pdf", folder / "site.pdf", keys) == 0
    text = subprocess.run(["pdftotext", str(folder / "site.pdf"), "-"], capture_output=True,
                          check=True).stdout  # fmt: skip
    assert b"Lots of the day" in text and lot.encode() in text
    code, out = _verify(one, folder, server_pem, capsys)
    assert code == 0, out


def test_a_day_without_lots_writes_no_lots_file(site_benches, live_server, tmp_path):
    one, _two = site_benches
    folder = tmp_path / "out"
    folder.mkdir()
    assert _export(live_server.dsn, today(one), "csv", folder / "site.csv", tmp_path / "k") == 0
    assert sorted(p.name for p in folder.iterdir()) == ["site.csv", "site.csv.manifest.json"]
