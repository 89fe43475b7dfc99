"""Messages from the core, in the bench's language.

Core services raise ``KnownError`` with English messages (the CLI and logs read them);
the bench shows the ones an appraiser meets every day in zh_CN too. Each pattern names
its parts, the English template is the translation source, so a message the table does
not know is simply shown as it came.
"""

from __future__ import annotations

import re
from datetime import tzinfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from appraiser.clock import format_local
from appraiser.errors import KnownError
from ui.vocabulary import display
from ui.widgets import trust_text

_LIST_JOINER = QT_TRANSLATE_NOOP("core", ", ")  # between the items of a listed part
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), t)
    for p, t in (
        (
            r"^The barcode (?P<code>\d+) has a wrong check digit; it was probably misread\.$",
            QT_TRANSLATE_NOOP(
                "core", "The barcode {code} has a wrong check digit; it was probably misread."
            ),
        ),
        (
            r"^The barcode (?P<code>\d+) has (?P<n>\d+) digits; a GTIN has 8, 12, 13 or 14\.$",
            QT_TRANSLATE_NOOP(
                "core", "The barcode {code} has {n} digits; a GTIN has 8, 12, 13 or 14."
            ),
        ),
        (
            r"^The barcode (?P<code>.+) is neither a GS1 code nor an EAN/UPC product number\.$",
            QT_TRANSLATE_NOOP(
                "core", "The barcode {code} is neither a GS1 code nor an EAN/UPC product number."
            ),
        ),
        (
            r"^The GS1 barcode (?P<code>.+) carries no product number \(GTIN\)\.$",
            QT_TRANSLATE_NOOP("core", "The GS1 barcode {code} carries no product number (GTIN)."),
        ),
        (
            r"^The barcode text (?P<code>.+?) is not valid GS1: .*$",
            QT_TRANSLATE_NOOP("core", "The barcode text {code} is not valid GS1."),
        ),
        (r"^The barcode is empty\.$", QT_TRANSLATE_NOOP("core", "The barcode is empty.")),
        (
            r"^(?P<name>.+) is not a readable image\.$",
            QT_TRANSLATE_NOOP("core", "{name} is not a readable image."),
        ),
        (
            r"^Choose a JPEG, PNG, WebP or BMP photo; the content decides, not the file name\.$",
            QT_TRANSLATE_NOOP(
                "core",
                "Choose a JPEG, PNG, WebP or BMP photo; the content decides, not the file name.",
            ),
        ),
        (
            r"^Scan the code again, or type the digits printed under the bars\.$",
            QT_TRANSLATE_NOOP(
                "core", "Scan the code again, or type the digits printed under the bars."
            ),
        ),
        (
            r"^Scan the product's EAN/UPC or GS1 barcode, or enter the item by hand\.$",
            QT_TRANSLATE_NOOP(
                "core", "Scan the product's EAN/UPC or GS1 barcode, or enter the item by hand."
            ),
        ),
        (
            r"^This item is held by (?P<who>.+) \(since (?P<at>\d{4}-\d\d-\d\d \d\d:\d\d) UTC\)"
            r" until they finish it\.$",
            QT_TRANSLATE_NOOP(
                "core", "This item is held by {who} (since {at}) until they finish it."
            ),
        ),
        (
            r"^Two appraisers cannot work on one item; pick another from the queue\.$",
            QT_TRANSLATE_NOOP(
                "core", "Two appraisers cannot work on one item; pick another from the queue."
            ),
        ),
        (
            r"^Ask them or a supervisor to hand it over to you\.$",
            QT_TRANSLATE_NOOP("core", "Ask them or a supervisor to hand it over to you."),
        ),
        (
            r"^Unknown user name or wrong password\.$",
            QT_TRANSLATE_NOOP("core", "Unknown user name or wrong password."),
        ),
        (
            r"^Unknown user name or wrong password\. The account is locked for (?P<n>\d+) s\.$",
            QT_TRANSLATE_NOOP("core", "Wrong password. The account is locked for {n} s."),
        ),
        (
            r"^Too many failed attempts: try again in (?P<n>\d+) s\.$",
            QT_TRANSLATE_NOOP("core", "Too many failed attempts: try again in {n} s."),
        ),
        (
            r"^A counterfeit verdict needs at least one reason code\.$",
            QT_TRANSLATE_NOOP("core", "A counterfeit verdict needs at least one reason code."),
        ),
        (
            r"^A failed checkpoint needs a note saying what is wrong\.$",
            QT_TRANSLATE_NOOP("core", "A failed checkpoint needs a note saying what is wrong."),
        ),
        (
            r"^customs declaration no\. is empty$",
            QT_TRANSLATE_NOOP("core", "customs declaration no. is empty"),
        ),
        (
            r"^neither GTIN nor SKU is given$",
            QT_TRANSLATE_NOOP("core", "neither GTIN nor SKU is given"),
        ),
        (
            r"^quantity (?P<q>.*) is not a whole number ≥ 1$",
            QT_TRANSLATE_NOOP("core", "quantity {q} is not a whole number ≥ 1"),
        ),
        (
            r"^repeats row (?P<row>\d+) \(same declaration and product\)$",
            QT_TRANSLATE_NOOP("core", "repeats row {row} (same declaration and product)"),
        ),
        (
            r"^(?P<col>\w+) was stored as a number and lost digits; format that column as text$",
            QT_TRANSLATE_NOOP(
                "core", "{col} was stored as a number and lost digits; format that column as text"
            ),
        ),
        (r"^GTIN: (?P<rest>.+)$", QT_TRANSLATE_NOOP("core", "GTIN: {rest}")),
        (
            r"^The expiry date (?P<value>.+) is not a date in the form YYYY-MM-DD\.$",
            QT_TRANSLATE_NOOP(
                "core", "The expiry date {value} is not a date in the form YYYY-MM-DD."
            ),
        ),
        (
            r"^The production date (?P<value>.+) is not a date in the form YYYY-MM-DD\.$",
            QT_TRANSLATE_NOOP(
                "core", "The production date {value} is not a date in the form YYYY-MM-DD."
            ),
        ),
        (
            r"^Type year-month-day, e\.g\. 2027-06-30 for 30 June 2027\.$",
            QT_TRANSLATE_NOOP("core", "Type year-month-day, e.g. 2027-06-30 for 30 June 2027."),
        ),
        (
            r"^Not every required view is photographed yet: (?P<views>.+)\.$",
            QT_TRANSLATE_NOOP("core", "Not every required view is photographed yet: {views}."),
        ),
        (
            r"^Shoot the missing views on the capture step first\.$",
            QT_TRANSLATE_NOOP("core", "Shoot the missing views on the capture step first."),
        ),
        (
            r"^This needs a supervisor's approval\.$",
            QT_TRANSLATE_NOOP("core", "This needs a supervisor's approval."),
        ),
        (
            r"^Ask a supervisor or administrator\.$",
            QT_TRANSLATE_NOOP("core", "Ask a supervisor or administrator."),
        ),
    )
]
_PATTERNS += [(re.compile(p), t) for p, t in trust_text.PATTERNS]


