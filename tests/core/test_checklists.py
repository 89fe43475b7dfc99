"""Checklists: every category ships one, and broken data is refused with its place named."""

from __future__ import annotations

import pytest

from appraiser import checklists
from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput


def test_every_category_has_a_valid_checklist() -> None:
    loaded = checklists.load_all()
    assert set(loaded) == set(Category)
    for category, checklist in loaded.items():
        assert checklist.category == category
        assert len(checklist.required_views) >= 5, category
        assert len(checklist.checkpoints) >= 6, category


def test_food_and_beauty_cover_the_regulated_label_groups() -> None:
    for category in (Category.FOOD, Category.BEAUTY):
        groups = set(checklists.load(str(category)).groups())
        assert set(checklists.LABEL_GROUPS) <= groups


def test_views_have_both_languages() -> None:
    view = checklists.load("bags").view("front")
    assert view.title("zh_CN") == "正面"
    assert view.title("en") == "Front"
    assert view.hint_for("zh_CN") != view.hint_for("en")


def _raw(**overrides):
    raw = {
        "category": "bags",
        "title_en": "Bags",
        "title_zh": "箱包",
        "views": [
            {
                "key": "front",
                "title_en": "Front",
                "title_zh": "正面",
                "hint": "h",
                "hint_zh": "提示",
            }
        ],
        "checkpoints": [
            {
                "key": "logo",
                "group": "appearance",
                "title_en": "Logo",
                "title_zh": "商标",
                "guidance": "g",
                "guidance_zh": "指引",
            }
        ],
    }
    raw.update(overrides)
    return raw


def test_minimal_checklist_parses() -> None:
    parsed = checklists.parse(_raw(), Category.BAGS, "bags.toml")
    assert parsed.required_views == ("front",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "shoes"}, "category must be"),
        ({"views": []}, "at least one [[views]]"),
        (
            {
                "views": [
                    {"key": "front", "title_en": "F", "title_zh": "正", "hint": "", "hint_zh": "x"}
                ]
            },
            "'hint' must be",
        ),
        (
            {
                "views": [
                    {
                        "key": "a",
                        "title_en": "A",
                        "title_zh": "甲",
                        "hint": "h",
                        "hint_zh": "h",
                        "required": False,
                    }
                ]
            },
            "at least one view must be required",
        ),
        (
            {
                "checkpoints": [
                    {
                        "key": "x",
                        "group": "shelf_life",
                        "title_en": "X",
                        "title_zh": "X",
                        "guidance": "g",
                        "guidance_zh": "g",
                    }
                ]
            },
            "unknown group",
        ),
        (
            {
                "checkpoints": [
                    {
                        "key": "x",
                        "group": "material",
                        "title_en": "X",
                        "title_zh": "X",
                        "guidance": "g",
                        "guidance_zh": "g",
                        "colour": "red",
                    }
                ]
            },
            "unknown field",
        ),
    ],
)
def test_bad_checklists_are_refused_with_the_place_named(change, message) -> None:
    with pytest.raises(InvalidInput, match=r"bags\.toml") as caught:
        checklists.parse(_raw(**change), Category.BAGS, "bags.toml")
    assert message in caught.value.message


def test_duplicate_keys_are_refused() -> None:
    views = _raw()["views"] * 2
    with pytest.raises(InvalidInput, match="used twice"):
        checklists.parse(_raw(views=views), Category.BAGS, "bags.toml")


def test_broken_toml_file_names_the_file(tmp_path) -> None:
    path = tmp_path / "bags.toml"
    path.write_text("category = [", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"bags\.toml"):
        checklists.load_file(path, Category.BAGS)
