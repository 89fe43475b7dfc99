"""The GB/T 2828.1 / ISO 2859-1 tables, read once from ``resources/inspection/``.

The tables are data, not code branches: ``single_sampling.txt`` is laid out like the printed
tables (one row per code letter, one cell per AQL) so a reviewer can hold it next to the
standard. This module only parses it and answers "what does this cell say"; following the
arrows is ``plans.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from appraiser.errors import InvalidInput
from appraiser.paths import resource

LEVELS = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
SEVERITIES = ("normal", "tightened", "reduced")
DOWN, UP, NONE = "v", "^", "-"
_PLAN = re.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True)
class Cell:
    """One cell of a master table: a plan (``ac``/``re``) or an arrow (``arrow``)."""

    arrow: str | None = None  # "v", "^", "-" or None for a plan
    ac: int | None = None
    re: int | None = None


@dataclass(frozen=True)
class Tables:
    """Everything in the data file, keyed the way the lookups need it."""

    aqls: tuple[str, ...]  # the AQL series as printed: "0.010" … "1000"
    ranges: tuple[tuple[int, int | None, dict[str, str]], ...]  # (from, to, level -> letter)
    letters: dict[str, tuple[str, ...]]  # severity -> row letters, top to bottom
    sizes: dict[str, dict[str, int]]  # severity -> letter -> n
    cells: dict[str, dict[tuple[str, str], Cell]]  # severity -> (letter, aql) -> cell
    off_table: dict[tuple[str, str, str], tuple[str, str]]  # (severity, letter, aql) -> cell


def data_file() -> Path:
    return resource("inspection", "single_sampling.txt")


@cache
def tables() -> Tables:
    """The tables, parsed once per process."""
    return parse(data_file().read_text(encoding="utf-8"))


def parse(text: str) -> Tables:
    """Parse the data file; a malformed line is named with its number."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    header: list[str] = []
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if raw.lstrip().startswith("#") and current in SEVERITIES and not header:
            header = raw.lstrip("# ").split()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
            continue
        if current is None:
            raise InvalidInput(f"{data_file().name} line {number}: outside a [section].")
        sections[current].append((number, line.split()))
    if len(header) != 26:
        raise InvalidInput(f"{data_file().name}: the AQL header line must list 26 AQLs.")
    aqls = tuple(header)
    letters, sizes, cells = {}, {}, {}
    for severity in SEVERITIES:
        rows = sections.get(severity) or []
        letters[severity], sizes[severity], cells[severity] = _master(severity, rows, aqls)
    return Tables(
        aqls=aqls,
        ranges=_ranges(sections.get("code_letters", [])),
        letters=letters,
        sizes=sizes,
        cells=cells,
        off_table=_off_table(sections.get("off_table", []), aqls),
    )


def _bad(number: int, why: str) -> InvalidInput:
    return InvalidInput(f"{data_file().name} line {number}: {why}")


def _ranges(rows: list[tuple[int, list[str]]]) -> tuple:
    out = []
    for number, words in rows:
        if len(words) != 2 + len(LEVELS):
            raise _bad(number, f"a lot-size range needs from, to and {len(LEVELS)} letters.")
        upper = None if words[1] == "*" else int(words[1])
        out.append((int(words[0]), upper, dict(zip(LEVELS, words[2:], strict=True))))
    return tuple(out)


def _master(severity: str, rows: list[tuple[int, list[str]]], aqls: tuple[str, ...]):
    order, sizes, cells = [], {}, {}
    for number, words in rows:
        if len(words) != 2 + len(aqls):
            raise _bad(number, f"a [{severity}] row needs letter, n and {len(aqls)} cells.")
        letter, n = words[0], int(words[1])
        order.append(letter)
        sizes[letter] = n
        for aql, word in zip(aqls, words[2:], strict=True):
            cells[(letter, aql)] = _cell(number, word)
    return tuple(order), sizes, cells


def _cell(number: int, word: str) -> Cell:
    if word in (DOWN, UP, NONE):
        return Cell(arrow=word)
    match = _PLAN.fullmatch(word)
    if not match:
        raise _bad(number, f"{word!r} is neither Ac/Re nor an arrow (v, ^, -).")
    return Cell(ac=int(match.group(1)), re=int(match.group(2)))


def _off_table(rows: list[tuple[int, list[str]]], aqls: tuple[str, ...]) -> dict:
    out = {}
    for number, words in rows:
        if len(words) != 6 or words[3] != "->" or words[2] not in aqls or words[5] not in aqls:
            raise _bad(number, "an [off_table] line reads: table letter aql -> letter aql.")
        out[(words[0], words[1], words[2])] = (words[4], words[5])
    return out
