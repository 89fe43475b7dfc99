"""Inbound lists from the warehouse system (CSV or XLSX) become the day's queue.

Import is two steps, so nothing surprising lands in the queue: ``preview`` reads and checks
every row and says exactly what is wrong with each bad one; ``commit`` then queues all the
good rows in one transaction or none of them. Importing the same file again, or a new
export that repeats rows already queued today, adds nothing twice; an item scanned before
the list that names it joins its line (``lines.adopt_scanned``) instead of being listed
twice.

A row of quantity > 1 is a lot (``appraiser.services.lots``): it is planned, and its sample
drawn, in the same transaction that queues it. The optional columns category, batch/lot,
expiry and units per carton feed the plan and the positions of the drawn units.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from appraiser import limits
from appraiser.clock import now_iso
from appraiser.domain.batch import batch_key
from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular
from appraiser.reports.texts import tr
from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals import intake, lines, queue
from appraiser.services.arrivals.scanning import parse as parse_barcode
from appraiser.services.arrivals.tables import FORMULA, LOSSY, read_table, table_kind
from appraiser.services.casework.appraisals import check_item_fields
from appraiser.services.lots import lots
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
    "category": ("category", "品类", "类别", "商品类别"),
    "batch_lot": ("batch_lot", "batch/lot", "batch", "lot", "lot no", "批号", "批次", "批次号"),
    "expiry": ("expiry", "expiry date", "expires", "best before", "有效期", "有效期至", "到期日"),
    "units_per_carton": ("units_per_carton", "units per carton", "per carton", "每箱数量",
                         "装箱数", "箱规"),
}  # fmt: skip
_CATEGORY_NAMES = {tr("zh_CN", c): str(c) for c in Category}  # "美妆" → "beauty"
NOT_ITEM_FIELDS = ("quantity", "units_per_carton")  # on the queue line or the lot, not the item


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
    problems += [
        f"cell {cell} holds a formula ({formula}) without a stored value; give the number"
        for value in values.values()
        if value.startswith(FORMULA)
        for cell, _, formula in [value.removeprefix(FORMULA).partition(" ")]
    ]
    formulas = {k for k, v in values.items() if v.startswith(FORMULA)}
    values = {k: "" if k in formulas else v.removeprefix(LOSSY) for k, v in values.items()}
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
    quantity = ascii_whole(row.get("quantity", ""))
    if "quantity" in formulas:
        pass  # named above, by its cell
    elif quantity is None or quantity < 1:
        problems.append(
            f"quantity {row.get('quantity', '')[:24]!r} is not a whole number ≥ 1 "
            "(digits 0-9 only: no separators, decimals or other scripts' digits)"
        )
    else:
        if quantity > MAX_QUANTITY:
            problems.append(
                f"quantity {row['quantity'][:24]} is more than a line holds "
                f"(at most {MAX_QUANTITY:,})"
            )
        row["quantity"] = quantity
    problems += _check_lot_fields(row)
    return row, problems


def ascii_whole(text: str) -> int | None:
    """A customs quantity: ASCII digits 0-9 only (issue 16 finding 8). Python's ``int``
    also reads '١٢' and '１２'; a declaration written so is refused, like '1,000' and
    '12.0', rather than read one way here and another by the next system."""
    digits = str(text).strip()
    if not (digits.isascii() and digits.isdigit()):
        return None
    return int(digits) if len(digits) <= 18 else 10**18  # absurd either way: "too many"


def _whole(text: str, low: int, high: int) -> int | None:
    number = ascii_whole(text)
    return number if number is not None and low <= number <= high else None


def _check_lot_fields(row: dict[str, Any]) -> list[str]:
    """The optional lot columns: a known category, a real date, a sane carton size (bad
    values are named in the row's problems, and nothing of the row is queued)."""
    problems = []
    if row.get("category"):
        row["category"] = _CATEGORY_NAMES.get(row["category"], row["category"].lower())
        try:
            intake.check_category(row["category"])
        except InvalidInput as exc:
            problems.append(f"category: {exc.message} Use one of: {', '.join(Category)}.")
    if row.get("expiry"):
        try:
            row["expiry"] = check_item_fields({"expiry": row["expiry"]})["expiry"]
        except InvalidInput as exc:
            problems.append(exc.message)
    if "units_per_carton" in row:
        per = _whole(row["units_per_carton"], 1, MAX_QUANTITY)
        if per is None:
            problems.append(
                f"units per carton {row['units_per_carton']!r} is not a whole number "
                f"from 1 to {MAX_QUANTITY:,}"
            )
        row["units_per_carton"] = per
    return problems


def _row_key(row: dict[str, Any]) -> str:
    """Which rows are the same line: declaration + product (+ batch, when the list gives
    one: two batches of one product are two lots). The batch as ``batch_key``: 'w2' and
    'W2' are one batch (issue 16 finding 6)."""
    key = f"{row['declaration_no']}|{row.get('gtin') or ''}|{row.get('sku') or ''}"
    return f"{key}|{batch_key(row['batch_lot'])}" if batch_key(row.get("batch_lot")) else key


def _stored_key(key: str) -> str:
    """A queued line's stored ``row_key`` in today's form (keys stored before batches were
    folded hold the batch as written)."""
    parts = key.split("|", 3)
    return "|".join([*parts[:3], batch_key(parts[3])]) if len(parts) == 4 else key


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
    return {r["row_key"] for r in rows} | {_stored_key(r["row_key"]) for r in rows}


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
            item = {k: v for k, v in row.items()
                    if not k.startswith("_") and k not in NOT_ITEM_FIELDS}  # fmt: skip
            entry = {"inbound_list": list_id, "row_no": row["_row_no"], "row_key": row["_key"],
                     "quantity": row["quantity"]}  # fmt: skip
            line = queue.add_entry(tx, session, day, item, source="inbound", **entry)
            lot = lots.plan_line(tx, session, day, line, row)
            if row["quantity"] == 1 or (lot and lot["policy"] == "every_unit"):
                lines.adopt_scanned(tx, session, day, line, item, row["quantity"])
    return len(result.new_rows)


def import_file(store: Store, session: Session, path: Path, day: date) -> tuple[Preview, int]:
    """Preview and commit in one go (the CLI's way); returns the preview and the count."""
    result = preview(store, path, day)
    return result, commit(store, session, result, day)
