"""The daily log as CSV: UTF-8 with a byte-order mark, because without it Excel on a Chinese
Windows reads the file as GBK and turns every name into mojibake. Dates are written as
``YYYY-MM-DD HH:MM:SS``, which Excel, WPS and LibreOffice turn into date cells."""

from __future__ import annotations

import csv
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path
from typing import Any

from appraiser.reports.columns import COLUMNS, code_table, headers
from appraiser.reports.daily import DayRows
from appraiser.reports.texts import tr


def _converters(lang: str) -> dict[str, Callable[[Any], Any] | None]:
    codes = code_table(lang)
    yes, no = tr(lang, "yes"), tr(lang, "no")
    return {
        "datetime": lambda v: v.isoformat(" ", "seconds"),
        "code": lambda v: codes.get(v, v),
        "bool": lambda v: yes if v else no,
        "text": None, "number": None, "int": None,
    }  # fmt: skip


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
            writer.writerow(values)
