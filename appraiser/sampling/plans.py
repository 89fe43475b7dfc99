"""Single sampling plans (GB/T 2828.1-2012 = ISO 2859-1:1999): lot size + inspection level
give a code letter (Table 1); code letter + AQL + severity give n, Ac and Re (Tables 2-A,
2-B, 2-C), following the arrows to the first plan below or above.

Everything a plan says is in :class:`Plan`, including the code letter the arrows led to and
whether the lot must be inspected 100 % because the plan's n reaches the lot size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from appraiser.errors import InvalidInput
from appraiser.sampling.tables import DOWN, LEVELS, SEVERITIES, UP, Cell, tables

DEFECT_CLASSES = ("critical", "major", "minor")
MAX_QUANTITY = 10**12  # beyond any declaration; keeps the number sane in JSON and SQLite


@dataclass(frozen=True)
class Plan:
    """One single sampling plan for one lot (and one defect class)."""

    lot_size: int
    level: str
    aql: float
    state: str  # severity: normal | tightened | reduced
    code_letter: str  # Table 1's letter for the lot size and level
    code_letter_used: str  # the letter whose plan applies after following any arrow
    sample_size: int  # the plan's n as printed (may exceed the lot size)
    accept: int  # Ac: accept the lot with this many nonconforming units or fewer
    reject: int  # Re: reject it with this many or more
    arrow: str | None  # "down" / "up" when an arrow moved the plan, else None
    inspect_all: bool  # n >= lot size: the standard says inspect every unit
    units_to_inspect: int  # what to draw: min(n, lot size)

    @property
    def severity(self) -> str:
        return self.state

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §3.1 ``lot plan --json`` object."""
        return asdict(self)

    def describe(self) -> str:
        """One paragraph for people: the CLI's text output and the UI's tooltip."""
        moved = ""
        if self.code_letter_used != self.code_letter:
            way = "below" if self.arrow == "down" else "above"
            moved = f" (arrow {self.arrow}: the first plan {way} is {self.code_letter_used})"
        every = ""
        if self.inspect_all:
            every = f"; n reaches the lot size, so inspect all {self.lot_size:,} units (100 %)"
        return (
            f"lot {self.lot_size:,}, level {self.level}, AQL {aql_label(self.aql)}, "
            f"{self.state}: code letter {self.code_letter}{moved}; "
            f"n = {self.sample_size}, Ac = {self.accept}, Re = {self.reject}{every}"
        )


def aql_label(value: float | str) -> str:
    """The AQL as printed in the tables ("0.010", "1.0", "10")."""
    return _aql_key(value)


def aql_series() -> tuple[str, ...]:
    return tables().aqls


def _aql_key(value: float | str) -> str:
    """Match an AQL given as 1, 1.0, "1.0" or "1" to its printed column, or refuse."""
    series = tables().aqls
    try:
        number = float(str(value).strip())
    except ValueError:
        number = None
    for printed in series:
        if number is not None and abs(float(printed) - number) < 1e-9:
            return printed
    raise InvalidInput(
        f"AQL {value!s:.20} is not in the GB/T 2828.1 series; use one of: {', '.join(series)}."
    )


def _quantity(value: int | str) -> int:
    text = str(value).strip()
    digits = text.isascii() and text.isdigit()
    if digits and (len(text) > 18 or int(text) > MAX_QUANTITY):  # finding 8: say why
        raise InvalidInput(
            f"lot quantity {text[:12]}… is too large: at most {MAX_QUANTITY:,}."
            if len(text) > 12
            else f"lot quantity {text} is too large: at most {MAX_QUANTITY:,}."
        )
    if not digits or not 1 <= int(text) <= MAX_QUANTITY:
        raise InvalidInput(
            f"lot quantity {text[:20]!r} must be a whole number from 1 to {MAX_QUANTITY:,}."
        )
    return int(text)


def _level(value: str) -> str:
    word = str(value).strip().upper().replace("S", "S-").replace("S--", "S-")
    if word not in LEVELS:
        raise InvalidInput(
            f"inspection level {str(value)[:20]!r} is unknown; use one of: {', '.join(LEVELS)}."
        )
    return word


def _severity(value: str) -> str:
    word = str(value).strip().lower()
    if word not in SEVERITIES:
        raise InvalidInput(
            f"inspection state {str(value)[:20]!r} is unknown; use one of: {', '.join(SEVERITIES)}."
        )
    return word


