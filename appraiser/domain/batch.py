"""One form of a batch (lot) number for comparing batches (issue 16 finding 6).

Batch numbers are typed by merchants, copied from spreadsheets and scanned from GS1 AI (10),
so one batch arrives as ``W2``, ``w2``, ``W‐2`` (U+2010), ``Ｗ２`` or ``W 2``. Whenever the
station asks "is this the same batch?" — the batch-size plausibility check, the duplicate-row
check of an inbound list, the key a queued line is remembered by — it compares
``batch_key`` of both sides, never the text as written. The text as written is still what
is stored on the item and shown (it is the merchant's declaration).
"""

from __future__ import annotations

import re
import unicodedata

# Every dash-like character a batch number may carry, read as '-': the hyphens and dashes
# U+2010-U+2015, the minus sign U+2212, the small and full-width hyphen-minus.
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
_SPACE = re.compile(r"\s+")


def batch_key(batch: str | None) -> str:
    """The batch number in its one comparable form: Unicode NFKC (full-width letters and
    digits become ASCII), every dash-like character '-', all whitespace removed, and
    case-folded. ``None`` and blank give ''."""
    text = unicodedata.normalize("NFKC", batch or "").translate(_DASHES)
    return _SPACE.sub("", text).casefold()
