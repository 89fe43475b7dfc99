"""Refusals in the print and reprint dialogs, in zh_CN (issue 14 finding 4, slice K): the
print dialog showed the service's reason in English after "未打印任何标签：", and a four-eyes
refusal ended with "Ask a supervisor or administrator." — sending a supervisor to
themselves. Driven with the mouse and keyboard in the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.labels import ids
from tests.ui import bench_flow_support as flow
from tests.ui.test_label_roles import _printed
from tests.ui.test_reprint_refusals import _approve, _refused, _reprint_dialog
from ui import i18n

ENGLISH = ("Ask a supervisor", "a label prints once", "another supervisor must")


def _labels_page(qtbot, controller):
    window = controller.window
    qtbot.keyClick(window, Qt.Key.Key_F10)
    page = window.pages["labels"]
    qtbot.waitUntil(lambda: window.current_page() is page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    flow.quiet(qtbot)
    flow.click_row(qtbot, page.table, 0)
    return page


def test_nothing_printed_says_why_in_chinese(
    qtbot, station, appraiser_session, password, controller
):
    """A printed label asked to print again: the reason is Chinese, the serial kept."""
    serial = _printed(station, appraiser_session, password)
    i18n.install("zh_CN")
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _labels_page(qtbot, controller)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.print_dialog is not None and page.print_dialog.isVisible())
    dialog = flow.back_to(qtbot, page.print_dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("tcp9100"))
    flow.focus(qtbot, dialog.printer_name)
    flow.press(dialog.printer_name, "Ctrl+A")
    qtbot.keyClicks(dialog.printer_name, "127.0.0.1:1")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未打印任何标签" in dialog.status.text(), timeout=10000)
    text = dialog.status.text()
    assert ids.group(serial) in text and "已打印" in text and "只能打印一次" in text, text
    assert not [e for e in ENGLISH if e.lower() in text.lower()], text
    dialog.close()


def test_own_reprint_refusal_names_another_supervisor(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    """The four-eyes refusal ends with who may approve instead, in Chinese."""
    _printed(station, appraiser_session, password)
    i18n.install("zh_CN")
    flow.sign_in(qtbot, controller, supervisor)
    dialog = _reprint_dialog(qtbot, controller)
    _approve(qtbot, dialog, "supervisor", password)
    text = _refused(qtbot, dialog)
    assert "须由另一位主管办理" in text, text
    assert "请联系主管或管理员" not in text and "Ask a supervisor" not in text, text
