"""Fuzz: the values of the CLI's options (issue 14 breaker finding M3). Seeded random values
— huge, negative, signed, fractional, hex, underscored, non-ASCII digits, NaN, empty,
padded, thousands of digits — for every numeric option (``label list --limit``, ``label
render --dpi``, ``match --top``) and for the options around them (``--format``,
``--date``, ``--out`` at a FIFO, link or folder); every case must end with exit 0–3, and a
value outside its range must be exit 2 before any work."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import PASSWORD, PASSWORD_FOR, Tally, fuzz_bench
from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.domain.enums import Role
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station

SEED = 14_2207
WORDS = ("", " ", "0", "-0", "+1", "1", "5", "99", "100", "203", "600", "601", "1000000",
         "1000001", "-1", "1.5", "1e3", "0x10", "1_000", "٣", "５", "nan", "inf", "-inf",
         " 7", "8 ", "9" * 19, "9" * 20, "9" * 4_400, "-" + "9" * 30, "\u202e5",
         "None")  # fmt: skip
DAYS = ("today", "yesterday", "2026-02-30", "0001-01-01", "9999-12-31", "", "1970-01-01")


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A station with a supervisor, an appraiser and one issued label (its appraisal id)."""
    with fuzz_bench(tmp_path_factory, "fuzz-options") as root:
        station = Station.open(root / "data")
        try:
            admin = accounts.check_password(station.store, "admin", PASSWORD)
            for name, role in (("appraiser1", Role.APPRAISER), ("supervisor", Role.SUPERVISOR)):
                accounts.create_user(station.store, name, name, role, PASSWORD, by=admin)
            session = accounts.check_password(station.store, "appraiser1", PASSWORD)
            uid = genuine_appraisal(station, session, PASSWORD)
        finally:
            station.close()
        stdin = io.StringIO(PASSWORD_FOR)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdin", stdin)
            data = ["--data-dir", str(root / "data")]
            assert main([*data, "label", "issue", uid, "--user", "appraiser1"]) == 0
        yield root, uid


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(WORDS)
    if roll < 0.7:  # near and inside the ranges, so the commands run too
        return str(rng.randrange(-2, 700))
    return str(rng.choice((-1, 1)) * rng.randrange(10 ** rng.randint(0, 25)))


def _out(rng: random.Random, root: Path, suffix: str) -> str:
    """Mostly a fresh file; sometimes a FIFO, a link, a folder or a missing folder."""
    folder = root / "outs"
    folder.mkdir(exist_ok=True)
    path = folder / f"o{rng.randrange(10**9)}{suffix}"
    roll = rng.random()
    if roll < 0.05:
        os.mkfifo(path)
    elif roll < 0.1:
        path.symlink_to(root / "data" / "appraiser.db")
    elif roll < 0.12:
        return str(folder)
    elif roll < 0.14:
        return str(folder / "missing" / path.name)
    return str(path)


def _case(rng: random.Random, root: Path, uid: str) -> tuple[list[str], str]:
    """One command line and its stdin."""
    kind = rng.randrange(5)
    if kind == 0:
        argv = ["label", "list", "--limit", _number(rng)] + (["--json"] * rng.randint(0, 1))
        return argv, ""
    if kind == 1:
        fmt = rng.choice(("png", "zpl", "pdf", "svg", ""))
        out = _out(rng, root, "." + fmt)
        argv = ["label", "render", uid, "--format", fmt, "--dpi", _number(rng), "--out", out]
        return [*argv, "--user", "appraiser1"], PASSWORD_FOR
    if kind == 2:
        image = str(rng.choice(sorted((root / "pack").rglob("*.png"))))
        return ["match", image, "--top", _number(rng), "--json"], ""
    if kind == 3:
        fmt = rng.choice(("csv", "xlsx", "pdf", "txt"))
        out = _out(rng, root, "." + fmt)
        argv = ["export", "daily", "--date", rng.choice(DAYS), "--format", fmt, "--out", out]
        return [*argv, "--user", "supervisor"], PASSWORD_FOR
    return ["appraisals", "list", "--date", rng.choice(DAYS), "--json"], ""


def test_fuzz_cli_option_values(bench, capsys) -> None:
    """issue 14 finding M3: 1,000 seeded command lines; a numeric option out of range is
    exit 2 (checked on every case that carries one), nothing is exit 70 or escapes."""
    root, uid = bench
    rng = random.Random(SEED)
    tally = Tally("CLI option values", capsys)
    bounds = {"--limit": (0, 1_000_000), "--dpi": (100, 600), "--top": (1, 100)}
    for case in range(1_000):
        argv, stdin = _case(rng, root, uid)
        code = tally.run(["--data-dir", str(root / "data"), *argv], f"case {case}: {argv}", stdin)
        for option, (low, high) in bounds.items():
            if option in argv:
                value = argv[argv.index(option) + 1]
                if not _in_range(value, low, high):
                    assert code == 2, f"case {case}: {option} {value[:40]!r} gave exit {code}"
    tally.check()


def _in_range(text: str, low: int, high: int) -> bool:
    word = text.strip()
    if not word.lstrip("+-").isascii() or not word.lstrip("+-").isdigit() or len(word) > 20:
        return False
    return low <= int(word) <= high
