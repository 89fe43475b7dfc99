"""Error presentation, qutebrowser style: known environment errors get a friendly dialog
with a hint; anything else is a bug and gets the crash dialog with the log path."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from appraiser.errors import KnownError

log = logging.getLogger("appraiser.ui")


# Titles are translated here; the core's messages carry the specifics.
_TITLES = {
    "ConfigError": QT_TRANSLATE_NOOP("errors", "Settings file problem"),
    "DataFolderError": QT_TRANSLATE_NOOP("errors", "Data folder unusable"),
    "DatabaseDamagedError": QT_TRANSLATE_NOOP("errors", "Database damaged"),
    "DatabaseLockedError": QT_TRANSLATE_NOOP("errors", "Database busy"),
    "DiskFullError": QT_TRANSLATE_NOOP("errors", "Disk full"),
    "CameraError": QT_TRANSLATE_NOOP("errors", "Camera problem"),
    "PrinterError": QT_TRANSLATE_NOOP("errors", "Printer problem"),
    "AuthError": QT_TRANSLATE_NOOP("errors", "Sign-in refused"),
    "PermissionDenied": QT_TRANSLATE_NOOP("errors", "Not allowed"),
    "InvalidInput": QT_TRANSLATE_NOOP("errors", "Invalid input"),
    "NotFound": QT_TRANSLATE_NOOP("errors", "Not found"),
    "AlreadyRunning": QT_TRANSLATE_NOOP("errors", "Already running"),
    "ClockBehindError": QT_TRANSLATE_NOOP("errors", "Station clock behind its records"),
    "SettingsUnconfirmed": QT_TRANSLATE_NOOP("errors", "Settings changed outside the app"),
}


def _parent_widget(parent: QObject | None) -> QWidget | None:
    return parent if isinstance(parent, QWidget) else QApplication.activeWindow()


def show_known(parent: QObject | None, exc: KnownError) -> None:
    """The message and hint in the station's language where the core's table knows them
    (a refusal of the rule book or the clock guard reached a zh_CN station in English)."""
    from ui.widgets.appraisal_text import tr_core  # the widgets import this module

    log.warning("%s: %s", type(exc).__name__, exc)
    title = QCoreApplication.translate("errors", _TITLES.get(type(exc).__name__, exc.title))
    message = tr_core(exc.message)
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=_parent_widget(parent))
    if exc.hint:
        box.setInformativeText(tr_core(exc.hint))
    box.setObjectName("knownErrorDialog")
    box.open()


def show_bug(parent: QObject | None, exc: BaseException, log_path: Path | None) -> None:
    log.error("unexpected error", exc_info=exc)
    text = QCoreApplication.translate(
        "errors", "Something went wrong inside the application. Your saved work is safe."
    )
    title = QCoreApplication.translate("errors", "Unexpected error")
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=_parent_widget(parent))
    where = str(log_path) if log_path else QCoreApplication.translate("errors", "the log folder")
    box.setInformativeText(
        QCoreApplication.translate(
            "errors", "Details were written to {}. Please send that file to support."
        ).format(where)
    )
    box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setObjectName("crashDialog")
    box.open()


def show_error(parent: QObject | None, exc: BaseException, log_path: Path | None = None) -> None:
    if isinstance(exc, KnownError):
        show_known(parent, exc)
    else:
        show_bug(parent, exc, log_path)


def install_excepthook(log_path: Path | None) -> None:
    """Uncaught exceptions in slots go to the crash dialog instead of killing the app."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        show_error(None, exc.with_traceback(tb), log_path)

    sys.excepthook = hook
