"""The page protocol: a page is a QWidget with a key, a translatable title, the roles
that may see it, and a constructor taking the shared ``AppContext``."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from appraiser.domain.enums import Role
from ui.context import AppContext

ALL_ROLES = (Role.APPRAISER, Role.SUPERVISOR, Role.ADMIN)


class Page(QWidget):
    key: ClassVar[str]
    title_source: ClassVar[str]  # English; translated in the "nav" context
    shortcut: ClassVar[str] = ""
    roles: ClassVar[tuple[Role, ...]] = ALL_ROLES

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.key}")

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("nav", cls.title_source)

    def activated(self) -> None:
        """Called when the page is shown; refresh data here (off the UI thread)."""

    def retranslate(self) -> None:
        """Re-set translatable texts after a language switch."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
