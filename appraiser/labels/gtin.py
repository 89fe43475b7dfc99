"""GTINs on labels: check-digit validation and the 14-digit form GS1 Digital Link uses.

GTIN-8, -12 (UPC-A), -13 (EAN) and -14 are the same number space padded with leading
zeros, so one mod-10 check covers them all. Scanner output in GS1 element-string form
(``(01)…``, ``]C1…``) is parsed with ``biip`` so a bench operator can scan the box.
"""

from __future__ import annotations

import biip
from biip.gs1_messages import GS1Message

from appraiser.errors import InvalidInput

LENGTHS = (8, 12, 13, 14)


def check_digit(body: str) -> int:
    """The GS1 mod-10 check digit of the digits before it (weights 3,1,3,… from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalise(text: str) -> str:
    """A valid GTIN as 14 digits, or ``InvalidInput`` saying what is wrong with it."""
    digits = text.strip().replace(" ", "").replace("-", "")
    if not digits.isascii() or not digits.isdigit():
        digits = _from_element_string(text)
    if len(digits) not in LENGTHS:
        raise InvalidInput(f"A GTIN has 8, 12, 13 or 14 digits; {text!r} has {len(digits)}.")
    if check_digit(digits[:-1]) != int(digits[-1]):
        raise InvalidInput(
            f"GTIN {text!r} has a wrong check digit: expected {check_digit(digits[:-1])}."
        )
    return digits.zfill(14)


def _from_element_string(text: str) -> str:
    """Pull AI (01) out of scanned GS1 data; anything else is not a GTIN."""
    text = text.strip()
    try:
        if text.startswith("("):  # human-readable form printed under barcodes
            message = GS1Message.parse_hri(text)
        else:
            message = biip.parse(text).gs1_message
    except biip.ParseError as exc:
        raise InvalidInput(f"{text!r} is not a GTIN.") from exc
    strings = message.element_strings if message else []
    found = [e.value for e in strings if e.ai.ai == "01"]
    if not found:
        raise InvalidInput(f"{text!r} is not a GTIN.")
    return found[0]


def optional(text: str | None) -> str | None:
    """Items may have no GTIN (DESIGN §3.3 has a GTIN-less URI form)."""
    if text is None or not text.strip():
        return None
    return normalise(text)


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidInput:
        return False
    return True
