"""Sampling inspection (issue 16): GB/T 2828.1-2012 = ISO 2859-1:1999 single sampling.

The public API other slices use:

- :func:`plan` (quantity, level, aql, severity) -> :class:`Plan` and :func:`class_plans`
  (one plan per defect class); :func:`code_letter` (Table 1 only);
- :func:`policy_for` (category) -> :class:`Policy`, from ``resources/inspection/policies.toml``;
- :func:`next_state` (state, counters, accepted=…, plan=…) -> :class:`Switch` (state,
  counters, reason), the switching rules of clause 9; :func:`resume` after discontinuation.

The tables are data in ``resources/inspection/single_sampling.txt``, read once.
"""

from appraiser.sampling.plans import (
    DEFECT_CLASSES,
    Plan,
    aql_label,
    aql_series,
    class_plans,
    code_letter,
    one_step_tighter,
    plan,
    units_to_draw,
)
from appraiser.sampling.policies import Policy, policies, policy_for
from appraiser.sampling.switching import STATES, Switch, next_state, resume
from appraiser.sampling.tables import LEVELS, SEVERITIES

__all__ = [
    "DEFECT_CLASSES",
    "LEVELS",
    "SEVERITIES",
    "STATES",
    "Plan",
    "Policy",
    "Switch",
    "aql_label",
    "aql_series",
    "class_plans",
    "code_letter",
    "next_state",
    "one_step_tighter",
    "plan",
    "policies",
    "policy_for",
    "resume",
    "units_to_draw",
]
