"""Status bar: station, user, and the health of camera, printer, database and disk.

Every part is worded again on a language switch (health texts may be functions, see
``ui.context.Health``), and every part elides rather than widen the window.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QStatusBar, QWidget

from appraiser.services.admin.accounts import Session
from ui.context import AppContext, Health
from ui.vocabulary import display
from ui.widgets.elided_label import ElidedLabel

COMPONENTS = ("camera", "printer", "library", "database", "disk")
_NAMES = {
    "camera": QT_TRANSLATE_NOOP("status", "Camera"),
    "printer": QT_TRANSLATE_NOOP("status", "Printer"),
    "library": QT_TRANSLATE_NOOP("status", "Library"),
    "database": QT_TRANSLATE_NOOP("status", "Database"),
    "disk": QT_TRANSLATE_NOOP("status", "Disk"),
}
USER_KEEP = 420  # pixels of "Signed in: name (role)" that never elide
_COLOURS = {True: "#1b7f3b", False: "#b3261e", None: "#6b6b6b"}


class StationStatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.station = ElidedLabel(objectName="statusStation")
        self.user = ElidedLabel(objectName="statusUser", keep=USER_KEEP)
        self.addWidget(self.station, 1)
        self.addWidget(self.user, 2)
        self.parts: dict[str, ElidedLabel] = {}
        for name in COMPONENTS:
            label = ElidedLabel(objectName=f"status_{name}")
            self.parts[name] = label
            self.addPermanentWidget(label)
        # Fleet sync (issue 15): shown only on an enrolled station, worded by ui.fleet_sync.
        self.sync = ElidedLabel(objectName="status_sync")
        self.sync.hide()
        self.addPermanentWidget(self.sync)
        ctx.session_changed.connect(self._on_session)
        ctx.health_changed.connect(self._on_health)
        ctx.settings_changed.connect(lambda _s: self.retranslate())
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        settings = self.ctx.settings
        self.station.setText(
            self.tr("Station {0} · {1}").format(settings.station_code, settings.warehouse)
        )
        self._on_session(self.ctx.session)
        for name in COMPONENTS:
            unknown = Health(None, lambda: self.tr("unknown"))
            self._on_health(name, self.ctx.health.get(name, unknown))
        if "sync" in self.ctx.health:
            self._on_health("sync", self.ctx.health["sync"])

    def _on_session(self, session: Session | None) -> None:
        role = display(session.role) if session else ""
        text = (
            self.tr("Signed in: {0} ({1})").format(session.display_name, role)
            if session
            else self.tr("Not signed in")
        )
        self.user.setText(text)

    def _on_health(self, name: str, health: Health) -> None:
        if name == "sync":
            self._on_sync(health)
            return
        label = self.parts.get(name)
        if label is None:
            return
        title = QCoreApplication.translate("status", _NAMES[name])
        mark = {True: "●", False: "✖", None: "○"}[health.ok]
        label.setText(f"{mark} {title}: {health.shown()}")
        label.setStyleSheet(f"color: {_COLOURS[health.ok]}; padding: 0 6px;")

    def _on_sync(self, health: Health) -> None:
        """The fleet server's state as one part (its words carry their own title)."""
        mark = {True: "●", False: "✖", None: "○"}[health.ok]
        self.sync.setText(f"{mark} {health.shown()}")
        self.sync.setStyleSheet(f"color: {_COLOURS[health.ok]}; padding: 0 6px;")
        self.sync.show()
