"""The Lots page's supplier scorecard while a lot's decision is under review (issue 16
finding N5): an accepted lot whose unit a supervisor amends to counterfeit reads 'Under
review' (复核中) and is not counted as accepted by inspection. Real clicks, real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.domain.enums import Verdict
from appraiser.services.casework import verdicts
from appraiser.services.lots import samples
from tests.ui import bench_flow_support as flow
from tests.ui.test_lots_actions import _accepted_lot
from tests.ui.test_lots_scorecard_overrides import _headers, _open_scorecard, _row
from ui.widgets.lot_table import SCORE_COLUMNS


def test_issue_16_finding_n5_the_scorecard_shows_a_lot_under_review(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path
):
    uid = _accepted_lot(station, appraiser_session, password, tmp_path)
    first = samples.units(station.store, uid)[0]["appraisal_uid"]
    verdicts.amend(station.store, supervisor, first, Verdict.COUNTERFEIT, password,
                   "fake found", reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    flow.sign_in(qtbot, controller, supervisor)
    card = _open_scorecard(qtbot, controller.window)
    assert "Under review" in _headers(card.model)
    row = _row(card.model)
    assert (row["under_review"], row["accepted"], row["counterfeit"]) == ("1", "0 %", "1")
    column = [k for k, _ in SCORE_COLUMNS].index("accepted")
    shown = card.model.headerData(column, Qt.Orientation.Horizontal)
    whole = card.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert (shown, whole) == ("Accepted by\ninspection", "Accepted by inspection")

    window = controller.window
    flow.choose_menu(qtbot, window, window.menu_language, window.act_zh)
    flow.back_to(qtbot, window)
    qtbot.waitUntil(lambda: "复核中" in _headers(card.model))
