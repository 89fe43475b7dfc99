"""Switching the language from the menu, live: zh_CN → en → zh_CN with the mouse, then
every page walked. In English no Chinese text may remain (besides the day's own data and
the name 简体中文); back in Chinese the main labels are Chinese again. The menu shows
which language is in force."""

from __future__ import annotations

import re
from pprint import pformat

import pytest

from tests.ui import busy_station
from ui import i18n

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
# Texts that read the same in both languages: codes, numbers, names of languages.
NEUTRAL = re.compile(r"^[\W\dA-Z_]*$|^(English|GTIN|ZPL|PDF|QR)$")
MAIN_WIDGETS = ("QPushButton", "QGroupBox", "QTabBar", "QRadioButton", "QCheckBox")


def _checked_language(window) -> str | None:
    checked = [a for a in (window.act_zh, window.act_en) if a.isChecked()]
    assert len(checked) <= 1
    return None if not checked else ("zh_CN" if checked[0] is window.act_zh else "en")


def _chinese_left(texts: dict[str, str]) -> dict[str, str]:
    return {k: t for k, t in texts.items() if CJK.search(busy_station.without_data(t))}


def _english_left(texts: dict[str, str]) -> dict[str, str]:
    """Main labels (buttons, group and tab titles, table headers, menus) with no Chinese."""
    left = {}
    for where, text in texts.items():
        main = where.startswith(MAIN_WIDGETS) or where.startswith(("menu", "title"))
        main = main or ":header:" in where  # table headers
        plain = text.replace("&", "").strip()
        if (
            main
            and not CJK.search(plain)
            and not NEUTRAL.match(plain)
            and re.search(r"[a-z]{3}", plain)
        ):
            left[where] = text
    return left


def _walk(qtbot, window, station, check) -> dict[str, dict[str, str]]:
    problems = {}
    for key in busy_station.page_keys(window):
        page = busy_station.go_to(qtbot, window, key)
        busy_station.fill_page(qtbot, window, key, station)
        texts = busy_station.visible_texts(window)
        texts.update(busy_station.window_texts(window))
        found = check(texts)
        if found:
            problems[key] = found
        assert page.isVisible()
    return problems


@pytest.mark.usefixtures("styled")
@pytest.mark.parametrize("username", ["admin", "supervisor"])
def test_language_menu_switches_every_page_live(qtbot, station, busy_controller, username):
    i18n.install("zh_CN")
    controller = busy_controller
    busy_station.sign_in(qtbot, controller, username, (1920, 1080))
    window = controller.window
    group = window.act_zh.actionGroup()
    assert group is not None and group is window.act_en.actionGroup() and group.isExclusive()
    assert _checked_language(window) == "zh_CN"

    busy_station.switch_language(qtbot, window, "en")
    assert _checked_language(window) == "en"
    left = _walk(qtbot, window, station, _chinese_left)
    assert not left, f"Chinese left in English:\n{pformat(left, width=100)}"

    busy_station.switch_language(qtbot, window, "zh_CN")
    assert _checked_language(window) == "zh_CN"
    left = _walk(qtbot, window, station, _english_left)
    assert not left, f"English left in Chinese:\n{pformat(left, width=100)}"
