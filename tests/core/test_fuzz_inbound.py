"""Fuzz: inbound lists given to ``queue import --dry-run``, as CSV and as XLSX (issue 14
finding 16). Seeded mutations of a valid list: stray and unclosed quotes, giant fields,
odd encodings and delimiters, NUL bytes, many rows, huge/negative/NaN quantities, and for
XLSX damaged zips, odd cell types, DTDs and lying dimensions; every case exits 0–3."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter
from fuzz_support import Tally, fuzz_bench, mutate_bytes, special_file, write_case

SEED = 14_1603
DTD = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
HEADER = ["报关单号", "商品条码", "货号", "品牌", "型号", "数量", "商家"]
ODD_CELLS = ("", '"', '""', "=HYPERLINK(\"x\")", "-1", "0", "1e999", "NaN", "inf",
             "99999999999999999999", "9" * 5000, "\x00", "\u202e", "\x1b[2J", "a\nb", "a\rb",
             "5901234123457", "0" * 14, "１２", "x" * 140_000)  # fmt: skip


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with fuzz_bench(tmp_path_factory, "fuzz-inbound") as root:
        yield root


def _rows(rng: random.Random) -> list[list[str]]:
    rows = [list(HEADER)]
    for n in range(rng.choice((0, 1, 5, 20))):
        rows.append([f"2231202610{n:08d}", "5901234123457", f"SKU-{n}", "Maison Lune",
                     "Sac Plume", str(rng.randint(1, 9)), "Shanghai Trading"])  # fmt: skip
    for _ in range(rng.randint(0, 3)):
        row = rng.choice(rows)
        row[rng.randrange(len(row))] = rng.choice(ODD_CELLS)
    if rng.random() < 0.05:  # past the row limit
        rows.extend([["2231202610", "5901234123457", "", "", "", "1", ""]] * 20_001)
    return rows


def _csv(rng: random.Random) -> bytes:
    rows = _rows(rng)
    sep = rng.choice((",", ",", ";", "\t", "|"))
    quote = rng.random() < 0.3
    lines = [sep.join(f'"{c}"' if quote else c for c in row) for row in rows]
    text = rng.choice(("\n", "\r\n", "\r")).join(lines)
    if rng.random() < 0.2:  # a stray quote somewhere
        pos = rng.randrange(len(text) + 1)
        text = text[:pos] + '"' + text[pos:]
    data = text.encode(rng.choice(("utf-8", "utf-8-sig", "gb18030", "utf-16")), "replace")
    return mutate_bytes(rng, data) if rng.random() < 0.3 else data


def test_fuzz_inbound_csv(bench: Path, capsys) -> None:
    rng = random.Random(SEED)
    tally = Tally("inbound CSV", capsys)
    path = bench / "list.csv"
    for case in range(1_000):
        note = "special: " + special_file(rng, path) if rng.random() < 0.03 else "csv"
        if note == "csv":
            write_case(path, _csv(rng), tally)
        argv = ["--data-dir", str(bench / "data"), "queue", "import", str(path), "--dry-run"]
        tally.run(argv, f"case {case}: {note}")
    tally.check()


def _xlsx(rng: random.Random, rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_numbers": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows[:3000]):
        for c, cell in enumerate(row):
            if rng.random() < 0.02:
                sheet.write_number(r, c, rng.choice((1e308, -1.0, 2.0**60, 0.5)))
            elif "\x00" not in cell:
                sheet.write(r, c, cell[:32_000])
    book.close()
    return buffer.getvalue()


def _tamper_xlsx(rng: random.Random, data: bytes) -> bytes:
    """Rewrite one XML part: a DTD, a lying dimension, a far-away cell, or garbage."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        victim = rng.choice(source.namelist())
        for name in source.namelist():
            part = source.read(name)
            if name == victim:
                part = rng.choice((
                    part.replace(b"?>", b"?>" + DTD, 1),
                    part.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="', 1),
                    part.replace(b"<c r=\"A1\"", b"<c r=\"XFD1048576\"", 1),
                    part[: len(part) // 2],
                    b"",
                ))  # fmt: skip
            if rng.random() > 0.05:  # now and then a part goes missing
                target.writestr(name, part)
    return out.getvalue()


def test_fuzz_inbound_xlsx(bench: Path, capsys) -> None:
    rng = random.Random(SEED + 1)
    tally = Tally("inbound XLSX", capsys)
    path = bench / "list.xlsx"
    pool = [_xlsx(rng, _rows(rng)) for _ in range(40)]  # written once: xlsxwriter is slow
    for case in range(1_000):
        roll = rng.random()
        if roll < 0.03:
            note = "special: " + special_file(rng, path)
        else:
            data = rng.choice(pool)
            if roll < 0.4:
                data, note = _tamper_xlsx(rng, data), "tampered part"
            elif roll < 0.6:
                data, note = mutate_bytes(rng, data), "mutated bytes"
            else:
                note = "xlsx"
            write_case(path, data, tally)
        argv = ["--data-dir", str(bench / "data"), "queue", "import", str(path), "--dry-run"]
        tally.run(argv, f"case {case}: {note}")
    tally.check()
