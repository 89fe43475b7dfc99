"""Where the Lots page finds the lot services of the other slices, by their agreed names.

The lot services (``appraiser.services.lots.*``, ``appraiser.reports.lot_pdf``) and the
batch-print dialog (``ui.dialogs.lot_print``) are built alongside this page. They are
looked up when called, not at import, so the station window still opens on a checkout where
one of them is missing, and the button that needs it says so in words instead of crashing.
Nothing here decides anything about a lot: it only finds the function that does.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from appraiser.errors import KnownError

LOTS = "appraiser.services.lots.lots"
DECISIONS = "appraiser.services.lots.decisions"
PLAUSIBILITY = "appraiser.services.lots.plausibility"
SCORECARD = "appraiser.services.lots.scorecard"
LOT_PDF = "appraiser.reports.lot_pdf"
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


def _optional(module: str, names: tuple[str, ...], *args: Any) -> Any:
    """A read that a missing part of lots leaves empty (``None``) instead of failing."""
    try:
        return find(module, *names)(*args)
    except LotServiceMissing:
        return None


def open_flags(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flags nobody has acknowledged yet (they keep the lot from being released)."""
    return [f for f in flags if not (f.get("acknowledged") or f.get("acknowledged_at"))]


def status(store: Any, lot_uid: str) -> dict[str, Any]:
    """Where a lot stands, read on a worker: its evaluation, its decision in force and its
    plausibility flags, each empty when that part of lots is not installed."""
    evaluation = as_dict(_optional(DECISIONS, ("evaluate",), store, lot_uid))
    decision = as_dict(_optional(DECISIONS, ("current", "current_decision"), store, lot_uid))
    flags = [as_dict(f) for f in _optional(PLAUSIBILITY, ("flags",), store, lot_uid) or []]
    state = evaluation.get("state") or "pending"
    if decision:
        state = "overridden" if decision.get("kind") == "override" else decision.get("decision")
    return {
        "state": state,
        "evaluation": evaluation,
        "decision": decision,
        "flag_rows": flags,
        "open_flags": len(open_flags(flags)),
    }


def day_rows(store: Any, day: Any) -> list[dict[str, Any]]:
    """The day's lots with their state and open flags (one worker call for the table)."""
    rows = [as_dict(r) for r in find(LOTS, "list_lots")(store, day)]
    for row in rows:
        row.update(status(store, row["uid"]))
    return rows


def detail(store: Any, lot_uid: str) -> dict[str, Any]:
    """Everything the details of one lot show: the lot, its drawn units, where it stands."""
    lot = as_dict(find(LOTS, "get", "get_lot")(store, lot_uid))
    units = [as_dict(u) for u in find(LOTS, "units")(store, lot_uid)]
    return {"lot": lot, "units": units, **status(store, lot_uid)}
