"""What a producer can make: the supervisor's capacity table and the library's attributes.

A declared quantity is only implausible against a figure someone vouches for. Two sources:
the reference library (a version's ``attributes`` ``batch_size`` / ``annual_capacity``,
which apply to that product, its GTIN) and the table a supervisor keeps
(``lot_capacity``, imported from CSV), which wins because it is the newer, local
knowledge. The table is append-only: a changed figure is a new row, the newest row of a
(producer, GTIN) key counts, and an import that repeats what is in force writes nothing.

The producer is the brand the line declares, compared case-insensitively: the merchant
is the importer who declares the goods, not the one who makes them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from appraiser import limits
from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular
from appraiser.library.pack import gtin_valid
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.storage.db import Store

COLUMNS = ("producer", "gtin", "batch_size", "annual_capacity", "source", "note")
FIGURES = ("batch_size", "annual_capacity")
MAX_FIGURE = 10**12
MAX_ROWS = 20_000
MAX_BYTES = 8 * 1024 * 1024

# The newest row of every key (append-only table, the highest id wins).
_CURRENT_SQL = """
SELECT c.*, u.username AS created_by_name FROM lot_capacity c
LEFT JOIN users u ON u.id = c.created_by
WHERE c.id = (SELECT MAX(x.id) FROM lot_capacity x
              WHERE x.producer = c.producer AND x.gtin = c.gtin)
ORDER BY c.producer, c.gtin
"""


class CapacityImportError(InvalidInput):
    title = "Capacity table refused"
    hint = "Fix the named rows and import the file again; nothing was imported."


@dataclass(frozen=True)
class Known:
    """One figure found for a lot and where it came from: ``scope`` says what the figure
    covers ('producer', 'gtin' or 'producer+gtin'), so totals are summed over the same."""

    value: int
    source: str
    scope: str


def producer_key(brand: str | None) -> str:
    """The table's producer key: trimmed and case-folded, so 'Château X' matches 'CHÂTEAU X'."""
    return " ".join((brand or "").split()).casefold()


def gtin_key(gtin: str | None) -> str:
    """GTINs compare as GTIN-14 digits without leading zeros (a GTIN-13 is a GTIN-14)."""
    return (gtin or "").strip().lstrip("0")


def current(store: Store) -> list[dict[str, Any]]:
    """The capacity rows in force (newest per key), for ``lots capacity list``."""
    return store.query(_CURRENT_SQL)


def lookup(conn, producer: str | None, gtin: str | None) -> dict[str, Known]:
    """The batch size and yearly capacity known for a lot, figure by figure: the table's
    (producer, GTIN) row, then (GTIN), then (producer), then the library's version."""
    found: dict[str, Known] = {}
    keys = [(producer_key(producer), gtin_key(gtin), "producer+gtin")]
    keys += [("", gtin_key(gtin), "gtin"), (producer_key(producer), "", "producer")]
    for prod, code, scope in keys:
        usable = (prod and code) if scope == "producer+gtin" else (prod or code)
        if not usable:
            continue
        row = conn.execute(
            "SELECT batch_size, annual_capacity, source FROM lot_capacity "
            "WHERE producer = ? AND gtin = ? ORDER BY id DESC LIMIT 1",
            (prod, code),
        ).fetchone()
        for index, figure in enumerate(FIGURES):
            if row and row[index] is not None and figure not in found:
                found[figure] = Known(int(row[index]), f"table: {row[2]}", scope)
    for figure, value in _library(conn, gtin).items():
        found.setdefault(figure, Known(value, "library", "gtin"))
    return found


def _library(conn, gtin: str | None) -> dict[str, int]:
    """The newest active library version of this GTIN: its batch size and capacity."""
    if not gtin_key(gtin):
        return {}
    row = conn.execute(
        "SELECT attributes FROM reference_versions WHERE active = 1 "
        "AND ltrim(gtin, '0') = ? ORDER BY id DESC LIMIT 1",
        (gtin_key(gtin),),
    ).fetchone()
    try:
        attributes = json.loads(row[0]) if row else {}
    except ValueError:
        return {}
    out = {}
    for figure in FIGURES:
        value = attributes.get(figure) if isinstance(attributes, dict) else None
        number = _whole(str(value)) if isinstance(value, int | str) else None
        if number is not None and 1 <= number <= MAX_FIGURE:
            out[figure] = number
    return out


def _whole(text: str) -> int | None:
    """'18000', '18,000' or '18 000' as a number; anything else None."""
    digits = text.strip().replace(",", "").replace(" ", "").replace("_", "")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 13 else None


