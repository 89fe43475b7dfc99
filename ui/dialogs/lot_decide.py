"""Signing a lot decision: the verdicts' signing dialog, worded for a lot.

The decision itself is computed by the lot services from the units' results; the person
signs what the sample says (accept or reject), with their password again, their name, the
time and what the signature means — exactly like a verdict (DESIGN §2, "Signing").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from appraiser.services.admin.accounts import Session
from ui.dialogs.sign_dialog import SignDialog
from ui.widgets import lot_text


def _tr(source: str) -> str:
    return QCoreApplication.translate("lots", source)


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
        "title": _tr("Sign the lot decision"),
        "subject": _tr("Decision"),
        "meaning": lot_text.meaning(decision),
        "intro": _tr("Your signature is recorded with this lot decision."),
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
