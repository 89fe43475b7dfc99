"""Fuzz: images given to ``match`` and in reference packs to ``library import`` (issue 14
finding 16). Seeded mutations of valid JPEG/PNG/WebP/BMP files, forged headers (pixel
bombs, 1×N strips), and special files; every case must end with exit 0–3."""

from __future__ import annotations

import json
import random
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest
from fuzz_support import (
    PASSWORD_FOR,
    Tally,
    fuzz_bench,
    mutate_bytes,
    needs_user,
    special_file,
    write_case,
)

SEED = 14_16


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A station with two demo versions and an administrator for commands that sign in."""
    with fuzz_bench(tmp_path_factory, "fuzz-images") as root:
        yield root


def _seeds(bench: Path) -> list[bytes]:
    source = cv2.imread(str(next((bench / "pack" / "images").rglob("*.png"))))
    small = cv2.resize(source, (96, 72), interpolation=cv2.INTER_AREA)
    out = []
    for ext, params in ((".png", []), (".jpg", [cv2.IMWRITE_JPEG_QUALITY, 80]),
                        (".webp", []), (".bmp", [])):  # fmt: skip
        ok, buf = cv2.imencode(ext, small, params)
        assert ok
        out.append(buf.tobytes())
    return out


def _png_with_size(width: int, height: int) -> bytes:
    """A valid-looking PNG header declaring any size, with a tiny body."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    body = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk
        + struct.pack(">I", zlib.crc32(chunk)) + struct.pack(">I", len(body)) + b"IDAT" + body
        + struct.pack(">I", zlib.crc32(b"IDAT" + body)) + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )  # fmt: skip


def _image_case(rng: random.Random, seeds: list[bytes], path: Path, tally: Tally) -> str:
    roll = rng.random()
    if roll < 0.05:
        return special_file(rng, path)
    if roll < 0.15:
        size = rng.choice(((1, 10000), (10000, 1), (70000, 70000), (0, 5), (2**31, 2**31),
                           (32, 321), (64, 64), (2**32 - 1, 1)))  # fmt: skip
        write_case(path, _png_with_size(*size), tally)
        return f"png header {size}"
    seed = rng.randrange(len(seeds))
    write_case(path, mutate_bytes(rng, seeds[seed]), tally)
    return f"mutated seed {seed}"


def test_fuzz_match(bench: Path, capsys) -> None:
    rng = random.Random(SEED)
    seeds = _seeds(bench)
    tally = Tally("match images", capsys)
    folder = bench / "match"
    folder.mkdir()
    done = 0
    while done < 1_000:
        paths, notes = [], []
        for k in range(10):
            path = folder / f"photo{k}{rng.choice(('.jpg', '.png', ''))}"
            notes.append(_image_case(rng, seeds, path, tally))
            paths.append(str(path))
        argv = ["--data-dir", str(bench / "data"), "match", *paths, "--json"]
        code = tally.run(argv, f"case {done}: {notes}", weight=0)  # counted per image below
        lines = [json.loads(x) for x in tally.last_out.splitlines() if x.strip()]
        assert [x["image"] for x in lines] == paths, notes  # one bad image never stops a batch
        assert code == (2 if any("error" in x for x in lines) else 0)
        tally.codes.update(2 if "error" in x else 0 for x in lines)
        done += len(paths)
    tally.check()


def test_fuzz_library_import_images(bench: Path, capsys) -> None:
    rng = random.Random(SEED + 1)
    seeds = _seeds(bench)
    tally = Tally("library import images", capsys)
    template = bench / "pack"
    manifest = json.loads((template / "manifest.json").read_text())
    version = manifest["versions"][0]
    version["images"] = version["images"][:1]
    for image in version["images"]:
        image["rois"] = []
    user = ["--user", "admin"] if needs_user("library", "import") else []
    for case in range(1_000):
        pack = bench / "fuzzpack"
        shutil.rmtree(pack, ignore_errors=True)
        (pack / "images").mkdir(parents=True)
        version["id"] = f"FUZZ-{case % 25}"
        version["images"][0]["file"] = "images/front.png"
        (pack / "manifest.json").write_text(json.dumps({**manifest, "versions": [version]}))
        note = _image_case(rng, seeds, pack / "images" / "front.png", tally)
        argv = ["--data-dir", str(bench / "data"), "library", "import", str(pack), *user]
        tally.run(argv, f"case {case}: {note}", stdin=PASSWORD_FOR)
    tally.check()
