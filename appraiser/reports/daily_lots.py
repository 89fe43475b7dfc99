"""The day's lots for the daily exports: one row per lot planned that day (its local day).

Read from the export's own snapshot, so the lots part agrees with the appraisal rows and
the checkpoint. A lot's units are its line's items (the line item and every unit taken
from it or drawn for it); the verdict in force of each unit's latest appraisal counts.
The CSV export writes these rows as a second file beside the log (``NAME.lots.csv``,
listed in the same signed manifest) so the log's columns stay as they were; the XLSX gets
a "Lots" sheet and the PDF a "Lots of the day" section — all three only on a day with lots.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from appraiser.reports.csv_export import neutralise
from appraiser.reports.daily import DayFilter, DayWindow
from appraiser.reports.lot_texts import tr
from appraiser.reports.snapshot import Snapshot

COLUMNS = ("lot", "lot_day", "lot_gtin", "lot_batch", "lot_merchant", "lot_quantity",
           "lot_policy", "lot_code", "lot_n", "lot_inspected", "lot_counterfeit",
           "lot_decision", "lot_kind", "lot_inspection", "lot_signed_by",
           "lot_flags")  # fmt: skip
# lot_inspection is the computed decision (what the units' verdicts gave against Ac/Re):
# beside an override in force it shows what was overridden, as the scorecard counts it.
TEXT_CODES = {"lot_policy": "lot.{}", "lot_decision": "lot.{}", "lot_kind": "lot.{}",
              "lot_inspection": "lot.{}"}  # fmt: skip

_LOTS_SQL = """
SELECT l.uid AS lot, l.day AS lot_day, l.gtin AS lot_gtin, l.batch_lot AS lot_batch,
       l.merchant AS lot_merchant, l.quantity AS lot_quantity, l.policy AS lot_policy,
       l.code_letter AS lot_code, l.sample_size AS lot_n, l.line_uid, l.category,
       d.decision AS lot_decision, d.kind AS lot_kind, u.username AS lot_signed_by,
       (SELECT c.decision FROM lot_decisions c
        WHERE c.lot_uid = l.uid AND c.kind = 'computed') AS lot_inspection,
       (SELECT COUNT(*) FROM lot_flags f WHERE f.lot_uid = l.uid AND NOT EXISTS
            (SELECT 1 FROM lot_flag_acks a WHERE a.flag_uid = f.uid)) AS lot_flags
FROM lots l
LEFT JOIN lot_decisions_current d ON d.lot_uid = l.uid
LEFT JOIN users u ON u.id = d.signed_by
WHERE l.day = :day ORDER BY l.id
"""
# Per lot: its units' verdicts in force (the latest appraisal of each unit item).
_UNITS_SQL = """
SELECT i.uid AS item_uid,
       (SELECT v.verdict FROM appraisals_current a JOIN verdicts_current v
               ON v.appraisal_uid = a.uid
        WHERE a.item_uid = i.uid ORDER BY a.started DESC, v.id DESC LIMIT 1) AS verdict
FROM items_current i
WHERE i.uid = :line OR i.uid IN (SELECT item_uid FROM lot_samples WHERE lot_uid = :lot)
   OR json_extract(i.attributes, '$.queue_line') = :line
"""


def has_lots(snap: Snapshot) -> bool:
    """Whether the database knows lots at all (an export of an older station's copy)."""
    return bool(snap.one("SELECT 1 AS x FROM sqlite_master WHERE name = 'lots'"))


def load_lots(snap: Snapshot, window: DayWindow, filters: DayFilter) -> list[dict[str, Any]]:
    """The lots of the day (narrowed by the category filter; the others are about people
    and appraisals, which a lot is not)."""
    if not has_lots(snap):
        return []
    rows = snap.query(_LOTS_SQL, {"day": window.day.isoformat()})
    rows = [r for r in rows if not filters.category or r["category"] == filters.category]
    for row in rows:
        verdicts = [u["verdict"] for u in snap.query(_UNITS_SQL, {"line": row["line_uid"],
                                                                  "lot": row["lot"]})]  # fmt: skip
        row["lot_inspected"] = sum(v is not None for v in verdicts)
        row["lot_counterfeit"] = verdicts.count("counterfeit")
    return rows


def headers(lang: str) -> list[str]:
    return [tr(lang, f"col.{c}") for c in COLUMNS]


def cells(row: dict[str, Any], lang: str) -> list[Any]:
    """The row's values as shown: coded words translated, everything else as stored."""
    out = []
    for column in COLUMNS:
        value = row.get(column)
        if column in TEXT_CODES and value:
            value = tr(lang, TEXT_CODES[column].format(value))
        out.append(value)
    return out


def lots_name(export_name: str) -> str:
    """``day.csv`` → ``day.lots.csv``: beside the log, so one manifest lists both."""
    stem, dot, suffix = export_name.rpartition(".")
    return f"{stem}.lots.{suffix}" if dot and stem else f"{export_name}.lots.csv"


def write_lots_csv(rows: list[dict[str, Any]], target: Path, lang: str) -> None:
    """Same encoding and injection guard as the log's CSV (a merchant named '=cmd|…')."""
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers(lang))
        for row in rows:
            writer.writerow([neutralise(v) for v in cells(row, lang)])