def _too_large(text: str) -> bool:
    """Digits only (as ``_whole`` reads them) but more than any producer makes."""
    digits = text.strip().replace(",", "").replace(" ", "").replace("_", "")
    return digits.isascii() and digits.isdigit() and (len(digits) > 13 or int(digits) > MAX_FIGURE)


@dataclass
class ImportResult:
    file: str
    rows: int
    recorded: int
    unchanged: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_csv(store: Store, session: Session | None, path: Path) -> ImportResult:
    """Record every row of a capacity CSV, or none: each bad row is named with why."""
    rules.require(store, session, Action.SUPERVISE, capacity_import=Path(path).name)
    assert session is not None
    raw = read_regular(Path(path), MAX_BYTES, f"The capacity file {path}")
    rows = parse_csv(raw, Path(path).name)
    in_force = {(r["producer"], r["gtin"]): r for r in current(store)}
    fresh = [r for r in rows if not _same(in_force.get((r["producer"], r["gtin"])), r)]
    stamp = now_iso()
    with store.atomic(session.actor) as tx:
        for row in fresh:
            row = {**row, "created": stamp, "created_by": session.user_id}
            tx.insert("lot_capacity", row, action="lot.capacity.recorded")
        tx.event(
            "lot.capacity.imported",
            file=Path(path).name,
            sha256=hashlib.sha256(raw).hexdigest(),
            rows=len(rows),
            recorded=len(fresh),
        )
    return ImportResult(Path(path).name, len(rows), len(fresh), len(rows) - len(fresh))


def _same(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    return old is not None and all(old[k] == new[k] for k in (*FIGURES, "source", "note"))


def parse_csv(raw: bytes, name: str) -> list[dict[str, Any]]:
    """Validated rows (keys as stored); every problem of the file in one refusal."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CapacityImportError(f"{name} is not UTF-8 text (byte {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("producer", "gtin", *FIGURES) if c not in header]
    if missing:
        raise CapacityImportError(
            f"{name}: the header lacks {', '.join(missing)}",
            hint=f"The first line names the columns: {','.join(COLUMNS)}.",
        )
    reader.fieldnames = header
    rows, problems, seen = [], [], {}
    try:
        for number, record in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                raise CapacityImportError(f"{name} has more than {MAX_ROWS:,} rows")
            if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
                continue
            row, why = _row(record, name)
            key = (row["producer"], row["gtin"]) if row else None
            if key and key in seen:
                why.append(f"the same producer and GTIN as row {seen[key]}")
            if why:
                problems.append(f"row {number}: {'; '.join(why)}")
            elif row and key:
                seen[key] = number
                rows.append(row)
    except csv.Error as exc:
        raise CapacityImportError(f"{name} is not a readable CSV ({exc})") from None
    if problems:
        shown = problems[:10] + ([f"… and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise CapacityImportError(f"{name}: {len(problems)} bad rows: " + " | ".join(shown))
    if not rows:
        raise CapacityImportError(f"{name} holds no rows")
    return rows


def _row(record: dict[str, Any], name: str) -> tuple[dict[str, Any] | None, list[str]]:
    """One row as stored, or the reasons it is refused."""
    cell = {k: str(record.get(k) or "").strip() for k in COLUMNS}
    why = [f"{k} is longer than {limits.MAX_CSV_FIELD:,} characters"
           for k, v in cell.items() if len(v) > limits.MAX_CSV_FIELD]  # fmt: skip
    if None in record:
        why.append("more cells than the header has columns")
    gtin = cell["gtin"]
    if gtin and not gtin_valid(gtin):
        why.append(f"GTIN {gtin[:40]!r} is not a GTIN-8/12/13/14 with a right check digit")
    if not cell["producer"] and not gtin:
        why.append("name a producer, a GTIN or both")
    figures = {}
    for figure in FIGURES:
        value = _whole(cell[figure]) if cell[figure] else None
        if cell[figure] and _too_large(cell[figure]):  # a whole number, just absurd (finding 8)
            why.append(f"{figure} {cell[figure][:24]!r} is too large (at most {MAX_FIGURE:,})")
        elif cell[figure] and (value is None or not 1 <= value <= MAX_FIGURE):
            why.append(f"{figure} {cell[figure][:40]!r} is not a whole number of units ≥ 1")
        figures[figure] = value
    if not cell["batch_size"] and not cell["annual_capacity"]:
        why.append("give batch_size, annual_capacity or both")
    row = {
        "producer": producer_key(cell["producer"]),
        "gtin": gtin_key(gtin),
        **figures,
        "source": cell["source"] or f"import {name}",
        "note": cell["note"] or None,
    }
    return (None if why else row), why
