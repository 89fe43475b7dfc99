"""Decompression of GS1 Digital Link URIs (GS1 Digital Link: URI compression).

A compressed Digital Link carries its element strings as one path segment in the URI-safe
base64 alphabet (``A–Z a–z 0–9 - _``, 6 bits a symbol). The bits are read left to right,
one element after another, until fewer than 9 bits (the zero padding) remain:

- 8 bits as two hex digits ``h1 h2``. Both decimal: the first two digits of a GS1
  Application Identifier, whose full length (2, 3 or 4 digits) the prefix table gives; the
  missing digits follow as 4 bits each. Then the value, component by component as the AI's
  format says: a fixed-length number in ``ceil(n·log2 10)`` bits; a variable-length number
  as a length field of ``ceil(log2 max)`` bits (one more at a power of two) and the digits;
  text as a 3-bit encoding, a length field (variable length only) and the characters.
- ``h1 h2`` with a hex letter: an optimisation code standing for a fixed run of AIs
  (``0C`` = 01 then 21), each AI's value following in turn.
- ``h1 = F``: a key=value pair that is not a GS1 AI (our ``d h k s``): a 7-bit key length
  (``h2`` and 3 more bits), the key in base64 symbols, then a 3-bit encoding, a 7-bit length
  and the value.

Text encodings: 0 digits (one number, left-padded to the stated count), 1 lower-case hex,
2 upper-case hex, 3 URI-safe base64 (6 bits), 4 7-bit ASCII. Anything else, a value that
runs past the end, a number too large for its digit count, non-zero padding, a repeated AI
or an AI this table does not know is malformed (``Malformed``: the resolver's 400).

The AI tables hold what GS1 Digital Link URIs carry (primary keys, their key qualifiers and
the usual data attributes); they are written from the GS1 General Specifications' formats.
"""

from __future__ import annotations

import math
import re

SAFE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SEGMENT = re.compile(r"[A-Za-z0-9_-]+")
MAX_SYMBOLS = 400  # ~2,400 bits: far more than any label; a longer path is refused at once
_HEX = "0123456789ABCDEF"

# Length of an AI by its first two digits (GS1 General Specifications, figure 3.2-1).
AI_LENGTH = {
    **dict.fromkeys(("00", "01", "02", "10", "11", "12", "13", "15", "16", "17"), 2),
    **dict.fromkeys(("20", "21", "22", "30", "37", "90", "91", "92", "93", "94"), 2),
    **dict.fromkeys(("95", "96", "97", "98", "99"), 2),
    **dict.fromkeys(("23", "24", "25", "40", "41", "42", "71"), 3),
    **dict.fromkeys(("31", "32", "33", "34", "35", "36", "39", "70", "72", "80"), 4),
    **dict.fromkeys(("81", "82"), 4),
}

# Value formats: ("N"|"X", fixed length or None, maximum length) per component.
Component = tuple[str, int | None, int]
_N = lambda n: ("N", n, n)  # noqa: E731 — fixed-length digits
_NV = lambda m: ("N", None, m)  # noqa: E731 — up to m digits
_XV = lambda m: ("X", None, m)  # noqa: E731 — up to m characters


def _formats() -> dict[str, list[Component]]:
    table: dict[str, list[Component]] = {
        "00": [_N(18)], "01": [_N(14)], "02": [_N(14)], "10": [_XV(20)], "11": [_N(6)],
        "12": [_N(6)], "13": [_N(6)], "15": [_N(6)], "16": [_N(6)], "17": [_N(6)],
        "20": [_N(2)], "21": [_XV(20)], "22": [_XV(20)], "235": [_XV(28)], "240": [_XV(30)],
        "241": [_XV(30)], "242": [_NV(6)], "243": [_XV(20)], "250": [_XV(30)],
        "251": [_XV(30)], "253": [_N(13), _XV(17)], "254": [_XV(20)], "255": [_N(13), _NV(12)],
        "30": [_NV(8)], "37": [_NV(8)], "400": [_XV(30)], "401": [_XV(30)], "402": [_N(17)],
        "403": [_XV(30)], "417": [_N(13)], "420": [_XV(20)], "422": [_N(3)],
        "7003": [_N(10)], "7040": [_XV(4)], "8003": [_N(14), _XV(16)], "8004": [_XV(30)],
        "8006": [_N(18)], "8010": [_XV(30)], "8011": [_NV(12)], "8013": [_XV(25)],
        "8017": [_N(18)], "8018": [_N(18)], "8019": [_NV(10)], "8020": [_XV(25)],
        "90": [_XV(30)],
    }  # fmt: skip
    table.update({f"41{d}": [_N(13)] for d in range(7)})  # 410–416: GLNs
    table.update({f"9{d}": [_XV(90)] for d in range(1, 10)})  # company internal
    measures = [*range(310, 317), *range(320, 330), *range(330, 338), *range(340, 350)]
    for head in [*measures, *range(350, 358), *range(360, 370)]:  # the 4th digit: decimals
        table.update({f"{head}{d}": [_N(6)] for d in range(6)})
    table.update({f"390{d}": [_NV(15)] for d in range(10)})  # amount payable
    table.update({f"391{d}": [_N(3), _NV(15)] for d in range(10)})  # … with ISO currency
    table.update({f"392{d}": [_NV(15)] for d in range(10)})
    table.update({f"393{d}": [_N(3), _NV(15)] for d in range(10)})
    table.update({f"394{d}": [_N(4)] for d in range(4)})
    return table


FORMATS = _formats()

