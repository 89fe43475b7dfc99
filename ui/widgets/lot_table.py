"""The tables of the Lots page: the day's lots, a lot's drawn units, the supplier scorecard.

Each is a ``RowsModel`` over the dicts the lot services return; the cells that hold codes
(state, policy, switching state, verdicts) are worded through ``lot_text`` or the shared
vocabulary, so a language switch needs only a repaint.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from ui.models.rows_model import Index, RowsModel
from ui.vocabulary import display
from ui.widgets import lot_text

LOT_COLUMNS = (
    ("gtin", QT_TRANSLATE_NOOP("lots", "GTIN")),
    ("product", QT_TRANSLATE_NOOP("lots", "Product")),
    ("merchant", QT_TRANSLATE_NOOP("lots", "Merchant")),
    ("quantity", QT_TRANSLATE_NOOP("lots", "Declared")),
    ("policy", QT_TRANSLATE_NOOP("lots", "Policy")),
    ("plan", QT_TRANSLATE_NOOP("lots", "Plan")),
    ("severity", QT_TRANSLATE_NOOP("lots", "Switching")),
    ("progress", QT_TRANSLATE_NOOP("lots", "Progress")),
    ("state", QT_TRANSLATE_NOOP("lots", "State")),
    ("flags", QT_TRANSLATE_NOOP("lots", "Flags")),
)
LOT_KEYS = ("gtin", "quantity", "progress", "state", "flags")
LOT_PREFER = ("product", "plan", "policy", "severity")

UNIT_COLUMNS = (
    ("unit_no", QT_TRANSLATE_NOOP("lots", "Unit")),
    ("position", QT_TRANSLATE_NOOP("lots", "Where")),
    ("appraisal_uid", QT_TRANSLATE_NOOP("lots", "Appraisal")),
    ("state", QT_TRANSLATE_NOOP("lots", "Case")),
    ("verdict", QT_TRANSLATE_NOOP("lots", "Result")),
)
UNIT_KEYS = ("unit_no", "position", "appraisal_uid", "verdict")

SCORE_COLUMNS = (
    ("merchant", QT_TRANSLATE_NOOP("lots", "Merchant")),
    ("gtin", QT_TRANSLATE_NOOP("lots", "GTIN")),
    ("product", QT_TRANSLATE_NOOP("lots", "Product")),
    ("lots", QT_TRANSLATE_NOOP("lots", "Lots")),
    # The inspection's result (the computed decision, as switching counts it); a supervisor's
    # override is counted on its own, never as the supplier's acceptance (finding 2).
    ("accepted", QT_TRANSLATE_NOOP("lots", "Accepted by inspection")),
    # A lot whose decision an amended unit verdict put under review: not counted as accepted
    # until a supervisor ends the review (finding N5).
    ("under_review", QT_TRANSLATE_NOOP("lots", "Under review")),
    ("overridden_accept", QT_TRANSLATE_NOOP("lots", "Overridden → accept")),
    ("overridden_reject", QT_TRANSLATE_NOOP("lots", "Overridden → reject")),
    ("counterfeit", QT_TRANSLATE_NOOP("lots", "Counterfeit")),
    ("inspected", QT_TRANSLATE_NOOP("lots", "Units inspected")),
    ("state", QT_TRANSLATE_NOOP("lots", "Switching")),
    ("open_flags", QT_TRANSLATE_NOOP("lots", "Open flags")),
)
SCORE_KEYS = ("gtin", "lots", "accepted", "under_review", "overridden_accept",
              "overridden_reject", "counterfeit", "state")  # fmt: skip
_RED = QColor("#b00020")
_TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def product(row: dict[str, Any]) -> str:
    """What the lot is, from whichever names the service gave."""
    named = row.get("product") or " ".join(x for x in (row.get("brand"), row.get("model")) if x)
    return str(named or row.get("sku") or "")


def lot_row(row: dict[str, Any]) -> dict[str, Any]:
    """A lot as the table shows it: product and progress worded, codes kept for the cells."""
    shown = dict(row)
    shown["product"] = product(row)
    total = row.get("sample_size") if row.get("policy") == "sampling" else row.get("quantity")
    shown["progress"] = lot_text.progress(row.get("appraised"), total)
    shown["flags"] = row.get("open_flags") or ""
    return shown


def score_row(row: dict[str, Any]) -> dict[str, Any]:
    """A scorecard line with the acceptance rate as a percentage (the service's
    ``accepted`` is a count of lots accepted on inspection; the column shows the rate) and
    the overrides' counts as they are."""
    shown = dict(row)
    shown["product"] = product(row)
    rate = row.get("accepted_pct")  # percent of decided lots; None before any decision
    shown["accepted"] = "–" if rate is None else f"{float(rate):.0f} %"
    return shown


def _text_of(index: Index, role: int, model: RowsModel) -> str | None:
    """The column key of a text cell asked for (display or tooltip), else None."""
    if not index.isValid() or role not in _TEXT_ROLES:
        return None
    return model.column_key(index.column())


class LotRows(RowsModel):
    """The day's lots; a lot with open plausibility flags reads in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        words = {k: lot_text.word for k in ("policy", "severity", "state")}
        super().__init__(LOT_COLUMNS, "lots", parent, formatters=words)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return QBrush(_RED) if self.row(index.row()).get("open_flags") else None
        if _text_of(index, role, self) == "plan":
            return lot_text.plan_cell(self.row(index.row()))
        return super().data(index, role)


class UnitRows(RowsModel):
    """A lot's drawn units in drawing order, each with where to find it and its result."""

    def __init__(self, parent: QObject | None = None) -> None:
        words = {"state": display, "verdict": display}
        super().__init__(UNIT_COLUMNS, "lots", parent, formatters=words)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if _text_of(index, role, self) == "position":
            return lot_text.position(self.row(index.row()))
        return super().data(index, role)


def two_lines(text: str, longer_than: int = 9) -> str:
    """A long header broken at the space nearest its middle ("Overridden\n→ accept").

    Why: the scorecard's key columns are counts under long English headers; on one line
    they made the Lots page (whose hidden tab still sets its width) wider than the bench's
    1366-pixel screen (issue 16 finding N7). Chinese headers have no spaces and stay as
    they are."""
    if len(text) <= longer_than or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return f"{text[:cut]}\n{text[cut + 1 :]}"


class ScoreRows(RowsModel):
    """The supplier scorecard: one line per merchant and product; long headers on two
    lines, whole in their tooltip (the view must not elide its header: Qt
    elides a two-line header as if it were one line)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(SCORE_COLUMNS, "lots", parent, formatters={"state": lot_text.word})

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in _TEXT_ROLES:
            return super().headerData(section, orientation, role)
        text = super().headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
        return two_lines(text) if role == Qt.ItemDataRole.DisplayRole else text
