"""Label serials (DESIGN §3.3): 80 random bits, Crockford base32, one mod-37 check symbol.

16 data symbols carry exactly 80 bits. The check symbol is the serial's value mod 37 written
in Crockford's 37-symbol check alphabet; because 37 is prime and larger than the 32 data
values, every single-symbol substitution and every adjacent transposition changes the
remainder, so typing and reading slips are caught before any database look-up.
"""

from __future__ import annotations

import base64
import secrets

from appraiser.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"
DATA_SYMBOLS = 16
BITS = 5 * DATA_SYMBOLS
# Crockford decoding is forgiving about letters people and scanners confuse.
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = str.maketrans("", "", "- \t")
_VALUE = {symbol: index for index, symbol in enumerate(CHECK_ALPHABET)}
_FROM_RFC = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)


def encode(value: int) -> str:
    """The 17-symbol compact form (16 data symbols + check) of an 80-bit value."""
    if not 0 <= value < 1 << BITS:
        raise ValueError("a serial is an 80-bit number")
    # RFC 4648 base32 packs the same 5-bit groups, most significant first; only the symbols
    # differ, so the C codec plus a translation table does the work.
    data = base64.b32encode(value.to_bytes(BITS // 8, "big")).decode("ascii")
    return data.translate(_FROM_RFC) + CHECK_ALPHABET[value % 37]


def decode_value(data: str) -> int:
    value = 0
    for symbol in data:
        value = value * 32 + _VALUE[symbol]
    return value


def check_symbol(data: str) -> str:
    return CHECK_ALPHABET[decode_value(data) % 37]


def new_serial() -> str:
    """A fresh serial from the operating system's CSPRNG; never derived from anything."""
    return encode(secrets.randbits(BITS))


def group(compact: str) -> str:
    """``XXXX-XXXX-XXXX-XXXX-C``: the form printed on labels and read aloud."""
    return "-".join([compact[i : i + 4] for i in range(0, DATA_SYMBOLS, 4)] + [compact[-1]])


def normalise(text: str) -> str:
    """Parse a typed or scanned serial into its compact form, or raise ``InvalidInput``.

    Case, hyphens, spaces and the I/L/O look-alikes are forgiven; a wrong length, a foreign
    symbol or a failed check symbol is not.
    """
    compact = text.translate(_SEPARATORS).upper().translate(_ALIASES)
    if len(compact) != DATA_SYMBOLS + 1:
        raise InvalidInput(
            f"A label serial has {DATA_SYMBOLS + 1} symbols; {text!r} has {len(compact)}."
        )
    data, check = compact[:-1], compact[-1]
    bad = [s for s in data if s not in ALPHABET] + ([] if check in _VALUE else [check])
    if bad:
        raise InvalidInput(f"{text!r} contains {bad[0]!r}, which is not a serial symbol.")
    if check_symbol(data) != check:
        raise InvalidInput(f"{text!r} fails its check symbol: a symbol is mistyped or swapped.")
    return compact


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidInput:
        return False
    return True