# Optimisation codes: one byte standing for a run of AIs (the most common label contents).
OPTIMISED = {
    "0A": ("01", "22"), "0B": ("01", "10"), "0C": ("01", "21"), "0D": ("01", "17"),
    "0E": ("01", "7003"), "0F": ("01", "30"), "1A": ("01", "10", "21", "17"),
    "1B": ("01", "15"), "1C": ("01", "11"), "1D": ("01", "16"), "1E": ("01", "91"),
    "1F": ("01", "10", "15"), "9A": ("8010", "8011"), "9B": ("8017", "8019"),
    "9C": ("8018", "8019"), "9D": ("414", "254"),
    **{f"{h}{x}": ("01", f"3{n}0{d}") for h, n in (("2", 1), ("3", 2))
       for d, x in enumerate("ABCDEF")},
    **{f"A{d}": ("01", f"392{d}") for d in range(10)},
    **{f"C{d}": ("255", f"390{d}") for d in range(10)},
    **{f"C{x}": ("255", f"394{d}") for d, x in enumerate("ABCD")},
}  # fmt: skip


class Malformed(ValueError):
    """Not a compressed GS1 Digital Link (the message says why, for the 400)."""


def value_bits(digits: int) -> int:
    """Bits for a number of ``digits`` decimal digits."""
    return math.ceil(digits * math.log(10) / math.log(2) + 0.01)


def length_bits(maximum: int) -> int:
    """Bits for a length field that counts up to ``maximum`` (one more at a power of 2)."""
    return math.ceil(math.log(maximum) / math.log(2) + 0.01)


class _Bits:
    def __init__(self, segment: str) -> None:
        self.text = "".join(f"{SAFE64.index(c):06b}" for c in segment)
        self.at = 0

    def left(self) -> int:
        return len(self.text) - self.at

    def take(self, count: int) -> int:
        if count > self.left():
            raise Malformed("The compressed URI ends inside a value.")
        chunk = self.text[self.at : self.at + count]
        self.at += count
        return int(chunk, 2) if chunk else 0


def decompress(segment: str) -> tuple[dict[str, str], dict[str, str]]:
    """(GS1 AIs → values, other keys → values), each in the order they were encoded."""
    if len(segment) > MAX_SYMBOLS or not SEGMENT.fullmatch(segment):
        raise Malformed("A compressed GS1 Digital Link is a short run of URI-safe base64.")
    bits, ais, others = _Bits(segment), {}, {}
    while bits.left() > 8:
        h1, h2 = bits.take(4), bits.take(4)
        if h1 <= 9 and h2 <= 9:
            _put(ais, _ai(bits, f"{h1}{h2}"), bits)
        elif f"{_HEX[h1]}{_HEX[h2]}" in OPTIMISED:
            for ai in OPTIMISED[f"{_HEX[h1]}{_HEX[h2]}"]:
                _put(ais, ai, bits)
        elif h1 == 0xF:
            key = _safe64(bits, (h2 << 3) | bits.take(3))
            if key in others:
                raise Malformed(f"The key {key!r} appears twice.")
            others[key] = _encoded(bits, bits.take(3), bits.take(7))
        else:
            raise Malformed(f"No GS1 optimisation code {_HEX[h1]}{_HEX[h2]}.")
    if bits.take(bits.left()):
        raise Malformed("The compressed URI's padding is not zero.")
    return ais, others


def _ai(bits: _Bits, prefix: str) -> str:
    if prefix not in AI_LENGTH:
        raise Malformed(f"No GS1 Application Identifier starts with {prefix}.")
    ai = prefix
    for _ in range(AI_LENGTH[prefix] - 2):
        digit = bits.take(4)
        if digit > 9:
            raise Malformed(f"A GS1 Application Identifier is all digits ({ai}…).")
        ai += str(digit)
    return ai


def _put(ais: dict[str, str], ai: str, bits: _Bits) -> None:
    if ai not in FORMATS:
        raise Malformed(f"AI ({ai}) is not supported in a compressed URI here.")
    if ai in ais:
        raise Malformed(f"AI ({ai}) appears twice.")
    ais[ai] = "".join(_component(bits, kind, fixed, most) for kind, fixed, most in FORMATS[ai])


def _component(bits: _Bits, kind: str, fixed: int | None, most: int) -> str:
    if kind == "N":
        count = fixed if fixed is not None else bits.take(length_bits(most))
        if count > most:
            raise Malformed(f"A value has {count} digits, more than {most}.")
        return _digits(bits, count)
    encoding = bits.take(3)
    count = fixed if fixed is not None else bits.take(length_bits(most))
    if count > most:
        raise Malformed(f"A value has {count} characters, more than {most}.")
    return _encoded(bits, encoding, count)


def _digits(bits: _Bits, count: int) -> str:
    number = bits.take(value_bits(count))
    if number >= 10**count:
        raise Malformed(f"A number does not fit its {count} digits.")
    return str(number).zfill(count) if count else ""


def _encoded(bits: _Bits, encoding: int, count: int) -> str:
    if encoding == 0:
        return _digits(bits, count)
    if encoding in (1, 2):
        text = "".join(_HEX[bits.take(4)] for _ in range(count))
        return text.lower() if encoding == 1 else text
    if encoding == 3:
        return _safe64(bits, count)
    if encoding == 4:
        return "".join(chr(bits.take(7)) for _ in range(count))
    raise Malformed(f"No text encoding {encoding}.")


def _safe64(bits: _Bits, count: int) -> str:
    return "".join(SAFE64[bits.take(6)] for _ in range(count))
