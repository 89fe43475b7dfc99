"""Reading a lot's decision from its units' verdicts (GB/T 2828.1 / ISO 2859-1 single sampling).

Each drawn unit is an ordinary appraisal; this module maps its verdict to a defect class and
counts, per class, the defective units among the first ``n`` drawn (drawing order is the
``lot_samples`` id order, so the arrow rules' different ``n`` per class read the same units
in the same order) against that class's Ac/Re.

How a unit's appraisal maps to a defect class (the checklists carry no severities, so the
verdict and its reason codes decide; each unit counts once, in its most serious class):

- ``counterfeit`` with ``NOT_AUTHENTIC`` — a counterfeit unit: **critical**. By default the
  lot's policy ``counterfeit_rejects`` rejects the lot outright; when a category turns that
  off, the unit counts as a critical defective against the AQL, and the basis says so.
- ``counterfeit`` with only condition codes (``NOT_AS_DESCRIBED``, ``DAMAGED``, ``USED``,
  ``EXPIRED``, ``LABEL_NONCOMPLIANT``) — genuine goods not fit to pass: **major**.
- ``genuine`` with failed checklist points — passed, with a noted flaw: **minor**.
- ``genuine`` with no failed point — no defect.

An ``inconclusive`` unit, or one whose case is in blind review, *holds* the lot: nothing is
decided until the review ends (unless the lot is already rejected without it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from appraiser.domain.enums import AppraisalState, ReasonCode, Verdict
from appraiser.errors import NotFound
from appraiser.services.casework import appraisals, checklist
from appraiser.services.lots import samples
from appraiser.storage.db import Store

CLASSES = ("critical", "major", "minor")
# Lot states: the first two wait, the last two can be signed.
PENDING, HELD, ACCEPT, REJECT = "pending", "held", "accept", "reject"
# Rules the basis names, so a reader never has to guess how the lot was read.
RULE_COUNTERFEIT_REJECTS = "counterfeit_rejects"
RULE_COUNTERFEIT_CRITICAL = "counterfeit_counts_as_critical"
RULE_EVERY_UNIT = "every_unit"
CLASSIFICATION = "counterfeit+NOT_AUTHENTIC=critical; counterfeit(other codes)=major; genuine+failed points=minor"  # noqa: E501


@dataclass(frozen=True)
class UnitResult:
    """One drawn unit as the lot decision sees it."""

    unit_no: int
    item_uid: str
    appraisal_uid: str | None = None
    verdict_id: int | None = None
    verdict: str | None = None
    status: str = PENDING  # pending | held | decided
    defect: str | None = None  # critical | major | minor | None
    counterfeit: bool = False
    why: str = ""

    def evidence(self) -> dict[str, Any]:
        return {
            "unit_no": self.unit_no,
            "item_uid": self.item_uid,
            "appraisal_uid": self.appraisal_uid,
            "verdict_id": self.verdict_id,
            "verdict": self.verdict,
            "defect": self.defect,
            "why": self.why,
        }


@dataclass(frozen=True)
class ClassResult:
    """One defect class against its Ac/Re: ``outcome`` accept, reject or open (undecided)."""

    defect_class: str
    aql: float | None
    n: int
    ac: int
    re: int
    defectives: tuple[int, ...]  # unit numbers
    inspected: int
    outcome: str

    def as_basis(self) -> dict[str, Any]:
        return {
            "aql": self.aql, "n": self.n, "ac": self.ac, "re": self.re,
            "d": len(self.defectives), "inspected": self.inspected,
            "units": list(self.defectives), "outcome": self.outcome,
        }  # fmt: skip


@dataclass(frozen=True)
class LotEvaluation:
    """What the lot's units say now; ``basis()`` is what a signed decision stores."""

    lot_uid: str
    policy: str
    state: str
    rule: str
    classes: tuple[ClassResult, ...]
    units: tuple[UnitResult, ...]
    rejecting: tuple[int, ...] = ()
    quantity: int = 0
    notes: tuple[str, ...] = field(default=())
    reason: str = ""  # one line in English: why this state (``explain``)

    @property
    def decidable(self) -> bool:
        return self.state in (ACCEPT, REJECT)

    def waiting(self, status: str) -> list[int]:
        return [u.unit_no for u in self.units if u.status == status]

    def rejecting_units(self) -> list[UnitResult]:
        return [u for u in self.units if u.unit_no in self.rejecting]

    def basis(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "rule": self.rule,
            "classification": CLASSIFICATION,
            "quantity": self.quantity,
            "units_inspected": sum(u.status == "decided" for u in self.units),
            "classes": {c.defect_class: c.as_basis() for c in self.classes},
            "counterfeit_units": [u.unit_no for u in self.units if u.counterfeit],
            "rejecting_units": list(self.rejecting),
            "nonconforming_units": [u.unit_no for u in self.units if u.defect],
            "notes": list(self.notes),
            "reason": self.reason,
        }


