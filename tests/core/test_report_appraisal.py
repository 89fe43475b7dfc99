"""The appraisal report PDF: complete when the bench recorded everything, honest when it
did not (it says "no video recorded" rather than leaving a hole or inventing content)."""

from __future__ import annotations

import hashlib
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from report_support import bare_appraisal, compared_counterfeit, documented_appraisal
from reportlab.platypus import Paragraph, Table

from appraiser.cli.main import main
from appraiser.errors import PermissionDenied
from appraiser.reports import report_images
from appraiser.reports.appraisal_data import gather
from appraiser.reports.appraisal_pdf import build_story
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station
from appraiser.services.records.reports import appraisal_report


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, str, str]]:
    """A demo station whose sample 0001 has everything and 0002 a deviating comparison."""
    root = tmp_path_factory.mktemp("documented")
    station = Station.open(root / "station")
    uid = documented_appraisal(station, root)
    fake = compared_counterfeit(station, root)
    yield station, uid, fake
    station.close()


def texts(flowables: list) -> str:
    """All text in the story, including inside tables."""
    found: list[str] = []

    def walk(item) -> None:
        if isinstance(item, Paragraph):
            found.append(item.text)
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    for part in cell if isinstance(cell, list) else [cell]:
                        walk(part)
        elif isinstance(item, str):
            found.append(item)
        elif hasattr(item, "_content"):
            for part in item._content:
                walk(part)

    for flowable in flowables:
        walk(flowable)
    return "\n".join(found)


def test_bare_appraisal_says_what_was_not_recorded(
    station: Station,
    appraiser_session: Session,
    supervisor: Session,
    password: str,
    tmp_path: Path,
) -> None:
    uid = bare_appraisal(station, appraiser_session, password)
    data = gather(station, uid)
    assert (data.video, data.label, data.reference, data.photos) == (None, None, None, [])
    zh = texts(build_story(data, "zh_CN"))
    for phrase in (
        "未录制鉴定过程视频。",
        "未发放防伪标签",
        "未拍摄照片。",
        "未记录检查项目结果。",
        "本次鉴定未记录与正品库参考款的比对。",
        "非正品",  # the verdict word of every table (issue 14 finding 5)
        "李宁",
        "NOT_AUTHENTIC",
    ):
        assert phrase in zh
    en = texts(build_story(data, "en"))
    assert "No video was recorded." in en and "No label was issued" in en
    assert data.audit is not None and data.audit.events >= 3  # item, appraisal, verdict
    result = appraisal_report(station, supervisor, uid, tmp_path / "r.pdf", lang="zh_CN")
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/FontFile2" in pdf  # the CJK font is embedded (as a subset), not referenced
    assert result["verdict"] == "counterfeit"


def test_documented_appraisal_shows_evidence_label_and_video(documented, tmp_path) -> None:
    station, uid, _ = documented
    data = gather(station, uid)
    assert data.video is not None and len(data.video.segments) == 2
    chained = "".join(s["sha256"] for s in data.video.segments)
    assert data.video.digest == hashlib.sha256(chained.encode()).hexdigest()
    assert data.label is not None and data.reference is not None and data.reference.path
    text = texts(build_story(data, "zh_CN"))
    assert data.video.digest in text
    assert data.public_url is None  # not published: no address, no link
    assert data.reference.title in text
    assert text.count("合格") >= 5 and "不适用" in text
    assert data.audit.merkle_root in text
    appraisal_report(station, _boss(station), uid, tmp_path / "full.pdf", lang="en")
    pdf = (tmp_path / "full.pdf").read_bytes()
    assert pdf.count(b"/Subtype /Image") >= 3  # item photo, reference, gallery


def test_deviation_map_comes_from_the_stored_comparison(documented, tmp_path) -> None:
    station, _, fake = documented
    data = gather(station, fake)
    assert data.reference.regions and data.reference.deviation > 0.5
    assert "差异热图" in texts(build_story(data, "zh_CN"))
    size = report_images.image_size(data.reference.path)
    region = data.reference.regions[0]
    overlay = report_images.heat_overlay(data.reference.path, data.reference.regions, size, 400)
    image = cv2.imdecode(np.frombuffer(overlay, np.uint8), cv2.IMREAD_COLOR)
    scale = image.shape[1] / size[0]
    cx, cy = (
        int((region["x"] + region["w"] / 2) * scale),
        int((region["y"] + region["h"] / 2) * scale),
    )
    base = report_images.load_small(data.reference.path, 400)
    assert np.abs(image[cy, cx].astype(int) - base[cy, cx].astype(int)).sum() > 60  # tinted
    corner = (image.shape[0] - 3, image.shape[1] - 3)
    assert np.abs(image[corner].astype(int) - base[corner].astype(int)).sum() < 30  # untouched


def test_report_cli(
    documented, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    station, uid, _ = documented
    args = ["--data-dir", str(station.data.root), "report"]
    boss = ["--user", "supervisor"]
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-supervisor\n"))
    assert main([*args, uid, "--lang", "zh_CN", "--out", str(tmp_path / "a.pdf"), *boss]) == 0
    assert (tmp_path / "a.pdf").stat().st_size > 10_000
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-supervisor\n"))
    assert main([*args, "AP-NOPE", "--out", str(tmp_path / "b.pdf"), *boss]) == 2
    assert "No appraisal AP-NOPE" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_the_internal_report_needs_a_signed_in_supervisor_and_says_it_is_internal(
    documented, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 14 finding 2: the full report (customs data, people, notes, the label's signed
    payload) is internal: a supervisor signs in for it and every page says so."""
    station, uid, _ = documented
    args = ["--data-dir", str(station.data.root), "report", uid, "--out", str(tmp_path / "r.pdf")]
    with pytest.raises(SystemExit):
        main(args)  # --user is required
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-appraiser1\n"))
    assert main([*args, "--user", "appraiser1"]) == 2
    assert "needs a supervisor" in capsys.readouterr().err
    with pytest.raises(PermissionDenied):
        appraisal_report(station, None, uid, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
    appraisal_report(station, _boss(station), uid, tmp_path / "r.pdf", lang="en")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Appraisal report (internal)" in text and "Do not publish it" in text
    pages = text.count("\f")
    assert text.count("INTERNAL") >= pages >= 1  # on every page's footer


def _boss(station: Station) -> Session:
    return check_password(station.store, "supervisor", "demo-supervisor")
