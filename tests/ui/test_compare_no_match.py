"""The compare step's ``no_match`` offers the library's "no match" list (issue 13 item 3):
one click in the real window puts the case's item on it with the compared photo, the
button then says so and shuts, and the intake's button of the same item agrees; an item
the intake already listed shows the compare button done; any other answer hides it."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from appraiser import checklists
from appraiser.services.arrivals import intake
from appraiser.services.casework import bench, capture, workflow
from tests.ui import bench_flow_support as flow

UNKNOWN_GTIN = "5901234123457"  # not in the demo library
LISTED = "On the library's “no match” list"


def unknown_product() -> np.ndarray:
    """A product the demo library has never seen: its own shapes, colours and lettering."""
    rng = np.random.default_rng(13)
    image = np.full((480, 640, 3), (236, 228, 214), np.uint8)
    for _ in range(40):
        centre = (int(rng.integers(40, 600)), int(rng.integers(40, 440)))
        colour = tuple(int(c) for c in rng.integers(0, 200, 3))
        cv2.circle(image, centre, int(rng.integers(6, 40)), colour, int(rng.integers(2, 6)))
    for n, word in enumerate(("ORLA", "TOTE 12", "HANDMADE")):
        cv2.putText(image, word, (60, 120 + 110 * n), cv2.FONT_HERSHEY_DUPLEX, 2.2, (30, 30, 90), 4)
    return image


def case_of_unknown_product(station, session) -> str:
    """A case of the unknown GTIN saved up to its compare step, every view shot."""
    uid = flow.begin(station, session, UNKNOWN_GTIN, "bags")
    for view in checklists.load("bags").required_views:
        capture.store_still(station.store, session, uid, view, unknown_product(), flow.PASSED)
    workflow.save_step(station.store, session, uid, "capture", {"stills": 9})
    return uid


def _compared(qtbot, page) -> dict:
    engine = page.compare.engine
    qtbot.waitUntil(lambda: engine.result() is not None, timeout=60000)
    return engine.result()


def test_no_match_puts_the_case_on_the_library_list(qtbot, station, appraiser_session, controller):
    uid = case_of_unknown_product(station, appraiser_session)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, UNKNOWN_GTIN, "compare")
    assert _compared(qtbot, page)["suggestion"] == "no_match"
    button = page.compare.engine.findChild(QPushButton, "compareOfferNoMatch")
    qtbot.waitUntil(button.isVisible)
    assert button.isEnabled() and button.text() == "Add to the library's “no match” list"
    assert "“no match” list" in page.compare.engine.advice.text()
    flow.quiet(qtbot)  # the list's state for this case has been asked: not listed

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            station.store.one("SELECT id FROM library_no_match WHERE appraisal_uid = ?", (uid,))
            is not None
        )
    )
    qtbot.waitUntil(lambda: button.text() == LISTED)
    assert not button.isEnabled() and button.isVisible()
    assert (page.intake.no_match.text(), page.intake.no_match.isEnabled()) == (LISTED, False)
    assert "library keeper" in page.message.text()
    entry = station.store.one("SELECT * FROM library_no_match WHERE appraisal_uid = ?", (uid,))
    assert entry["gtin"].lstrip("0") == UNKNOWN_GTIN
    assert entry["image_sha256"] == bench.item_still(station.store, uid)
    assert entry["note"].startswith("no_match at the compare step")
    assert entry["actor"] == appraiser_session.actor
    event = station.store.one(
        "SELECT actor FROM audit_events WHERE action = 'library.no_match' AND entity_id = ?",
        (str(entry["id"]),),
    )
    assert event is not None and event["actor"] == appraiser_session.actor


def test_an_item_the_intake_listed_shows_the_compare_button_done(
    qtbot, station, appraiser_session, controller
):
    uid = case_of_unknown_product(station, appraiser_session)
    gtin = workflow.load(station.store, uid).item["gtin"]
    intake.offer_no_match(station.store, appraiser_session, gtin=gtin, brand=None, model=None)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, UNKNOWN_GTIN, "compare")
    assert _compared(qtbot, page)["suggestion"] == "no_match"
    button = page.compare.engine.no_match
    qtbot.waitUntil(lambda: button.isVisible() and button.text() == LISTED)
    assert not button.isEnabled()
    assert station.store.one("SELECT COUNT(*) AS n FROM library_no_match")["n"] == 1


def test_a_matched_photo_offers_no_list(qtbot, station, appraiser_session, controller):
    flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "compare")
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, flow.support.BAG_GTIN, "compare")
    assert _compared(qtbot, page)["suggestion"] != "no_match"
    flow.quiet(qtbot)
    assert page.compare.engine.no_match.isHidden()
    assert "“no match”" not in page.compare.engine.advice.text()


def test_the_compare_step_is_reworded_when_the_language_changes(
    qtbot, station, appraiser_session, controller
):
    """The compare view inside the bench kept the old language (advice, titles, button)
    until the next case: only the stand-alone Compare page passed the switch on."""
    case_of_unknown_product(station, appraiser_session)
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    page = flow.open_case(qtbot, window, UNKNOWN_GTIN, "compare")
    assert _compared(qtbot, page)["suggestion"] == "no_match"
    engine = page.compare.engine
    qtbot.waitUntil(engine.no_match.isVisible)
    flow.quiet(qtbot)
    qtbot.mouseClick(engine.no_match, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: engine.no_match.text() == LISTED)

    flow.choose_menu(qtbot, window, window.menu_language, window.act_zh)
    flow.back_to(qtbot, window)
    qtbot.waitUntil(lambda: engine.no_match.text() == "已在样本库“无匹配”清单中")
    assert not engine.no_match.isEnabled()
    assert engine.advice.text().startswith("建议：没有正品参照")
    assert "样本库“无匹配”清单" in engine.advice.text()
    assert engine.photo_title.text() == "工作台照片"
    assert page.intake.no_match.text() == "已在样本库“无匹配”清单中"
