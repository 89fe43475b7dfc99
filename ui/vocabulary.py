"""The one vocabulary between the codes the station stores and the words people read.

The database, the checklists and the settings keep stable English codes (``genuine``,
``NOT_AUTHENTIC``, ``awaiting_review``, ``cn_label``, ``simulated``); a screen never shows
one as it is. Every table cell, label and list that shows a code asks ``display(code)``,
which answers in the language in force (zh_CN or English), so a live language switch only
needs a repaint. Checklist views and checkpoints carry their own titles in both languages
(``resources/checklists``); everything else is listed here.
"""

from __future__ import annotations

import re
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from appraiser import checklists
from ui import i18n

_NAMES = {
    # roles
    "appraiser": QT_TRANSLATE_NOOP("vocabulary", "Appraiser"),
    "supervisor": QT_TRANSLATE_NOOP("vocabulary", "Supervisor"),
    "admin": QT_TRANSLATE_NOOP("vocabulary", "Administrator"),
    # verdicts and reason codes
    "genuine": QT_TRANSLATE_NOOP("vocabulary", "Genuine"),
    "counterfeit": QT_TRANSLATE_NOOP("vocabulary", "Counterfeit"),
    "inconclusive": QT_TRANSLATE_NOOP("vocabulary", "Inconclusive"),
    "NOT_AUTHENTIC": QT_TRANSLATE_NOOP("vocabulary", "Not authentic"),
    "NOT_AS_DESCRIBED": QT_TRANSLATE_NOOP("vocabulary", "Not as described"),
    "DAMAGED": QT_TRANSLATE_NOOP("vocabulary", "Damaged"),
    "USED": QT_TRANSLATE_NOOP("vocabulary", "Used"),
    "EXPIRED": QT_TRANSLATE_NOOP("vocabulary", "Expired"),
    "LABEL_NONCOMPLIANT": QT_TRANSLATE_NOOP("vocabulary", "Label non-compliant"),
    # where a case or a queue line stands
    "waiting": QT_TRANSLATE_NOOP("vocabulary", "Waiting"),
    "open": QT_TRANSLATE_NOOP("vocabulary", "In progress"),
    "interrupted": QT_TRANSLATE_NOOP("vocabulary", "Interrupted"),
    "awaiting_review": QT_TRANSLATE_NOOP("vocabulary", "Awaiting review"),
    "done": QT_TRANSLATE_NOOP("vocabulary", "Done"),
    "abandoned": QT_TRANSLATE_NOOP("vocabulary", "Abandoned"),
    # the steps of the bench
    "intake": QT_TRANSLATE_NOOP("vocabulary", "Intake"),
    "capture": QT_TRANSLATE_NOOP("vocabulary", "Capture"),
    "compare": QT_TRANSLATE_NOOP("vocabulary", "Compare"),
    "checklist": QT_TRANSLATE_NOOP("vocabulary", "Checklist"),
    "verdict": QT_TRANSLATE_NOOP("vocabulary", "Verdict"),
    "outcome": QT_TRANSLATE_NOOP("vocabulary", "Outcome"),
    # categories
    "bags": QT_TRANSLATE_NOOP("vocabulary", "Bags"),
    "shoes": QT_TRANSLATE_NOOP("vocabulary", "Shoes"),
    "watches": QT_TRANSLATE_NOOP("vocabulary", "Watches"),
    "eyewear": QT_TRANSLATE_NOOP("vocabulary", "Eyewear"),
    "apparel": QT_TRANSLATE_NOOP("vocabulary", "Apparel"),
    "jewelry": QT_TRANSLATE_NOOP("vocabulary", "Jewellery"),
    "beauty": QT_TRANSLATE_NOOP("vocabulary", "Beauty"),
    "sports": QT_TRANSLATE_NOOP("vocabulary", "Sports"),
    "gifts": QT_TRANSLATE_NOOP("vocabulary", "Gifts"),
    "food": QT_TRANSLATE_NOOP("vocabulary", "Food"),
    # checklist groups
    "appearance": QT_TRANSLATE_NOOP("vocabulary", "Appearance"),
    "material": QT_TRANSLATE_NOOP("vocabulary", "Material"),
    "craftsmanship": QT_TRANSLATE_NOOP("vocabulary", "Craftsmanship"),
    "codes_serials": QT_TRANSLATE_NOOP("vocabulary", "Codes and serials"),
    "hardware": QT_TRANSLATE_NOOP("vocabulary", "Hardware"),
    "inner_label": QT_TRANSLATE_NOOP("vocabulary", "Inner label"),
    "production_date": QT_TRANSLATE_NOOP("vocabulary", "Production date"),
    "shelf_life": QT_TRANSLATE_NOOP("vocabulary", "Shelf life"),
    "licence": QT_TRANSLATE_NOOP("vocabulary", "Licence"),
    "ingredients": QT_TRANSLATE_NOOP("vocabulary", "Ingredients"),
    "cn_back_label": QT_TRANSLATE_NOOP("vocabulary", "Chinese back label"),
    # the comparison
    "consistent": QT_TRANSLATE_NOOP("vocabulary", "Consistent with the reference"),
    "deviates": QT_TRANSLATE_NOOP("vocabulary", "Deviates from the reference"),
    "no_reference": QT_TRANSLATE_NOOP("vocabulary", "No reference to compare with"),
    "no_match": QT_TRANSLATE_NOOP("vocabulary", "No reference matched"),
    # labels: states, scans, clone warnings
    "issued": QT_TRANSLATE_NOOP("vocabulary", "Issued, not printed"),
    "printed": QT_TRANSLATE_NOOP("vocabulary", "Printed"),
    "applied": QT_TRANSLATE_NOOP("vocabulary", "Applied to the item"),
    "voided": QT_TRANSLATE_NOOP("vocabulary", "Void"),
    "reprinted": QT_TRANSLATE_NOOP("vocabulary", "Reprinted"),
    "revoked": QT_TRANSLATE_NOOP("vocabulary", "Revoked"),
    "bench": QT_TRANSLATE_NOOP("vocabulary", "Bench check"),
    "outbound": QT_TRANSLATE_NOOP("vocabulary", "Outbound"),
    "consumer": QT_TRANSLATE_NOOP("vocabulary", "Customer enquiry"),
    "valid": QT_TRANSLATE_NOOP("vocabulary", "Valid"),
    "not_ours": QT_TRANSLATE_NOOP("vocabulary", "Not ours"),
    "malformed": QT_TRANSLATE_NOOP("vocabulary", "Damaged code"),
    "unknown_key": QT_TRANSLATE_NOOP("vocabulary", "Unknown signer"),
    "bad_signature": QT_TRANSLATE_NOOP("vocabulary", "Forged"),
    "outbound_repeat": QT_TRANSLATE_NOOP("vocabulary", "Scanned at outbound more than once"),
    "multi_station": QT_TRANSLATE_NOOP("vocabulary", "Verified at more than one station"),
    "voided_seen": QT_TRANSLATE_NOOP("vocabulary", "A voided label is still in use"),
    "forgery": QT_TRANSLATE_NOOP(
        "vocabulary", "Forgery alarm: our key, a serial never issued here"
    ),
    "retired_key": QT_TRANSLATE_NOOP("vocabulary", "Retired or revoked key"),
    # the fleet server's flags on this station's serials, pulled by sync (issue 15 N9)
    "fleet_too_many_scans": QT_TRANSLATE_NOOP("vocabulary", "Fleet: too many consumer scans"),
    "fleet_many_clients": QT_TRANSLATE_NOOP("vocabulary", "Fleet: scanned by many consumers"),
    "fleet_scanned_after_end": QT_TRANSLATE_NOOP(
        "vocabulary", "Fleet: scanned after it was voided (reprinted)"
    ),
    "fleet_outbound_claimed": QT_TRANSLATE_NOOP(
        "vocabulary", "Fleet: claimed by two outbound scans"
    ),
    "fleet_withdrawn_in_circulation": QT_TRANSLATE_NOOP(
        "vocabulary", "Fleet: withdrawn label still in circulation (not a copy)"
    ),
    # devices
    "auto": QT_TRANSLATE_NOOP("vocabulary", "Automatic"),
    "simulated": QT_TRANSLATE_NOOP("vocabulary", "Simulated camera"),
    "system": QT_TRANSLATE_NOOP("vocabulary", "System printer (PDF)"),
    "cups-raw": QT_TRANSLATE_NOOP("vocabulary", "Thermal printer, CUPS raw queue (ZPL)"),
    "tcp9100": QT_TRANSLATE_NOOP("vocabulary", "Thermal printer on the network (ZPL, port 9100)"),
}
_SIMULATED = re.compile(r"^Simulated camera (\d+)x(\d+)$")
_DEVICE = re.compile(r"^Camera (\S+)$")
_VIDEO = re.compile(r"^Video (.+)$")
_CLOSE_UP = "_detail"  # a close-up of a checklist view: ``front_detail``


