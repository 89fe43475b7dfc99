"""The work areas, in navigation order. A page appears only for the roles it lists."""

from __future__ import annotations

from ui.pages.base import Page
from ui.pages.queue_page import QueuePage
from ui.pages.settings_page import SettingsPage

PAGES: list[type[Page]] = [QueuePage, SettingsPage]
