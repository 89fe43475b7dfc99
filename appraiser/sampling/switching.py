"""Switching rules of GB/T 2828.1 / ISO 2859-1 clause 9, as a pure state machine over one
supplier's consecutive lots (slice L3 stores each step in ``lot_switching``).

- normal -> tightened: 2 of 5 or fewer consecutive lots not accepted (9.3.1);
- tightened -> normal: 5 consecutive lots accepted (9.3.2);
- normal -> reduced: switching score >= 30, production steady and reduced inspection
  approved by the responsible authority (9.3.3) — approval is an explicit input, never
  assumed;
- reduced -> normal: a lot not accepted, or production irregular (9.3.4);
- tightened, 5 lots not accepted in the tightened period -> discontinued (9.4); inspection
  resumes (at tightened) only after the supplier's corrective action: :func:`resume`.

Switching score (9.3.3.2, single sampling), counted on normal inspection only: for a plan
with Ac >= 2 add 3 if the lot would have been accepted at the next tighter AQL, otherwise
reset to 0; for Ac 0 or 1 add 2 if the lot is accepted, otherwise reset. With several defect
classes a lot earns the smallest of its classes' points (any reset resets). The counters are
a JSON-able dict, so a row of ``lot_switching`` holds them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from appraiser.errors import InvalidInput
from appraiser.sampling.plans import aql_label

STATES = ("normal", "tightened", "reduced", "discontinued")
WINDOW = 5  # "2 out of 5 or fewer consecutive lots"
TIGHTENED_RUN = 5  # consecutive accepted lots back to normal
DISCONTINUE_AFTER = 5  # lots not accepted in one tightened period
REDUCED_SCORE = 30


class Switch(NamedTuple):
    """The state the supplier's *next* lot is inspected at, its counters and why."""

    state: str
    counters: dict[str, Any]
    reason: str


def fresh(state: str = "normal") -> dict[str, Any]:
    """Counters at the start of a state."""
    return {"recent": [], "score": 0, "run": 0, "not_accepted": 0, "lots": 0}


def next_state(
    state: str,
    counters: Mapping[str, Any] | None,
    lot_result: bool | None = None,
    *,
    accepted: bool | None = None,
    plan: Mapping[str, Any] | str | None = None,
    defects: Mapping[str, int] | None = None,
    production_steady: bool = True,
    reduced_approved: bool = False,
) -> Switch:
    """The state after one lot on *original* inspection.

    ``accepted`` (or positionally ``lot_result``) is the lot's computed result; ``plan`` is
    the lot's per-class plan as stored in ``lots.plan`` (``{"major": {"aql", "ac", "re",
    "n", "code_letter"}, …}``) and ``defects`` the nonconforming units found per class —
    both only matter for the switching score on normal inspection."""
    ok = accepted if accepted is not None else lot_result
    if not isinstance(ok, bool):
        raise InvalidInput("a lot result is accepted (true) or not accepted (false).")
    if state not in STATES:
        raise InvalidInput(f"switching state {state!r} is unknown; use one of {', '.join(STATES)}.")
    count = {**fresh(), **dict(counters or {})}
    count["lots"] = int(count["lots"]) + 1
    if state == "discontinued":
        raise InvalidInput(
            "acceptance inspection of this supplier's product is discontinued (5 lots not "
            "accepted on tightened inspection); record the supplier's corrective action to "
            "resume at tightened inspection."
        )
    if state == "tightened":
        return _tightened(count, ok)
    if state == "reduced":
        return _reduced(count, ok, production_steady)
    return _normal(count, ok, _plans(plan), defects, production_steady, reduced_approved)


def resume(counters: Mapping[str, Any] | None = None) -> Switch:
    """After discontinuation and the supplier's corrective action: tightened inspection."""
    return Switch("tightened", fresh(), "resumed after corrective action: tightened inspection")


def _normal(count, ok, plans, defects, steady, approved) -> Switch:
    recent = [*list(count["recent"]), ok][-WINDOW:]
    count["recent"] = recent
    failed = recent.count(False)
    if not ok and failed >= 2:
        return Switch("tightened", fresh(), f"{failed} of the last {len(recent)} lots not accepted")
    points, why = _points(ok, plans, defects)
    count["score"] = int(count["score"]) + points if points else 0
    score = count["score"]
    if score >= REDUCED_SCORE and steady and approved:
        return Switch("reduced", fresh(), f"switching score {score} >= 30, production steady, "
                      "reduced inspection approved")  # fmt: skip
    held = ""
    if score >= REDUCED_SCORE:
        held = " (reduced needs steady production and approval)"
    return Switch("normal", count, f"{why}; switching score {score}{held}")


def _points(ok: bool, plans: dict[str, dict], defects: Mapping[str, int] | None):
    """Switching-score points this lot earns (0 = reset) and the reason."""
    if not ok:
        return 0, "lot not accepted: switching score reset"
    if not plans:
        return 2, "lot accepted"
    earned = []
    for name, p in plans.items():
        ac = int(p.get("ac") or 0)
        if ac <= 1:
            earned.append(2)
            continue
        tighter = p.get("ac_tighter", _tighter_ac(p))
        found = (defects or {}).get(name)
        if tighter is None or found is None:
            return 0, f"{name}: Ac {ac} needs the defects found and the tighter Ac; score reset"
        if int(found) > int(tighter):
            return 0, f"{name}: {found} > Ac {tighter} at the next tighter AQL; score reset"
        earned.append(3)
    return min(earned), "lot accepted"


def _tighter_ac(p: Mapping[str, Any]) -> int | None:
    """Ac of the next tighter AQL for the plan's code letter in Table 2-A (the score is kept
    on normal inspection), from the class plan as stored in ``lots.plan``."""
    from appraiser.sampling.plans import resolve
    from appraiser.sampling.tables import tables

    series, letter = tables().aqls, p.get("code_letter")
    try:
        index = series.index(aql_label(p["aql"]))
    except (KeyError, InvalidInput):
        return None
    if index == 0 or letter not in tables().letters["normal"]:
        return None
    return resolve("normal", letter, series[index - 1])[1].ac


def _tightened(count, ok) -> Switch:
    if ok:
        count["run"] = int(count["run"]) + 1
        if count["run"] >= TIGHTENED_RUN:
            return Switch("normal", fresh(), f"{TIGHTENED_RUN} consecutive lots accepted")
        return Switch("tightened", count, f"{count['run']} consecutive lots accepted")
    count["run"] = 0
    count["not_accepted"] = int(count["not_accepted"]) + 1
    if count["not_accepted"] >= DISCONTINUE_AFTER:
        return Switch("discontinued", count, f"{DISCONTINUE_AFTER} lots not accepted on "
                      "tightened inspection: acceptance inspection discontinued")  # fmt: skip
    return Switch("tightened", count, f"{count['not_accepted']} lots not accepted on tightened")


def _reduced(count, ok, steady) -> Switch:
    if not ok:
        return Switch("normal", fresh(), "a lot not accepted on reduced inspection")
    if not steady:
        return Switch("normal", fresh(), "production irregular or delayed")
    return Switch("reduced", count, "lot accepted")


def _plans(plan: Mapping[str, Any] | str | None) -> dict[str, dict]:
    if plan is None or plan == "":
        return {}
    if isinstance(plan, str):
        try:
            plan = json.loads(plan)
        except ValueError:
            raise InvalidInput("the lot's plan is not valid JSON.") from None
    if not isinstance(plan, Mapping):
        raise InvalidInput("the lot's plan must map defect classes to their plans.")
    return {str(k): dict(v) for k, v in plan.items() if isinstance(v, Mapping)}
