"""Printed text as evidence (issue 13 item 5): a changed letter of a rendered label's brand
word is named in its region with both readings; a genuine label gets no text finding;
without a loadable OCR there is one clear error and matching goes on without text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds.base import Entry
from appraiser.cli.main import main
from appraiser.matching import distinct, text, text_evidence
from appraiser.matching.comparison import Comparison, Region
from appraiser.matching.engine import Matcher
from appraiser.matching.text_compare import differs, names_other, normalise
from appraiser.services.admin.station import Station
from tests.core.world_station import world_station

WORLD = worlds.WORLDS["atelier"]  # a tuning world: a label with a Latin brand word
CLEAN_SEEDS = (3, 5)  # camera seeds whose photos show the whole label (no hand, no glare)


@pytest.fixture(scope="module")
def label(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, Entry]]:
    root = tmp_path_factory.mktemp("text")
    entries, _ = WORLD.catalogue(4, 11)
    with world_station(root, WORLD, entries) as station:
        yield station, entries[0]


@pytest.fixture(scope="module")
def matcher(label: tuple[Station, Entry]) -> Matcher:
    station, _ = label
    return Matcher(station.store, station.data)


def _brand(entry: Entry) -> str:
    return entry.design.first("brand").params["text"]


def _misspelt(entry: Entry) -> tuple[object, str]:
    """The label with the brand word's third letter changed (O → P, as a counterfeiter)."""
    brand = entry.design.first("brand")
    word = _brand(entry)
    changed = word[:2] + ("P" if word[2] != "P" else "R") + word[3:]
    return entry.design.replace("brand", brand.with_params(text=changed)), changed


def _photo(design, entry: Entry, seed: int) -> np.ndarray:
    photo, occluders, _ = WORLD.photograph(design, entry.surface, seed)
    assert not occluders  # the test means a clean photo of the whole label
    return photo


def _texts(line: dict) -> list[dict]:
    return [r for r in line["regions"] if "text" in r]


def test_a_changed_letter_of_the_brand_is_named_in_its_region(
    label: tuple[Station, Entry], matcher: Matcher
) -> None:
    _, entry = label
    fake, changed = _misspelt(entry)
    line = matcher.match(_photo(fake, entry, CLEAN_SEEDS[1])).as_dict()
    assert line["candidates"][0]["version_id"] == entry.id
    found = _texts(line)
    assert [r["text"] for r in found] == [{"photo": changed, "reference": _brand(entry)}]
    bx, by, bw, bh = entry.design.first("brand").box
    region = found[0]
    assert {"x", "y", "w", "h", "score"} <= set(region)  # every existing key kept
    assert region["x"] < bx + bw and bx < region["x"] + region["w"]
    assert region["y"] < by + bh and by < region["y"] + region["h"]
    assert line["suggestion"] == "deviates" and line["deviation"] == 1.0


GLARE_SEED = 215  # a camera seed whose photo has only a glare patch, over the brand word


def test_a_changed_letter_read_whole_under_glare_is_still_named(
    label: tuple[Station, Entry], matcher: Matcher
) -> None:
    """Glare washes strokes out, never draws one: a P where the genuine label prints an O,
    shown whole under a glare patch, is still evidence (it was thrown away with the
    line, and the counterfeit read consistent), and the genuine label under the same
    light gets no finding."""
    _, entry = label
    fake, changed = _misspelt(entry)
    photo, occluders, _ = WORLD.photograph(fake, entry.surface, GLARE_SEED)
    assert [o["kind"] for o in occluders] == ["glare"]
    line = matcher.match(photo).as_dict()
    bx, by, bw, bh = entry.design.first("brand").box
    glare = [a["box"] for a in line["not_inspected"] if a["reason"] == "glare"]
    assert any(x < bx + bw and bx < x + w and y < by + bh and by < y + h for x, y, w, h in glare)
    assert [r["text"] for r in _texts(line)] == [{"photo": changed, "reference": _brand(entry)}]
    assert line["suggestion"] == "deviates"
    genuine, _, _ = WORLD.photograph(entry.design, entry.surface, GLARE_SEED)
    clean = matcher.match(genuine).as_dict()
    assert _texts(clean) == [] and clean["suggestion"] == "consistent"


def _renamed(entry: Entry) -> tuple[object, str, str]:
    """The label with another product name in the model line: a product of the same
    house that the library lacks (brand, emblem, layout and house font all shared)."""
    model = entry.design.first("model")
    name = "Xoryn 58"
    assert names_other(name, model.params["text"])
    return entry.design.replace("model", model.with_params(text=name)), name, model.params["text"]


