"""The consumer bundle: self-contained, mobile-friendly, signed, with the playable video —
and public in the strict sense of DESIGN §3.5: nothing in it prints a working label, names
internal data, or sits at a guessable address."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import av
import pytest
from report_support import bare_appraisal, documented_appraisal

from appraiser.cli.main import main
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.labels import layouts
from appraiser.labels import pdf as label_pdf
from appraiser.reports.atomic import ExportFolderError
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station
from appraiser.services.labelling.labels import content as label_content
from appraiser.services.records.exports import verify_exports
from appraiser.services.records.reports import export_bundle

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|@import|url\(\s*["']?https?:""")


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, str]]:
    root = tmp_path_factory.mktemp("bundle")
    station = Station.open(root / "station")
    yield station, documented_appraisal(station, root)
    station.close()


def _boss(station: Station) -> Session:
    return check_password(station.store, "supervisor", "demo-supervisor")


def _bundle(station: Station, uid: str, parent: Path, lang: str = "en") -> Path:
    return Path(export_bundle(station, _boss(station), uid, parent, lang=lang)["folder"])


def test_bundle_holds_page_video_pdf_and_a_valid_manifest(documented, tmp_path: Path) -> None:
    station, uid = documented
    out = _bundle(station, uid, tmp_path, "zh_CN")
    names = sorted(p.name for p in out.iterdir())
    assert {"index.html", "video.mp4", "report.pdf", "manifest.json", "reference.jpg"} <= set(names)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<video src="video.mp4"' in page and "<script" not in page
    assert not EXTERNAL.search(page)  # no CDN, font service or tracker
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert (out / ref).is_file(), ref  # every asset is in the folder
    assert "正品" in page and uid in page  # the verdict word of every table (issue 14)
    with av.open(str(out / "video.mp4")) as video:
        stream = video.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = sum(1 for _ in video.decode(stream))
    assert frames == 30  # two one-second segments at 15 fps, joined
    assert verify_exports(station, out).ok


def _zbar(image: Path) -> list[str]:
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True, check=False
    )
    return [line for line in done.stdout.splitlines() if line]


def _pdf_codes(pdf: Path, scratch: Path) -> list[str]:
    """Barcodes on the PDF's pages rendered at 300 dpi (zbar misses a 30 mm QR at 200)."""
    prefix = scratch / pdf.stem
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(prefix)], check=True)
    return [c for page in sorted(scratch.glob(f"{pdf.stem}*.png")) for c in _zbar(page)]


def _everything_readable(folder: Path, scratch: Path) -> tuple[str, list[str]]:
    """All text a reader can get out of the bundle, and every barcode zbar finds in its
    images and in the PDF's pages rendered at print resolution."""
    texts, codes = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".html", ".json"):
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jpg":
            codes += _zbar(path)
        elif path.suffix == ".pdf":
            texts.append(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                        text=True, check=True).stdout)  # fmt: skip
            texts.append(path.read_bytes().decode("latin-1"))  # metadata, raw streams
            codes += _pdf_codes(path, scratch)
    return "\n".join(texts), codes


