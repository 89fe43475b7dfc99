"""The appraisal report comes out in the language the bench is showing: signing a verdict
in the English window gives an English report, in the Chinese window a Chinese one."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui import bench_flow_support as flow
from ui import i18n

BAG = flow.support.BAG_GTIN


@pytest.fixture(autouse=True)
def _no_dialog_left_open_by_earlier_tests(qapp) -> None:
    """Earlier tests that sign out leave the controller's modal sign-in dialog open, which
    would swallow this test's clicks; hide what is left before we start (hide, not reject:
    rejecting the sign-in dialog quits the application)."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.hide()


@pytest.fixture
def language(request) -> Iterator[str]:
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Appraisal report"), ("zh_CN", "商品鉴定报告")],
    indirect=["language"],
)
def test_report_follows_the_window_language(
    qtbot, station, appraiser_session, password, controller, language: str, title: str
):
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    flow.support.open_window(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, BAG, "verdict")
    genuine, sign = page.verdict.choices["genuine"], page.verdict.sign
    flow.focus(qtbot, genuine)
    qtbot.keyClick(genuine, Qt.Key.Key_Space)
    qtbot.waitUntil(sign.isEnabled)
    flow.focus(qtbot, sign)
    qtbot.keyClick(sign, Qt.Key.Key_Space)
    flow.support.sign(qtbot, page, password)
    qtbot.waitUntil(lambda: page.outcome.report is not None, timeout=60000)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", str(Path(page.outcome.report)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert title in text
