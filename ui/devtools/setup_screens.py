"""Every page of the set-up wizard as PNG, in zh_CN and en.

Run ``python -m ui.devtools.setup_screens OUT``.

For reviewing the wizard and for the user README. It runs on a throwaway station with the
simulated camera and a PDF file as the "printer", so it needs no hardware.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from appraiser.services.admin.station import Station
from ui import i18n, style, tasks
from ui.dialogs.setup_wizard import SetupWizard

NAMES = ("1-welcome", "2-station", "3-camera", "4-printer", "5-admin", "6-key")


def _pause(ms: int) -> None:
    """Run the event loop for ``ms``. (A nested QEventLoop, not ``processEvents``: in
    PySide6 6.12 on Python 3.11 every ``processEvents``/``QTest.qWait`` call drops a
    reference to None, and a long wait loop aborts the interpreter.)"""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _settle(until=lambda: True, ms: int = 5000) -> None:
    """Run events until ``until()`` holds (or ``ms`` pass): pages fill in the background."""
    clock = QElapsedTimer()
    clock.start()
    while True:
        tasks.runner().wait_idle()
        _pause(20)
        if until() or clock.hasExpired(ms):
            return


def _fill(wizard: SetupWizard, page: int, scratch: Path) -> None:
    if page == 1:
        form = wizard.station_page.form
        form.station_code.setText("BW-09")
        form.warehouse.setText("洋山保税仓 Yangshan Bonded Zone")
        form.resolver_domain.setText("verify.example.cn")
    elif page == 2:
        camera = wizard.camera_page
        camera.choice.setCurrentIndex(camera.choice.findData("simulated"))
        _settle(lambda: not camera.preview.image.isNull())
    elif page == 3:
        wizard.printer_page.printer.setCurrentText(str(scratch / "test-label.pdf"))
        _settle(lambda: wizard.printer_page.preview.pixmap() is not None)
    elif page == 4:
        admin = wizard.admin_page
        admin.username.setText("itadmin")
        admin.display_name.setText("王丽 Wang Li")
        admin.password.setText("bench-admin-1")
        admin.confirm.setText("bench-admin-1")
    elif page == 5:
        _settle(lambda: bool(wizard.key_page.key_id.text()))


def shoot(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    style.apply(app)
    written = []
    for language in ("zh_CN", "en"):
        i18n.install(language)
        with tempfile.TemporaryDirectory() as tmp:
            station = Station.open(Path(tmp) / "station")
            wizard = SetupWizard(station)
            wizard.resize(820, 660)
            wizard.show()
            for page, name in enumerate(NAMES):
                _fill(wizard, page, Path(tmp))
                _settle()
                path = out / f"setup-{name}-{language}.png"
                wizard.grab().save(str(path))
                written.append(path)
                print(path, file=sys.stderr)
                wizard.next()
            wizard.camera_page.release()
            wizard.close()
            _settle()
            station.close()
    return written


if __name__ == "__main__":
    shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "out/screens"))