def test_nothing_in_the_bundle_prints_a_working_label_or_shows_internal_data(
    documented, tmp_path: Path
) -> None:
    """issue 14 finding 2: the bundle's report.pdf carried the full signed QR and URL (a
    screenshot verified as a genuine label) and showed consumers the declaration number,
    merchant, logins, notes and the review history; the address was the sequential id."""
    station, uid = documented
    store = station.store
    label = store.one("SELECT serial, payload FROM labels WHERE appraisal_uid = ?", (uid,))
    item = store.one(
        "SELECT i.declaration_no, i.merchant FROM items i JOIN appraisals a "
        "ON a.item_uid = i.uid WHERE a.uid = ?",
        (uid,),
    )
    out = _bundle(station, uid, tmp_path)
    scratch = tmp_path / "pages"
    scratch.mkdir()
    text, codes = _everything_readable(out, scratch)
    assert codes == [], codes  # no QR (nor any barcode) anywhere in the bundle
    printed = tmp_path / "label.pdf"  # the detector works: the label's own PDF has it
    layout = layouts.load(station.settings.label_stock)
    printed.write_bytes(label_pdf.render(layout, [label_content(station, label["serial"])]))
    assert label["payload"] in _pdf_codes(printed, scratch)
    assert label["payload"] not in text
    assert not re.search(r"[?&]s=", text) and "/21/" not in text and "/a/" not in text
    serial = label["serial"]
    assert serial not in text and serial[:-4] not in text  # never the serial with its check
    assert re.sub(r"(.{4})", r"\1-", serial)[:19] not in text  # nor its grouped form
    assert serial[-4:] in text  # only its ending, to match the label in hand
    assert item["declaration_no"] not in text and item["merchant"] not in text
    for user in store.query("SELECT username, display_name FROM users"):
        assert user["username"] not in text.split(), user  # no login
        assert user["display_name"] not in text, user  # no name
    for note in store.query("SELECT note, reason FROM verdicts WHERE appraisal_uid = ?", (uid,)):
        for words in (note["note"], note["reason"]):
            assert not words or words not in text
    assert "Printed" in text or "Issued" in text  # the label's state is there
    # the address: 128 random bits, not the sequential id
    assert re.fullmatch(r"[0-9a-f]{32}", out.name) and uid not in out.name
    assert uid.rsplit("-", 1)[0] not in out.name


def test_reexport_lands_at_the_same_address_and_foreign_folders_are_refused(
    documented, tmp_path: Path
) -> None:
    station, uid = documented
    first = _bundle(station, uid, tmp_path, "en")
    again = _bundle(station, uid, tmp_path, "zh_CN")  # same address, replaced cleanly
    assert first == again and verify_exports(station, again).ok
    assert 'lang="zh-CN"' in (again / "index.html").read_text(encoding="utf-8")
    foreign = tmp_path / "elsewhere" / again.name  # that address, holding someone's file
    foreign.mkdir(parents=True)
    (foreign / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(ExportFolderError):
        _bundle(station, uid, tmp_path / "elsewhere")
    assert [p.name for p in foreign.iterdir()] == ["thesis.docx"]


def test_only_genuine_items_are_published(
    station: Station,
    supervisor: Session,
    appraiser_session: Session,
    password,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
) -> None:
    """issue 14 finding 2: counterfeit verdicts got public bundles too."""
    uid = bare_appraisal(station, appraiser_session, password)  # counterfeit
    tmp_path = tmp_path / "site"
    tmp_path.mkdir()
    with pytest.raises(InvalidInput, match="only genuine items"):
        export_bundle(station, supervisor, uid, tmp_path)
    assert list(tmp_path.iterdir()) == []
    base = ["--data-dir", str(station.data.root), "export", "bundle", uid, "--out"]
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main([*base, str(tmp_path), "--user", supervisor.username]) == 2
    assert "only genuine items get a consumer bundle" in capsys.readouterr().err


def test_bundles_need_a_signed_in_supervisor(
    documented, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """issue 14 finding 2 (and 10): publishing is a supervisor's act, audited by name."""
    station, uid = documented
    appraiser = check_password(station.store, "appraiser1", "demo-appraiser1")
    with pytest.raises(PermissionDenied):
        export_bundle(station, appraiser, uid, tmp_path)
    with pytest.raises(PermissionDenied):
        export_bundle(station, None, uid, tmp_path)
    base = ["--data-dir", str(station.data.root), "export", "bundle", uid, "--out", str(tmp_path)]
    with pytest.raises(SystemExit):  # --user is required
        main(base)
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong password\n"))
    assert main([*base, "--user", "supervisor"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-appraiser1\n"))
    assert main([*base, "--user", "appraiser1"]) == 2
    assert "supervisor" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_bundle_cli_and_tampering(documented, tmp_path: Path, monkeypatch, capsys) -> None:
    station, uid = documented
    base = ["--data-dir", str(station.data.root)]
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-supervisor\n"))
    args = [*base, "export", "bundle", uid, "--out", str(tmp_path), "--lang", "en"]
    assert main([*args, "--user", "supervisor"]) == 0
    out = next(p for p in tmp_path.iterdir() if p.is_dir())
    assert main([*base, "export", "verify", str(out)]) == 0
    page = out / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Genuine", "Verified"), encoding="utf-8"
    )
    assert main([*base, "export", "verify", str(out)]) == 1
