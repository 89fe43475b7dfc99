"""Render the shell's screens to PNG in both languages: ``python -m ui.devtools.screenshots OUT``.

For reviewing layouts and for the user README; it uses a throwaway data folder with a
demo admin and grabs real widgets (offscreen works; so does a real or virtual display).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from appraiser.domain.enums import Role
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station
from ui import i18n, style, tasks
from ui.app import Controller

SIZES = {"1920": (1920, 1080), "1366": (1366, 768)}


def _settle() -> None:
    tasks.runner().wait_idle()
    for _ in range(5):
        QApplication.processEvents()


def _grab(widget: QWidget, path: Path) -> None:
    _settle()
    widget.grab().save(str(path))
    print(path, file=sys.stderr)


def shoot(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    assert app is not None
    style.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(Path(tmp))
        controller = Controller(station, Path(tmp) / "log")
        for language in ("zh_CN", "en"):
            i18n.install(language)
            controller.ask_sign_in()
            _grab(controller.dialog, out / f"setup-welcome-{language}.png")
            controller.dialog.close()
        accounts.create_user(
            station.store, "admin", "管理员 Admin", Role.ADMIN, "demo-password", by=None
        )
        session = accounts.check_password(station.store, "admin", "demo-password")
        for language in ("zh_CN", "en"):
            i18n.install(language)
            controller.ask_sign_in()
            _grab(controller.dialog, out / f"login-{language}.png")
            controller.dialog.close()
            controller.signed_in(session)
            for size, (width, height) in SIZES.items():
                controller.window.resize(width, height)
                controller.window.show_page("queue")
                _grab(controller.window, out / f"main-{language}-{size}.png")
                controller.window.show_page("settings")
                _grab(controller.window, out / f"settings-{language}-{size}.png")
        _settle()
        station.close()


if __name__ == "__main__":
    shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "out/screens"))
