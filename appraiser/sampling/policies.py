"""Category inspection policies, as data (``resources/inspection/policies.toml``).

Each category says whether its lots are appraised unit by unit (``every_unit``) or by a
GB/T 2828.1 sample (``sampling``, with a level and an AQL per defect class), whether one
counterfeit unit rejects the lot, and how many units a carton usually holds (to say
"carton 3, unit 7"). Supervisors change the file, not the code; a bad entry is refused with
its name so the station never plans a lot from a half-read policy.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput
from appraiser.paths import resource
from appraiser.sampling.plans import DEFECT_CLASSES, aql_label
from appraiser.sampling.tables import LEVELS

KINDS = ("every_unit", "sampling")
_KEYS = {"policy", "level", "aql", "counterfeit_rejects", "units_per_carton"}


@dataclass(frozen=True)
class Policy:
    """How lots of one category are inspected."""

    category: str
    kind: str  # every_unit | sampling
    level: str = "II"
    aqls: dict[str, float] = field(default_factory=dict)  # defect class -> AQL (sampling)
    counterfeit_rejects: bool = True
    units_per_carton: int = 1

    @property
    def policy(self) -> str:
        return self.kind


def policies_file() -> Path:
    return resource("inspection", "policies.toml")


@cache
def policies() -> dict[str, Policy]:
    """Every category's policy, validated as a whole when first asked."""
    return load(policies_file())


def policy_for(category: str) -> Policy:
    """The policy of a category (``bags``, ``beauty``…); an unknown category is refused."""
    table = policies()
    key = str(category).strip().lower()
    if key not in table:
        raise InvalidInput(
            f"category {str(category)[:30]!r} has no inspection policy; known: "
            f"{', '.join(sorted(table))}."
        )
    return table[key]


def load(path: Path) -> dict[str, Policy]:
    """Read and validate a policies file; the first bad entry is named."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"{path.name}: cannot be read as TOML ({exc}).") from None
    return validate(data, path.name)


def validate(data: dict[str, Any], name: str = "policies.toml") -> dict[str, Policy]:
    defaults = data.get("defaults", {})
    categories = data.get("categories")
    if not isinstance(defaults, dict) or not isinstance(categories, dict):
        raise InvalidInput(f"{name}: needs a [defaults] table and [categories.<name>] tables.")
    out = {}
    for category, entry in categories.items():
        where = f"{name}: [categories.{category}]"
        if category not in {c.value for c in Category}:
            raise InvalidInput(
                f"{where} is not a category ({', '.join(c.value for c in Category)})."
            )
        if not isinstance(entry, dict):
            raise InvalidInput(f"{where} must be a table.")
        out[category] = _policy(category, {**defaults, **entry}, where)
    missing = sorted({c.value for c in Category} - set(out))
    if missing:
        raise InvalidInput(f"{name}: no policy for {', '.join(missing)}.")
    return out


def _policy(category: str, entry: dict[str, Any], where: str) -> Policy:
    extra = sorted(set(entry) - _KEYS)
    if extra:
        raise InvalidInput(f"{where} {extra[0]} is not a policy key ({', '.join(sorted(_KEYS))}).")
    kind = entry.get("policy")
    if kind not in KINDS:
        raise InvalidInput(f"{where} policy = {kind!r}; use every_unit or sampling.")
    level = entry.get("level", "II")
    if level not in LEVELS:
        raise InvalidInput(f"{where} level = {level!r}; use one of {', '.join(LEVELS)}.")
    rejects = entry.get("counterfeit_rejects", True)
    if not isinstance(rejects, bool):
        raise InvalidInput(f"{where} counterfeit_rejects must be true or false.")
    per_carton = entry.get("units_per_carton", 1)
    if (
        isinstance(per_carton, bool)
        or not isinstance(per_carton, int)
        or not 1 <= per_carton <= 100_000
    ):
        raise InvalidInput(f"{where} units_per_carton must be a whole number from 1 to 100000.")
    aqls = _aqls(entry.get("aql", {}), where) if kind == "sampling" else {}
    return Policy(category, kind, level, aqls, rejects, per_carton)


def _aqls(table: Any, where: str) -> dict[str, float]:
    if not isinstance(table, dict) or set(table) != set(DEFECT_CLASSES):
        raise InvalidInput(f"{where} aql needs exactly {', '.join(DEFECT_CLASSES)}.")
    out = {}
    for name in DEFECT_CLASSES:
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInput(f"{where} aql.{name} must be a number of the AQL series.")
        try:
            out[name] = float(aql_label(value))
        except InvalidInput as exc:
            raise InvalidInput(f"{where} aql.{name}: {exc.message}") from None
    return out
