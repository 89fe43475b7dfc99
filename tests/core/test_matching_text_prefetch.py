"""A reference never read costs about half a second of OCR: the matcher starts reading
its lead candidate's reference on a background thread while it compares pictures, and
the text check then waits for that reading instead of making its own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds.base import Entry
from appraiser.matching import text
from appraiser.matching.engine import Matcher
from tests.core.world_station import world_station

WORLD = worlds.WORLDS["atelier"]
LINE = text.Line((10, 10, 80, 20), "KESTREL", 0.99)


def _counting(monkeypatch: pytest.MonkeyPatch, gate: threading.Event | None = None) -> list[str]:
    """Replace the OCR of a reference by one that records the thread it ran on."""
    threads: list[str] = []

    def reliable(read: object, image: np.ndarray) -> list[text.Line]:
        threads.append(threading.current_thread().name)
        if gate is not None:
            assert gate.wait(5)
        return [LINE]

    monkeypatch.setattr(text, "reliable_lines", reliable)
    return threads


def _image() -> np.ndarray:
    return np.zeros((8, 8, 3), np.uint8)


def test_a_prefetched_reference_is_read_once_in_the_background_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    threads = _counting(monkeypatch, gate)
    refs = text.ReferenceTexts(tmp_path, read=object())  # type: ignore[arg-type]
    refs.prefetch("abc", _image)
    refs.prefetch("abc", _image)  # already on its way: not read twice
    gate.set()
    assert refs.get("abc", _image) == [LINE]
    assert refs.get("abc", _image) == [LINE]
    assert len(threads) == 1 and threads[0].startswith("reference-text")
    assert (tmp_path / "abc.json").exists()  # kept on disk as a direct reading is
    refs.prefetch("abc", _image)  # known now: nothing more is read
    assert len(threads) == 1


def test_a_failed_background_reading_reaches_the_caller_and_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def failing(read: object, image: np.ndarray) -> list[text.Line]:
        calls.append(1)
        if len(calls) == 1:
            raise text.OcrUnavailable("no models")
        return [LINE]

    monkeypatch.setattr(text, "reliable_lines", failing)
    refs = text.ReferenceTexts(tmp_path, read=object())  # type: ignore[arg-type]
    refs.prefetch("abc", _image)
    with pytest.raises(text.OcrUnavailable):
        refs.get("abc", _image)
    assert refs.get("abc", _image) == [LINE]
    assert len(calls) == 2


@contextmanager
def _matcher(root: Path, versions: int, seed: int) -> Iterator[tuple[Matcher, Entry]]:
    """A station with ``versions`` of the world imported, its matcher and first entry."""
    entries, _ = WORLD.catalogue(versions, seed)
    with world_station(root, WORLD, entries) as station:
        yield Matcher(station.store, station.data), entries[0]


def test_the_matcher_reads_its_lead_reference_while_it_compares_the_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _matcher(tmp_path, 3, 5) as (matcher, entry):
        threads = _counting(monkeypatch)
        photo, _, _ = WORLD.photograph(entry.design, entry.surface, 3)
        result = matcher.match(photo)
        assert result.best is not None and result.best.version_id == entry.id
        assert threads and all(t.startswith("reference-text") for t in threads)


def test_with_text_evidence_off_nothing_is_read_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _matcher(tmp_path, 2, 6) as (matcher, entry):
        threads = _counting(monkeypatch)
        matcher.text.enabled = False
        photo, _, _ = WORLD.photograph(entry.design, entry.surface, 3)
        assert matcher.match(photo).best is not None
        assert threads == [] and matcher.text.references.cache == {}
