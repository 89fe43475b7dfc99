"""What every page shares: the open station, who is signed in, and health signals.

Pages receive one ``AppContext`` instead of reaching for globals, so tests can build a
page on a throwaway station (napari style: the view adapts a plain model).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from appraiser.config import Settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station


@dataclass(frozen=True)
class Health:
    """One status-bar component: ``ok`` None means unknown/not configured.

    ``text`` may be a function that words it in the language in force (``lambda:
    self.tr("checked")``): the status bar calls it again after a language switch, where a
    string worded once would stay in the language of the moment it was set.
    """

    ok: bool | None
    text: str | Callable[[], str]

    def shown(self) -> str:
        return self.text() if callable(self.text) else self.text


class AppContext(QObject):
    session_changed = Signal(object)  # Session | None
    settings_changed = Signal(object)  # Settings
    health_changed = Signal(str, object)  # component, Health
    records_changed = Signal(str)  # what changed: "appraisals", "labels", "library", …

    def __init__(self, station: Station, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.session: Session | None = None
        self.health: dict[str, Health] = {}

    @property
    def settings(self) -> Settings:
        return self.station.settings

    def set_session(self, session: Session | None) -> None:
        self.session = session
        self.session_changed.emit(session)

    def set_health(self, component: str, ok: bool | None, text: str | Callable[[], str]) -> None:
        health = Health(ok, text)
        if self.health.get(component) != health:
            self.health[component] = health
            self.health_changed.emit(component, health)
