"""Seeded generators of hostile inputs and a tally of CLI exit codes (issue 14 finding 16).

Every fuzz test feeds >= 1,000 generated cases to ``appraiser.cli.main.main`` in-process
and asserts each exit code is 0, 1, 2 or 3: never 70, never an exception escaping main.
Generators are ``random.Random(seed)`` with a fixed seed, so a failure names a case that
reproduces. Memory stays bounded by construction (no generated input is larger than
``MAX_CASE_BYTES``, asserted) and is watched with the process's peak RSS counter.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import resource
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from appraiser.cli.main import build_parser, main

CASES = 1_000
MAX_CASE_BYTES = 2 * 1024 * 1024  # every generated input is at most this big
ALLOWED = {0, 1, 2, 3}
# Raw JSON/TOML texts put where a value was: wrong types, odd numbers, deep nesting.
ODD_JSON = (
    "null", "true", "-1", "0", "-0", "1.5", "1e999", "-1e999", "NaN", "Infinity",
    "18446744073709551616", "9" * 5000, '""', '"' + "x" * 70_000 + '"', '"\\u001b[2J\\u0000"',
    '"\\ud800"', '"../../etc/passwd"', '"/dev/zero"', "[]", "{}", '{"a": [1, {"b": null}]}',
    "[" * 40 + "]" * 40, "[" * 100_000 + "]" * 100_000, '{"a":' * 3000 + "1" + "}" * 3000,
)  # fmt: skip
_MARK = "\u0001FUZZ\u0001"


class Tally:
    """Runs CLI cases and counts their exit codes; collects anything outside 0–3."""

    def __init__(self, name: str, capsys: Any) -> None:
        self.name = name
        self.capsys = capsys
        self.codes: Counter[int] = Counter()
        self.bad: list[str] = []
        self.largest = 0
        self.last_out = ""
        self._rss = _peak_rss()

    def size(self, data: bytes | str) -> None:
        n = len(data)
        self.largest = max(self.largest, n)
        assert n <= MAX_CASE_BYTES, f"{self.name}: a generated input of {n} bytes"

    def run(self, argv: list[str], note: str, stdin: str = "", weight: int = 1) -> int:
        """One call of main; ``weight`` counts the cases it holds (images in one batch)."""
        old = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refusing its arguments: exit 2
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException as exc:  # anything escaping main is a finding
            code = -1
            self.bad.append(f"{note}: escaped {exc!r}"[:300])
        finally:
            sys.stdin = old
        out = self.capsys.readouterr()
        if code not in ALLOWED and code != -1:
            self.bad.append(f"{note}: exit {code}: {out.err.strip()[-300:]}")
        self.codes[code] += weight
        self.last_out = out.out
        return code

    @property
    def cases(self) -> int:
        return sum(self.codes.values())

    def check(self, minimum: int = CASES) -> None:
        grown = _peak_rss() - self._rss
        line = (
            f"fuzz {self.name}: {self.cases} cases, exit codes "
            f"{ {k: v for k, v in sorted(self.codes.items()) if v} }"
            f", largest input {self.largest:,} B, peak RSS grew {grown // 1024} MiB"
        )
        print(line, file=sys.__stderr__)
        assert not self.bad, "\n".join(self.bad[:20])
        assert self.cases >= minimum
        assert grown < 1024 * 1024, line  # KiB: no case may take a gigabyte


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def needs_user(*command: str) -> bool:
    """Whether ``appraiser COMMAND…`` takes ``--user`` (slices add sign-in over time)."""
    parser = build_parser()
    for word in command:
        actions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
        parser = actions[0].choices[word]
    return any("--user" in a.option_strings for a in parser._actions)


# -- byte mutations ---------------------------------------------------------------------
def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """One to three of: truncate, flip bits, overwrite, insert, delete, duplicate."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(7)
        pos = rng.randrange(len(out) + 1)
        if kind == 0:
            del out[rng.randrange(len(out) + 1) :]
        elif kind == 1 and out:
            for _ in range(rng.randint(1, 16)):
                i = rng.randrange(len(out))
                out[i] ^= 1 << rng.randrange(8)
        elif kind == 2 and out:
            end = min(len(out), pos + rng.randint(1, 64))
            out[pos:end] = bytes([rng.choice((0, 0xFF, 0x7F))]) * (end - pos)
        elif kind == 3:
            length = rng.choice((1, 8, 300, 5_000, 140_000))
            chunk = (
                bytes([rng.randrange(256)]) * length
                if rng.random() < 0.5
                else rng.randbytes(min(length, 4096))
            )
            out[pos:pos] = chunk
        elif kind == 4:
            del out[pos : pos + rng.randint(1, 512)]
        elif kind == 5:
            out[pos:pos] = out[pos : pos + rng.randint(1, 4096)]
        else:
            out = out[: rng.randint(0, 64)]
    return bytes(out[:MAX_CASE_BYTES])


