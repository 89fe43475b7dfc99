"""What a scanned barcode says: GTIN, batch/lot, expiry and serial, parsed with ``biip``.

Hand-held scanners send GS1-128 / DataMatrix element strings (FNC1 as the GS character
``\\x1d``), GS1 Digital Link URLs from QR codes, or plain EAN/UPC digits; people type the
human-readable form with parentheses. All of them end up as one ``Scan``. Anything else is
refused with a message that says what was wrong, so the appraiser can rescan or type it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import biip
from biip.gs1_messages import GS1Message

from appraiser.errors import InvalidInput

GS = "\x1d"
# Scanners configured for "keyboard wedge" sometimes send FNC1 as one of these.
_GS_STANDINS = ("<GS>", "{GS}", "^]", "\u241d")
_AI_FIELDS = {"10": "batch_lot", "21": "serial", "17": "expiry", "15": "best_before"}


@dataclass(frozen=True)
class Scan:
    """A parsed barcode; ``kind`` is gs1 (element strings or Digital Link) or ean/upc."""

    raw: str
    kind: str
    gtin: str
    batch_lot: str | None = None
    expiry: str | None = None  # ISO date
    best_before: str | None = None
    serial: str | None = None

    def item_fields(self) -> dict[str, str]:
        """The fields an item record takes from this scan."""
        wanted = ("gtin", "batch_lot", "expiry", "serial")
        return {k: v for k, v in asdict(self).items() if k in wanted and v}


def _normalise(text: str) -> str:
    text = text.strip().replace("\r", "").replace("\n", "")
    for standin in _GS_STANDINS:
        text = text.replace(standin, GS)
    return text


def _fields_from_elements(elements) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in elements:
        name = _AI_FIELDS.get(element.ai.ai)
        if name is None:
            continue
        value = element.date if element.date is not None else element.value
        found[name] = value.isoformat() if isinstance(value, date) else str(value)
    return found


def _gtin_14(elements) -> str | None:
    for element in elements:
        if element.ai.ai == "01" and element.gtin is not None:
            return element.gtin.as_gtin_14()
    return None


def _from_message(raw: str, message: GS1Message, kind: str = "gs1") -> Scan:
    gtin = _gtin_14(message.element_strings)
    if gtin is None:
        raise InvalidInput(
            f"The barcode {raw!r} is a GS1 code without a GTIN (AI 01).",
            hint="Scan the product barcode, not a shipping or location label.",
        )
    return Scan(raw=raw, kind=kind, gtin=gtin, **_fields_from_elements(message.element_strings))


def _hri(raw: str) -> Scan:
    try:
        message = GS1Message.parse_hri(raw)
    except Exception as exc:  # biip raises its own ParseError subclasses
        raise InvalidInput(
            f"The barcode text {raw!r} is not valid GS1: {exc}",
            hint="Check the digits in brackets, e.g. (01)09506000134352(10)LOT1.",
        ) from exc
    return _from_message(raw, message)


def parse(text: str) -> Scan:
    """Parse one scanned or typed code; raises ``InvalidInput`` with the reason."""
    raw = _normalise(text)
    if not raw:
        raise InvalidInput("The barcode is empty.", hint="Scan again or type the code.")
    if raw.startswith("("):
        return _hri(raw)
    result = biip.parse(raw)
    if result.gs1_digital_link_uri is not None:
        return _from_message(raw, result.gs1_digital_link_uri.as_gs1_message(), "gs1")
    if result.gs1_message is not None and _gtin_14(result.gs1_message.element_strings):
        return _from_message(raw, result.gs1_message)
    if result.gtin is not None:
        kind = "upc" if len(raw) in (8, 12) and raw.isdigit() else "ean"
        return Scan(raw=raw, kind=kind, gtin=result.gtin.as_gtin_14())
    raise InvalidInput(_explain(raw, result), hint=_hint(raw))


def _explain(raw: str, result) -> str:
    if result.gs1_message is not None:
        return f"The GS1 barcode {raw!r} carries no product number (GTIN)."
    if raw.isdigit() and len(raw) in (8, 12, 13, 14) and result.gtin_error:
        return f"The barcode {raw} has a wrong check digit; it was probably misread."
    if raw.isdigit():
        return f"The barcode {raw} has {len(raw)} digits; a GTIN has 8, 12, 13 or 14."
    return f"The barcode {raw!r} is neither a GS1 code nor an EAN/UPC product number."


def _hint(raw: str) -> str:
    if raw.isdigit():
        return "Scan the code again, or type the digits printed under the bars."
    return "Scan the product's EAN/UPC or GS1 barcode, or enter the item by hand."


def decode_image(image) -> list[str]:
    """Barcode texts found in a camera frame (BGR or grey ``numpy`` array), best first.

    zxing-cpp reads EAN/UPC, GS1-128, DataMatrix and QR; GS1 symbols come back with the
    FNC1 separators as GS characters, ready for ``parse``.
    """
    import zxingcpp

    formats = zxingcpp.barcode_formats_from_str("EANUPC,Code128,DataMatrix,QRCode")
    found = zxingcpp.read_barcodes(image, formats=formats)
    return [r.text for r in found if r.valid and r.text]


def read_from_camera(spec: str, max_frames: int = 60) -> str | None:
    """Open the configured camera, look for a barcode in up to ``max_frames`` frames
    (about two seconds) and return the first one found, or None."""
    from appraiser.capture.sources import open_source

    source = open_source(spec)
    try:
        for number in range(max_frames):
            frame = source.read()
            if frame is None:
                break
            if number % 2 == 0:
                found = decode_image(frame.image)
                if found:
                    return found[0]
    finally:
        source.close()
    return None
