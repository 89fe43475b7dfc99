"""Helpers the bench UI tests share: a demo-library station with the simulated camera, a
main window carrying the bench pages, and the steps of driving a case by keyboard."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from appraiser.domain.enums import Category, Verdict
from appraiser.services.admin import demo
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels
from ui import main_window
from ui.app import Controller
from ui.pages.appraisal_page import AppraisalPage
from ui.pages.queue_page import QueuePage
from ui.pages.review_page import ReviewPage

BAG_GTIN = "8517510102312"  # AURELIA FAMON51 (EU) in the demo library
BENCH_PAGES = [QueuePage, AppraisalPage, ReviewPage]


def prepare_station(station) -> None:
    station.settings = dataclasses.replace(station.settings, camera="simulated")
    demo.ensure_first_start(station)


def with_bench_pages(monkeypatch) -> None:
    """The bench pages in the window whether or not the lead has registered them yet."""
    pages = list(main_window.PAGES)
    for page in reversed(BENCH_PAGES):
        if page.key not in {p.key for p in pages}:
            pages.insert(1 if page is not QueuePage else 0, page)
    pages = [p for p in pages if p.key != "queue" or p is QueuePage]
    monkeypatch.setattr(main_window, "PAGES", pages)


def open_window(qtbot, controller: Controller, session) -> None:
    controller.signed_in(session)
    window = controller.window
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    window.activateWindow()


def scan(qtbot, widget, code: str) -> None:
    """Type like a hand-held scanner: the whole code and Enter in one fast burst."""
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def sign(qtbot, page, password: str) -> None:
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    dialog = page.sign_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.password.setText(password)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def genuine_label(station, session, password) -> str:
    """The QR payload (a GS1 Digital Link URL) of an issued label on a signed genuine bag."""
    store = station.store
    item = appraisals.register_item(store, session, gtin="0" + BAG_GTIN, brand="AURELIA")
    uid = appraisals.start(store, session, "BW-01", item, Category.BAGS, station.settings.tz())
    photo = cv2.imencode(".png", np.full((120, 160, 3), 90, np.uint8))[1].tobytes()
    appraisals.attach_media(
        store, session, uid, photo, role="photo", mime="image/png", view="front"
    )
    appraisals.sign_verdict(store, session, uid, Verdict.GENUINE, password)
    return labels.issue(station, session, uid).payload