def load_lot(store: Store, lot_uid: str) -> dict[str, Any]:
    """The lot row with its plan decoded, or NotFound naming the uid."""
    lot = store.one("SELECT * FROM lots WHERE uid = ?", (lot_uid,))
    if lot is None:
        raise NotFound(f"No lot {lot_uid}.", hint="List the lots with: appraiser lots list")
    lot["plan"] = json.loads(lot["plan"] or "{}")
    return lot


def classify(verdict: dict[str, Any], data: dict[str, Any]) -> tuple[str | None, bool, str]:
    """(defect class or None, counterfeit?, why) for one decided unit — see the module doc."""
    if verdict["verdict"] == Verdict.COUNTERFEIT:
        codes = json.loads(verdict["reason_codes"] or "[]")
        if ReasonCode.NOT_AUTHENTIC in codes:
            return "critical", True, "counterfeit: NOT_AUTHENTIC"
        return "major", False, "not acceptable: " + ", ".join(codes)
    failed = checklist.failed_points(data)
    if failed:
        return "minor", False, "failed checkpoints: " + ", ".join(sorted(failed))
    return None, False, ""


def unit_result(store: Store, row: dict[str, Any]) -> UnitResult:
    """One unit from ``samples.units``: its latest appraisal and the verdict in force."""
    base = {"unit_no": int(row["unit_no"]), "item_uid": row["item_uid"]}
    uid = row.get("appraisal_uid")
    verdict = appraisals.current_verdict(store, uid) if uid else None
    if verdict is None:
        return UnitResult(**base, appraisal_uid=uid, why="not appraised yet")
    base.update(appraisal_uid=uid, verdict_id=verdict["id"], verdict=verdict["verdict"])
    in_review = row.get("state") == AppraisalState.AWAITING_REVIEW
    if verdict["verdict"] == Verdict.INCONCLUSIVE or in_review:
        return UnitResult(**base, status=HELD, why="in blind review")
    data = appraisals.current(store, uid)["data"]
    defect, counterfeit, why = classify(verdict, data)
    return UnitResult(**base, status="decided", defect=defect, counterfeit=counterfeit, why=why)


def drawn_units(store: Store, lot_uid: str) -> list[UnitResult]:
    """The lot's units in drawing order (L2's ``samples.units``: the drawn sample, or an
    every-unit lot's units as they were taken)."""
    lot = store.one("SELECT uid, gtin FROM lots WHERE uid = ?", (lot_uid,)) or {}
    return [_of_lot_product(store, lot, unit_result(store, row))
            for row in samples.units(store, lot_uid)]  # fmt: skip


def _of_lot_product(store: Store, lot: dict[str, Any], unit: UnitResult) -> UnitResult:
    """A unit appraised as another product (its item no longer carries the lot's GTIN)
    never counts as conforming (issue 16 finding N2): unless its verdict already makes it
    a defect, it waits as not appraised — the lot is not decided on it."""
    if unit.verdict is None or unit.defect in ("critical", "major"):
        return unit
    from appraiser.services.lots import unit_identity

    why = unit_identity.carries_lot_product(store, lot, unit.item_uid)
    if why is None:
        return unit
    return replace(unit, status=PENDING, defect=None, why=why)


def judge_class(name: str, plan: dict[str, Any], units: list[UnitResult], quantity: int):
    """Ac/Re for one class over its first ``n`` drawn units; early reject at d ≥ Re."""
    n = min(int(plan["n"]), quantity)
    first = units[:n]
    counted = [u for u in first if u.status == "decided"]
    defectives = tuple(u.unit_no for u in counted if u.defect == name)
    ac, re = int(plan["ac"]), int(plan["re"])
    if len(defectives) >= re:
        outcome = REJECT
    elif len(counted) == n and len(defectives) <= ac:
        outcome = ACCEPT
    else:
        outcome = "open"
    return ClassResult(name, plan.get("aql"), n, ac, re, defectives, len(counted), outcome)


