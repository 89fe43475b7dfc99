"""The appraisal report comes out in the language the bench is showing: signing a verdict
in the English window gives an English report, in the Chinese window a Chinese one."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui import bench_flow_support as flow
from ui import i18n
from ui.app import Controller

BAG = flow.support.BAG_GTIN


@pytest.fixture
def controller(qtbot, station, tmp_path, monkeypatch) -> Iterator[Controller]:
    with flow.controller(qtbot, station, tmp_path, monkeypatch) as made:
        yield made


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
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+G")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    qtbot.mouseClick(page.verdict.sign, Qt.MouseButton.LeftButton)
    flow.support.sign(qtbot, page, password)
    qtbot.waitUntil(lambda: page.outcome.report is not None, timeout=60000)
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", str(Path(page.outcome.report)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert title in text
