"""A station whose library holds some of a bench world's versions, for matching tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from appraiser.bench.worlds import defects
from appraiser.bench.worlds.base import Entry
from appraiser.matching.engine import Matcher
from appraiser.services.admin.station import Station
from appraiser.services.reference import library


@contextmanager
def world_station(root: Path, world, entries: Sequence[Entry]) -> Iterator[Station]:
    """``entries`` written as a reference pack under ``root`` and imported into a new
    station there; closed on leaving."""
    station = Station.open(root / "station")
    try:
        world.write_pack(root / "pack", list(entries))
        library.import_pack(station.store, station.data, root / "pack", "test")
        yield station
    finally:
        station.close()


@contextmanager
def picture_matcher(root: Path, world, versions: int, seed: int) -> Iterator[tuple[Matcher, list]]:
    """A matcher over ``versions`` of ``world`` (catalogue ``seed``) that judges the
    picture alone (no text evidence), and the entries it knows."""
    entries, _ = world.catalogue(versions, seed)
    with world_station(root, world, entries) as station:
        matcher = Matcher(station.store, station.data)
        matcher.text.enabled = False
        yield matcher, entries


def counterfeit_photo(world, entry: Entry, defect: str, seed: int, camera: int):
    """A counterfeit of ``entry`` with ``defect`` (``seed``) and its bench photo taken by
    ``camera`` (a photograph seed): (design, photo)."""
    fake = defects.counterfeit(entry.design, defect, seed)
    photo, _, _ = world.photograph(fake, entry.surface, camera)
    return fake, photo