def _tr(source: str) -> str:
    return QCoreApplication.translate("vocabulary", source)


def display(code: object, category: str | None = None) -> str:
    """The word for a stored code in the language in force. Checklist views and
    checkpoints are looked up in ``category``'s checklist first; a code nobody listed is
    shown as it is (free text such as a pack's own view name)."""
    text = str(code)
    source = _NAMES.get(text)
    if source:
        return _tr(source)
    term = checklist_term(text, category)
    if term is not None:
        return term.title(i18n.current_language())
    base = text.removesuffix(_CLOSE_UP)
    if base != text and checklist_term(base, category) is not None:
        close_up = QCoreApplication.translate("vocabulary", "{0} (close-up)")
        return close_up.format(display(base, category))
    return text


def checklist_term(key: str, category: str | None = None):
    """The checklist view or checkpoint called ``key`` (``category``'s own first)."""
    terms = _checklist_terms()
    return terms.get((category, key)) or terms.get((None, key))


@cache
def _checklist_terms() -> dict:
    terms: dict = {}
    for category, checklist in checklists.load_all().items():
        for term in (*checklist.views, *checklist.checkpoints):
            terms[(str(category), term.key)] = term
            terms.setdefault((None, term.key), term)
    return terms


def camera_name(name: str) -> str:
    """A camera as the capture layer names it (``Simulated camera 1280x720``, ``Camera 0``,
    ``Video bench.mp4``), in words."""
    if match := _SIMULATED.match(name):
        text = QCoreApplication.translate("vocabulary", "Simulated camera {0}×{1}")
        return text.format(*match.groups())
    if match := _DEVICE.match(name):
        return QCoreApplication.translate("vocabulary", "Camera {0}").format(match.group(1))
    if match := _VIDEO.match(name):
        return QCoreApplication.translate("vocabulary", "Video {0}").format(match.group(1))
    return name


def camera_setting(spec: str) -> str:
    """The camera setting (``auto``, ``simulated``, a device number, a path or URL)."""
    if spec.isdigit():
        return QCoreApplication.translate("vocabulary", "Camera {0}").format(spec)
    return display(spec) if spec in _NAMES else spec


def printer_target(text: str) -> str:
    """A print target as the printing layer describes it (``cups-raw:Zebra``), in words."""
    kind, _, name = text.partition(":")
    if kind not in ("system", "cups-raw", "tcp9100"):
        return text
    if name in ("", "default"):
        name = QCoreApplication.translate("vocabulary", "default printer")
    return f"{display(kind)} · {name}"
