"""The Verify page names why a lot's unit label was revoked (issue 16 finding 5): the lot's
decision was changed to reject — not "the verdict was amended" — in English and Chinese."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from appraiser.services.labelling import labels
from appraiser.services.lots import decisions, unit_labels
from ui import i18n
from ui.context import AppContext
from ui.pages.verify_page import VerifyPage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from lot_decision_support import appraise_all, make_lot, plan

CLASSES = {"critical": plan(3, 0, 1, aql=0.25)}


@pytest.fixture
def page(qtbot, signed_in_ctx: AppContext) -> VerifyPage:
    widget = VerifyPage(signed_in_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_unit_label_of_a_lot_overridden_to_reject_says_so(
    qtbot, page, appraiser_session, supervisor, password
) -> None:
    """issue 16 finding 5: the scan read 'revoked …: the verdict was amended'."""
    station = page.ctx.station
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=8)
    appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    unit_labels.issue_units(station, appraiser_session, lot)
    uri = labels.get(station.store, unit_labels.live_units(station.store, lot)[6])["payload"]
    decisions.override(station, supervisor, password, lot, "reject", "recall")
    before = page.last
    page.input.setFocus()
    qtbot.keyClicks(page.input, uri)
    qtbot.keyClick(page.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last is not before, timeout=10000)
    assert page.result.banner.text() == "NOT VALID — REVOKED LABEL"
    assert page.result.reason.text().endswith(": the lot's decision was changed to reject.")
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: page.result.reason.text().endswith("该批次的结论已改判为拒收。"))
