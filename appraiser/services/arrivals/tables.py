"""Reading an inbound list (CSV or XLSX) into rows of text, bounded in time and memory.

The file comes from another system and may be broken or hostile, so every limit of
appraiser/limits.py is checked before the expensive step (issue 14 finding 16): the file's
size from ``stat`` (regular files only, never a FIFO or device), a CSV field's length and
the row count while reading, an XLSX's zip members and sheet dimension before its rows are
loaded, and any DTD (entity declarations) refused before an XML parser sees it. Every
refusal is an :class:`InvalidInput` naming the file and, where there is one, the line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from appraiser import limits
from appraiser.errors import InvalidInput
from appraiser.fsio import human_size

LOSSY = "\x00lossy:"  # marks a long number a spreadsheet stored as floating point
FORMULA = "\x00formula:"  # marks a formula cell without a stored value: "D5 =10*5"
# A DTD can declare entities (external files, billion laughs); no spreadsheet needs one.
_DTD_MARKS = tuple(
    mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le")
)


def read_table(path: Path, raw: bytes) -> list[list[str]]:
    """The rows of ``raw`` (the content of ``path``), at most MAX_INBOUND_ROWS + 1."""
    kind = table_kind(path)
    return _xlsx_rows(path.name, raw) if kind == "xlsx" else _csv_rows(path.name, raw)


def table_kind(path: Path) -> str:
    """ "csv" or "xlsx" from the name, refused before the file is even opened."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    raise InvalidInput(f"{path.name}: an inbound list must be a .csv or .xlsx file.")


def _too_many(name: str) -> InvalidInput:
    return InvalidInput(
        f"{name} has more than {limits.MAX_INBOUND_ROWS:,} rows; at most "
        f"{limits.MAX_INBOUND_ROWS:,} fit a day."
    )


def _bounded(name: str, rows: Iterable[list[str]]) -> list[list[str]]:
    """Stop reading as soon as the data rows (non-blank, after the header) pass the limit."""
    out: list[list[str]] = []
    filled = 0
    for number, row in enumerate(rows, start=1):
        if any(len(cell) > limits.MAX_CSV_FIELD for cell in row):
            raise InvalidInput(
                f"{name}, row {number}: a cell longer than {limits.MAX_CSV_FIELD:,} characters."
            )
        out.append(row)
        filled += any(cell.strip() for cell in row)
        if filled > limits.MAX_INBOUND_ROWS + 1:
            raise _too_many(name)
    return out


# -- CSV --------------------------------------------------------------------------------
def _decode(name: str, raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{name} is neither UTF-8 nor GB18030 text.")


def _csv_rows(name: str, raw: bytes) -> list[list[str]]:
    text = _decode(name, raw)
    if "\x00" in text:
        raise InvalidInput(f"{name} holds NUL bytes: it is not a text list.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _bounded(name, _checked_csv(name, csv.reader(io.StringIO(text), dialect)))


def _checked_csv(name: str, reader: Any) -> Iterator[list[str]]:
    """Rows with their line checked: no field beyond MAX_CSV_FIELD, none spanning lines
    (an unclosed quote used to swallow the rows after it silently)."""
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(f"{name}, line {line}: {exc}.") from exc
        for cell in row:
            if len(cell) > limits.MAX_CSV_FIELD:
                raise InvalidInput(
                    f"{name}, line {line}: a field of {len(cell):,} characters (at most "
                    f"{limits.MAX_CSV_FIELD:,})."
                )
            if "\n" in cell or "\r" in cell:
                raise InvalidInput(
                    f"{name}, line {line}: a quote opened on this line is not closed on it "
                    "(a field may not span lines)."
                )
        yield row
        line = reader.line_num + 1


# -- XLSX -------------------------------------------------------------------------------
def _check_zip(name: str, raw: bytes) -> None:
    """Member sizes from the zip directory and no DTD, before openpyxl reads anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InvalidInput(f"{name} is not a readable .xlsx (not a zip: {exc}).") from exc
    with archive:
        for info in archive.infolist():
            too_big = info.file_size > limits.MAX_XLSX_MEMBER_BYTES
            if too_big or info.file_size > limits.MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise InvalidInput(
                    f"{name}: its part {info.filename!r} unpacks to "
                    f"{human_size(info.file_size)}, an oversized sheet or a zip bomb."
                )
            if info.filename.endswith((".xml", ".rels")):
                _refuse_dtd(name, archive, info)


def _refuse_dtd(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with archive.open(info) as member:
            tail = b""
            while chunk := member.read(1 << 20):
                if any(mark in tail + chunk for mark in _DTD_MARKS):
                    raise InvalidInput(
                        f"{name}: its part {info.filename!r} declares a DTD or entities, "
                        "which no spreadsheet needs; it was not opened."
                    )
                tail = chunk[-32:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InvalidInput(f"{name} is damaged ({info.filename!r}: {exc}).") from exc
    except Exception as exc:  # zlib.error and friends from a truncated member
        if isinstance(exc, InvalidInput):
            raise
        raise InvalidInput(f"{name} is damaged ({info.filename!r}: {exc}).") from exc


def _xlsx_rows(name: str, raw: bytes) -> list[list[str]]:
    import openpyxl

    _check_zip(name, raw)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # zipfile / openpyxl / XML raise many kinds for a bad file
        raise InvalidInput(f"{name}: the spreadsheet cannot be read ({exc}).") from exc
    try:
        if not book.worksheets:
            raise InvalidInput(f"{name} has no sheet.")
        sheet = book.worksheets[0]
        declared = _declared_rows(sheet)
        if declared is not None and declared > limits.MAX_INBOUND_ROWS + 1:
            raise _too_many(name)
        rows = sheet.iter_rows(values_only=True, max_col=limits.MAX_XLSX_COLUMNS)
        table = _bounded(name, (["" if v is None else _cell(v) for v in row] for row in rows))
        return _mark_formulas(raw, table)
    except InvalidInput:
        raise
    except Exception as exc:  # a damaged sheet fails while its rows stream in
        raise InvalidInput(f"{name}: the sheet cannot be read ({exc}).") from exc
    finally:
        book.close()


def _mark_formulas(raw: bytes, table: list[list[str]]) -> list[list[str]]:
    """Empty cells that hold a formula, marked FORMULA with their cell name. A formula the
    spreadsheet never calculated has no stored value and reads as an empty cell; the list
    must say "cell D5 holds a formula", not "quantity ''" (issue 16 finding 8). Read a
    second time without stored values, only as far as the (already bounded) first read."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=limits.MAX_XLSX_COLUMNS,
                               max_row=len(table))  # fmt: skip
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row[: len(table[r - 1])], 1):
                if isinstance(value, str) and value.startswith("=") and not table[r - 1][c - 1]:
                    table[r - 1][c - 1] = f"{FORMULA}{get_column_letter(c)}{r} {value[:40]}"
    finally:
        book.close()
    return table


def _declared_rows(sheet: Any) -> int | None:
    """The row count the sheet's <dimension> claims, when it claims one (it may lie low:
    the streamed count is checked too)."""
    try:
        value = sheet.max_row
    except Exception:  # no or malformed dimension: fall back to the streamed count
        return None
    return value if isinstance(value, int) else None


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= 2**53:  # Excel kept only 15-17 digits of a long number
            return LOSSY + f"{value:.0f}"
        return str(int(value))
    return str(value).strip()
