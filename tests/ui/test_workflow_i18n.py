"""The bench in Chinese: step names, buttons and the core's everyday messages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication

from appraiser.errors import InvalidInput
from appraiser.services.arrivals import scanning
from ui import i18n
from ui.pages.appraisal_page import AppraisalPage
from ui.widgets.appraisal_text import explain, tr_core


def test_bench_speaks_chinese_and_switches_back(qtbot, signed_in_ctx):
    page = AppraisalPage(signed_in_ctx)
    qtbot.addWidget(page)
    i18n.install("zh_CN")
    QApplication.processEvents()
    assert page.header.steps["intake"].text() == "Alt+1 收货登记"
    assert page.intake.start.text() == "开始鉴定 (Ctrl+Enter)"
    assert page.verdict.choices["genuine"].text() == "正品(&G)"
    i18n.install("en")
    QApplication.processEvents()
    assert page.header.steps["intake"].text() == "Alt+1 Intake"
    page.capture.capture.shutdown()


def test_core_messages_are_translated(qapp):
    i18n.install("zh_CN")
    try:
        scanning.parse("5901234123458")
    except InvalidInput as exc:
        text = explain(exc)
    assert text.startswith("条码 5901234123458 校验位错误")
    held = "This item is held by 李娜 (since 2026-12-05 04:22 UTC) until they finish it."
    assert tr_core(held).startswith("此商品正由 李娜 鉴定")
    assert "2026-12-05 12:22" in tr_core(held, ZoneInfo("Asia/Shanghai"))
    assert tr_core("something new") == "something new"
