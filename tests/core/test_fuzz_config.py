"""Fuzz: ``config.toml``, read by every command that opens the station (issue 14 finding
16). Seeded mutations of a valid settings file: wrong types, huge/negative/NaN numbers,
dates, arrays and tables, deep nesting, escape codes, long values, odd encodings, byte
damage and special files; every case must end with exit 0–3 (a bad file is exit 3)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_support import Tally, fuzz_bench, mutate_bytes, special_file, write_case

SEED = 14_1605
VALID = {
    "station_code": "'SH-07'", "warehouse": "'Pudong Bonded'", "institute": "'Inst'",
    "timezone": "'Asia/Shanghai'", "language": "'en'", "resolver_domain": "'v.acme.cn'",
    "camera": "'simulated'", "printer": "''", "printer_kind": "'system'",
    "label_stock": "'50x30'", "idle_lock_minutes": "5", "min_free_disk_mb": "500",
}  # fmt: skip
ODD_TOML = ("-1", "0", "1e999", "nan", "-inf", "99999999999999999999", "9" * 5000, "true",
            "1979-05-27T07:32:00Z", "[]", "[1, 'a']", "{}", "{a = {b = 1}}", "''", "'''x'''",
            '"\\u001b[2J"', '"\\u0000"', '"\\u202e"', "'" + "x" * 5000 + "'", "'../../x'",
            "'https://evil/x'", "'evil.example:1'", "'bw 01'", "'Mars/Olympus'", "'zh_CN'",
            "[" * 5000 + "]" * 5000, "{a=" * 2000 + "1" + "}" * 2000)  # fmt: skip


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with fuzz_bench(tmp_path_factory, "fuzz-config") as root:
        yield root


def _config(rng: random.Random) -> bytes:
    lines = dict(VALID)
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        key = rng.choice(list(lines))
        if roll < 0.1:
            del lines[key]
        elif roll < 0.2:
            lines[rng.choice(("unknown", "[table]", "a.b.c", "'\\u0000'"))] = "1"
        else:
            lines[key] = rng.choice(ODD_TOML)
    text = "\n".join(f"{k} = {v}" if not k.startswith("[") else k for k, v in lines.items())
    data = text.encode(rng.choice(("utf-8", "utf-8", "utf-16", "gb18030")), "replace")
    return mutate_bytes(rng, data) if rng.random() < 0.25 else data


def test_fuzz_config(bench: Path, capsys) -> None:
    rng = random.Random(SEED)
    tally = Tally("config.toml", capsys)
    path = bench / "data" / "config.toml"
    for case in range(1_000):
        if rng.random() < 0.04:
            note = "special: " + special_file(rng, path)
        else:
            note = "mutated config"
            write_case(path, _config(rng), tally)
        tally.run(["--data-dir", str(bench / "data"), "appraisals", "list"], f"case {case}: {note}")
    tally.check()
