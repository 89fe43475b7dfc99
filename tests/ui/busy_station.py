"""A demo station after a busy day, for the layout, language and vocabulary tests.

On top of the demo (accounts, library, six finished samples) it adds what stretches a
screen: Chinese brand names, a merchant name of a real cross-border trader, long
declaration numbers, labels issued, printed, reprinted and flagged as clones, a case in
blind review with failed checkpoints, and queue lines added by hand. Everything is made
through the services the bench uses, so every page shows it as it would at a station.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTableView,
    QWidget,
)

from appraiser.domain.enums import AppraisalState, Category, Verdict
from appraiser.services.admin import accounts, demo
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import queue
from appraiser.services.casework import appraisals
from appraiser.services.labelling import label_printing, label_verify, labels
from ui import style, tasks
from ui.app import Controller
from ui.widgets.capture_widget import CaptureWidget

LONG_MERCHANT = (
    "深圳前海环球跨境供应链管理服务有限公司 "
    "(Shenzhen Qianhai Global Cross-Border Supply Chain Management Co., Ltd.)"
)
CHINESE_BRAND = "佰草集 HERBORIST 上海家化"
CHINESE_MODEL = "太极日月精华水 限量典藏版 200ml"
LONG_NOTE = (
    "外箱中文背标与报关资料一致；批次喷码清晰。 Outer case label matches the declaration; "
    "batch print sharp and unbroken along the whole seam."
)


def _sessions(station: Station) -> dict[str, Session]:
    return {
        user.username: accounts.check_password(station.store, user.username, user.password)
        for user in demo.DEMO_USERS
    }


def _password(username: str) -> str:
    return next(u.password for u in demo.DEMO_USERS if u.username == username)


def _case(station: Station, who: Session, category: Category, **fields: object) -> str:
    item = appraisals.register_item(station.store, who, category=str(category), **fields)
    return appraisals.start(
        station.store, who, station.settings.station_code, item, category, station.settings.tz()
    )


def _item(n: int, **extra: object) -> dict[str, object]:
    return {
        "gtin": demo.gtin14(f"069012345{n:04d}"),
        "brand": CHINESE_BRAND,
        "model": CHINESE_MODEL,
        "declaration_no": f"2231202612{n:02d}000123456",
        "batch_lot": f"LOT-2026-11-A04{n:02d}",
        "origin": "CN",
        "merchant": LONG_MERCHANT,
        **extra,
    }


def _signed(station, who, uid, verdict, codes=(), state=AppraisalState.DONE, data=None) -> None:
    appraisals.save(station.store, who, uid, step="checklist", data=data or {"notes": LONG_NOTE})
    appraisals.sign_verdict(
        station.store, who, uid, verdict, _password(who.username),
        reason_codes=list(codes), note=LONG_NOTE,
    )  # fmt: skip
    appraisals.save(station.store, who, uid, step="verdict", state=state)


def _labels(station: Station, who: Session, boss: Session, uid: str) -> None:
    """Issued → printed → reprinted (old one void) → the new one scanned out twice (a clone)."""
    first = labels.issue(station, who, uid)
    _printed(station, who, first.serial)
    second = labels.reprint(station, who, first.serial, "Label torn while applying", boss)
    _printed(station, who, second.serial)
    for _ in range(2):
        label_verify.record_scan(station, who, second.payload, purpose="outbound")


def _printed(station: Station, who: Session, serial: str) -> None:
    job, compact = label_printing.start_job(
        station, who, [serial], label_printing.Target("system"), "50x30", "raster"
    )
    label_printing.record_printed(station, who, job, compact)


def fill(station: Station) -> dict[str, str]:
    """Make ``station`` a busy demo station; returns the uids of the cases added."""
    station.settings = dataclasses.replace(station.settings, camera="simulated")
    demo.seed(station)
    users = _sessions(station)
    li, chen, boss = users["appraiser1"], users["appraiser2"], users["supervisor"]
    genuine = _case(station, li, Category.BEAUTY, **_item(1))
    _signed(station, li, genuine, Verdict.GENUINE)
    _labels(station, li, boss, genuine)
    fake = _case(station, chen, Category.FOOD, **_item(2))
    _signed(station, chen, fake, Verdict.COUNTERFEIT, ("NOT_AUTHENTIC", "LABEL_NONCOMPLIANT"))
    points = {
        "pack_print": {"result": "fail", "note": "字体偏粗 Font too heavy"},
        "cn_label": {"result": "pass", "note": ""},
    }
    unsure = _case(station, chen, Category.FOOD, **_item(3))
    _signed(
        station, chen, unsure, Verdict.INCONCLUSIVE, state=AppraisalState.AWAITING_REVIEW,
        data={"checklist": {"points": points}, "compare": {"reading": "deviates"}},
    )  # fmt: skip
    waiting = _case(station, li, Category.BEAUTY, **_item(4))
    day = queue.local_day(station.settings.tz())
    for n in (5, 6):
        queue.add_manual(station.store, li, day, **_item(n))
    return {"genuine": genuine, "counterfeit": fake, "review": unsure, "open": waiting}


# --- driving the real window ---------------------------------------------------------------


@pytest.fixture
def styled(qapp) -> Iterator[None]:
    """The station's stylesheet (type sizes, header padding), as the app applies it."""
    style.apply(qapp)
    yield
    qapp.setStyleSheet("")


