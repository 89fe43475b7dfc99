"""Inbound lists from the warehouse system (CSV or XLSX) become the day's queue.

Import is two steps, so nothing surprising lands in the queue: ``preview`` reads and checks
every row and says exactly what is wrong with each bad one; ``commit`` then queues all the
good rows in one transaction or none of them. Importing the same file again, or a new
export that repeats rows already queued today, adds nothing twice; an item scanned before
the list that names it joins its line (``lines.adopt_scanned``) instead of being listed
twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from appraiser import limits
from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular
from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals import lines, queue
from appraiser.services.arrivals.scanning import parse as parse_barcode
from appraiser.services.arrivals.tables import LOSSY, read_table, table_kind
from appraiser.storage.db import Store

MAX_ROWS = limits.MAX_INBOUND_ROWS
# One warehouse line never holds more pieces; a bigger figure is a typo or a pasted ID, and
# past 2**63 SQLite cannot even store it (the import crashed instead of naming the row).
MAX_QUANTITY = 1_000_000
# Header spellings seen in warehouse exports, English and Chinese, compared case-free.
HEADERS = {
    "declaration_no": ("declaration_no", "customs declaration no.", "customs declaration no",
                       "declaration no", "declaration", "报关单号", "报关单编号", "申报单号"),
    "gtin": ("gtin", "ean", "barcode", "gtin/sku", "商品条码", "条码", "条形码"),
    "sku": ("sku", "item no", "article", "货号", "商品编码", "sku编码"),
    "brand": ("brand", "品牌"),
    "model": ("model", "product", "型号", "款式", "商品名称"),
    "quantity": ("quantity", "qty", "数量", "件数"),
    "merchant": ("merchant", "consignee", "seller", "商家", "货主", "收货人"),
}  # fmt: skip


@dataclass(frozen=True)
class BadRow:
    row_no: int  # as the person sees it in the file: header is row 1
    problems: tuple[str, ...]
    values: dict[str, str]


@dataclass
class Preview:
    filename: str
    digest: str
    good: list[dict[str, Any]] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    already_queued: int = 0  # good rows that an earlier import already queued today
    already_imported: bool = False  # this very file was imported before

    @property
    def new_rows(self) -> list[dict[str, Any]]:
        return [r for r in self.good if not r["_queued"]]


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for column, spellings in HEADERS.items():
            if key in spellings and column not in found:
                found[column] = index
    missing = [c for c in ("declaration_no", "quantity") if c not in found]
    if "gtin" not in found and "sku" not in found:
        missing.append("gtin or sku")
    if missing:
        raise InvalidInput(
            f"The list has no column for: {', '.join(missing)}.",
            hint="The first row must name the columns (e.g. declaration_no, gtin, sku, brand, "
            "model, quantity, merchant, or 报关单号, 商品条码, 货号, 品牌, 型号, 数量, 商家).",
        )
    return found


def _check(values: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    problems = [
        f"{name} was stored as a number and lost digits; format that column as text"
        for name, value in values.items()
        if value.startswith(LOSSY)
    ]
    values = {k: v.removeprefix(LOSSY) for k, v in values.items()}
    row: dict[str, Any] = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if not row.get("declaration_no"):
        problems.append("customs declaration no. is empty")
    if not row.get("gtin") and not row.get("sku"):
        problems.append("neither GTIN nor SKU is given")
    if row.get("gtin"):
        try:
            row["gtin"] = parse_barcode(row["gtin"]).gtin
        except InvalidInput as exc:
            problems.append(f"GTIN: {exc.message}")
    try:
        quantity = int(row.get("quantity", ""))
        if quantity < 1:
            raise ValueError
    except ValueError:
        problems.append(f"quantity {row.get('quantity', '')!r} is not a whole number ≥ 1")
    else:
        if quantity > MAX_QUANTITY:
            problems.append(
                f"quantity {quantity} is more than a line holds (at most {MAX_QUANTITY:,})"
            )
        row["quantity"] = quantity
    return row, problems


def _row_key(row: dict[str, Any]) -> str:
    return f"{row['declaration_no']}|{row.get('gtin') or ''}|{row.get('sku') or ''}"


def preview(store: Store, path: Path, day: date) -> Preview:
    """Read and check ``path`` without changing anything."""
    table_kind(path)  # a wrong kind of file is refused before it is opened
    raw = read_regular(path, limits.MAX_INBOUND_BYTES, f"The list {path}")
    result = Preview(path.name, hashlib.sha256(raw).hexdigest())
    table = [r for r in read_table(path, raw) if any(c.strip() for c in r)]
    if not table:
        raise InvalidInput(f"{path.name} is empty.")
    if len(table) > MAX_ROWS + 1:
        raise InvalidInput(f"{path.name} has {len(table) - 1} rows; at most {MAX_ROWS} fit a day.")
    columns = _columns(table[0])
    result.already_imported = bool(
        store.one("SELECT 1 AS x FROM inbound_lists WHERE digest = ?", (result.digest,))
    )
    seen: dict[str, int] = {}
    queued = _queued_keys(store, day)
    for number, cells in enumerate(table[1:], start=2):
        values = {c: cells[i] if i < len(cells) else "" for c, i in columns.items()}
        row, problems = _check(values)
        if not problems:
            key = _row_key(row)
            if key in seen:
                problems.append(f"repeats row {seen[key]} (same declaration and product)")
            seen.setdefault(key, number)
        if problems:
            result.bad.append(BadRow(number, tuple(problems), values))
            continue
        row.update(_row_no=number, _key=key, _queued=key in queued)
        result.good.append(row)
    result.already_queued = sum(1 for r in result.good if r["_queued"])
    return result


def _queued_keys(store: Store, day: date) -> set[str]:
    rows = store.query(
        "SELECT row_key FROM queue_entries WHERE day = ? AND row_key IS NOT NULL",
        (day.isoformat(),),
    )
    return {r["row_key"] for r in rows}


def commit(store: Store, session: Session, result: Preview, day: date) -> int:
    """Queue every new good row in one transaction; returns how many were queued."""
    if result.already_imported or not result.new_rows:
        return 0
    with store.atomic(session.actor) as tx:
        if _queued_keys(store, day) & {r["_key"] for r in result.new_rows}:
            raise InvalidInput("The queue changed since the preview; preview the list again.")
        listing = {
            "digest": result.digest,
            "filename": result.filename,
            "day": day.isoformat(),
            "row_count": len(result.new_rows),
            "skipped": len(result.bad) + result.already_queued,
            "created": now_iso(),
            "created_by": session.user_id,
        }
        list_id = tx.insert(
            "inbound_lists", listing, action="inbound.imported", file=result.filename
        )
        for row in result.new_rows:
            item = {k: v for k, v in row.items() if not k.startswith("_") and k != "quantity"}
            entry = {"inbound_list": list_id, "row_no": row["_row_no"], "row_key": row["_key"],
                     "quantity": row["quantity"]}  # fmt: skip
            line = queue.add_entry(tx, session, day, item, source="inbound", **entry)
            lines.adopt_scanned(tx, session, day, line, item, row["quantity"])
    return len(result.new_rows)


def import_file(store: Store, session: Session, path: Path, day: date) -> tuple[Preview, int]:
    """Preview and commit in one go (the CLI's way); returns the preview and the count."""
    result = preview(store, path, day)
    return result, commit(store, session, result, day)
