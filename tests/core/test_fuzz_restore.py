"""Fuzz: backups given to ``restore`` (issue 14 finding 16). A real signed backup of a
station, then seeded damage: its manifest mutated (wrong types, missing keys, odd numbers,
deep nesting) and *re-signed with the station's own key*, so the mutation reaches past the
signature check into the manifest reader; members added, dropped or damaged; zip bytes
flipped or cut; special files. Every case must end with exit 0–3."""

from __future__ import annotations

import base64
import io
import json
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import (
    PASSWORD,
    Tally,
    clear,
    fuzz_bench,
    mutate_bytes,
    mutate_json,
    special_file,
    write_case,
)

from appraiser.cli.main import main
from appraiser.keys import StationKeys, fingerprint

SEED = 14_1606
PASSPHRASE = "fuzz-passphrase-long-enough"
STDIN = f"{PASSWORD}\n{PASSPHRASE}\n"


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bytes]]:
    """A station and the bytes of one real backup of it."""
    with fuzz_bench(tmp_path_factory, "fuzz-restore") as root:
        out = root / "backup.zip"
        argv = ["--data-dir", str(root / "data"), "backup", "--out", str(out), "--user", "admin"]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n{PASSPHRASE}\n{PASSPHRASE}\n"))
            assert main(argv) == 0
        yield root, out.read_bytes()


def _rebuild(source: bytes, change) -> bytes:
    """A copy of the archive with its members passed through ``change(name, data)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return out.getvalue()


def _resigned(rng: random.Random, source: bytes, sign) -> tuple[bytes, str]:
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(source)).read("manifest.json"))
    raw = mutate_json(rng, manifest)
    signature = base64.b64encode(sign(raw))

    def change(name: str, data: bytes) -> bytes:
        return {"manifest.json": raw, "manifest.sig": signature}.get(name, data)

    return _rebuild(source, change), "manifest mutated and re-signed"


def _members(rng: random.Random, source: bytes) -> tuple[bytes, str]:
    victim = rng.choice(zipfile.ZipFile(io.BytesIO(source)).namelist())
    roll = rng.random()

    def change(name: str, data: bytes) -> bytes | None:
        if name != victim:
            return data
        if roll < 0.3:
            return None
        return mutate_bytes(rng, data) if roll < 0.8 else data + b"x"

    return _rebuild(source, change), f"member {victim!r} roll {roll:.2f}"


def test_fuzz_restore(backup, capsys) -> None:
    root, source = backup
    rng = random.Random(SEED)
    tally = Tally("restore backups", capsys)
    key = StationKeys(root / "data" / "keys").signing_key()
    sign, signer = key.sign, fingerprint(key.public_key())  # trusted: go past that check
    path = root / "incoming.zip"
    target = root / "restored"
    for case in range(1_000):
        roll = rng.random()
        if roll < 0.03:
            note = "special: " + special_file(rng, path)
        else:
            if roll < 0.6:
                data, note = _resigned(rng, source, sign)
            elif roll < 0.8:
                data, note = _members(rng, source)
            else:
                data, note = mutate_bytes(rng, source), "archive bytes mutated"
            write_case(path, data, tally)
        clear(target)
        argv = ["--data-dir", str(target), "restore", str(path), "--user", "admin", "--force",
                "--signer", signer]  # fmt: skip
        tally.run(argv, f"case {case}: {note}", stdin=STDIN)
    tally.check()
