"""The words of lots: states, policies, switching states, plans, positions and progress.

Lot services store stable English codes (``accept``, ``every_unit``, ``tightened``,
``critical``); a screen never shows one as it is. These words live beside the lot screens
(context "lots") rather than in the shared vocabulary, so the lot slices add words without
touching every other area's translation file.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from appraiser.services.lots import decisions
from ui import i18n

CLASSES = ("critical", "major", "minor")
_WORDS = {
    # a lot's state
    "pending": QT_TRANSLATE_NOOP("lots", "Pending"),
    "held": QT_TRANSLATE_NOOP("lots", "Held"),
    "ready_accept": QT_TRANSLATE_NOOP("lots", "To sign: accept"),
    "ready_reject": QT_TRANSLATE_NOOP("lots", "To sign: reject"),
    "accept": QT_TRANSLATE_NOOP("lots", "Accepted"),
    "reject": QT_TRANSLATE_NOOP("lots", "Rejected"),
    "overridden": QT_TRANSLATE_NOOP("lots", "Overridden"),
    "under_review": QT_TRANSLATE_NOOP("lots", "Under review"),
    # how a lot is inspected
    "every_unit": QT_TRANSLATE_NOOP("lots", "Every unit"),
    "sampling": QT_TRANSLATE_NOOP("lots", "Sampling"),
    # switching state of a supplier's product
    "normal": QT_TRANSLATE_NOOP("lots", "Normal"),
    "tightened": QT_TRANSLATE_NOOP("lots", "Tightened"),
    "reduced": QT_TRANSLATE_NOOP("lots", "Reduced"),
    "discontinued": QT_TRANSLATE_NOOP("lots", "Discontinued"),
    # defect classes
    "critical": QT_TRANSLATE_NOOP("lots", "Critical"),
    "major": QT_TRANSLATE_NOOP("lots", "Major"),
    "minor": QT_TRANSLATE_NOOP("lots", "Minor"),
    # decision kinds
    "computed": QT_TRANSLATE_NOOP("lots", "From the sample"),
    "override": QT_TRANSLATE_NOOP("lots", "Supervisor's override"),
}
POSITION = QT_TRANSLATE_NOOP("lots", "carton {0}, unit {1}")
PROGRESS = QT_TRANSLATE_NOOP("lots", "{0}/{1} appraised")
PULL = QT_TRANSLATE_NOOP("lots", "lot unit {0}: pull {1}")
QUEUE_LINE = QT_TRANSLATE_NOOP("lots", "lot · {0} of {1} sampled appraised")
QUEUE_CELL = QT_TRANSLATE_NOOP("lots", "lot · {0}/{1} sampled")
QUEUE_NEXT = QT_TRANSLATE_NOOP("lots", "{0} — next: {1}")
QUEUE_OUTCOME = {
    "accept": QT_TRANSLATE_NOOP("lots", "lot accepted"),
    "reject": QT_TRANSLATE_NOOP("lots", "lot rejected"),
}
QUEUE_OVERRIDDEN_CELL = {  # the State cell stays short: it is always shown whole
    "accept": QT_TRANSLATE_NOOP("lots", "overridden: accepted"),
    "reject": QT_TRANSLATE_NOOP("lots", "overridden: rejected"),
}
QUEUE_REVIEW = QT_TRANSLATE_NOOP("lots", "lot under review")
QUEUE_OVERRIDDEN = QT_TRANSLATE_NOOP("lots", "{0} (overridden)")
QUEUE_QUARANTINE = QT_TRANSLATE_NOOP("lots", "{0} — in quarantine")
QUEUE_LABELS = QT_TRANSLATE_NOOP("lots", "{0} — unit labels: {1} of {2} printed")
QUEUE_LABELS_CELL = QT_TRANSLATE_NOOP("lots", "{0}/{1} printed")
QUEUE_HELD = QT_TRANSLATE_NOOP("lots", "in quarantine")
QUEUE_ON_HOLD = QT_TRANSLATE_NOOP("lots", "on hold")
CLASS_PLAN = QT_TRANSLATE_NOOP("lots", "{0}: AQL {1}, n {2}, Ac {3} / Re {4}")
PLAN_HEAD = QT_TRANSLATE_NOOP("lots", "Code letter {0}, sample {1} of {2}")
EVERY_UNIT_PLAN = QT_TRANSLATE_NOOP("lots", "All {0} units")
REVIEW_LINE = QT_TRANSLATE_NOOP(
    "lots",
    "A unit's verdict was amended after the decision: the units now read {0} (before: {1}).",
)
REVIEW_REVOKED = QT_TRANSLATE_NOOP("lots", "{0} unit labels revoked.")
REVIEW_HELD = QT_TRANSLATE_NOOP("lots", "The lot is held in quarantine.")
REVIEW_ENDS = QT_TRANSLATE_NOOP(
    "lots", "A supervisor who did not amend it confirms or changes the decision (Override)."
)


def tr(source: str) -> str:
    return QCoreApplication.translate("lots", source)


def word(code: object) -> str:
    """The word for a lot code in the language in force; an unknown code as it is."""
    source = _WORDS.get(str(code))
    return tr(source) if source else ("" if code is None else str(code))


def meaning(decision: str, kind: str = "computed") -> str:
    """What signing ``decision`` means, in the language in force: the very text the lot
    services store with the signature (``decisions.MEANING``), so what is read is what is
    signed."""
    table = decisions.MEANING_ZH if i18n.current_language() == "zh_CN" else decisions.MEANING
    return table.get((kind, decision)) or word(decision)


def position(unit: dict[str, Any]) -> str:
    """Where a drawn unit is ("carton 3, unit 7"), from its carton and place in it."""
    carton, place = unit.get("carton"), unit.get("unit_in_carton")
    if carton is None or place is None:
        return str(unit.get("position") or unit.get("unit_no") or "")
    return tr(POSITION).format(carton, place)


def progress(done: object, total: object) -> str:
    return tr(PROGRESS).format(done or 0, total or 0)


def plan_of(lot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A lot's plan per defect class, whether the service gave it as JSON text or a dict."""
    plan = lot.get("plan") or {}
    if isinstance(plan, str):
        try:
            plan = json.loads(plan)
        except ValueError:
            return {}
    return {k: dict(v) for k, v in plan.items() if k in CLASSES and isinstance(v, dict)}


