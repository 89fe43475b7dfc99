"""The daily log as XLSX: a summary sheet first, then every appraisal with typed cells
(dates are dates, numbers are numbers, GTINs stay text so leading zeros survive), a frozen
header and filters on every column.

Written with xlsxwriter in ``constant_memory`` mode: rows stream to disk as they are
written, so a 50,000-row day needs no more memory than a small one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from appraiser.reports import daily_lots
from appraiser.reports.columns import COLUMNS, code_table, headers
from appraiser.reports.daily import DayRows
from appraiser.reports.figures import DayFigures
from appraiser.reports.lot_texts import tr as lot_tr
from appraiser.reports.summary_rows import summary_rows
from appraiser.reports.texts import tr

_OPTIONS = {
    "constant_memory": True,
    "remove_timezone": True,
    "strings_to_numbers": False,  # a GTIN or declaration number is text, never a number
    "strings_to_formulas": False,  # a merchant named "=SUM(…)" is a name, not a formula
    "strings_to_urls": False,
}
_STYLES = {
    "text": {},
    "ident": {"num_format": "@"},  # Text format: an edit keeps every digit and leading zero
    "head": {"bold": True, "bg_color": "#DCE6F1", "border": 1},
    "datetime": {"num_format": "yyyy-mm-dd hh:mm"},
    "number": {"num_format": "0.00"},
    "int": {"num_format": "0"},
    "percent": {"num_format": "0.0%"},
    "title": {"bold": True, "font_size": 14},
    "section": {"bold": True, "bottom": 1},
}


def write_xlsx(
    day: DayRows,
    figures: DayFigures,
    target: Path,
    lang: str,
    meta: dict[str, str],
    *,
    lots: list[dict[str, Any]] | None = None,
) -> None:
    book = xlsxwriter.Workbook(str(target), _OPTIONS)
    styles = {name: book.add_format(props) for name, props in _STYLES.items()}
    _summary_sheet(book.add_worksheet(tr(lang, "sheet.summary")), figures, lang, meta, styles)
    _log_sheet(book.add_worksheet(tr(lang, "sheet.log")), day, lang, styles)
    if lots:  # issue 16: a third sheet on a day with lots; the first two stay as they were
        _lots_sheet(book.add_worksheet(lot_tr(lang, "sheet.lots")), lots, lang, styles)
    book.close()


def _lots_sheet(sheet: Worksheet, lots: list[dict[str, Any]], lang: str, styles: dict) -> None:
    """One typed row per lot: numbers as numbers, GTINs and batches as text."""
    sheet.freeze_panes(1, 0)
    for index, title in enumerate(daily_lots.headers(lang)):
        sheet.write_string(0, index, title, styles["head"])
        sheet.set_column(index, index, 16)
    for number, row in enumerate(lots, start=1):
        for index, value in enumerate(daily_lots.cells(row, lang)):
            if isinstance(value, int | float):
                sheet.write_number(number, index, value, styles["int"])
            elif value:
                sheet.write_string(number, index, str(value), styles["ident"])


def _summary_sheet(
    sheet: Worksheet, figures: DayFigures, lang: str, meta: dict[str, str], styles: dict
) -> None:
    for column, width in enumerate((44, 14, 14, 14)):
        sheet.set_column(column, column, width)
    row = 0
    for kind, label, values in summary_rows(figures, lang, meta):
        if kind == "section":
            row += 1  # a blank line before each section
        style = styles[kind] if kind in ("title", "section") else styles["text"]
        sheet.write_string(row, 0, label, style)
        for index, value in enumerate(values, start=1):
            _write_typed(sheet, row, index, value, _summary_style(kind, index - 1, value, styles))
        row += 1


def _summary_style(kind: str, index: int, value: Any, styles: dict) -> Format:
    if kind == "section" or isinstance(value, str):
        return styles["section" if kind == "section" else "text"]
    if kind == "percent" and index == 0:
        return styles["percent"]
    return styles["int" if isinstance(value, int) else "number"]


def _write_typed(sheet: Worksheet, row: int, col: int, value: Any, style: Format) -> None:
    if isinstance(value, str):
        sheet.write_string(row, col, value, style)
    elif value is not None:
        sheet.write_number(row, col, value, style)


def _log_sheet(sheet: Worksheet, day: DayRows, lang: str, styles: dict) -> None:
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(day.rows), 1), len(COLUMNS) - 1)
    for index, title in enumerate(headers(lang)):
        sheet.write_string(0, index, title, styles["head"])
    writers = _writers(lang, sheet, styles)
    plan = [(index, column.key, writers[column.kind]) for index, column in enumerate(COLUMNS)]
    for number, row in enumerate(day.rows, start=1):
        for index, key, write in plan:
            value = row[key]
            if value is not None and value != "":
                write(number, index, value)


def _writers(lang: str, sheet: Worksheet, styles: dict) -> dict[str, Callable]:
    codes = code_table(lang)
    yes, no = tr(lang, "yes"), tr(lang, "no")
    text = styles["text"]

    def moment(r: int, c: int, v: datetime) -> None:
        sheet.write_datetime(r, c, v, styles["datetime"])

    return {
        "text": lambda r, c, v: sheet.write_string(r, c, str(v), text),
        "ident": lambda r, c, v: sheet.write_string(r, c, str(v), styles["ident"]),
        "code": lambda r, c, v: sheet.write_string(r, c, codes.get(v, v), text),
        "datetime": moment,
        "number": lambda r, c, v: sheet.write_number(r, c, v, styles["number"]),
        "int": lambda r, c, v: sheet.write_number(r, c, v, styles["int"]),
        "bool": lambda r, c, v: sheet.write_string(r, c, yes if v else no, text),
    }
