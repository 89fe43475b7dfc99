"""Library search finds a product by any form of its GTIN: the 14-digit form the queue,
labels and reports show, the 13-digit EAN the pack stores, a UPC-A or GTIN-8 with its
padding zeros, or the bracketed GS1 form; part of a number still matches as text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from appraiser.library.demo import build_demo_pack
from appraiser.services.admin.station import Station
from appraiser.services.reference import library


@pytest.fixture(scope="module")
def demo_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_pack(tmp_path_factory.mktemp("pack") / "demo", versions=4)


def _with_gtins(pack: Path, target: Path, gtins: list[str]) -> Path:
    """A copy of ``pack`` whose first versions carry ``gtins`` as they are printed."""
    shutil.copytree(pack, target)
    manifest = json.loads((target / "manifest.json").read_text())
    for version, gtin in zip(manifest["versions"], gtins, strict=False):
        version["gtin"] = gtin
    (target / "manifest.json").write_text(json.dumps(manifest))
    return target


def test_the_14_digit_form_finds_the_13_digit_entry(station: Station, demo_pack: Path) -> None:
    library.import_pack(station.store, station.data, demo_pack, "test")
    first = library.list_versions(station.store)[0]
    assert len(first.gtin) == 13
    for form in ("0" + first.gtin, first.gtin, f"(01)0{first.gtin}", f" 0{first.gtin} "):
        found = library.list_versions(station.store, form)
        assert [r.version_id for r in found] == [first.version_id], form
    assert first.version_id in {
        r.version_id for r in library.list_versions(station.store, first.gtin[3:9])
    }


def test_upc_and_gtin8_forms_match_each_other(
    station: Station, demo_pack: Path, tmp_path: Path
) -> None:
    pack = _with_gtins(demo_pack, tmp_path / "printed", ["036000291452", "96385074"])
    library.import_pack(station.store, station.data, pack, "test")
    by_gtin = {r.gtin: r.version_id for r in library.list_versions(station.store)}
    upc, ean8 = by_gtin["036000291452"], by_gtin["96385074"]
    for form in ("00036000291452", "0036000291452", "036000291452"):
        assert [r.version_id for r in library.list_versions(station.store, form)] == [upc]
    for form in ("00000096385074", "96385074"):
        assert [r.version_id for r in library.list_versions(station.store, form)] == [ean8]
