"""A decided lot's line in the Today table (issue 16 L6c), in the real window: it reads how
the lot ended — accepted with its unit labels printed, rejected and in quarantine, under
review — not "lot · k/n sampled" as if it were still open, its Label cell how far its
unit labels are (or why there are none); in English and in Chinese."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.domain.enums import Verdict
from appraiser.services.arrivals import inbound, queue
from appraiser.services.casework import verdicts, workflow
from appraiser.services.lots import decisions, samples, unit_print
from tests.ui import busy_station
from tests.ui import workflow_support as bench
from tests.ui.test_lots_actions import _accepted_lot
from tests.ui.test_lots_page import _lot
from tests.ui.test_lots_review import _amend_first_unit
from ui.pages.queue_page import COLUMN_KEYS


class Accepting(unit_print.Sender):
    """A printer that takes every job."""

    fmt = "zpl"

    def send(self, job, contents):
        return f"fake-{job}"


def _rejected(station, session, password, tmp_path) -> str:
    """A sampled lot whose first drawn unit is counterfeit: rejected at once (Re 1)."""
    lot = _lot(station, session, tmp_path, quantity=200)
    unit = samples.units(station.store, lot["uid"])[0]
    uid = workflow.begin(station.store, session, "BW-01", station.settings.tz(),
                         unit["item_uid"], "beauty")  # fmt: skip
    verdicts.sign(station.store, session, uid, Verdict.COUNTERFEIT, password,
                  reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    decisions.decide(station, session, password, lot["uid"])
    return lot["uid"]


def _cells(view, key: str, role=Qt.ItemDataRole.DisplayRole) -> dict[str, str]:
    """{lot uid: its line's ``key`` cell} of the Today table."""
    column = COLUMN_KEYS.index(key)
    model = view.model
    return {
        model.row(r)["lot_uid"]: model.index(r, column).data(role)
        for r in range(model.rowCount())
        if model.row(r).get("lot_uid")
    }


def test_decided_lots_read_their_outcome_in_today(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path
):
    accepted = _accepted_lot(station, appraiser_session, password, tmp_path, quantity=30)
    unit_print.print_lot(station, appraiser_session, accepted, Accepting(), job_size=10)
    rejected = _rejected(station, appraiser_session, password, tmp_path)
    reviewed = _accepted_lot(station, appraiser_session, password, tmp_path, quantity=40)
    _amend_first_unit(station, reviewed, supervisor, password)
    bench.open_window(qtbot, controller, appraiser_session)
    view = controller.window.pages["queue"]
    qtbot.waitUntil(lambda: len(_cells(view, "state")) == 3)
    assert _cells(view, "state") == {
        accepted: "lot accepted",
        rejected: "lot rejected",
        reviewed: "lot under review",
    }
    assert _cells(view, "label_serial") == {
        accepted: "30/30 printed",
        rejected: "in quarantine",
        reviewed: "on hold",
    }
    tips = _cells(view, "state", Qt.ItemDataRole.ToolTipRole)
    assert tips[accepted] == "lot accepted — unit labels: 30 of 30 printed"
    assert tips[rejected] == "lot rejected — in quarantine"
    busy_station.switch_language(qtbot, controller.window, "zh_CN")
    qtbot.waitUntil(lambda: _cells(view, "state")[rejected] == "批次已拒收")
    assert _cells(view, "label_serial")[accepted] == "已打印 30/30"
    assert _cells(view, "state")[reviewed] == "批次复核中"
    assert _cells(view, "state", Qt.ItemDataRole.ToolTipRole)[rejected] == "批次已拒收，已隔离"


def test_the_bench_says_which_carton_and_unit_to_pull(
    qtbot, station, appraiser_session, controller, tmp_path
):
    """Today → the sampled lot's line → Open: the bench names the drawn unit and where it
    is, the very position the Today tooltip named."""
    path = tmp_path / "inbound.csv"
    path.write_text("报关单号,商品条码,品牌,型号,数量,商家,品类,每箱数量\n"
                    "223120261000000009,5901234123457,LUMEN,Elka 37,120,Hangzhou,beauty,12\n",
                    encoding="utf-8")  # fmt: skip
    day = queue.local_day(station.settings.tz())
    inbound.import_file(station.store, appraiser_session, path, day)
    (line,) = queue.list_day(station.store, day)
    nxt = line["next_unit"]
    bench.open_window(qtbot, controller, appraiser_session)
    view = controller.window.pages["queue"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    rect = view.table.visualRect(view.model.index(0, COLUMN_KEYS.index("gtin")))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and page.item["uid"] == nxt["item_uid"])
    where = f"carton {nxt['carton']}, unit {nxt['unit_in_carton']}"
    assert page.header.item.text().endswith(f"lot unit {nxt['unit_no']}: pull {where}")
    busy_station.switch_language(qtbot, controller.window, "zh_CN")
    zh = f"批次第 {nxt['unit_no']} 件：取第{nxt['carton']}箱 第{nxt['unit_in_carton']}件"
    qtbot.waitUntil(lambda: page.header.item.text().endswith(zh))
