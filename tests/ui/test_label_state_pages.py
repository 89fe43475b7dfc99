"""The bench's Today page, the supervisor's dashboard and the review page after a supervisor
amended a genuine verdict (issue 14, slice K), in the real main window: a revoked label is
shown as revoked, not as the item's label; the figures count what they say; an amendment to
inconclusive reaches a second appraiser's review list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.services.casework import verdicts
from appraiser.services.labelling import labels
from appraiser.storage.label_states import DEAD
from tests.ui import bench_flow_support as flow
from ui import i18n

REASON = "Stitching wrong on a second look"


def _amended(station, appraiser, supervisor, password, verdict: str) -> tuple[str, str]:
    """A genuine verdict signed by ``appraiser``, labelled, then amended by ``supervisor``."""
    uid = flow.case_at(station, appraiser, flow.support.BAG_GTIN, "bags", "verdict")
    verdicts.sign(station.store, appraiser, uid, "genuine", password)
    serial = labels.issue(station, appraiser, uid).serial
    codes = ["NOT_AUTHENTIC"] if verdict == "counterfeit" else None
    verdicts.amend(station.store, supervisor, uid, verdict, password, REASON, reason_codes=codes)
    return uid, serial


def _open(qtbot, window, key: str, shortcut):
    """A page opened with its key, as at the bench."""
    page = window.pages[key]
    qtbot.keyClick(window, shortcut)
    qtbot.waitUntil(lambda: window.current_page() is page)
    return page


def _cell(model, row: int, key: str, role=Qt.ItemDataRole.DisplayRole) -> str:
    column = next(c for c in range(model.columnCount()) if model.column_key(c) == key)
    return model.data(model.index(row, column), role)


def test_today_shows_a_revoked_label_as_revoked(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    """issue 14 finding 2: the Label column showed the revoked serial next to "Counterfeit"
    with no state; it now says "Revoked" (已撤销 in zh_CN), the serial in the tooltip."""
    uid, serial = _amended(station, appraiser_session, supervisor, password, "counterfeit")
    assert labels.state_of(station.store, serial) in DEAD
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _open(qtbot, controller.window, "queue", Qt.Key.Key_F2)
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.row(0)["appraisal_uid"] == uid)
    assert _cell(model, 0, "verdict") == "Counterfeit"
    assert _cell(model, 0, "label_serial") == "Revoked"
    assert serial not in _cell(model, 0, "label_serial").replace("-", "")
    tip = _cell(model, 0, "label_serial", Qt.ItemDataRole.ToolTipRole)
    assert tip.replace("-", "").startswith(serial) and tip.endswith("Revoked")
    i18n.install("zh_CN")
    assert _cell(model, 0, "label_serial") == "已撤销"
    assert _cell(model, 0, "verdict") == "非正品"


def test_the_dashboard_after_an_amendment(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    """issue 14 finding 1: "labels issued, not yet applied" counted the revoked label and the
    amendment showed as a review disagreement (1 of 1)."""
    _amended(station, appraiser_session, supervisor, password, "counterfeit")
    flow.sign_in(qtbot, controller, supervisor)
    page = _open(qtbot, controller.window, "supervisor", Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: page.board is not None and not page.loading, timeout=20000)
    tiles = page.tiles
    assert tiles["counterfeit"].value.text() == "1"
    assert tiles["outstanding"].value.text() == "0"
    assert "(1 issued)" in tiles["outstanding"].caption.text()
    assert tiles["disagreement_rate"].caption.text() == "review disagreement (0 of 0)"


def test_an_amendment_to_inconclusive_reaches_a_second_appraisers_review(
    qtbot, station, appraiser_session, second_appraiser, supervisor, password, controller
):
    """issue 14 finding 3: amended to inconclusive, the case stayed "done" and no review list
    showed it; now the second appraiser's Review page lists it (the first signer's and the
    amending supervisor's do not)."""
    uid, _serial = _amended(station, appraiser_session, supervisor, password, "inconclusive")
    flow.sign_in(qtbot, controller, second_appraiser)
    page = _open(qtbot, controller.window, "review", Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20000)
    assert page.model.row(0)["uid"] == uid
    assert verdicts.review_queue(station.store, appraiser_session) == []
    assert verdicts.review_queue(station.store, supervisor) == []