def _part(name: str, value: str, tz: tzinfo | None) -> str:
    """A named part of a message: nested messages translated, UTC times (``at``) shown on
    the station's clock when its zone is known."""
    if name == "rest":
        return tr_core(value, tz)
    if name == "views":  # checklist view keys, shown by their titles
        return ", ".join(display(key.strip()) for key in value.split(","))
    if name == "who":  # the roles a refusal asks for
        return trust_text.roles_needed(value)
    if name in ("role", "state", "known", "chosen"):  # a stored role, state or category
        return display(value)
    if name == "choices":  # category codes, e.g. a lot's allowed categories
        joiner = QCoreApplication.translate("core", _LIST_JOINER)
        return joiner.join(display(code.strip()) for code in value.split(","))
    if name == "at":
        return format_local(value, tz) if tz is not None else f"{value} UTC"
    return value


def tr_core(text: str, tz: tzinfo | None = None) -> str:
    """The translation of one core message (or the message itself if unknown)."""
    for pattern, template in _PATTERNS:
        found = pattern.match(text.strip())
        if found:
            parts = {k: _part(k, v, tz) for k, v in found.groupdict().items()}
            return QCoreApplication.translate("core", template).format(**parts)
    return text


def explain(exc: KnownError, separator: str = "\n", tz: tzinfo | None = None) -> str:
    """Message and hint of a known error, translated where the table knows them; ``tz``
    (the station's zone) turns the UTC times some messages carry into local ones."""
    text = tr_core(exc.message, tz)
    return text + (separator + tr_core(exc.hint, tz) if exc.hint else "")
