"""The offer to put an item on the library's "no match" list, with one state per item.

The intake (an unknown code) and the compare step (an answer of ``no_match``) both offer
it for the same item; once either has listed it, both read "On the list" and stay
disabled. The owners keep their own wording (their translation contexts) and hand it
over in ``retranslate``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


class NoMatchButton(QPushButton):
    def __init__(self, object_name: str) -> None:
        super().__init__(objectName=object_name)
        self.listed = False
        self._texts = ("", "")
        self.hide()

    def set_texts(self, offer: str, listed: str) -> None:
        """The owner's wording: the offer, and what it reads once the item is listed."""
        self._texts = (offer, listed)
        self._show()

    def set_listed(self, listed: bool) -> None:
        self.listed = listed
        self._show()

    def _show(self) -> None:
        self.setEnabled(not self.listed)
        self.setText(self._texts[1] if self.listed else self._texts[0])
