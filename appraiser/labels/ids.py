"""Label serials (DESIGN §3.3): 80 random bits, Crockford base32, two check symbols.

16 data symbols carry exactly 80 bits. Two check symbols, written in the same 32-symbol
Crockford alphabet, make the 18 symbols a Reed-Solomon codeword over GF(32): every symbol is
a field element, and a serial is valid when both syndromes vanish,

    sum(c_i) = 0   and   sum(alpha^i * c_i) = 0      (i = 0 … 17).

Why this catches every single substitution and every adjacent transposition: any two
columns ``(1, alpha^i)`` and ``(1, alpha^j)`` of that parity-check matrix are independent
whenever ``alpha^i != alpha^j``, which holds for i != j below 31 (alpha is primitive). So
the code has minimum distance 3, and any error touching one or two symbols leaves a
non-zero syndrome. A substitution touches one symbol; swapping two different neighbours
touches two (the same error value at i and i+1). Check symbols included.

Why not the old mod-37 symbol: it could be ``* ~ $ =``, outside GS1's AI (21) character set
82 or reserved in URIs. New serials are letters and digits only, 18 symbols long; the old
17-symbol serials keep their mod-37 check so labels already issued keep verifying.
"""

from __future__ import annotations

import base64
import secrets

from appraiser.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_SYMBOLS = 16
CHECK_SYMBOLS = 2
LENGTH = DATA_SYMBOLS + CHECK_SYMBOLS
BITS = 5 * DATA_SYMBOLS
# The first serials (before issue 14): one mod-37 symbol from this alphabet; still read.
LEGACY_CHECK_ALPHABET = ALPHABET + "*~$=U"
LEGACY_LENGTH = DATA_SYMBOLS + 1
CHECK_ALPHABET = ALPHABET  # what new serials' check symbols are drawn from
# Crockford decoding is forgiving about letters people and scanners confuse.
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SEPARATORS = str.maketrans("", "", "- \t")
_VALUE = {symbol: index for index, symbol in enumerate(LEGACY_CHECK_ALPHABET)}
_FROM_RFC = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)


def _field_tables() -> tuple[list[int], list[int]]:
    """exp/log tables of GF(32) built on the primitive polynomial x^5 + x^2 + 1."""
    exp, log = [0] * 62, [0] * 32
    value = 1
    for power in range(31):
        exp[power] = exp[power + 31] = value
        log[value] = power
        value <<= 1
        if value & 32:
            value ^= 0b100101
    return exp, log


_EXP, _LOG = _field_tables()


def _mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


def _div(a: int, b: int) -> int:
    return 0 if a == 0 else _EXP[(_LOG[a] - _LOG[b]) % 31]


def _syndromes(values: list[int]) -> tuple[int, int]:
    plain = weighted = 0
    for position, value in enumerate(values):
        plain ^= value
        weighted ^= _mul(_EXP[position], value)
    return plain, weighted


def check_symbols(data: str) -> str:
    """The two check symbols that make ``data`` (16 symbols) a valid codeword."""
    s0, s1 = _syndromes([_VALUE[s] for s in data])
    a16, a17 = _EXP[DATA_SYMBOLS], _EXP[DATA_SYMBOLS + 1]
    # c16 + c17 = s0 and a16*c16 + a17*c17 = s1 (addition is XOR in GF(2^5)).
    c17 = _div(s1 ^ _mul(a16, s0), a16 ^ a17)
    c16 = s0 ^ c17
    return ALPHABET[c16] + ALPHABET[c17]


def encode(value: int) -> str:
    """The 18-symbol compact form (16 data symbols + 2 check symbols) of an 80-bit value."""
    if not 0 <= value < 1 << BITS:
        raise ValueError("a serial is an 80-bit number")
    # RFC 4648 base32 packs the same 5-bit groups, most significant first; only the symbols
    # differ, so the C codec plus a translation table does the work.
    data = base64.b32encode(value.to_bytes(BITS // 8, "big")).decode("ascii").translate(_FROM_RFC)
    return data + check_symbols(data)


def encode_legacy(value: int) -> str:
    """The old 17-symbol form (mod-37 check); only for tests of labels issued before."""
    data = encode(value)[:DATA_SYMBOLS]
    return data + legacy_check_symbol(data)


def decode_value(data: str) -> int:
    value = 0
    for symbol in data[:DATA_SYMBOLS]:
        value = value * 32 + _VALUE[symbol]
    return value


def legacy_check_symbol(data: str) -> str:
    return LEGACY_CHECK_ALPHABET[decode_value(data) % 37]


def new_serial() -> str:
    """A fresh serial from the operating system's CSPRNG; never derived from anything."""
    return encode(secrets.randbits(BITS))


def group(compact: str) -> str:
    """``XXXX-XXXX-XXXX-XXXX-CC`` (old serials ``…-C``): printed on labels and read aloud."""
    data = [compact[i : i + 4] for i in range(0, DATA_SYMBOLS, 4)]
    return "-".join([*data, compact[DATA_SYMBOLS:]])


def normalise(text: str) -> str:
    """Parse a typed or scanned serial into its compact form, or raise ``InvalidInput``.

    Case, hyphens, spaces and the I/L/O look-alikes are forgiven; a wrong length, a foreign
    symbol or a failed check is not. 18 symbols is today's form, 17 the old mod-37 form.
    """
    compact = text.translate(_SEPARATORS).upper()
    if len(compact) not in (LENGTH, LEGACY_LENGTH):
        raise InvalidInput(f"A label serial has {LENGTH} symbols; {text!r} has {len(compact)}.")
    legacy = len(compact) == LEGACY_LENGTH
    data = compact[:DATA_SYMBOLS].translate(_ALIASES)
    check = compact[DATA_SYMBOLS:]
    check = check if legacy and check in "*~$=" else check.translate(_ALIASES)
    allowed = LEGACY_CHECK_ALPHABET if legacy else ALPHABET
    bad = [s for s in data if s not in ALPHABET] + [s for s in check if s not in allowed]
    if bad:
        raise InvalidInput(f"{text!r} contains {bad[0]!r}, which is not a serial symbol.")
    expected = legacy_check_symbol(data) if legacy else check_symbols(data)
    if expected != check:
        raise InvalidInput(f"{text!r} fails its check symbols: a symbol is mistyped or swapped.")
    return data + check


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidInput:
        return False
    return True


def is_legacy(compact: str) -> bool:
    """True for a serial of the first, mod-37 form (17 symbols)."""
    return len(compact) == LEGACY_LENGTH
