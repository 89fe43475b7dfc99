"""Column fitting: key columns keep their full width, free text shares the rest fairly."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from ui.models.rows_model import RowsModel
from ui.widgets.table_fit import _share, fit_columns

COLUMNS = (("uid", "Appraisal"), ("brand", "Brand"), ("merchant", "Merchant"), ("state", "State"))
ROWS = [
    {
        "uid": "AP-BW-01-20261206-0001",
        "brand": "佰草集 HERBORIST",
        "merchant": "Shenzhen Qianhai Global Cross-Border Supply Chain Management Co., Ltd.",
        "state": "Awaiting review",
    }
]


def test_free_text_shares_fairly_and_never_below_the_floor():
    assert _share(300, {0: 50, 1: 500, 2: 500}, 30) == {0: 50, 1: 125, 2: 125}
    assert _share(60, {0: 50, 1: 500}, 30) == {0: 30, 1: 30}
    spare = _share(1000, {0: 100, 1: 300}, 30)
    assert sum(spare.values()) == 1000 and spare[1] > spare[0] >= 100


def test_key_columns_keep_their_width_in_a_narrow_table(qtbot):
    model = RowsModel(COLUMNS, "test")
    view = QTableView()
    view.setModel(model)
    fit_columns(view, ("uid", "state"), prefer=("brand",))
    qtbot.addWidget(view)
    model.set_rows(ROWS)
    view.resize(view.minimumWidth(), 200)
    view.show()
    qtbot.waitExposed(view)
    for column in (0, 3):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column)
    assert view.columnWidth(2) < view.sizeHintForColumn(2)  # the merchant elides
    widths = sum(view.columnWidth(c) for c in range(4))
    assert widths == view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()
