"""The reads the Lots page makes on a worker, and where it finds the parts built beside it.

``day_rows`` and ``detail`` gather, in one worker call, what the lot services say about a
lot (its row, drawn units, evaluation, decision in force, plausibility flags). The
batch-print dialog (``ui.dialogs.lot_print``, built beside this page) is looked up when
used, so a build without it still opens the window and the button says so in words.
Nothing here decides anything about a lot.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from appraiser.errors import KnownError
from appraiser.services.lots import (
    decisions,
    lot_review,
    lots,
    plausibility,
    samples,
    scorecard,
    unit_labels,
)

PRINT_DIALOG = "ui.dialogs.lot_print"


class LotServiceMissing(KnownError):
    """A part of lots this station's build does not have yet."""

    title = "Not available"
    hint = "This station's version does not include it yet; update the application."


def find(module: str, *names: str) -> Callable[..., Any]:
    """The first of ``names`` that ``module`` defines (names agreed between slices, with
    the alternatives a slice chose), or ``LotServiceMissing``."""
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise LotServiceMissing(f"{module} is not installed.") from exc
        raise
    for name in names:
        found = getattr(loaded, name, None)
        if callable(found):
            return found
    raise LotServiceMissing(f"{module} has no {' / '.join(names)}.")


def available(module: str, *names: str) -> bool:
    """Whether ``find`` would succeed (to hide a button rather than fail on a click)."""
    try:
        find(module, *names)
    except LotServiceMissing:
        return False
    return True


def call(module: str, name: str, *args: Any, **kwargs: Any) -> Any:
    """``find(module, name)(*args, **kwargs)`` — for ``run_task``, which needs a plain
    callable and arguments it can carry to a worker."""
    return find(module, name)(*args, **kwargs)


def as_dict(value: Any) -> dict[str, Any]:
    """A row, dataclass or dict returned by a service, as a dict the widgets read."""
    if value is None:
        return {}
    if hasattr(value, "as_dict"):
        return dict(value.as_dict())
    if isinstance(value, dict):
        return dict(value)
    if hasattr(value, "_asdict"):
        return dict(value._asdict())
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    try:
        return dict(value)
    except (TypeError, ValueError):
        return dict(vars(value))


def status(store: Any, lot_uid: str) -> dict[str, Any]:
    """Where a lot stands, read on a worker: its evaluation, its decision in force, the open
    review of that decision (or None) and its plausibility flags."""
    evaluation = decisions.evaluate(store, lot_uid)
    decision = decisions.current(store, lot_uid) or {}
    flags = [as_dict(f) for f in plausibility.flags(store, lot_uid)]
    state = evaluation.state
    if state in ("accept", "reject"):
        state = f"ready_{state}"  # what the sample says, not yet signed
    if decision:
        state = "overridden" if decision.get("kind") == "override" else decision.get("decision")
    review = lot_review.open_review(store, lot_uid)
    if review is not None:
        state = "under_review"  # a unit verdict was amended after the decision (L7)
    return {
        "state": state,
        "review": review,
        "evaluation": {
            "state": evaluation.state,
            "rule": evaluation.rule,
            "notes": list(evaluation.notes),
            "held": evaluation.waiting("held"),
            "pending": evaluation.waiting("pending"),
        },
        "decision": decision,
        "flag_rows": flags,
        "open_flags": len(open_flags(flags)),
    }


def open_flags(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flags nobody has acknowledged yet (they keep the lot from being released)."""
    return [f for f in flags if not f.get("acknowledged_at")]


def day_rows(store: Any, day: Any) -> list[dict[str, Any]]:
    """The day's lots with their state and open flags (one worker call for the table)."""
    rows = lots.list_lots(store, day)
    for row in rows:
        row.update(status(store, row["uid"]))
    return rows


def detail(store: Any, lot_uid: str) -> dict[str, Any]:
    """Everything the details of one lot show: the lot, its drawn units, where it stands,
    and its unit labels counted by state (``unit_labels.summary``)."""
    return {
        "lot": lots.get(store, lot_uid),
        "units": samples.units(store, lot_uid),
        "unit_labels": unit_labels.summary(store, lot_uid),
        **status(store, lot_uid),
    }


def scores(store: Any, since: Any, until: Any) -> list[dict[str, Any]]:
    """The supplier scorecard of a period, as plain rows, each with its product's name
    (brand and model of the latest lot of that GTIN: the scorecard names none)."""
    names = {}
    for lot in lots.list_lots(store):
        named = " ".join(x for x in (lot.get("brand"), lot.get("model")) if x)
        if named:
            names[str(lot.get("gtin") or "").lstrip("0")] = named
    rows = [s.as_dict() for s in scorecard.scorecard(store, since, until)]
    for row in rows:
        key = str(row.get("gtin") or "").lstrip("0")
        row["product"] = row.get("product") or names.get(key, "")
    return rows
