"""The keys printed on the window's other buttons, fields and navigation work when pressed:
the page keys (F2…), Today's Ctrl+I / Ctrl+N / Ctrl+B / Ctrl+R / F6 / Enter, the
inbound list's Ctrl+O, and the bench steps' Alt+1 / Alt+6 (refused there, with a word)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.ui import bench_flow_support as flow
from ui.dialogs.inbound_dialog import InboundDialog
from ui.dialogs.inbound_manual import ManualItemDialog
from ui.widgets.appraisal_header import step_name

BAG = flow.support.BAG_GTIN


@pytest.fixture
def window(qtbot, controller, appraiser_session):
    flow.sign_in(qtbot, controller, appraiser_session)
    return controller.window


@pytest.fixture
def today(qtbot, window):
    page = window.pages["queue"]
    qtbot.waitUntil(lambda: window.current_page() is page)
    return page


def _nav_keys() -> list[tuple[str, str]]:
    """(key, role) of every page that shows a key, with a role that sees that page."""
    from tests.ui.workflow_support import BENCH_PAGES
    from ui.pages import PAGES

    pages = {p.key: p for p in [*PAGES, *BENCH_PAGES] if p.shortcut}
    order = ("appraiser", "supervisor", "admin")
    return sorted(
        (p.shortcut, next(r for r in order if r in {str(x) for x in p.roles}))
        for p in pages.values()
    )


SESSIONS = {"appraiser": "appraiser_session", "supervisor": "supervisor", "admin": "admin"}


@pytest.mark.parametrize(("key", "role"), _nav_keys())
def test_page_keys_shown_in_the_navigation_open_their_page(qtbot, request, controller, key, role):
    flow.sign_in(qtbot, controller, request.getfixturevalue(SESSIONS[role]))
    window = controller.window
    entries = {
        window.nav.item(row).text().split("\t")[-1]: window.nav.item(row)
        for row in range(window.nav.count())
    }
    assert key in entries, f"{key} is not in the navigation of a {role}"
    start = window.nav.currentItem()
    if start is entries[key]:
        other = next(k for k, item in entries.items() if item is not start)
        flow.press(window.focusWidget() or window, other)
        qtbot.waitUntil(lambda: window.nav.currentItem() is entries[other])
    flow.press(window.focusWidget() or window, key)
    qtbot.waitUntil(lambda: window.nav.currentItem() is entries[key])
    assert window.stack.currentWidget() is window.current_page()


def test_f6_puts_the_cursor_in_the_scan_field(qtbot, window, today):
    flow.focus(qtbot, today.table)
    flow.press(today.table, "F6")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is today.scan_field)


def test_ctrl_i_opens_the_inbound_list_and_ctrl_o_its_file_choice(
    qtbot, window, today, monkeypatch
):
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    flow.focus(qtbot, today.scan_field)
    flow.press(today.scan_field, "Ctrl+I")
    qtbot.waitUntil(lambda: flow.shown(window.findChildren(InboundDialog)) is not None)
    dialog = flow.back_to(qtbot, flow.shown(window.findChildren(InboundDialog)))
    flow.press(dialog, "Ctrl+O")
    qtbot.waitUntil(lambda: len(asked) == 1)
    dialog.reject()


def test_ctrl_n_opens_adding_an_item_by_hand(qtbot, window, today):
    flow.focus(qtbot, today.scan_field)
    flow.press(today.scan_field, "Ctrl+N")
    qtbot.waitUntil(lambda: flow.shown(window.findChildren(ManualItemDialog)) is not None)
    flow.shown(window.findChildren(ManualItemDialog)).reject()


def test_ctrl_b_reads_a_barcode_with_the_camera(qtbot, window, today):
    flow.focus(qtbot, today.table)
    flow.press(today.table, "Ctrl+B")
    qtbot.waitUntil(lambda: not today.camera_button.isEnabled() or today.message.text() != "")
    qtbot.waitUntil(today.camera_button.isEnabled, timeout=30000)  # the read finished


def test_enter_opens_the_selected_line(qtbot, station, appraiser_session, controller):
    flow.new_item(station, appraiser_session, BAG)
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    today = window.pages["queue"]
    qtbot.waitUntil(lambda: today.model.rowCount() == 1)
    flow.quiet(qtbot)
    flow.click_row(qtbot, today.table, 0)
    flow.press(today.table, "Return")
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: window.current_page() is page and page.item is not None)


def test_ctrl_r_resumes_an_interrupted_case(qtbot, station, appraiser_session, controller):
    uid = flow.begin(station, appraiser_session, BAG, "bags")  # left open: a crash
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    today = window.pages["queue"]
    qtbot.waitUntil(today.recovery.isVisible)
    assert "(Ctrl+R)" in today.resume_button.text()
    flow.focus(qtbot, today.scan_field)
    flow.press(today.scan_field, "Ctrl+R")
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.case is not None and page.case.uid == uid)


@pytest.mark.parametrize(("key", "step"), [("Alt+1", "intake"), ("Alt+6", "outcome")])
def test_alt_1_and_alt_6_say_why_the_step_cannot_be_opened(
    qtbot, station, appraiser_session, controller, key, step
):
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, key)
    qtbot.waitUntil(page.message.isVisible)
    assert step_name(step) in page.message.text()
    assert page.case.step == "verdict"
