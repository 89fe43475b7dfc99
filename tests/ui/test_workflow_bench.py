"""One whole appraisal through the real window: scan → intake → capture (simulated camera)
→ compare → checklist → sign → label, then the record and the audit chain check out."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.services.arrivals import intake, queue
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels
from tests.ui import workflow_support as bench


def _capture_all(qtbot, page) -> None:
    """Space for each view of the shot list; a still the gate refuses is simply retaken."""
    widget = page.capture.capture
    qtbot.waitUntil(
        lambda: widget.camera.running and widget.camera.latest_frame() is not None, timeout=20000
    )
    gates = []
    widget.gateChecked.connect(gates.append)
    while page.capture.missing():
        before, checked = len(page.capture.missing()), len(gates)
        qtbot.keyClick(widget, Qt.Key.Key_Space)
        qtbot.waitUntil(
            lambda b=before, c=checked: (
                len(page.capture.missing()) < b or (len(gates) > c and not gates[-1].passed)
            ),
            timeout=20000,
        )
    views = [m["view"] for m in appraisals.media_of(page.store, page.case.uid, "still")]
    assert len(views) == len(set(views))  # one still per view, none shot twice


def _answer_all(qtbot, page, key=Qt.Key.Key_P) -> None:
    table = page.checks.table
    table.setFocus()
    for row in range(table.rowCount()):
        table.setCurrentCell(row, 2)
        qtbot.keyClick(table, key)
    qtbot.waitUntil(page.checks.next.isEnabled)


def test_genuine_appraisal_end_to_end(qtbot, station, appraiser_session, password, controller):
    bench.open_window(qtbot, controller, appraiser_session)
    window = controller.window
    queue_page = window.pages["queue"]
    bench.scan(qtbot, queue_page.table, bench.BAG_GTIN)  # scanner into a non-text widget
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: window.current_page() is page and page.item is not None)
    qtbot.waitUntil(lambda: page.intake.edits["brand"].text() == "AURELIA")
    assert page.intake.category.currentData() == "bags"
    assert "Known in the library" in page.intake.library.text()
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case is not None and page.case.step == "capture")
    assert page.header.item.text().startswith("AURELIA")

    _capture_all(qtbot, page)
    qtbot.waitUntil(page.capture.next.isEnabled)
    qtbot.mouseClick(page.capture.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case.step == "compare")
    qtbot.waitUntil(lambda: page.compare.version.count() > 0)
    engine = page.compare.engine  # the matching engine's compare view, embedded
    qtbot.waitUntil(lambda: engine.result() is not None, timeout=60000)
    qtbot.mouseClick(page.compare.buttons["consistent"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case.step == "checklist")

    _answer_all(qtbot, page)
    qtbot.mouseClick(page.checks.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case.step == "verdict")
    page.verdict.choose("genuine")
    qtbot.mouseClick(page.verdict.sign, Qt.MouseButton.LeftButton)
    bench.sign(qtbot, page, password)
    qtbot.waitUntil(lambda: page.outcome.serial is not None, timeout=20000)

    uid = page.case.uid
    label = labels.live_label(station.store, uid)
    assert label is not None and label.serial == page.outcome.serial
    record = appraisals.current(station.store, uid)
    assert (record["state"], record["step"]) == ("done", "outcome")
    assert record["data"]["compare"]["reading"] == "consistent"
    # The simulated camera films the claimed version's genuine artwork: the engine must
    # find that version and call the photo consistent with it.
    engine_line = record["data"]["compare"]["engine"]
    assert engine_line["suggestion"] == "consistent", engine_line
    assert engine_line["candidates"][0]["version_id"] == record["data"]["compare"]["version_id"]
    assert engine_line["candidates"][0]["version_id"] in {
        r["version_id"] for r in intake.lookup(station.store, bench.BAG_GTIN).versions
    }
    assert len(record["data"]["checklist"]["points"]) == page.checks.table.rowCount()
    assert appraisals.media_of(station.store, uid, "still")
    rows = queue.list_day(station.store, queue.local_day(station.settings.tz()))
    assert rows[0]["label_serial"] == label.serial
    assert station.store.verify_audit().ok
