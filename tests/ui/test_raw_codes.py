"""No stored code reaches a person: every verdict, reason, state, category, checklist view
and checkpoint, label state, scan purpose and device setting shown on any page of a busy
demo station is a word of the vocabulary (``ui.vocabulary``), in Chinese and in English."""

from __future__ import annotations

import re
from pprint import pformat

import pytest

from appraiser import checklists
from appraiser.domain.enums import AppraisalState, Category, ReasonCode, Role, Verdict
from appraiser.services.arrivals.queue import WAITING
from appraiser.services.labelling.label_verify import PURPOSES
from tests.ui import busy_station
from ui import i18n, vocabulary

LABEL_STATES = ("issued", "printed", "applied", "voided", "reprinted", "revoked")
CLONE_RULES = ("outbound_repeat", "multi_station", "voided_seen")
READINGS = ("consistent", "deviates", "no_reference", "no_match")
DEVICES = ("auto", "simulated", "system", "cups-raw", "tcp9100")
STEPS = ("intake", "capture", "compare", "checklist", "verdict", "outcome")
# Stored as English, never meant to be read as such in Chinese.
ENGLISH_ONLY = ("Simulated camera",)


def _checklist_codes() -> set[str]:
    codes = set(checklists.GROUPS) | set(checklists.LABEL_GROUPS)
    for checklist in checklists.load_all().values():
        codes |= {v.key for v in checklist.views} | {c.key for c in checklist.checkpoints}
        codes |= {f"{v.key}_detail" for v in checklist.views}  # close-ups (demo photos)
    return codes


def raw_codes() -> set[str]:
    enums = (Role, Verdict, ReasonCode, Category, AppraisalState)
    codes = {str(value) for enum in enums for value in enum}
    codes |= {WAITING, *LABEL_STATES, *CLONE_RULES, *PURPOSES, *READINGS, *DEVICES, *STEPS}
    return codes | _checklist_codes()


def _pattern(codes: set[str]) -> re.Pattern:
    """A code is raw where it stands alone: a whole text, or a part between separators
    (``Camera: auto``, ``(supervisor)``, ``“intake”``); codes with ``_``, ``-`` or capitals
    are raw anywhere."""
    plain = sorted((c for c in codes if c.islower() and c.isalpha()), key=len, reverse=True)
    marked = sorted(set(codes) - set(plain), key=len, reverse=True)
    edge = r"(?:^|[:：(（“\"'·,;，；]\s*|\s[—–-]\s)"
    tail = r"(?=\s*(?:$|[)）”\"'·,;，；:：]|\s[—–-]\s))"
    alone = rf"{edge}({'|'.join(map(re.escape, plain))}){tail}"
    anywhere = rf"(?<![\w-])({'|'.join(map(re.escape, marked))})(?![\w-])"
    return re.compile(f"{alone}|{anywhere}", re.MULTILINE)


RAW = _pattern(raw_codes())


def _raw_in(texts: dict[str, str], language: str) -> dict[str, str]:
    found = {}
    for where, text in texts.items():
        if where.startswith("QComboBox#timezone") or where.endswith(":username]"):
            continue  # zone names are IANA identifiers, user names are people's own
        match = RAW.search(text)
        if match:
            found[where] = f"{match.group(0).strip()!r} in {text!r}"
        elif language == "zh_CN" and any(english in text for english in ENGLISH_ONLY):
            found[where] = text
    return found


def _review_cases(qtbot, window, page) -> list[dict[str, str]]:
    shown = []
    for row in range(page.model.rowCount()):
        busy_station.click_row(qtbot, page.table, row)
        shown.append(busy_station.visible_texts(page))
    return shown


def _walk(qtbot, window, station, language: str) -> dict[str, dict[str, str]]:
    problems = {}
    for key in busy_station.page_keys(window):
        page = busy_station.go_to(qtbot, window, key)
        busy_station.fill_page(qtbot, window, key, station)
        screens = [busy_station.visible_texts(window)]
        if key == "review":
            screens += _review_cases(qtbot, window, page)
        for texts in screens:
            found = _raw_in(texts, language)
            if found:
                problems.setdefault(key, {}).update(found)
    return problems


@pytest.mark.usefixtures("styled")
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_page_shows_a_raw_code(qtbot, station, busy_controller, language):
    i18n.install(language)
    problems = {}
    controller = busy_controller
    for username in ("supervisor", "admin"):
        busy_station.sign_in(qtbot, controller, username, (1920, 1080))
        for key, found in _walk(qtbot, controller.window, station, language).items():
            problems.setdefault(f"{username}/{key}", {}).update(found)
    assert not problems, f"raw codes on screen:\n{pformat(problems, width=110)}"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_code_has_a_word_in_both_languages(qapp, language):
    i18n.install(language)
    missing = {}
    for code in sorted(raw_codes()):
        word = vocabulary.display(code)
        if word == code or (language == "zh_CN" and not re.search(r"[\u4e00-\u9fff]", word)):
            missing[code] = word
    assert not missing, pformat(missing)
