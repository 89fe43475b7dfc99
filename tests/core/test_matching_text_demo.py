"""Text evidence on the demo library's labels (black-box testers' findings): a changed
letter of a brand framed by the label's rule, another product's name under glare, a
price sticker over part of a genuine name, and a letter-spaced brand whose first letter
the reference's reading lost."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs, version_id
from appraiser.matching import text
from appraiser.matching.engine import Matcher
from appraiser.matching.text_compare import names_other
from appraiser.services.admin.station import Station
from appraiser.services.reference import library

VERSIONS, SEED = 3, 7


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matcher]:
    root = tmp_path_factory.mktemp("demo-text")
    station = Station.open(root / "station")
    pack = build_demo_pack(root / "pack", versions=VERSIONS, seed=SEED)
    library.import_pack(station.store, station.data, pack, "test")
    yield Matcher(station.store, station.data)
    station.close()


def _spec() -> synthetic.ProductSpec:
    return demo_specs(VERSIONS, SEED)[0]


def _photo(art: np.ndarray, scale: int = 3) -> np.ndarray:
    """The label on a grey bench, ``scale`` times its size, a little soft: a close-up."""
    big = cv2.resize(art, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    bench = np.full((big.shape[0] + 240, big.shape[1] + 240, 3), (70, 66, 64), np.uint8)
    bench[120 : 120 + big.shape[0], 120 : 120 + big.shape[1]] = big
    return cv2.GaussianBlur(bench, (0, 0), 1.2)


def _line(spec: synthetic.ProductSpec, words: str) -> text.Box:
    art = synthetic.render(spec)
    found = [ln.box for ln in text.reliable_lines(text.reader(), art) if ln.text == words]
    assert found, f"the reference never reads {words!r}"
    return found[0]


def test_a_changed_letter_beside_the_labels_rule_is_named(matcher: Matcher) -> None:
    """The wider confirming crop also catches the frame's rule (read as "I"): the
    reading holds the changed word whole, so it still confirms it."""
    spec = _spec()
    changed = spec.brand[:-2] + ("L" if spec.brand[-2] != "L" else "T") + spec.brand[-1]
    fake = synthetic.render(dataclasses.replace(spec, brand=changed))
    line = matcher.match(_photo(fake, scale=2)).as_dict()
    assert line["suggestion"] == "deviates"
    texts = [r["text"] for r in line["regions"] if "text" in r]
    assert texts == [{"photo": changed, "reference": spec.brand}]


def test_another_name_under_glare_is_still_another_product(matcher: Matcher) -> None:
    spec = _spec()
    x, y, w, h = _line(spec, spec.model)
    other = dataclasses.replace(spec, model="Saient 75")
    art = synthetic.render(other).astype(np.float32)
    glare = np.zeros(art.shape[:2], np.float32)
    cv2.ellipse(glare, (x + w // 2, y + h // 2), (w // 2 + 10, h), 0, 0, 360, 1.0, -1)
    glare = cv2.GaussianBlur(glare, (0, 0), 6)[..., None]
    shone = np.clip(art + glare * 110, 0, 255).astype(np.uint8)
    result = matcher.match(_photo(shone))
    assert result.best is not None
    line = result.as_dict()
    assert line["suggestion"] == "no_match"
    assert line["reads_other"] == {"photo": "Saient 75", "reference": spec.model}


def test_a_price_sticker_over_part_of_the_name_is_not_another_product(matcher: Matcher) -> None:
    spec = _spec()
    x, y, w, h = _line(spec, spec.model)
    art = synthetic.render(spec)
    sx = x + w // 3
    cv2.rectangle(art, (sx, y - 3), (x + w + 30, y + h + 3), (250, 250, 250), -1)
    cv2.putText(art, "$59.90", (sx + 3, y + h - 4), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (20, 20, 20), 2)
    line = matcher.match(_photo(art)).as_dict()
    assert line["suggestion"] != "no_match"
    assert "reads_other" not in line


def test_a_reading_that_keeps_the_start_or_end_of_the_name_names_nothing_else() -> None:
    assert not names_other("Ren$59.90", "Renka 76")  # a sticker over the rest
    assert not names_other("Far$59.90", "Famon 51")  # mostly a price: no name
    assert not names_other("$5.99nka 76", "Renka 76")
    assert names_other("Saient 75", "Famon 51")


def _kestrel() -> synthetic.ProductSpec:
    """The demo's letter-spaced brand, "K E S T R E L" on a hatched panel."""
    return next(s for s in demo_specs(6, SEED) if s.brand == "KESTREL")