def plan_lines(lot: dict[str, Any]) -> list[str]:
    """The plan in full, one line per defect class, for the details of a lot."""
    if lot.get("policy") == "every_unit":
        return [tr(EVERY_UNIT_PLAN).format(lot.get("quantity", ""))]
    head = tr(PLAN_HEAD).format(
        lot.get("code_letter") or "–", lot.get("sample_size", ""), lot.get("quantity", "")
    )
    lines = [f"{head} · {word(lot.get('severity') or 'normal')}"]
    for name, cls in plan_of(lot).items():
        cells = (cls.get("aql"), cls.get("n"), cls.get("ac"), cls.get("re"))
        lines.append(tr(CLASS_PLAN).format(word(name), *("–" if c is None else c for c in cells)))
    return lines


def plan_cell(lot: dict[str, Any]) -> str:
    """The plan in a table cell: code letter, n and Ac/Re per class ("K n125 0/1 3/4 7/8")."""
    if lot.get("policy") == "every_unit":
        return tr(EVERY_UNIT_PLAN).format(lot.get("quantity", ""))
    pairs = [f"{c.get('ac', '–')}/{c.get('re', '–')}" for c in plan_of(lot).values()]
    return " ".join([f"{lot.get('code_letter') or '–'} n{lot.get('sample_size', '')}", *pairs])


def queue_cell(lot: dict[str, Any]) -> str:
    """A lot's line in a Today cell: sampled units appraised of n, short enough to fit."""
    return tr(QUEUE_CELL).format(lot.get("sampled_appraised") or 0, lot.get("sample_size") or 0)


