"""Every screen of the station as PNG, in zh_CN and en, at 1366×768 and 1920×1080:
``python -m ui.devtools.screenshots OUT``.

For reviewing layouts (is every key column in sight, is anything left in the other
language?) and for the user README. It fills a throwaway demo station (accounts, library,
sample appraisals), uses the simulated camera, and grabs the real main window signed in as
the supervisor and as the administrator: ``OUT/<user>-<page>-<language>-<width>.png``, plus
the set-up wizard's welcome and the sign-in dialog. The Review page shows its first case;
the Verify page the first live label, when the demo has one.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from appraiser.services.admin import accounts, demo
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels
from ui import i18n, style, tasks
from ui.app import Controller
from ui.widgets.capture_widget import CaptureWidget

SIZES = {"1366": (1366, 768), "1920": (1920, 1080)}
LANGUAGES = ("zh_CN", "en")
USERS = ("supervisor", "admin")


def _settle(rounds: int = 6) -> None:
    """Let background loads call back. (A nested QEventLoop, not ``processEvents``: in
    PySide6 6.12 on Python 3.11 every ``processEvents`` drops a reference to None.)"""
    for _ in range(rounds):
        tasks.runner().wait_idle()
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def _grab(widget: QWidget, path: Path) -> None:
    _settle()
    widget.grab().save(str(path))
    print(path, file=sys.stderr)


def _password(username: str) -> str:
    return next(u.password for u in demo.DEMO_USERS if u.username == username)


def _live_payload(station: Station) -> str | None:
    for row in labels.list_labels(station.store):
        if row["state"] != "voided":
            return labels.get(station.store, row["serial"])["payload"]
    return None


def _show_most(controller: Controller, key: str) -> None:
    """A page in the state that shows the most: a case open, a label verified."""
    station, page = controller.ctx.station, controller.window.pages[key]
    if key == "review" and page.model.rowCount():
        page.open_case(page.model.row(0)["uid"])
    elif key == "verify" and (payload := _live_payload(station)):
        page.input.setText(payload)
        page.submit_text()
    _settle()


def _sign_in_dialogs(controller: Controller, out: Path) -> None:
    for language in LANGUAGES:
        i18n.install(language)
        controller.ask_sign_in()
        _grab(controller.dialog, out / f"login-{language}.png")
        controller.dialog.close()


def _pages(controller: Controller, out: Path, username: str) -> None:
    session = accounts.check_password(controller.store, username, _password(username))
    controller.signed_in(session)
    window = controller.window
    for language in LANGUAGES:
        i18n.install(language)
        for width, size in SIZES.items():
            window.showNormal()
            window.resize(*size)
            for row in range(window.nav.count()):
                key = window.nav.item(row).data(Qt.ItemDataRole.UserRole)
                window.show_page(key)
                _show_most(controller, key)
                _grab(window, out / f"{username}-{key}-{language}-{width}.png")
    controller.ctx.set_session(None)


def _welcome(out: Path, scratch: Path) -> None:
    station = Station.open(scratch / "empty")
    controller = Controller(station, scratch / "empty.log")
    for language in LANGUAGES:
        i18n.install(language)
        controller.ask_sign_in()
        _grab(controller.dialog, out / f"setup-welcome-{language}.png")
        controller.dialog.close()
    _settle()
    station.close()


def shoot(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    style.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        _welcome(out, scratch)
        station = Station.open(scratch / "demo")
        demo.seed(station)
        station.settings = dataclasses.replace(station.settings, camera="simulated")
        controller = Controller(station, scratch / "demo.log")
        _sign_in_dialogs(controller, out)
        for username in USERS:
            _pages(controller, out, username)
        for capture in controller.window.findChildren(CaptureWidget):
            capture.shutdown()
        _settle()
        station.close()


if __name__ == "__main__":
    shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "out/screens"))
