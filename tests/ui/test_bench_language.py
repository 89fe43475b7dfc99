"""Switching the language from the menu in the middle of a case rewords what the bench
already shows (the case line, the view's hint, the gate's verdict, the stills' captions,
the focus control, the lock cover), not only what it shows next."""

from __future__ import annotations

from appraiser import checklists
from tests.ui import bench_flow_support as flow
from ui.widgets.capture_shotlist import KEY_ROLE


def test_the_open_case_is_reworded_when_the_language_changes(
    qtbot, station, appraiser_session, controller
):
    uid = flow.begin(station, appraiser_session, flow.support.BAG_GTIN, "bags")
    flow.shoot_required(station, appraiser_session, uid)
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    page = flow.open_case(qtbot, window, flow.support.BAG_GTIN, "capture")
    widget = page.capture.capture
    qtbot.waitUntil(lambda: widget.thumbs.count() == len(widget.checklist.required_views))
    qtbot.waitUntil(lambda: widget.camera.running and widget.camera.latest_frame() is not None,
                    timeout=20000)  # fmt: skip
    flow.focus(qtbot, widget.shots)
    flow.press(widget.shots, "Space")  # the optional view: the gate says what it thinks
    qtbot.waitUntil(lambda: widget.gate.result is not None, timeout=20000)
    assert "held by" in page.header.meta.text()
    buttons = (widget.capture_button, widget.import_button, widget.record_button)
    assert window.size().toTuple() == (1366, 768)
    qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in buttons))

    flow.choose_menu(qtbot, window, window.menu_language, window.act_zh)
    flow.back_to(qtbot, window)  # (offscreen leaves the closed menu "active")
    listing = checklists.load("bags")
    qtbot.waitUntil(lambda: "held by" not in page.header.meta.text())
    assert "鉴定人" in page.header.meta.text()
    shown = widget.shots.current_key()
    assert widget.hint.text() == listing.view(shown).hint_for("zh_CN")
    stills = [widget.thumbs.item(row) for row in range(widget.thumbs.count())]
    assert [still.text() for still in stills] == [
        listing.view(still.data(KEY_ROLE)).title("zh_CN") for still in stills
    ]
    assert stills[0].text() == "正面"
    assert widget.gate.verdict.text().startswith(("✔ 已采用", "✘ 不合格"))
    assert widget.focus.label.text() == "对焦"

    flow.press(widget.shots, "Ctrl+L")
    qtbot.waitUntil(window.lock_cover.isVisible)
    assert window.lock_cover.headline.text() == "工作站已锁定"
