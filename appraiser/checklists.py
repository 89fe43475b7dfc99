"""Category checklists: the shots to take and the points to check, as data files.

One TOML file per category in ``resources/checklists/``. Appraisers and trainers improve
them without touching code, so loading validates everything and names the offending file
and entry; a broken checklist must never silently drop a checkpoint.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput
from appraiser.paths import resource

GROUPS = ("appearance", "material", "craftsmanship", "codes_serials", "hardware", "inner_label")
LABEL_GROUPS = ("production_date", "shelf_life", "licence", "ingredients", "cn_back_label")
LABEL_CATEGORIES = {Category.FOOD, Category.BEAUTY}  # goods with regulated labelling


@dataclass(frozen=True)
class View:
    key: str
    title_en: str
    title_zh: str
    hint: str
    hint_zh: str
    required: bool = True

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en

    def hint_for(self, language: str) -> str:
        return self.hint_zh if language.startswith("zh") else self.hint


@dataclass(frozen=True)
class Checkpoint:
    key: str
    group: str
    title_en: str
    title_zh: str
    guidance: str
    guidance_zh: str

    def title(self, language: str) -> str:
        return self.title_zh if language.startswith("zh") else self.title_en

    def guidance_for(self, language: str) -> str:
        return self.guidance_zh if language.startswith("zh") else self.guidance


@dataclass(frozen=True)
class Checklist:
    category: Category
    title_en: str
    title_zh: str
    views: tuple[View, ...]
    checkpoints: tuple[Checkpoint, ...]

    @property
    def required_views(self) -> tuple[str, ...]:
        return tuple(v.key for v in self.views if v.required)

    def view(self, key: str) -> View:
        for view in self.views:
            if view.key == key:
                return view
        raise InvalidInput(f"The {self.category} checklist has no view {key!r}.")

    def groups(self) -> list[str]:
        """Groups in canonical order, only those this checklist uses."""
        used = {c.group for c in self.checkpoints}
        return [g for g in (*GROUPS, *LABEL_GROUPS) if g in used]


_VIEW_FIELDS = ("key", "title_en", "title_zh", "hint", "hint_zh")
_POINT_FIELDS = ("key", "group", "title_en", "title_zh", "guidance", "guidance_zh")


def _strings(entry: dict[str, Any], names: tuple[str, ...], where: str) -> dict[str, str]:
    values = {}
    for name in names:
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"{where}: {name!r} must be a non-empty text")
        values[name] = value.strip()
    return values


def _entries(
    raw: dict[str, Any], table: str, fields: tuple[str, ...], extra: set[str], where: str
) -> list[dict[str, Any]]:
    entries = raw.get(table)
    if not isinstance(entries, list) or not entries:
        raise InvalidInput(f"{where}: needs at least one [[{table}]] entry")
    parsed, seen = [], set()
    for number, entry in enumerate(entries, 1):
        spot = f"{where} {table} #{number}"
        unknown = set(entry) - set(fields) - extra
        if unknown:
            raise InvalidInput(f"{spot}: unknown field(s) {', '.join(sorted(unknown))}")
        values = _strings(entry, fields, spot)
        if values["key"] in seen:
            raise InvalidInput(f"{spot}: key {values['key']!r} is used twice")
        seen.add(values["key"])
        parsed.append({**entry, **values})
    return parsed


def parse(raw: dict[str, Any], category: Category, where: str) -> Checklist:
    """Validate one checklist's data (``where`` names the file in messages)."""
    if raw.get("category") != str(category):
        raise InvalidInput(f"{where}: category must be {str(category)!r}")
    head = _strings(raw, ("title_en", "title_zh"), where)
    views = [
        View(**{k: e[k] for k in _VIEW_FIELDS}, required=bool(e.get("required", True)))
        for e in _entries(raw, "views", _VIEW_FIELDS, {"required"}, where)
    ]
    if not any(v.required for v in views):
        raise InvalidInput(f"{where}: at least one view must be required")
    allowed = GROUPS + (LABEL_GROUPS if category in LABEL_CATEGORIES else ())
    points = []
    for entry in _entries(raw, "checkpoints", _POINT_FIELDS, set(), where):
        if entry["group"] not in allowed:
            raise InvalidInput(
                f"{where}: checkpoint {entry['key']!r} has unknown group {entry['group']!r}"
            )
        points.append(Checkpoint(**{k: entry[k] for k in _POINT_FIELDS}))
    return Checklist(category, head["title_en"], head["title_zh"], tuple(views), tuple(points))


def load_file(path: Path, category: Category) -> Checklist:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInput(f"There is no checklist for {category} ({path.name}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name}: {exc}") from exc
    return parse(raw, category, path.name)


@cache
def load(category: str) -> Checklist:
    """The shipped checklist of ``category`` (cached: the files do not change at run time)."""
    cat = Category(category)
    return load_file(resource("checklists", f"{cat}.toml"), cat)


def load_all() -> dict[Category, Checklist]:
    return {cat: load(str(cat)) for cat in Category}
