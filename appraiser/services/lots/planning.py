"""The one place lots ask ``appraiser.sampling`` (slice L1) for a category's policy and a
lot's plan, so the rest of the lots code never depends on how the tables are stored.

A plan here is what the ``lots`` row stores: the policy, the level, the severity the lot is
inspected at, the code letter, the sample size n (the largest per-class n, so one sample
serves every defect class; never more than the lot) and the per-class plans as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from appraiser.sampling.plans import Plan, class_plans, units_to_draw
from appraiser.sampling.policies import policy_for
from appraiser.services.lots import switching
from appraiser.storage.db import Store

SEVERITIES = ("normal", "tightened", "reduced")


@dataclass(frozen=True)
class LotPlan:
    policy: str  # 'every_unit' | 'sampling'
    sample_size: int
    level: str | None = None
    severity: str | None = None
    code_letter: str | None = None
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    counterfeit_rejects: bool = True
    units_per_carton: int = 1
    note: str | None = None  # e.g. why the severity differs from the switching state


def switching_state(store: Store, merchant: str | None, gtin: str | None) -> str:
    """The state the supplier's next lot of this product is inspected at: the latest
    ``lot_switching`` row for merchant + GTIN (``switching.current_state``, the one read of
    that table), ``normal`` when there is none."""
    return switching.current_state(store, merchant, gtin).state


def plan_for(category: str, quantity: int, state: str) -> LotPlan:
    """The plan of a lot of ``quantity`` units of ``category`` at switching ``state``."""
    policy = policy_for(category)
    per_carton = int(policy.units_per_carton or 1)
    rejects = bool(policy.counterfeit_rejects)
    if policy.kind != "sampling":
        return LotPlan("every_unit", quantity, counterfeit_rejects=rejects,
                       units_per_carton=per_carton)  # fmt: skip
    note = None
    if state not in SEVERITIES:  # 'discontinued': the standard stops acceptance inspection
        note = f"supplier's switching state is {state}; inspected at tightened"
        state = "tightened"
    plans = class_plans(quantity, policy, state)
    classes = {name: _plan_dict(p) for name, p in plans.items()}
    letter = next(iter(plans.values())).code_letter
    return LotPlan(
        "sampling", units_to_draw(plans), level=str(policy.level), severity=state,
        code_letter=letter, classes=classes, counterfeit_rejects=rejects,
        units_per_carton=per_carton, note=note,
    )  # fmt: skip


def _plan_dict(plan: Plan) -> dict[str, Any]:
    """One class's plan as stored in ``lots.plan``: aql, n (as printed), ac, re, the code
    letter (and the one an arrow moved it to)."""
    return {
        "aql": plan.aql, "code_letter": plan.code_letter,
        "code_letter_used": plan.code_letter_used, "n": plan.sample_size,
        "ac": plan.accept, "re": plan.reject, "arrow": plan.arrow,
    }  # fmt: skip
