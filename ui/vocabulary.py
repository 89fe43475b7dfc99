"""Display names of the core's stored vocabularies (roles, verdicts, states, categories).

The database keeps stable English codes; people read them in their language.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_NAMES = {
    "appraiser": QT_TRANSLATE_NOOP("vocabulary", "appraiser"),
    "supervisor": QT_TRANSLATE_NOOP("vocabulary", "supervisor"),
    "admin": QT_TRANSLATE_NOOP("vocabulary", "admin"),
    "genuine": QT_TRANSLATE_NOOP("vocabulary", "genuine"),
    "counterfeit": QT_TRANSLATE_NOOP("vocabulary", "counterfeit"),
    "inconclusive": QT_TRANSLATE_NOOP("vocabulary", "inconclusive"),
    "open": QT_TRANSLATE_NOOP("vocabulary", "in progress"),
    "interrupted": QT_TRANSLATE_NOOP("vocabulary", "interrupted"),
    "awaiting_review": QT_TRANSLATE_NOOP("vocabulary", "awaiting review"),
    "done": QT_TRANSLATE_NOOP("vocabulary", "done"),
    "abandoned": QT_TRANSLATE_NOOP("vocabulary", "abandoned"),
    "bags": QT_TRANSLATE_NOOP("vocabulary", "bags"),
    "shoes": QT_TRANSLATE_NOOP("vocabulary", "shoes"),
    "watches": QT_TRANSLATE_NOOP("vocabulary", "watches"),
    "eyewear": QT_TRANSLATE_NOOP("vocabulary", "eyewear"),
    "apparel": QT_TRANSLATE_NOOP("vocabulary", "apparel"),
    "jewelry": QT_TRANSLATE_NOOP("vocabulary", "jewelry"),
    "beauty": QT_TRANSLATE_NOOP("vocabulary", "beauty"),
    "sports": QT_TRANSLATE_NOOP("vocabulary", "sports"),
    "gifts": QT_TRANSLATE_NOOP("vocabulary", "gifts"),
    "food": QT_TRANSLATE_NOOP("vocabulary", "food"),
}


def display(code: object) -> str:
    """The translated name of a stored code; unknown codes are shown as they are."""
    text = str(code)
    source = _NAMES.get(text)
    return QCoreApplication.translate("vocabulary", source) if source else text
