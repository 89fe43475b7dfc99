"""Fuzz: reference packs given to ``library import``, as a folder and as a .zip (issue 14
finding 16). Seeded structural mutations of a valid manifest (wrong types, odd numbers,
deep nesting, missing and unknown keys, hostile paths and ids), byte mutations, odd files
in the pack, and damaged or crafted zips; every case must end with exit 0–3."""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import (
    PASSWORD_FOR,
    Tally,
    clear,
    fuzz_bench,
    mutate_bytes,
    mutate_json,
    needs_user,
    special_file,
)

SEED = 14_1602
HOSTILE_FILES = ("/etc/passwd", "../../outside.png", "images/../../x.png", "C:/x.png", "",
                 "images/\x00.png", "images\\front.png", "images/" + "a" * 300 + ".png",
                 "images", "manifest.json")  # fmt: skip


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with fuzz_bench(tmp_path_factory, "fuzz-packs") as root:
        yield root


def _template(bench: Path) -> tuple[dict, Path]:
    """A one-version manifest (ROIs and all) and the image it names."""
    manifest = json.loads((bench / "pack" / "manifest.json").read_text())
    manifest["versions"] = manifest["versions"][:1]
    image = bench / "pack" / manifest["versions"][0]["images"][0]["file"]
    return manifest, image


def _folder_case(rng: random.Random, manifest: dict, image: Path, pack: Path, case: int) -> str:
    clear(pack)
    target = pack / "images" / "front.png"
    target.parent.mkdir(parents=True)
    shutil.copy(image, target)
    doc = json.loads(json.dumps(manifest))
    doc["versions"][0]["images"][0]["file"] = "images/front.png"
    doc["versions"][0]["id"] = f"PACK-{case % 10}"
    roll = rng.random()
    if roll < 0.1:
        doc["versions"][0]["images"][0]["file"] = rng.choice(HOSTILE_FILES)
        note = "hostile file name"
    elif roll < 0.2:
        note = "special image: " + special_file(rng, target)
    elif roll < 0.25:
        (pack / "manifest.json").write_text(json.dumps(doc))
        return "special manifest: " + special_file(rng, pack / "manifest.json")
    elif roll < 0.3:
        target.unlink()
        target.symlink_to(image)  # a link to a real image outside the pack
        note = "link outside"
    else:
        note = "mutated manifest"
    data = mutate_json(rng, doc) if note == "mutated manifest" else json.dumps(doc).encode()
    (pack / "manifest.json").write_bytes(data)
    return note


def _run_import(tally: Tally, bench: Path, pack: Path, note: str) -> None:
    user = ["--user", "admin"] if needs_user("library", "import") else []
    argv = ["--data-dir", str(bench / "data"), "library", "import", str(pack), *user]
    tally.run(argv, note, stdin=PASSWORD_FOR)


def test_fuzz_pack_folders(bench: Path, capsys) -> None:
    rng = random.Random(SEED)
    manifest, image = _template(bench)
    tally = Tally("pack folders", capsys)
    pack = bench / "fuzzpack"
    for case in range(1_000):
        note = _folder_case(rng, manifest, image, pack, case)
        tally.size((pack / "manifest.json").read_bytes() if note == "mutated manifest" else b"")
        _run_import(tally, bench, pack, f"case {case}: {note}")
    tally.check()


def _zip_case(rng: random.Random, manifest: dict, image: Path, out: Path, case: int) -> str:
    doc = json.loads(json.dumps(manifest))
    doc["versions"][0]["images"][0]["file"] = "images/front.png"
    doc["versions"][0]["id"] = f"ZIP-{case % 10}"
    clear(out)
    roll = rng.random()
    prefix = rng.choice(("", "pack/", "a/b/", "/", "../"))
    with zipfile.ZipFile(out, "w", rng.choice((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))) as z:
        z.writestr(prefix + "manifest.json", mutate_json(rng, doc) if roll < 0.4 else
                   json.dumps(doc).encode())  # fmt: skip
        name = rng.choice(("images/front.png", *HOSTILE_FILES[:3]))
        if roll > 0.8:
            bomb = b"\x00" * rng.choice((10, 4 * 2**20))  # bomb-like, deflated
            z.writestr(prefix + name, bomb, compress_type=zipfile.ZIP_DEFLATED)
        else:
            z.write(image, prefix + name)
    if 0.4 <= roll < 0.7:
        out.write_bytes(mutate_bytes(rng, out.read_bytes()))
        return f"zip bytes mutated, prefix {prefix!r}"
    return f"zip roll {roll:.2f}, prefix {prefix!r}, member {name!r}"


def test_fuzz_pack_zips(bench: Path, capsys) -> None:
    rng = random.Random(SEED + 1)
    manifest, image = _template(bench)
    tally = Tally("pack zips", capsys)
    out = bench / "fuzzpack.zip"
    for case in range(1_000):
        note = _zip_case(rng, manifest, image, out, case)
        tally.size(out.read_bytes())
        _run_import(tally, bench, out, f"case {case}: {note}")
    tally.check()
