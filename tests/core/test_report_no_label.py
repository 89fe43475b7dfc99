"""The internal appraisal report is no label: no document but a recorded print carries the
signed payload or a QR of it (issue 14 finding 3, DESIGN §3.3/§3.5).

The report is written by a signed-in supervisor (``appraiser report``) and, with no sign-in,
by the bench itself after each verdict (``report-archive``); both used to carry the live
label's full signed QR and its URL, so printing page 2 made a working label that no print
job recorded. Judged by independent tools: every page rendered at 300 dpi and read by zbar,
and the text poppler extracts.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_support import documented_appraisal
from support.tools import require

from appraiser.cli.main import main
from appraiser.labels import layouts, pdf
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station
from appraiser.services.labelling.labels import content as label_content
from appraiser.services.records.reports import appraisal_report, archive_report


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, str]]:
    root = tmp_path_factory.mktemp("no-label")
    station = Station.open(root / "station")
    yield station, documented_appraisal(station, root)
    station.close()


def _boss(station: Station) -> Session:
    return check_password(station.store, "supervisor", "demo-supervisor")


def _codes(document: Path, scratch: Path) -> list[str]:
    """Every barcode zbar reads on the document's pages rendered at 300 dpi."""
    prefix = scratch / document.stem
    subprocess.run([require("pdftoppm"), "-r", "300", "-png", str(document), str(prefix)],
                   check=True)  # fmt: skip
    pages = sorted(scratch.glob(f"{document.stem}*.png"))
    assert pages, "pdftoppm rendered no page"
    codes = []
    for page in pages:
        done = subprocess.run([require("zbarimg"), "--quiet", "--raw", str(page)],
                              capture_output=True, text=True, check=False)  # fmt: skip
        codes += [line for line in done.stdout.splitlines() if line]
    return codes


def _text(document: Path) -> str:
    return subprocess.run(["pdftotext", str(document), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def _label(station: Station, uid: str) -> dict:
    return station.store.one(
        "SELECT serial, payload, key_id FROM labels WHERE appraisal_uid = ? ORDER BY id DESC",
        (uid,),
    )


def test_the_detector_reads_the_payload_of_a_label_at_300_dpi(documented, tmp_path) -> None:
    """The judge works: the real label renderer's PDF of the same label gives zbar the
    payload, so an empty reading of the report below means there is no QR, not a miss."""
    station, uid = documented
    label = _label(station, uid)
    layout = layouts.load(station.settings.label_stock)
    content = label_content(station, label["serial"])
    (tmp_path / "label.pdf").write_bytes(pdf.render(layout, [content]))
    assert label["payload"] in _codes(tmp_path / "label.pdf", tmp_path)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_page_of_the_internal_report_carries_the_payload(documented, tmp_path, lang) -> None:
    """issue 14 finding 3: the internal report (supervisor's copy and the bench's archive,
    which needs no sign-in) carried the live label's signed QR and URL — an unrecorded
    render of a printable label. It shows the grouped serial, state and key id instead."""
    station, uid = documented
    label = _label(station, uid)
    supervisor = tmp_path / "report.pdf"
    appraisal_report(station, _boss(station), uid, supervisor, lang=lang)
    archive = station.data.exports / "reports"
    archive.mkdir(parents=True, exist_ok=True)
    archived = archive / f"{uid}-{lang}.pdf"
    archive_report(station, uid, archived, lang=lang)
    for document in (supervisor, archived):
        codes = _codes(document, tmp_path)
        assert not [c for c in codes if "s=" in c or label["serial"] in c], codes
        text = _text(document)
        raw = document.read_bytes().decode("latin-1")
        for found in (text, raw):
            assert label["payload"] not in found
            assert not re.search(r"[?&]s=", found)
        flat = re.sub(r"\s+", "", text)
        grouped = "-".join(re.findall(".{1,4}", label["serial"]))
        assert grouped in flat and label["key_id"] in flat
        assert ("scan the physical label" if lang == "en" else "扫描实物标签") in text


def test_the_report_cli_and_the_archive_command_write_no_payload(
    documented, tmp_path, monkeypatch
) -> None:
    """issue 14 finding 3: the same through the command line — ``report --user`` and the
    hidden ``report-archive`` the station starts without a sign-in."""
    station, uid = documented
    label = _label(station, uid)
    root = ["--data-dir", str(station.data.root)]
    out = tmp_path / "cli.pdf"
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-supervisor\n"))
    assert main([*root, "report", uid, "--out", str(out), "--user", "supervisor"]) == 0
    archived = station.data.exports / "reports" / f"{uid}-cli.pdf"
    archived.parent.mkdir(parents=True, exist_ok=True)
    assert main([*root, "report-archive", uid, "--out", str(archived)]) == 0
    for document in (out, archived):
        assert label["payload"] not in _text(document)
        assert not [c for c in _codes(document, tmp_path) if "s=" in c]
