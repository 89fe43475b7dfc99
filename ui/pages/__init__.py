"""The work areas, in navigation order. A page appears only for the roles it lists.

Function keys follow the order of a day at the bench: F2 today's queue (Shift+F2 its
lots), F3 the bench (guided appraisal), F4 capture, F5 compare, F7 review, F8 label
verification, F9 settings, F10 labels, F11 library, F12 supervision.
"""

from __future__ import annotations

from ui.pages.appraisal_page import AppraisalPage
from ui.pages.base import Page
from ui.pages.capture_page import CapturePage
from ui.pages.compare_page import ComparePage
from ui.pages.labels_page import LabelsPage
from ui.pages.library_page import LibraryPage
from ui.pages.lots_page import LotsPage
from ui.pages.queue_page import QueuePage
from ui.pages.review_page import ReviewPage
from ui.pages.settings_page import SettingsPage
from ui.pages.supervisor_page import SupervisorPage
from ui.pages.verify_page import VerifyPage

PAGES: list[type[Page]] = [
    QueuePage,
    LotsPage,
    AppraisalPage,
    CapturePage,
    ComparePage,
    ReviewPage,
    LabelsPage,
    VerifyPage,
    LibraryPage,
    SupervisorPage,
    SettingsPage,
]
