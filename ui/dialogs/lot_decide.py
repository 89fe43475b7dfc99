"""Signing a lot decision: the verdicts' signing dialog, worded for a lot.

The decision itself is computed by the lot services from the units' results; the person
signs what the sample says (accept or reject), with their password again, their name, the
time and what the signature means — exactly like a verdict (DESIGN §2, "Signing").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from appraiser.services.admin.accounts import Session
from ui.dialogs.sign_dialog import SignDialog
from ui.widgets import lot_text

# Marked for lupdate (a call through a helper is not seen, and these stayed English).
TITLE = QT_TRANSLATE_NOOP("lots", "Sign the lot decision")
SUBJECT = QT_TRANSLATE_NOOP("lots", "Decision")
INTRO = QT_TRANSLATE_NOOP("lots", "Your signature is recorded with this lot decision.")


def decide_dialog(
    session: Session,
    decision: str,
    action: Callable[[str], Any],
    *,
    details: str = "",
    tz: tzinfo | None = None,
    parent: QWidget | None = None,
) -> SignDialog:
    """A signing dialog for ``decision`` ("accept" or "reject"); ``action(password)``
    signs it on a worker and the dialog's ``signed`` signal carries the result."""
    wording = {
        "title": lot_text.tr(TITLE),
        "subject": lot_text.tr(SUBJECT),
        "meaning": lot_text.meaning(decision),
        "intro": lot_text.tr(INTRO),
    }
    dialog = SignDialog(
        session,
        lot_text.word(decision),
        action,
        details=details,
        tz=tz,
        parent=parent,
        wording=wording,
    )
    dialog.setObjectName("lotSignDialog")
    return dialog