def settle(qtbot) -> None:
    """Wait until every background load has called back (pages fill in on callbacks)."""
    qtbot.waitUntil(tasks.runner().idle, timeout=20000)


@pytest.fixture
def busy_controller(qtbot, station: Station, tmp_path: Path) -> Iterator[Controller]:
    """The real main window (no one signed in yet) on a busy demo station, in the
    station's look; cameras are stopped and background work drained afterwards."""
    fill(station)
    made = Controller(station, tmp_path / "log")
    qtbot.addWidget(made.window)
    yield made
    for capture in made.window.findChildren(CaptureWidget):
        capture.shutdown()
    tasks.runner().wait_idle()


def sign_in(qtbot, controller, username: str, size: tuple[int, int]) -> None:
    """Hand the window to another person (pages follow the role) at ``size``."""
    if controller.ctx.session is not None:
        controller.ctx.set_session(None)
    session = accounts.check_password(controller.store, username, _password(username))
    controller.signed_in(session)
    resize(qtbot, controller.window, size)


def resize(qtbot, window, size: tuple[int, int]) -> None:
    window.showNormal()
    window.resize(*size)
    qtbot.waitExposed(window)
    settle(qtbot)


def page_keys(window) -> list[str]:
    return [window.nav.item(r).data(Qt.ItemDataRole.UserRole) for r in range(window.nav.count())]


def go_to(qtbot, window, key: str):
    """Click the page's entry in the navigation, as a person does."""
    row = page_keys(window).index(key)
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.pages[key]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    settle(qtbot)
    return page


def click_row(qtbot, view, row: int = 0) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot)


def live_payload(station: Station) -> str:
    """The payload of a printed, live label (what a hand scanner reads off the item)."""
    for row in labels.list_labels(station.store):
        if row["state"] != "voided":
            return labels.get(station.store, row["serial"])["payload"]
    raise AssertionError("the busy station has no live label")


def fill_page(qtbot, window, key: str, station: Station) -> None:
    """Bring a page to the state that shows the most: a case opened, a label verified."""
    page = window.pages[key]
    if key == "review" and page.model.rowCount():
        click_row(qtbot, page.table)
    elif key == "verify":
        qtbot.keyClicks(page.input, live_payload(station))
        qtbot.keyClick(page.input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.last is not None, timeout=20000)
        settle(qtbot)


def switch_language(qtbot, window, language: str) -> None:
    """Language menu → the language, with the mouse; returns once the window speaks it."""
    bar = window.menuBar()
    menu = window.menu_language
    before = menu.title()
    qtbot.mouseClick(
        bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center()
    )
    qtbot.waitUntil(menu.isVisible)
    action = window.act_zh if language == "zh_CN" else window.act_en
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible())
    qtbot.waitUntil(lambda: menu.title() != before)
    settle(qtbot)


# --- what a person reads -------------------------------------------------------------------

DATA = (
    LONG_MERCHANT,
    CHINESE_BRAND,
    CHINESE_MODEL,
    LONG_NOTE,
    "简体中文",
    "字体偏粗 Font too heavy",
)

_TAGS = re.compile(r"<[^>]+>")


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _view_texts(view: QAbstractItemView) -> list[str]:
    model, texts, columns = view.model(), [], 1
    if isinstance(view, QTableView):
        columns = model.columnCount()
        header = view.horizontalHeader()
        texts += [
            str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(columns)
            if not header.isHidden()
        ]
    for row in range(min(model.rowCount(), 40)):
        for column in range(columns):
            texts.append(str(model.index(row, column).data() or ""))
    return texts


def _column_names(view: QAbstractItemView) -> list[str]:
    """Per text of ``_view_texts``: the column it came from (headers first)."""
    model = view.model()
    if not isinstance(view, QTableView) or not hasattr(model, "column_key"):
        return []
    keys = [model.column_key(c) for c in range(model.columnCount())]
    return [f"header:{k}" for k in keys] + keys * min(model.rowCount(), 40)


def _widget_texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [_TAGS.sub("", widget.text())]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QComboBox):
        return [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractSpinBox):
        return [widget.text()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView):
        return _view_texts(widget)
    return []


def visible_texts(root: QWidget) -> dict[str, str]:
    """Every text a person can read in ``root`` and its children: where → text."""
    found = {}
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget):
            continue
        columns = _column_names(widget) if isinstance(widget, QAbstractItemView) else []
        for n, text in enumerate(_widget_texts(widget)):
            column = f":{columns[n]}" if n < len(columns) else ""
            if text.strip():
                found[f"{type(widget).__name__}#{widget.objectName()}[{n}{column}]"] = text
    return found


def window_texts(window) -> dict[str, str]:
    """The window's own texts: title, menus and their actions (shown or not)."""
    found = {"title": window.windowTitle()}
    for menu in window.menuBar().findChildren(QMenu):
        found[f"menu {menu.objectName()}"] = menu.title()
        for n, action in enumerate(menu.actions()):
            found[f"menu {menu.title()}[{n}]"] = action.text()
    return found


def without_data(text: str) -> str:
    """``text`` with the busy day's own data (Chinese brands, merchant, notes) taken out."""
    for value in DATA:
        text = text.replace(value, "")
    return text
