"""A zh_CN station never shows the rule book's refusals, the four-eyes rules or the clock
guard in English (issue 14, slice H): the messages are the services' own, raised by the
real calls, and the screens show them through ``appraisal_text.explain``."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from appraiser import clock
from appraiser.errors import KnownError
from appraiser.services.admin import clock_guard, rules
from appraiser.services.admin.rules import Action
from appraiser.services.casework import outcome, verdicts
from appraiser.services.labelling import label_rules, labels
from tests.ui import bench_flow_support as flow
from tests.ui.test_amend_verdict import _fill, _open_dialog, _signed_list
from ui import i18n
from ui.widgets.appraisal_text import explain, tr_core

# What may stay in Latin letters: identifiers, account names and a command to type.
_KEPT = re.compile(
    r"[A-Z]{2}-[0-9A-Z-]+|appraiser accounts confirm-clock --user ADMIN|"
    r"\b(?:appraiser1|appraiser2|supervisor|admin)\b"
)


def _english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", _KEPT.sub("", text))


def _refusal(call) -> KnownError:
    with pytest.raises(KnownError) as caught:
        call()
    return caught.value


def _case(station, session, password, verdict="genuine") -> str:
    uid = flow.case_at(station, session, flow.support.BAG_GTIN, "bags", "verdict")
    codes = ["NOT_AUTHENTIC"] if verdict == "counterfeit" else []
    verdicts.sign(station.store, session, uid, verdict, password, reason_codes=codes)
    return uid


def test_refusals_of_the_rule_book_in_chinese(
    qtapp_zh, station, appraiser_session, second_appraiser, supervisor, password
):
    """Every refusal shape of rules.require, the four-eyes checks (amendments, labels,
    reprints) and the clock guard, raised by the services and shown in zh_CN."""
    store = station.store
    genuine = _case(station, appraiser_session, password)
    serial = outcome.follow_up(station, appraiser_session, genuine, with_report=False)["label"]
    review = _case(station, second_appraiser, password, "inconclusive")
    own = _case(station, supervisor, password)
    amend = verdicts.amend
    errors = [
        _refusal(lambda: rules.require(store, None, Action.AMEND_VERDICT)),
        _refusal(lambda: rules.require(store, appraiser_session, Action.APPROVE_REPRINT)),
        _refusal(lambda: rules.require(store, supervisor, Action.BACKUP)),
        _refusal(lambda: amend(store, supervisor, own, "counterfeit", password, "x")),
        _refusal(lambda: amend(store, supervisor, review, "genuine", password, "x")),
        _refusal(lambda: amend(store, appraiser_session, genuine, "inconclusive", password, "x")),
        _refusal(lambda: label_rules.check_issue(store, second_appraiser, genuine)),
        _refusal(lambda: label_rules.check_issue(store, supervisor, review)),
        _refusal(lambda: label_rules.check_approval(store, supervisor, None, "void", serial)),
        _refusal(
            lambda: label_rules.check_approval(store, supervisor, supervisor, "reprint", serial)
        ),
        _refusal(lambda: verdicts.sign(store, second_appraiser, genuine, "genuine", password)),
    ]
    real_now = clock.utcnow()
    clock_guard.utcnow = lambda: real_now - timedelta(days=1)
    try:
        errors.append(_refusal(lambda: labels.issue(station, supervisor, own)))
    finally:
        clock_guard.utcnow = clock.utcnow
    assert isinstance(errors[-1], clock_guard.ClockBehindError)
    for error in errors:
        shown = explain(error, "\n", station.settings.tz())
        assert not _english_left(shown), f"{error.message!r} shown as {shown!r}"
    assert tr_core(errors[0].message) == "请先登录：此操作需要主管。"
    assert tr_core(errors[1].message) == "appraiser1（鉴定师）无权执行此操作：需要主管。"
    assert tr_core(errors[2].message).endswith("需要管理员。")
    assert tr_core(errors[3].message) == "此结论由您签署：不能更改自己的结论，须由另一位主管更改。"
    assert explain(errors[-1]).startswith("工作站时钟显示 ")


@pytest.fixture
def qtapp_zh(qapp):
    i18n.install("zh_CN")
    yield qapp
    i18n.install("en")


def test_the_clock_guard_at_signing_in_chinese(
    qtbot, station, appraiser_session, password, controller, monkeypatch
):
    """A zh_CN appraiser signing with the clock set back reads why, and what to do, in
    Chinese in the sign dialog (the message and hint were English)."""
    flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "verdict")
    flow.sign_in(qtbot, controller, appraiser_session)
    i18n.install("zh_CN")
    page = flow.open_case(qtbot, controller.window, flow.support.BAG_GTIN, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+G")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    flow.press(page.verdict.note, "Ctrl+S")
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    dialog = flow.back_to(qtbot, page.sign_dialog)
    real_now = clock.utcnow()
    monkeypatch.setattr(clock_guard, "utcnow", lambda: real_now - timedelta(days=1))
    flow.focus(qtbot, dialog.password)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "工作站时钟" in dialog.error.text(), timeout=20000)
    text = dialog.error.text()
    assert "须由管理员确认时钟" in text and "请检查本机的日期和时间" in text
    assert not _english_left(text), text
    assert dialog.isVisible()


def test_an_own_amendment_refused_in_chinese(qtbot, station, supervisor, password, controller):
    _case(station, supervisor, password)
    flow.sign_in(qtbot, controller, supervisor)
    i18n.install("zh_CN")
    dialog = _open_dialog(qtbot, _signed_list(qtbot, controller))
    assert dialog.windowTitle() == "更改鉴定结论"
    _fill(qtbot, dialog, "counterfeit", ["NOT_AUTHENTIC"], "second look", password)
    qtbot.waitUntil(
        lambda: dialog.buttons.isEnabled() and "…" not in dialog.error.text(), timeout=20000
    )
    assert dialog.error.text().startswith(
        "此结论由您签署：不能更改自己的结论，须由另一位主管更改。"
    )
    assert not _english_left(dialog.error.text())


def test_the_error_dialog_speaks_chinese(qtbot, qtapp_zh, station, appraiser_session, password):
    """A refusal that reaches the app's error dialog (a task without its own place to say
    it) was shown in the core's English, title and all."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from ui.errors import show_error

    uid = _case(station, appraiser_session, password)
    real_now = clock.utcnow()
    clock_guard.utcnow = lambda: real_now - timedelta(days=1)
    try:
        error = _refusal(lambda: labels.issue(station, appraiser_session, uid))
    finally:
        clock_guard.utcnow = clock.utcnow
    parent = QWidget()
    qtbot.addWidget(parent)
    show_error(parent, error)
    box = parent.findChild(QMessageBox, "knownErrorDialog")
    assert box.windowTitle() == "工作站时钟落后于记录"
    assert box.text().startswith("工作站时钟显示 ")
    assert box.informativeText().startswith("请检查本机的日期和时间")
    for text in (box.windowTitle(), box.text(), box.informativeText()):
        assert not _english_left(text), text