def test_a_letter_spaced_brand_is_read_whole_on_the_reference() -> None:
    """On the 256-px label the detector left the K out of the line: the reference read
    "ESTREL", so a counterfeit "SESTREL" read the same and passed."""
    spec = _kestrel()
    read = [ln.text for ln in text.reliable_lines(text.reader(), synthetic.render(spec))]
    assert spec.brand in read


@pytest.fixture(scope="module")
def six(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matcher]:
    """The demo library's first six versions: KESTREL among them."""
    root = tmp_path_factory.mktemp("demo-six")
    station = Station.open(root / "station")
    pack = build_demo_pack(root / "pack", versions=6, seed=SEED)
    library.import_pack(station.store, station.data, pack, "test")
    yield Matcher(station.store, station.data)
    station.close()


def test_a_changed_first_letter_of_a_spaced_brand_is_named(six: Matcher) -> None:
    fake = synthetic.render(dataclasses.replace(_kestrel(), brand="SESTREL"))
    line = six.match(_photo(fake)).as_dict()
    assert line["suggestion"] == "deviates"
    assert {"photo": "SESTREL", "reference": "KESTREL"} in [r.get("text") for r in line["regions"]]


def paper(art: np.ndarray, box: text.Box) -> tuple[int, int, int]:
    """The label's ground round ``box``: its brightest common colour just outside."""
    x, y, w, h = box
    ring = np.concatenate([art[y - 4, x : x + w], art[y + h + 3, x : x + w]])
    return tuple(int(v) for v in np.median(ring, axis=0))


def test_other_words_in_small_print_are_no_other_product(matcher: Matcher) -> None:
    """Only a line printing the product's catalogue name tells which product it is. A
    crop a few pixels off on a bottle read "for EU market" where the reference prints
    "CE Made", and a genuine item was answered no_match; here the small print itself
    is changed, which makes a deviation of this product, not another product."""
    spec = _spec()
    small = next(
        ln
        for ln in text.reliable_lines(text.reader(), synthetic.render(spec))
        if ln.text not in (spec.brand, spec.model)
    )
    x, y, w, h = small.box
    art = synthetic.render(spec)
    cv2.rectangle(art, (x - 2, y - 2), (x + w + 2, y + h + 2), paper(art, small.box), -1)
    font, ink = cv2.FONT_HERSHEY_SIMPLEX, (20, 20, 20)
    cv2.putText(art, "Quinby Hotpix", (x, y + h - 3), font, 0.45, ink, 1)
    line = matcher.match(_photo(art)).as_dict()
    assert line["candidates"][0]["version_id"] == version_id(spec)
    assert line["suggestion"] == "deviates" and "reads_other" not in line


def test_the_lines_that_name_the_product() -> None:
    brand = text.Line((20, 110, 140, 26), "KESTREL", 1.0)
    model = text.Line((20, 150, 70, 18), "Anka 60", 1.0)
    small = text.Line((150, 290, 60, 15), "CE Made", 1.0)
    assert text.name_lines([brand, model, small], ["KESTREL", "Anka 60"]) == [brand, model]
    assert text.name_lines([brand, small], ["KESTRFL", ""]) == [brand]  # a letter misread
    assert text.name_lines([model, small], ["Voltari", "Mongri 69"]) == [model]  # the tallest
