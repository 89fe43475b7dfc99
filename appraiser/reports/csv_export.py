"""The daily log as CSV: UTF-8 with a byte-order mark, because without it Excel on a Chinese
Windows reads the file as GBK and turns every name into mojibake. Dates are written as
``YYYY-MM-DD HH:MM:SS``, which Excel, WPS and LibreOffice turn into date cells.

Text cells are written so that no spreadsheet runs or mangles them (OWASP "CSV
injection"): a value starting with ``= + - @``, a tab or a carriage return — which
Excel and LibreOffice read as a formula — gets a single quote in front, and so does a
long numeric identifier (GTIN, declaration number), which a spreadsheet would otherwise
turn into a number and round (an 18-digit declaration keeps only 15 digits) or strip of
its leading zero. A value that itself starts with a quote gets one more, so the rule is
reversible: a script reading the file gets the stored value back with ``raw_value``
(drop one leading ``'`` if there is one).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Any

from appraiser.reports.columns import COLUMNS, IDENTIFIER, code_table, headers
from appraiser.reports.daily import DayRows
from appraiser.reports.texts import tr


def _converters(lang: str) -> dict[str, Callable[[Any], Any] | None]:
    codes = code_table(lang)
    yes, no = tr(lang, "yes"), tr(lang, "no")
    return {
        "datetime": lambda v: v.isoformat(" ", "seconds"),
        "code": lambda v: codes.get(v, v),
        "bool": lambda v: yes if v else no,
        "text": None, IDENTIFIER: None, "number": None, "int": None,
    }  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
LONG_NUMBER = 12  # digits from which a spreadsheet loses precision or a leading zero hurts


def neutralise(value: object) -> object:
    """The cell as written: quoted when a spreadsheet would run it or turn it into a number."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_STARTS) or _numeric_identifier(value):
        return "'" + value
    return value


def _numeric_identifier(value: str) -> bool:
    return value.isascii() and value.isdigit() and (len(value) >= LONG_NUMBER or value[0] == "0")


def raw_value(cell: str) -> str:
    """The stored value of a cell read from this CSV (what ``neutralise`` added, removed)."""
    return cell[1:] if cell.startswith("'") else cell


def write_csv(day: DayRows, target: Path, lang: str) -> None:
    """Only the coded, boolean and date columns need converting; ``None`` writes as empty."""
    converters = _converters(lang)
    convert = [(i, fn) for i, c in enumerate(COLUMNS) if (fn := converters[c.kind])]
    pick = itemgetter(*(c.key for c in COLUMNS))
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers(lang))
        for row in day.rows:
            values = list(pick(row))
            for i, fn in convert:
                if values[i] is not None:
                    values[i] = fn(values[i])
            values = [neutralise(v) for v in values]  # translated words too
            writer.writerow(values)