def test_a_label_that_prints_another_product_name_is_no_match(
    label: tuple[Station, Entry], matcher: Matcher
) -> None:
    """A brand-mate the library lacks agrees with this reference everywhere but its
    name: read in the photo, the other name answers no_match (an appraiser is never told
    a genuine new product is a fake of its house-mate)."""
    _, entry = label
    renamed, name, genuine = _renamed(entry)
    result = matcher.match(_photo(renamed, entry, CLEAN_SEEDS[1]))
    assert result.suggestion == "no_match"
    assert result.best is not None and result.best.evidence is not None
    assert result.best.evidence.other_name == (name, genuine)


def test_its_own_name_read_in_the_photo_identifies_a_product_the_picture_does_not(
    label: tuple[Station, Entry], matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bottle's bent, glared label loses the descriptors rare to its product; its
    catalogue name, printed and read where the reference prints it, still names it
    (a house-mate shares the brand, the size and the layout, never the name)."""
    _, entry = label
    monkeypatch.setattr(distinct, "FLOOR", 10_000)  # no picture evidence ever suffices
    monkeypatch.setattr(distinct, "AGREES", 2.0)
    result = matcher.match(_photo(entry.design, entry, CLEAN_SEEDS[1]))
    assert result.best is not None and result.best.version_id == entry.id
    assert result.best.evidence.own_name == entry.design.first("model").params["text"]
    assert result.suggestion == "consistent"
    renamed, _, _ = _renamed(entry)  # another name: neither its own nor identified
    assert matcher.match(_photo(renamed, entry, CLEAN_SEEDS[1])).suggestion == "no_match"


def test_a_name_is_evidence_only_read_exactly_and_never_against_another_name() -> None:
    weak = {"distinct": 0, "inliers": 30, "runner_up": 29, "agreement": 0.9}
    assert not distinct.Evidence(**weak).known
    assert distinct.Evidence(**weak, own_name="Saient 75").known
    strong = {**weak, "distinct": 40, "runner_up": 0, "agreement": 1.0}
    assert not distinct.Evidence(**strong, other_name=("Xoryn 58", "Saient 75")).known


def test_match_says_which_reading_made_it_no_match(
    label: tuple[Station, Entry], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    station, entry = label
    renamed, name, genuine = _renamed(entry)
    photo = tmp_path / "renamed.png"
    cv2.imwrite(str(photo), _photo(renamed, entry, CLEAN_SEEDS[1]))
    root = str(station.data.root)
    assert main(["--data-dir", root, "match", str(photo), "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["suggestion"] == "no_match" and line["deviation"] is None
    assert line["reads_other"] == {"photo": name, "reference": genuine}
    assert main(["--data-dir", root, "match", str(photo)]) == 0
    out = capsys.readouterr().out
    assert f"reads {name!r} where it prints {genuine!r}: another product" in out


def test_with_the_version_given_another_name_is_a_deviation_named_in_its_region(
    label: tuple[Station, Entry], matcher: Matcher
) -> None:
    _, entry = label
    renamed, name, genuine = _renamed(entry)
    line = matcher.match(_photo(renamed, entry, CLEAN_SEEDS[1]), version_id=entry.id).as_dict()
    assert line["suggestion"] == "deviates"
    assert [r["text"] for r in _texts(line)] == [{"photo": name, "reference": genuine}]


@pytest.mark.parametrize("seed", CLEAN_SEEDS)
def test_a_genuine_label_gets_no_text_finding(
    label: tuple[Station, Entry], matcher: Matcher, seed: int
) -> None:
    _, entry = label
    line = matcher.match(_photo(entry.design, entry, seed)).as_dict()
    assert line["candidates"][0]["version_id"] == entry.id
    assert _texts(line) == []


def test_the_reference_text_is_read_once_and_kept(
    label: tuple[Station, Entry], matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    station, entry = label
    matcher.match(_photo(entry.design, entry, CLEAN_SEEDS[0]))
    kept = list((station.data.library / "text").glob("*.json"))
    assert kept and any(_brand(entry) in p.read_text(encoding="utf-8") for p in kept)

    def no_detection(self, image):  # a second station process must not read it again
        raise AssertionError("the reference was read again")

    monkeypatch.setattr(text.Reader, "boxes", no_detection)
    fake, changed = _misspelt(entry)
    line = Matcher(station.store, station.data).match(_photo(fake, entry, CLEAN_SEEDS[1]))
    assert [r["text"]["photo"] for r in _texts(line.as_dict())] == [changed]


def test_without_the_ocr_one_clear_error_and_matching_goes_on(
    label: tuple[Station, Entry],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    station, entry = label
    monkeypatch.setenv("APPRAISER_OCR_MODELS", str(tmp_path / "no-models"))
    monkeypatch.setattr(text, "_READER", text.Reader())  # a fresh process: nothing loaded
    fake, _ = _misspelt(entry)
    with caplog.at_level(logging.ERROR, logger=text.__name__):
        matcher = Matcher(station.store, station.data)
        lines = [matcher.match(_photo(fake, entry, s)).as_dict() for s in CLEAN_SEEDS]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    assert "OCR engine could not be loaded" in errors[0] and "bootstrap.py setup" in errors[0]
    assert text.status() == errors[0]
    for line in lines:
        assert line["candidates"][0]["version_id"] == entry.id
        assert line["deviation"] is not None and _texts(line) == []


def _saved(tmp_path: Path, label: tuple[Station, Entry]) -> tuple[Path, str]:
    _, entry = label
    fake, changed = _misspelt(entry)
    path = tmp_path / "bench.png"
    cv2.imwrite(str(path), _photo(fake, entry, CLEAN_SEEDS[1]))
    return path, changed


def test_match_names_the_readings_in_json_and_in_words(
    label: tuple[Station, Entry], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    station, entry = label
    photo, changed = _saved(tmp_path, label)
    root = str(station.data.root)
    assert main(["--data-dir", root, "match", str(photo), "--json"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert [r["text"] for r in _texts(line)] == [{"photo": changed, "reference": _brand(entry)}]
    assert main(["--data-dir", root, "match", str(photo)]) == 0
    assert f"reads {changed!r}, genuine {_brand(entry)!r}" in capsys.readouterr().out


def test_match_says_once_that_text_evidence_is_off(
    label: tuple[Station, Entry],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    station, entry = label
    photo, _ = _saved(tmp_path, label)
    monkeypatch.setenv("APPRAISER_OCR_MODELS", str(tmp_path / "no-models"))
    monkeypatch.setattr(text, "_READER", text.Reader())
    argv = ["--data-dir", str(station.data.root), "match", str(photo), str(photo), "--json"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["candidates"][0]["version_id"] for x in lines] == [entry.id, entry.id]
    assert all(_texts(x) == [] for x in lines)
    assert err.count("Text evidence is off") == 1, err


def test_the_reference_is_read_tallest_line_first_and_no_further_than_kept(
    label: tuple[Station, Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recognition is the costly half of reading a reference: with one line to keep,
    reading stops at the brand word (the tallest confident line), sharp and softened,
    and the small print below it is never recognised."""
    _, entry = label
    ref = WORLD.reference(entry)
    read = text.reader()
    boxes = read.boxes(ref)
    assert len(boxes) > 4, "the label shows more lines than it keeps"
    recognised: list[np.ndarray] = []
    reading = text.Reader.read

    def counted(self: text.Reader, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        recognised.extend(crops)
        return reading(self, crops)

    monkeypatch.setattr(text.Reader, "read", counted)
    monkeypatch.setattr(text, "REF_LINES", 1)
    kept = text.reliable_lines(read, ref)
    assert [ln.text for ln in kept] == [_brand(entry)]
    brand_height = kept[0].box[3]
    assert len(recognised) <= 1 + sum(b[3] >= brand_height for b in boxes) < len(boxes)


def test_two_threads_at_once_read_what_one_reads_alone(label: tuple[Station, Entry]) -> None:
    """The compare view matches on worker threads: a reference read (detection) and a
    photo read (recognition only) at the same time must not swap each other's switches."""
    _, entry = label
    ref = WORLD.reference(entry)
    x, y, w, h = entry.design.first("brand").box
    crop = ref[y - 8 : y + h + 8, x - 8 : x + w + 8]
    read = text.reader()
    alone_boxes, alone_crop = read.boxes(ref), read.read([crop])
    with ThreadPoolExecutor(2) as pool:
        boxes = [pool.submit(read.boxes, ref) for _ in range(4)]
        crops = [pool.submit(read.read, [crop]) for _ in range(4)]
        assert all(f.result() == alone_boxes for f in boxes)
        assert all(f.result() == alone_crop for f in crops)
    assert alone_crop[0][0] == _brand(entry)


def test_a_reading_names_another_product_only_when_most_of_a_name_differs() -> None:
    assert names_other("Fonlys 63", "Tierdor 92")
    assert names_other("Rabel", "MIKIRI")
    assert not names_other("GNILU", "GRILU")  # a changed letter: a typo, not a name
    assert not names_other("Phyl", "Phyluta")  # cut short at the crop's end
    assert not names_other("MARDORRO", "MARDORROY")
    assert not names_other("3,450", "4,000")  # a price differs between regions
    assert not names_other("100 mL", "30 mL")  # so does a size
    assert not names_other("A", "Namami")  # too short a reading to name anything


def test_readings_that_differ_by_noise_or_framing_are_not_a_changed_letter() -> None:
    assert differs("GNILU", "GRILU")
    assert differs("5OLSAIGIO", "SOLSAIGIO")
    assert not differs("Grilu", "GRILU")  # case is what OCR gets wrong, not a typo
    assert not differs("GRI LU.", "GRILU")  # spacing and punctuation likewise
    assert not differs("ＧＲＩＬＵ", "GRILU")  # full-width forms fold
    assert not differs("GRIL", "GRILU")  # a word cut short at the crop's end
    assert not differs("XQZW", "GRILU")  # another line altogether
    assert not differs("Made in ltaly", "Made in Italy")  # I and l are drawn alike
    assert not differs("M0NTREVE", "MONTREVE")  # so are O and 0
    assert differs("MLKIRI", "MIKIRI")  # but a capital L is not an I
    assert not differs("EU-UC501259242", "EU-UC 647501259242")  # digits not read inside
    assert differs("GRLU", "GRILU")  # one letter dropped is a typo
    assert differs("EU-UC 64750125", "EU-UC 647501259242") is False  # cut short at the end
    assert normalise("Art. 8471-Y") == "art8471y"
    assert not differs("Sun Fluíd SPF50", "Sun Fluid SPF50")  # an i's dot read as an accent
    assert not differs("Fabrique en France", "Fabriqué en France")
    assert differs("수분 셰럼", "수분 세럼")  # a Hangul syllable is still a letter of its own


def test_a_finding_keeps_the_region_it_lands_in() -> None:
    region = Region(10, 20, 30, 12, 0.4, "brand")
    comparison = Comparison(
        0.2, 0.4, [region], np.zeros((4, 4), np.float32), np.zeros((4, 4, 3)), 1.0, 1.0
    )
    finding = text.Finding((5, 18, 60, 16), "GNILU", "GRILU", 0.93)
    text_evidence.attach(comparison, [finding])
    (only,) = comparison.regions
    assert only.as_dict() == {
        **region.as_dict(),
        "score": 0.93,
        "text": {"photo": "GNILU", "reference": "GRILU"},
    }
    assert only.roi == "brand" and comparison.deviation == 1.0


class _Misreading(text.Reader):
    """An OCR that reads every crop as GNILU, surely: noise that repeats itself."""

    def __init__(self) -> None:
        super().__init__()
        self.crops = 0

    def read(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [("GNILU", 0.97)] * len(crops)


def _comparison(hot: bool) -> Comparison:
    heat = np.zeros((40, 40), np.float32)
    if hot:  # the deviation map sees a changed stroke inside the line (work scale 0.1)
        heat[11:13, 15:18] = 0.8
    blank = np.zeros((40, 40, 3), np.uint8)
    return Comparison(0.3, 0.5, [], heat, blank, 0.1, 1.0)


@pytest.mark.parametrize("hot", [False, True])
def test_a_line_is_read_only_where_the_picture_differs(hot: bool) -> None:
    comparison = _comparison(hot)
    read = _Misreading()
    line = text.Line((100, 100, 200, 40), "GRILU", 0.99)
    photo = np.full((400, 400, 3), 200, np.uint8)  # paper, not blown out white
    found = text.compare_photo(
        read,
        photo,
        np.eye(3),
        [line],
        worth=lambda box: text_evidence.heat(comparison, box) >= text_evidence.HEAT_GATE,
    )
    if hot:
        assert [f.as_dict() for f in found] == [{"photo": "GNILU", "reference": "GRILU"}]
        assert read.crops == 2  # the reading, then its wider confirmation
    else:
        assert found == [] and read.crops == 0  # a misreading never gets the chance


def test_the_brand_word_is_read_even_where_the_picture_shows_nothing() -> None:
    """An O turned into a Q changes two or three pixels the deviation map forgives as
    misregistration: the brand word (the tallest line) is read on every photo."""
    brand = text.Line((100, 100, 200, 40), "GRILU", 0.99)
    small = text.Line((100, 200, 200, 12), "Made in Italy", 0.99)
    cold = text_evidence.worth(_comparison(False), [brand, small])
    assert cold(brand.box) and not cold(small.box)
    hot = text_evidence.worth(_comparison(True), [small])
    assert hot((100, 100, 200, 40))  # where the map sees a difference, any line
