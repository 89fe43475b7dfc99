"""The consumer bundle: self-contained, mobile-friendly, signed, with the playable video."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import av
import pytest
from report_support import bare_appraisal, documented_appraisal

from appraiser.cli.main import main
from appraiser.reports.atomic import ExportFolderError
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import verify_exports
from appraiser.services.records.reports import export_bundle

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|@import|url\(\s*["']?https?:""")


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, str]]:
    root = tmp_path_factory.mktemp("bundle")
    station = Station.open(root / "station")
    yield station, documented_appraisal(station, root)
    station.close()


def test_bundle_holds_page_video_pdf_and_a_valid_manifest(documented, tmp_path: Path) -> None:
    station, uid = documented
    out = tmp_path / uid
    result = export_bundle(station, uid, out, lang="zh_CN")
    assert result["video"] is True
    names = sorted(p.name for p in out.iterdir())
    assert {"index.html", "video.mp4", "report.pdf", "manifest.json", "reference.jpg"} <= set(names)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<video src="video.mp4"' in page and "<script" not in page
    assert not EXTERNAL.search(page)  # no CDN, font service or tracker
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert (out / ref).is_file(), ref  # every asset is in the folder
    assert "真品" in page and uid in page
    with av.open(str(out / "video.mp4")) as video:
        stream = video.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = sum(1 for _ in video.decode(stream))
    assert frames == 30  # two one-second segments at 15 fps, joined
    assert verify_exports(station, out).ok


def test_bundle_without_video_says_so(
    station: Station, tmp_path: Path, appraiser_session, password
) -> None:
    uid = bare_appraisal(station, appraiser_session, password)
    result = export_bundle(station, uid, tmp_path / "b", lang="en")
    page = (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    assert result["video"] is False and not (tmp_path / "b" / "video.mp4").exists()
    assert "No video was recorded." in page and "<video" not in page
    assert "No photos were taken." in page


def test_reexport_replaces_and_foreign_folders_are_refused(documented, tmp_path: Path) -> None:
    station, uid = documented
    out = tmp_path / "site"
    export_bundle(station, uid, out, lang="en")
    export_bundle(station, uid, out, lang="zh_CN")  # same folder again: replaced cleanly
    assert verify_exports(station, out).ok
    assert 'lang="zh-CN"' in (out / "index.html").read_text(encoding="utf-8")
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(ExportFolderError):
        export_bundle(station, uid, other)
    assert (other / "thesis.docx").read_bytes() == b"mine"


def test_bundle_cli_and_tampering(documented, tmp_path: Path) -> None:
    station, uid = documented
    out = tmp_path / "cli"
    base = ["--data-dir", str(station.data.root)]
    assert main([*base, "export", "bundle", uid, "--out", str(out), "--lang", "en"]) == 0
    assert main([*base, "export", "verify", str(out)]) == 0
    page = out / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Genuine", "Verified"), encoding="utf-8"
    )
    assert main([*base, "export", "verify", str(out)]) == 1