def code_letter(quantity: int | str, level: str = "II") -> str:
    """Table 1: the sample size code letter of a lot size at an inspection level.

    A lot of one unit is below the table (which starts at 2); it takes the first range's
    letter, and its plan then inspects the one unit (n >= lot size)."""
    size, where = _quantity(quantity), _level(level)
    for low, high, letters in tables().ranges:
        if size <= low or high is None or size <= high:
            return letters[where]
    raise AssertionError("the last lot-size range is open-ended")  # pragma: no cover


def plan(
    quantity: int | str, level: str = "II", aql: float | str = 1.0, severity: str = "normal"
) -> Plan:
    """The single sampling plan for a lot: code letter, the letter the arrows lead to, n,
    Ac, Re; ``inspect_all`` when n reaches the lot size (the standard: inspect 100 %)."""
    size, where, column = _quantity(quantity), _level(level), _aql_key(aql)
    state = _severity(severity)
    letter = code_letter(size, where)
    used, cell, arrow = resolve(state, letter, column)
    n = tables().sizes[state][used]
    return Plan(
        lot_size=size,
        level=where,
        aql=float(column),
        state=state,
        code_letter=letter,
        code_letter_used=used,
        sample_size=n,
        accept=int(cell.ac),  # type: ignore[arg-type]
        reject=int(cell.re),  # type: ignore[arg-type]
        arrow=arrow,
        inspect_all=n >= size,
        units_to_inspect=min(n, size),
    )


def resolve(severity: str, letter: str, aql: str) -> tuple[str, Cell, str | None]:
    """Follow the cell's arrow down or up its column to the first plan; an arrow that runs
    past the first or last row goes where the data file's [off_table] says."""
    data = tables()
    rows = data.letters[severity]
    cells = data.cells[severity]
    cell = cells[(letter, aql)]
    if cell.arrow is None:
        return letter, cell, None
    step = 1 if cell.arrow == DOWN else -1
    index, last = rows.index(letter) + step, letter
    while 0 <= index < len(rows):
        found = cells[(rows[index], aql)]
        if found.arrow is None:
            return rows[index], found, _word(cell.arrow)
        last = rows[index] if found.arrow == cell.arrow else last
        index += step
    # Off the table: the [off_table] line of this cell, or of the edge cell the arrow ran
    # into (e.g. Table 2-C column 0.010 runs into row R's arrow, which has one).
    offs = data.off_table
    target = offs.get((severity, letter, aql)) or offs.get((severity, last, aql))
    if target is None or cells[target].arrow is not None:
        raise AssertionError(f"{severity} {letter} {aql}: arrow leads off the table")
    went = DOWN if rows.index(target[0]) > rows.index(letter) else UP
    return target[0], cells[target], _word(went)


def _word(arrow: str | None) -> str | None:
    return {DOWN: "down", UP: "up"}.get(arrow or "")


def class_plans(
    quantity: int | str,
    level: Any = "II",
    aqls: Mapping[str, float | str] | str | None = None,
    severity: str = "normal",
) -> dict[str, Plan]:
    """One plan per defect class, e.g. ``{"critical": 0.065, "major": 1.0, "minor": 2.5}``.

    Also callable as ``class_plans(quantity, policy, severity)`` with a
    :class:`~appraiser.sampling.policies.Policy` (its level and AQLs)."""
    if hasattr(level, "aqls") and hasattr(level, "level"):
        if isinstance(aqls, str):
            severity = aqls
        level, aqls = level.level, level.aqls
    if not isinstance(aqls, Mapping) or not aqls:
        raise InvalidInput(f"give an AQL per defect class ({', '.join(DEFECT_CLASSES)}).")
    unknown = [name for name in aqls if name not in DEFECT_CLASSES]
    if unknown:
        raise InvalidInput(
            f"defect class {unknown[0]!r} is unknown; use: {', '.join(DEFECT_CLASSES)}."
        )
    return {name: plan(quantity, level, aqls[name], severity) for name in DEFECT_CLASSES
            if name in aqls}  # fmt: skip


def units_to_draw(plans: Mapping[str, Plan]) -> int:
    """One sample serves every class: draw the largest class's units (never more than the
    lot); each class is judged on the first n of them."""
    return max(p.units_to_inspect for p in plans.values())


def one_step_tighter(p: Plan) -> Plan | None:
    """The plan for the next smaller AQL of the series (same lot, level and state), which
    the switching score asks about; None at the smallest AQL."""
    series = tables().aqls
    index = series.index(aql_label(p.aql))
    if index == 0:
        return None
    return plan(p.lot_size, p.level, series[index - 1], p.state)
