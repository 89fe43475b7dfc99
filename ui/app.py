"""Start-up: display check, single instance, station, language, sign-in, main window."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

_T0 = time.perf_counter()

from PySide6.QtCore import QLockFile, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from appraiser.errors import AlreadyRunning, KnownError  # noqa: E402
from appraiser.logs import setup_logging  # noqa: E402
from appraiser.paths import DataDir, default_data_dir  # noqa: E402
from appraiser.services.admin import accounts, demo  # noqa: E402
from appraiser.services.admin import backup as backup_service  # noqa: E402
from appraiser.services.admin.station import Station  # noqa: E402
from ui import i18n, style, tasks, vocabulary  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.dialogs.login_dialog import LoginDialog, UnlockDialog  # noqa: E402
from ui.dialogs.setup_wizard import SetupWizard  # noqa: E402
from ui.errors import install_excepthook, show_error  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tasks import run_task  # noqa: E402

NO_DISPLAY = """appraiser: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).
Start it on the station's desktop (python3 bootstrap.py run, or .venv/bin/appraiser once set
up; appraiser where the bundle is installed), or give it a virtual screen with xvfb
(Debian: sudo apt-get install xvfb):
  xvfb-run -a python3 bootstrap.py run      # from the project folder
  xvfb-run -a .venv/bin/appraiser           # the same, already set up
Only check that it starts, without any screen:
  QT_QPA_PLATFORM=offscreen python3 bootstrap.py run --smoke-test"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="appraiser gui")
    parser.add_argument("--data-dir", help="station data folder")
    parser.add_argument("--lang", choices=i18n.SUPPORTED, help="override the language")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start on a temporary data folder, open the main window, exit 0",
    )
    parser.add_argument(
        "--startup-probe",
        metavar="USER:PASSWORD",
        help="sign in as USER, print start-up time as JSON when the main "
        "window is visible, then quit (benchmarks)",
    )
    return parser.parse_args(argv)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class Controller(QObject):
    """Owns the station for the app's lifetime and walks it through sign-in and locking."""

    def __init__(self, station: Station, log_path: Path) -> None:
        super().__init__()
        self.ctx = AppContext(station)
        self.log_path = log_path
        tasks.runner().default_failure = lambda parent, exc: show_error(parent, exc, log_path)
        self.window = MainWindow(self.ctx)
        self.window.lock_requested.connect(self.lock)
        self.window.sign_out_requested.connect(self.sign_out)
        self.dialog: QObject | None = None
        self._initial_health()

    def _initial_health(self) -> None:
        """What is known before any device is used; capture and printing update these."""
        ctx = self.ctx  # worded when shown, so a language switch rewords them
        ctx.set_health("database", True, lambda: self.tr("checked"))
        ctx.set_health("camera", None, lambda: vocabulary.camera_setting(ctx.settings.camera))
        ctx.set_health("printer", None, lambda: ctx.settings.printer or self.tr("system default"))

    @property
    def store(self):
        return self.ctx.station.store

    def prepare_first_start(self) -> None:
        """An empty library gets the demo library, in the background while people sign in."""
        self.ctx.set_health("library", None, lambda: self.tr("checking"))
        run_task(
            self.window,
            demo.ensure_first_start,
            self.ctx.station,
            on_success=self._library_ready,
            db_write=True,
        )

    def _library_ready(self, imported: bool) -> None:
        self.ctx.set_health(
            "library",
            True,
            (lambda: self.tr("demo library imported")) if imported else (lambda: self.tr("ready")),
        )
        if imported:
            self.ctx.records_changed.emit("library")

    def ask_sign_in(self) -> None:
        code = self.ctx.settings.station_code
        if accounts.needs_first_admin(self.store):
            dialog = SetupWizard(self.ctx.station)
            dialog.settings_saved.connect(self.ctx.settings_changed.emit)
        else:
            dialog = LoginDialog(self.store, code)
        dialog.signed_in.connect(self.signed_in)
        dialog.rejected.connect(QApplication.quit)
        self.dialog = dialog
        dialog.show()

    def signed_in(self, session: accounts.Session) -> None:
        self.ctx.set_session(session)
        # A bench screen is given over to the station. Without a window manager (kiosk X
        # session, Xvfb) nothing honours "maximised", so the screen's area is asked for too.
        self.window.setGeometry(self.window.screen().availableGeometry())
        self.window.showMaximized()
        self.window.activateWindow()  # the keyboard too, window manager or not

    def lock(self, idle: bool = False) -> None:
        """Lock the station; ``idle`` says it was the inactivity timer, not a person."""
        session = self.ctx.session
        if session is None or (isinstance(self.dialog, UnlockDialog) and self.dialog.isVisible()):
            return
        self.window.screen_lock.engage()  # the case is not readable behind the lock
        dialog = UnlockDialog(
            self.store, self.ctx.settings.station_code, session, self.window, idle=idle
        )
        dialog.sign_out_requested.connect(self.sign_out)
        dialog.accepted.connect(self.window.screen_lock.release)
        self.dialog = dialog
        dialog.open()

    def sign_out(self) -> None:
        self.window.screen_lock.release(restore=False)
        self.ctx.set_session(None)
        self.window.hide()
        self.ask_sign_in()


