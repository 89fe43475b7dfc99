"""Who may choose the category of a lot nobody has categorised (issue 16 finding 7).

A category sets a lot's inspection regime (every unit, or a sample at its AQLs), so the
category of a pending line is not an appraiser's free choice:

- when the reference library knows the GTIN's category (or the line already carries one),
  that category is the lot's; a different one is refused, naming the known one;
- when nobody knows it, an appraiser may choose only a category whose policy is at least
  as strict as any: every unit, or sampling (counterfeit rejects the lot) at the level and
  the AQL of every defect class of the strictest sampled category; anything laxer needs a
  supervisor (``rules.require`` SUPERVISE: refused and audited otherwise).

Two doors choose it, and both obey this: ``lots.start`` (``appraiser lot start --category``)
and intake confirming the category of a pending line's first unit (``confirm_pending``,
called by ``intake.confirm_item`` before ``lots.plan_pending``).
"""

from __future__ import annotations

from typing import Any

from appraiser.errors import InvalidInput
from appraiser.sampling.plans import DEFECT_CLASSES
from appraiser.sampling.policies import Policy, policies, policy_for
from appraiser.sampling.tables import LEVELS
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.arrivals import intake, lines
from appraiser.storage.db import Store


def strictest_sampling() -> tuple[str, dict[str, float]]:
    """The highest level and, per defect class, the lowest AQL any sampled category uses."""
    sampled = [p for p in policies().values() if p.kind == "sampling"]
    level = max((p.level for p in sampled), key=LEVELS.index, default="II")
    aqls = {}
    for cls in DEFECT_CLASSES:
        given = [p.aqls[cls] for p in sampled if cls in p.aqls]
        if given:
            aqls[cls] = min(given)
    return level, aqls


def strict_enough(policy: Policy) -> bool:
    """Whether an appraiser may choose this policy for goods nobody has categorised."""
    if policy.kind == "every_unit":
        return True
    level, aqls = strictest_sampling()
    return (
        policy.counterfeit_rejects
        and LEVELS.index(policy.level) >= LEVELS.index(level)
        and all(cls in policy.aqls and policy.aqls[cls] <= aql for cls, aql in aqls.items())
    )


def listed_binds(category: str) -> bool:
    """Whether an inbound list's category (the library not knowing the GTIN) may plan the
    lot by itself: only one an appraiser could have chosen; a laxer one leaves the lot
    pending for a supervisor (issue 16 finding N1: the list's writer picks no regime)."""
    return strict_enough(policy_for(category))


def allowed_choices() -> list[str]:
    """The categories an appraiser may choose for an uncategorised line."""
    return sorted(name for name, policy in policies().items() if strict_enough(policy))


def check_choice(
    store: Store,
    session: Session,
    line_uid: str,
    chosen: str,
    known: str | None,
    *,
    listed: bool = False,
    at_intake: bool = False,
) -> None:
    """Refuse a category that contradicts the one already known (``known``: the line's or
    the library's), or — when none is known — a laxer one chosen by a non-supervisor.
    ``at_intake`` words it for the intake screen rather than ``lot start``."""
    verb = "confirm" if at_intake else "start"
    if known is not None:
        source = "the line's category" if listed else "its GTIN's category in the library"
        if chosen != known:
            hint = f"Choose {known}." if at_intake else (
                f"Leave out --category, or give --category {known}.")  # fmt: skip
            raise InvalidInput(
                f"Line {line_uid} is {known} ({source}); it cannot be {verb}ed as {chosen}.",
                hint=hint,
            )
        return
    if strict_enough(policy_for(chosen)) or rules.allowed(session.role, Action.SUPERVISE):
        return
    why = (
        f"{chosen} is inspected less strictly than other categories, and nothing names "
        f"line {line_uid}'s category: a supervisor must {verb} it as {chosen}."
    )
    hint = f"A supervisor {verb}s it, or choose one of: {', '.join(allowed_choices())}."
    rules.refuse(store, session, Action.SUPERVISE, why, hint=hint, line=line_uid,
                 category=chosen)  # fmt: skip


def confirm_pending(
    store: Store, session: Session, item: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Intake's door (before its write transaction): when ``changes`` set the category of a
    pending lot's line, the same rule as ``lot start --category``. The library's category
    of the declared GTIN binds even when intake retypes the GTIN."""
    chosen = changes.get("category")
    if not chosen or not item["attributes"].get(lines.PENDING_LOT):
        return
    if store.one("SELECT 1 AS x FROM lots WHERE line_uid = ?", (item["uid"],)):
        return
    gtins = [changes.get("gtin"), item.get("gtin")]
    found = (intake.lookup(store, g).fields().get("category") for g in gtins if g)
    known = item.get("category") or next((c for c in found if c), None)
    check_choice(store, session, item["uid"], str(chosen), known,
                 listed=bool(item.get("category")), at_intake=True)  # fmt: skip
