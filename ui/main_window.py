"""The station window: navigation to the work areas, the status bar, the idle lock."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from appraiser import __version__
from ui import i18n
from ui.context import AppContext
from ui.fleet_sync import FleetSync
from ui.focus_return import FocusReturn
from ui.lock_screen import ScreenLock
from ui.pages import PAGES
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.status_bar import StationStatusBar

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Fires ``idle`` after the configured minutes without keyboard, mouse or scanner."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(minutes * 60_000)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    lock_requested = Signal(bool)  # True: locked by inactivity, False: by hand (Ctrl+L)
    sign_out_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(220)
        self.stack = QStackedWidget(objectName="pages")
        self.pages: dict[str, Page] = {}
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.screen_lock = ScreenLock(self, central)
        self.lock_cover = self.screen_lock.cover
        self.setStatusBar(StationStatusBar(ctx, self))
        self._build_menus()
        self.nav.currentRowChanged.connect(self._show_row)
        ctx.session_changed.connect(lambda _s: self.rebuild_pages())
        self.idle = IdleWatcher(ctx.settings.idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock_requested.emit(True))
        self.focus_return = FocusReturn(self)  # keys still work after a dialog (no WM)
        QApplication.instance().installEventFilter(self.idle)
        ctx.settings_changed.connect(lambda s: self.idle.set_minutes(s.idle_lock_minutes))
        self.disk_timer = QTimer(self, interval=60_000, timeout=self.check_disk)
        self.disk_timer.start()
        self.check_disk()
        self.fleet_sync = FleetSync(ctx, self)  # background sync when enrolled (issue 15)
        self.retranslate()
        self.resize(1366, 768)

    def _build_menus(self) -> None:
        self.menu_station = self.menuBar().addMenu("")
        # Connected to methods: PySide cannot take a Signal as ``triggered=`` (it calls it).
        self.act_lock = QAction(self, shortcut=QKeySequence("Ctrl+L"))
        self.act_lock.triggered.connect(lambda: self.lock_requested.emit(False))
        self.act_sign_out = QAction(self)
        self.act_sign_out.triggered.connect(lambda: self.sign_out_requested.emit())
        self.act_quit = QAction(self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.menu_station.addActions([self.act_lock, self.act_sign_out, self.act_quit])
        self.menu_language = self.menuBar().addMenu("")
        # One checked entry: the language in force (exclusive group, ticked on every switch).
        self.languages = QActionGroup(self, exclusive=True)
        self.act_zh = QAction("简体中文", self.languages, checkable=True)
        self.act_zh.triggered.connect(lambda: self.switch_language("zh_CN"))
        self.act_en = QAction("English", self.languages, checkable=True)
        self.act_en.triggered.connect(lambda: self.switch_language("en"))
        self.menu_language.addActions([self.act_zh, self.act_en])
        self.menu_help = self.menuBar().addMenu("")
        self.act_logs = QAction(self, triggered=self.open_logs)
        self.act_about = QAction(self, triggered=self.about)
        self.menu_help.addActions([self.act_logs, self.act_about])

    def rebuild_pages(self) -> None:
        """Show the areas the signed-in role may use; pages are built once and kept."""
        session = self.ctx.session
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            self.stack.removeWidget(self.stack.widget(0))
        for page_type in PAGES:
            if session is None or session.role not in page_type.roles:
                continue
            page = self.pages.get(page_type.key) or page_type(self.ctx)
            self.pages[page_type.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self._nav_text(page_type))
            item.setData(Qt.ItemDataRole.UserRole, page_type.key)
            self.nav.addItem(item)
            if page_type.shortcut:
                self._bind_shortcut(page_type)
        self.nav.blockSignals(False)
        self._fit_nav()
        if self.nav.count():
            self.nav.setCurrentRow(0)
            self._show_row(0)

    def _bind_shortcut(self, page_type: type[Page]) -> None:
        name = f"goto_{page_type.key}"
        if self.findChild(QAction, name) is None:
            action = QAction(self, objectName=name, shortcut=QKeySequence(page_type.shortcut))
            action.triggered.connect(lambda: self.show_page(page_type.key))
            self.addAction(action)

    @staticmethod
    def _nav_text(page_type: type[Page]) -> str:
        return (
            f"{page_type.title()}\t{page_type.shortcut}"
            if page_type.shortcut
            else page_type.title()
        )

    def show_page(self, key: str) -> None:
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
                return

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        page.activated()
        self._update_title()

    def _update_title(self) -> None:
        page = self.current_page()
        where = f" — {page.title()}" if page else ""
        self.setWindowTitle(
            self.tr("Appraisal station {0}").format(self.ctx.settings.station_code) + where
        )

    def switch_language(self, language: str) -> None:
        i18n.install(language)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.menu_station.setTitle(self.tr("&Station"))
        self.act_lock.setText(self.tr("Lock station"))
        self.act_sign_out.setText(self.tr("Sign out"))
        self.act_quit.setText(self.tr("Quit"))
        self.menu_language.setTitle(self.tr("&Language"))
        zh = i18n.current_language() == "zh_CN"
        (self.act_zh if zh else self.act_en).setChecked(True)
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_logs.setText(self.tr("Open log folder"))
        self.act_about.setText(self.tr("About"))
        for row in range(self.nav.count()):
            key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
            self.nav.item(row).setText(self._nav_text(type(self.pages[key])))
        self._fit_nav()
        self._update_title()

    def _fit_nav(self) -> None:
        """The navigation as wide as its longest entry in the language in force, never
        narrower than 220 px: a longer English title must not need a sideways scroll bar."""
        need = self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth()
        self.nav.setFixedWidth(max(220, need))

    def check_disk(self) -> None:
        root = self.ctx.station.data.root
        run_task(
            self,
            shutil.disk_usage,
            root,
            on_success=self._show_disk,
            on_failure=lambda exc: self.ctx.set_health("disk", False, str(exc)),
        )

    def _show_disk(self, usage) -> None:
        free_mb = usage.free // (1024 * 1024)
        low = free_mb < self.ctx.settings.min_free_disk_mb
        gigabytes = free_mb / 1024  # worded when shown, so a language switch rewords it
        self.ctx.set_health("disk", not low, lambda: self.tr("{0:.1f} GB free").format(gigabytes))

    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.station.data.logs)))

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("Appraisal station {0}\nData folder: {1}").format(
                __version__, self.ctx.station.data.root
            ),
        )
