"""The supplier scorecard (issue 16 item 6): how each merchant's product has fared.

One row per merchant + GTIN over the lots of a period (the lots' local days): lots, lots
decided and accepted *on inspection* (the computed decision, which is also what the
switching rules count: a supervisor's override says what happened to the goods, not how
the supplier's lot inspected — issue 16 finding 2), the lots whose decision is *under review*
(a unit verdict amended after it, ``lot_review``: such a lot is not counted as accepted until
a supervisor ends the review, and from then on it counts as its units read after the
amendment — finding N5), the lots whose decision in force is an
override, in each direction, counterfeit units found, units appraised, the switching state
the next lot will be inspected at (now, whatever the period) and the plausibility flags
still open. The GUI
shows ``scorecard``; ``export`` writes the same rows as CSV or XLSX for a supervisor.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from appraiser.errors import InvalidInput
from appraiser.reports.atomic import check_folder, staged
from appraiser.reports.csv_export import neutralise
from appraiser.reports.lot_texts import tr
from appraiser.reports.manifest import file_digest
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.lots import samples, switching
from appraiser.services.lots.evaluation import ACCEPT, evaluate
from appraiser.storage.db import Store

FORMATS = ("csv", "xlsx")
COLUMNS = ("merchant", "gtin", "lots", "decided", "accepted", "accepted_pct", "under_review",
           "overridden_accept", "overridden_reject", "counterfeit", "inspected", "state",
           "open_flags")  # fmt: skip
SIGNED = ("genuine", "counterfeit", "inconclusive")

_LOTS_SQL = """
SELECT l.uid, COALESCE(l.merchant, '') AS merchant, COALESCE(l.gtin, '') AS gtin,
       (SELECT c.decision FROM lot_decisions c
        WHERE c.lot_uid = l.uid AND c.kind = 'computed') AS computed,
       d.decision, d.kind,
       EXISTS (SELECT 1 FROM lot_reviews r WHERE r.lot_uid = l.uid) AS reviewed,
       EXISTS (SELECT 1 FROM lot_reviews r WHERE r.lot_uid = l.uid
               AND r.decision_id = d.id) AS under_review,
       (SELECT COUNT(*) FROM lot_flags f WHERE f.lot_uid = l.uid AND NOT EXISTS
            (SELECT 1 FROM lot_flag_acks a WHERE a.flag_uid = f.uid)) AS open_flags
FROM lots l LEFT JOIN lot_decisions_current d ON d.lot_uid = l.uid
WHERE (:since IS NULL OR l.day >= :since) AND (:until IS NULL OR l.day <= :until)
ORDER BY l.id
"""


@dataclass
class SupplierScore:
    merchant: str
    gtin: str
    lots: int = 0
    decided: int = 0
    accepted: int = 0
    under_review: int = 0
    overridden_accept: int = 0
    overridden_reject: int = 0
    counterfeit: int = 0
    inspected: int = 0
    state: str = "normal"
    open_flags: int = 0

    @property
    def accepted_pct(self) -> float | None:
        """Lots accepted on inspection per decided lot, in percent; None before any
        decision. Overrides do not raise (or lower) it: they have their own columns."""
        return round(100.0 * self.accepted / self.decided, 1) if self.decided else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "accepted_pct": self.accepted_pct}


def scorecard(
    store: Store, since: date | None = None, until: date | None = None
) -> list[SupplierScore]:
    """One score per merchant + GTIN with lots in [since, until], most lots first."""
    if since and until and since > until:
        raise InvalidInput(f"the period starts ({since}) after it ends ({until})")
    period = {"since": since and since.isoformat(), "until": until and until.isoformat()}
    scores: dict[tuple[str, str], SupplierScore] = {}
    for lot in store.query(_LOTS_SQL, period):
        key = (lot["merchant"], switching.product_key(lot["gtin"]))  # GTIN-13 = its GTIN-14
        shown = switching.shown_gtin(lot["gtin"])
        score = scores.setdefault(key, SupplierScore(lot["merchant"], shown))
        score.lots += 1
        score.decided += lot["computed"] is not None
        score.under_review += bool(lot["under_review"])
        score.accepted += _inspection(store, lot) == ACCEPT
        overridden = lot["kind"] == "override"
        score.overridden_accept += overridden and lot["decision"] == "accept"
        score.overridden_reject += overridden and lot["decision"] == "reject"
        score.open_flags += lot["open_flags"]
        verdicts = [u.get("verdict") for u in samples.units(store, lot["uid"])]
        score.inspected += sum(v in SIGNED for v in verdicts)
        score.counterfeit += verdicts.count("counterfeit")
    for score in scores.values():
        score.state = switching.current_state(store, score.merchant, score.gtin).state
    return sorted(scores.values(), key=lambda s: (-s.lots, s.merchant, s.gtin))


def _inspection(store: Store, lot: dict[str, Any]) -> str | None:
    """How the lot inspected: its computed decision, unless a unit verdict was amended after
    a decision (a review was opened): then the units as they read now, and nothing while
    the review is still open — an accepted lot whose unit turned out counterfeit must not
    stand in the supplier's acceptance (issue 16 finding N5)."""
    if lot["under_review"]:
        return None
    if lot["reviewed"]:
        return evaluate(store, lot["uid"]).state
    return lot["computed"]


def headers(lang: str) -> list[str]:
    return [tr(lang, f"score.{c}") for c in COLUMNS]


def cells(score: SupplierScore, lang: str) -> list[Any]:
    row = score.as_dict()
    return [tr(lang, row[c]) if c == "state" else row[c] for c in COLUMNS]


def export(
    store: Store,
    session: Session | None,
    fmt: str,
    out: Path,
    *,
    since: date | None = None,
    until: date | None = None,
    lang: str = "zh_CN",
) -> dict[str, Any]:
    """Write the scorecard (a supervisor's document: it names merchants) and audit it."""
    rules.require(store, session, Action.SUPERVISE, export="scorecard")
    assert session is not None
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}", hint="Use csv or xlsx.")
    out = Path(out)
    check_folder(out.parent)
    scores = scorecard(store, since, until)
    with staged(out) as stage:
        tmp = stage.path(out)
        (_write_csv if fmt == "csv" else _write_xlsx)(scores, tmp, lang)
        sha, size = file_digest(tmp)
    with store.atomic(session.actor) as tx:
        tx.event("lot.scorecard.exported", file=out.name, sha256=sha, size=size, format=fmt,
                 rows=len(scores), since=period_text(since), until=period_text(until))  # fmt: skip
    return {"file": str(out), "rows": len(scores), "sha256": sha}


def period_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _write_csv(scores: list[SupplierScore], target: Path, lang: str) -> None:
    """UTF-8 with BOM and the daily log's injection guard (a merchant named '=cmd|…')."""
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers(lang))
        for score in scores:
            writer.writerow([neutralise(v) for v in cells(score, lang)])


def _write_xlsx(scores: list[SupplierScore], target: Path, lang: str) -> None:
    options = {"strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False}  # fmt: skip
    book = xlsxwriter.Workbook(str(target), options)
    sheet = book.add_worksheet(tr(lang, "score.title")[:31])
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    text = book.add_format({"num_format": "@"})
    for col, title in enumerate(headers(lang)):
        sheet.write_string(0, col, title, head)
        sheet.set_column(col, col, 16)
    for number, score in enumerate(scores, start=1):
        for col, value in enumerate(cells(score, lang)):
            if isinstance(value, str):
                sheet.write_string(number, col, value, text)
            elif value is not None:
                sheet.write_number(number, col, value)
    sheet.freeze_panes(1, 0)
    book.close()