# -- JSON mutations ---------------------------------------------------------------------
def _nodes(doc: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _nodes(value, (*path, index))


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return doc


def mutate_json(rng: random.Random, doc: Any) -> bytes:
    """A structural mutation (wrong type, odd number, deep nesting, missing or unknown key),
    sometimes followed by a byte mutation of the text."""
    doc = json.loads(json.dumps(doc))
    raw = None
    for _ in range(rng.randint(1, 2)):
        path = rng.choice(list(_nodes(doc)))
        target = doc
        for step in path:
            target = target[step]
        roll = rng.random()
        if roll < 0.15 and isinstance(target, dict) and target:
            del target[rng.choice(list(target))]
        elif roll < 0.25 and isinstance(target, dict):
            target[rng.choice(("extra", "", "\u202e", "x" * 300))] = rng.choice((1, None, []))
        elif roll < 0.35 and isinstance(target, list) and target:
            target.extend(rng.choice(target) for _ in range(rng.randint(1, 3)))
        else:
            raw = rng.choice(ODD_JSON)
            doc = _set(doc, path, _MARK)
            break
    text = json.dumps(doc, indent=rng.choice((None, 1)))
    if raw is not None:
        text = text.replace(json.dumps(_MARK), raw, 1)
    data = text.encode("utf-8")
    if rng.random() < 0.2:
        data = mutate_bytes(rng, data)
    return data[:MAX_CASE_BYTES]


# -- special files ----------------------------------------------------------------------
def special_file(rng: random.Random, path: Path) -> str:
    """Replace ``path`` with a FIFO, a link to /dev/zero, a folder, a dangling link or a
    link loop; returns which."""
    clear(path)
    kind = rng.choice(("fifo", "zero", "folder", "dangling", "loop"))
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling":
        path.symlink_to(path.parent / "nothing-here")
    else:
        path.symlink_to(path)
    return kind


def clear(path: Path) -> None:
    """Remove whatever ``path`` is now (file, link, FIFO or folder)."""
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            clear(child)
        path.rmdir()
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def write_case(path: Path, data: bytes, tally: Tally) -> None:
    clear(path)
    tally.size(data)
    path.write_bytes(data)


Maker = Callable[[random.Random, int], tuple[list[str], str]]


# -- a station to fuzz ------------------------------------------------------------------
PASSWORD = "fuzz-password-1"
PASSWORD_FOR = PASSWORD + "\n"  # one line on stdin, as a script gives it


@contextlib.contextmanager
def fast_cases() -> Iterator[None]:
    """Two costs that are not under test, cut so 1,000 cases fit the time budget: Argon2
    at its smallest cost (same code path; a sign-in costs 1 ms instead of 90) and the
    argument parser built once instead of per call (its 40 subcommands cost ~15 ms)."""
    from argon2 import PasswordHasher

    from appraiser.cli import main as cli_main
    from appraiser.services.admin import accounts

    parser = cli_main.build_parser()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_main, "build_parser", lambda: parser)
        patch.setattr(
            accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        yield


@contextlib.contextmanager
def fuzz_bench(factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """A station for one fuzz module (see ``station_with_library``), on /dev/shm when the
    machine has it: a thousand CLI calls each open, sign in and fsync the database, and on
    a disk those waits, not the code under test, would dominate."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix=f"appraiser-{name}-", dir=shm))
    else:
        root = factory.mktemp(name)
    try:
        with fast_cases():
            yield station_with_library(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def station_with_library(root: Path, versions: int = 2) -> Path:
    """``root/data``: a station with an administrator "admin" and ``versions`` demo
    versions imported from ``root/pack``."""
    from appraiser.domain.enums import Role
    from appraiser.library.demo import build_demo_pack
    from appraiser.services.admin import accounts
    from appraiser.services.admin.station import Station
    from appraiser.services.reference import library

    pack = build_demo_pack(root / "pack", versions=versions)
    station = Station.open(root / "data")
    try:
        accounts.create_user(station.store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
        library.import_pack(station.store, station.data, pack, "fuzz")
    finally:
        station.close()
    return root