def _waiting_state(units: list[UnitResult], needed: int) -> str:
    """Held while any unit the plan reads is in review (its end may decide the lot);
    otherwise pending: units still to appraise, or still to draw."""
    return HELD if any(u.status == HELD for u in units[:needed]) else PENDING


def evaluate(store: Store, lot_uid: str) -> LotEvaluation:
    """The lot's state now: pending, held, accept or reject, with the basis to sign."""
    judged = _judge(store, lot_uid)
    return replace(judged, reason=explain(judged))


def _judge(store: Store, lot_uid: str) -> LotEvaluation:
    lot = load_lot(store, lot_uid)
    units = drawn_units(store, lot_uid)
    quantity = int(lot["quantity"])
    rejects_on_counterfeit = bool(lot["counterfeit_rejects"])
    counterfeit = tuple(u.unit_no for u in units if u.counterfeit)
    plans = {c: lot["plan"][c] for c in CLASSES if (lot["plan"].get(c) or {}).get("n")}
    classes = tuple(judge_class(c, p, units, quantity) for c, p in plans.items())
    needed = max([c.n for c in classes], default=quantity)
    if not plans:
        needed = quantity if lot["policy"] == RULE_EVERY_UNIT else int(lot["sample_size"])
    rule = RULE_COUNTERFEIT_REJECTS if rejects_on_counterfeit else RULE_COUNTERFEIT_CRITICAL
    common = {"lot_uid": lot_uid, "policy": lot["policy"], "rule": rule, "classes": classes,
              "units": tuple(units), "quantity": quantity}  # fmt: skip
    if rejects_on_counterfeit and counterfeit:
        return LotEvaluation(**common, state=REJECT, rejecting=counterfeit)
    rejected = [c for c in classes if c.outcome == REJECT]
    if rejected:
        rejecting = tuple(sorted({u for c in rejected for u in c.defectives}))
        return LotEvaluation(**common, state=REJECT, rejecting=rejecting)
    if classes and all(c.outcome == ACCEPT for c in classes):
        return LotEvaluation(**common, state=ACCEPT)
    if not classes:
        return _without_plan(common, units, needed)
    return LotEvaluation(**common, state=_waiting_state(units, needed))


def _without_plan(common: dict[str, Any], units: list[UnitResult], needed: int):
    """No Ac/Re (every unit inspected): once each unit is decided the lot is accepted, and
    the nonconforming units stay out by their own verdicts (no label for a non-genuine one)
    — the basis lists them."""
    if len(units) < needed or any(u.status != "decided" for u in units[:needed]):
        return LotEvaluation(**common, state=_waiting_state(units, needed))
    note = "every unit inspected: nonconforming units are excluded by their own verdicts"
    return LotEvaluation(**common, state=ACCEPT, notes=(note,))


def units_text(numbers: list[int] | tuple[int, ...]) -> str:
    """At most ten unit numbers, then how many more ("1, 2, … and 490 more")."""
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")


def explain(ev: LotEvaluation) -> str:
    """Why the lot stands where it does, naming the rule and the numbers."""
    if (
        ev.state == REJECT
        and ev.rule == RULE_COUNTERFEIT_REJECTS
        and any(u.counterfeit for u in ev.units)
    ):
        return f"Counterfeit unit(s) {units_text(ev.rejecting)}: any counterfeit rejects the lot."
    if ev.state in (ACCEPT, REJECT) and ev.classes:
        return "; ".join(
            f"{c.defect_class}: {len(c.defectives)} defective in {c.inspected} of {c.n} "
            f"(Ac {c.ac}, Re {c.re})"
            for c in ev.classes
        ) + (" — rejected." if ev.state == REJECT else " — accepted.")
    if ev.state == ACCEPT:
        return ev.notes[0] if ev.notes else "Every unit decided."
    if ev.state == HELD:
        return f"Held: unit(s) {units_text(ev.waiting(HELD))} in blind review."
    waiting = ev.waiting(PENDING)
    if waiting:
        return f"Pending: unit(s) {units_text(waiting)} not appraised yet."
    return "Pending: units still to draw or take."
