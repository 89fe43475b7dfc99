"""The station look: one stylesheet from ``resources/style``, applied app-wide."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from appraiser.paths import resource


def apply(app: QApplication) -> None:
    app.setStyleSheet(resource("style", "station.qss").read_text(encoding="utf-8"))