def queue_line(lot: dict[str, Any]) -> str:
    """A lot's line in the Today table: sampled units appraised, and where the next one is."""
    text = tr(QUEUE_LINE).format(lot.get("sampled_appraised") or 0, lot.get("sample_size") or 0)
    nxt = lot.get("next_position") or (position(lot["next_unit"]) if lot.get("next_unit") else "")
    if isinstance(nxt, dict):
        nxt = position(nxt)
    return tr(QUEUE_NEXT).format(text, nxt) if nxt else text


def review_line(review: dict[str, Any]) -> str:
    """Why a decided lot is under review, built from the review's fields (what the units
    read before and after the amendment, labels revoked) so it reads in the language in
    force — never ``lot_review.describe``'s English sentence."""
    parts = [tr(REVIEW_LINE).format(word(review.get("now")), word(review.get("was")))]
    if review.get("revoked"):
        parts.append(tr(REVIEW_REVOKED).format(review["revoked"]))
    if review.get("now") == "reject":  # it contradicts an accept: held at the amendment
        parts.append(tr(REVIEW_HELD))
    parts.append(tr(REVIEW_ENDS))
    return sentences(parts)


def sentences(parts: list[str]) -> str:
    """Sentences one after another: spaced in English, run on in Chinese (full-width
    stops need no space)."""
    return ("" if i18n.current_language() == "zh_CN" else " ").join(parts)


def queue_outcome(row: dict[str, Any], full: bool = False) -> str:
    """A decided lot's line in the Today table: how the lot ended (accepted, rejected,
    overridden, or under review); ``full`` (the tooltip) adds that a rejected lot is in
    quarantine and how many unit labels of an accepted sampled lot are printed. The cell
    stays short (the State column is always shown whole, at 1366 px too); the Label column
    says the rest (``queue_label``)."""
    if row.get("lot_review"):
        return tr(QUEUE_REVIEW)
    decision = row.get("lot_decision")
    text = tr(QUEUE_OUTCOME[decision]) if decision in QUEUE_OUTCOME else word(decision)
    if not full:
        overridden = QUEUE_OVERRIDDEN_CELL.get(str(decision))
        return tr(overridden) if row.get("lot_overridden") and overridden else text
    if row.get("lot_overridden"):
        text = tr(QUEUE_OVERRIDDEN).format(text)
    if decision == "reject" and row.get("lot_quarantined"):
        return tr(QUEUE_QUARANTINE).format(text)
    if decision == "accept" and row.get("lot_policy") == "sampling":
        counts = (row.get("lot_labels_printed") or 0, row.get("lot_units") or 0)
        return tr(QUEUE_LABELS).format(text, *counts)
    return text  # an every-unit lot's bags carry their own labels


def queue_label(row: dict[str, Any]) -> str:
    """A decided lot's Label cell in Today: unit labels printed of an accepted sampled lot
    ("100/500 printed"), "in quarantine" for a rejected one, "on hold" under review; empty
    for an every-unit lot (its bags' own labels are on their own lines)."""
    decision = row.get("lot_decision")
    if row.get("lot_review"):
        return tr(QUEUE_ON_HOLD)
    if decision == "reject" and row.get("lot_quarantined"):
        return tr(QUEUE_HELD)
    if decision == "accept" and row.get("lot_policy") == "sampling":
        counts = (row.get("lot_labels_printed") or 0, row.get("lot_units") or 0)
        return tr(QUEUE_LABELS_CELL).format(*counts)
    return ""


def pull(item: dict[str, Any]) -> str:
    """Which unit of a lot the item on the bench is and where to pull it from ("lot unit
    72: pull carton 3, unit 24"), or "" for an item that is no drawn unit."""
    attributes = item.get("attributes") or {}
    if isinstance(attributes, str):
        try:
            attributes = json.loads(attributes)
        except ValueError:
            return ""
    if not isinstance(attributes, dict) or attributes.get("carton") is None:
        return ""
    return tr(PULL).format(attributes.get("lot_unit", ""), position(attributes))