def _open_station(root: Path | None) -> Station:
    return Station.open(root)


def _single_instance(data: DataDir) -> QLockFile:
    lock = QLockFile(str(data.root / "appraiser.lock"))
    lock.setStaleLockTime(0)  # only a dead owner makes it stale, never age
    if not lock.tryLock(100):
        if lock.error() == QLockFile.LockError.LockFailedError:
            raise AlreadyRunning("The station application is already running.")
        lock.removeStaleLockFile()
        if not lock.tryLock(100):
            raise AlreadyRunning("The station application is already running.")
    return lock


def _probe(controller: Controller, credentials: str) -> None:
    user, _, password = credentials.partition(":")
    session = accounts.check_password(controller.store, user, password)
    controller.signed_in(session)

    def report() -> None:
        if controller.window.isVisible():
            elapsed = (time.perf_counter() - _T0) * 1000
            figures = {"since_import_ms": round(elapsed, 1), "visible_at": time.time()}
            print(json.dumps(figures), flush=True)
            QApplication.quit()

    QTimer.singleShot(0, report)


def _smoke(controller: Controller) -> None:
    store = controller.store
    accounts.create_user(
        store, "smoke", "Smoke test", accounts.Role.ADMIN, "smoke-test-pw", by=None
    )
    controller.signed_in(accounts.check_password(store, "smoke", "smoke-test-pw"))
    ok = controller.window.isVisible() and controller.window.nav.count() > 0
    print(f"smoke test: main window {'visible' if ok else 'NOT visible'}", flush=True)
    QTimer.singleShot(0, lambda: QApplication.exit(0 if ok else 1))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 3
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("appraiser")
    app.setApplicationDisplayName("Appraiser")
    style.apply(app)
    temp = tempfile.TemporaryDirectory(prefix="appraiser-smoke-") if args.smoke_test else None
    root = Path(temp.name) if temp else Path(args.data_dir) if args.data_dir else None
    lock: QLockFile | None = None
    try:
        backup_service.apply_pending(root or default_data_dir())  # a restore staged in settings
        data = DataDir(root or default_data_dir()).ensure()
        log_path = setup_logging(data)
        install_excepthook(log_path)
        lock = _single_instance(data)
        station = _open_station(data.root)
    except KnownError as exc:
        if lock is not None:
            lock.unlock()
        QMessageBox.critical(None, exc.title, f"{exc.message}\n\n{exc.hint}")
        print(f"appraiser: {exc}", file=sys.stderr)
        return 3
    i18n.install(args.lang or station.settings.language)
    controller = Controller(station, log_path)
    if args.smoke_test:
        _smoke(controller)
    elif args.startup_probe:
        _probe(controller, args.startup_probe)
    else:
        controller.prepare_first_start()
        controller.ask_sign_in()
    code = app.exec()
    tasks.runner().wait_idle()
    station.close()
    lock.unlock()
    if temp:
        temp.cleanup()
    return code
