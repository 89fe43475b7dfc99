"""Comparing two readings of one printed line: what counts as the same text, and what
counts as a changed character rather than a misread or a hidden line."""

from __future__ import annotations

import unicodedata

MAX_SHARE = 0.34  # at most this share of the characters may differ (1 in 3)
# A reading names something else when more than this share of the characters differ
# (between the two shares a reading is neither: no evidence either way).
OTHER_SHARE = 0.5
MIN_CHARS = 3  # shorter readings (a size, "mL") differ by noise too easily
MIN_LETTERS = 3  # a name has letters: sizes, prices and codes differ between regions


# Glyphs that many typefaces draw alike, so neither an OCR nor a person can tell them
# apart on a label: capital I, small l and a bar; capital O, small o and zero. They are
# folded before case is (capital L stays distinct from I: a counterfeiter's I → L shows).
_ALIKE = str.maketrans({"I": "ı", "l": "ı", "|": "ı", "ǀ": "ı", "O": "o", "0": "o"})


def normalise(text: str) -> str:
    """Letters, digits and CJK characters only, compatibility forms folded (full-width
    Ｌ is L), accents on Latin letters dropped, look-alike glyphs and case folded:
    spacing, punctuation, case, accents and glyphs drawn alike are what OCR gets wrong
    most and what a typo changes least (a genuine "Sun Fluid" read "Fluíd", the i's dot
    taken for an acute accent, at 0.97)."""
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(_unaccented(ch) for ch in folded).translate(_ALIKE).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _unaccented(ch: str) -> str:
    """A Latin letter without its accents (é is e); anything else as it is (a Hangul
    syllable is not taken apart into its letters)."""
    base = unicodedata.normalize("NFD", ch)
    return base[0] if len(base) > 1 and base[0].isascii() else ch


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (substitution, insertion, deletion)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        diagonal, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (ca != cb))
    return row[-1]


def differs(photo: str, reference: str) -> bool:
    """Whether ``photo`` reads as ``reference`` with a few characters changed.

    Equal readings are no finding; readings that share too little (a crop that missed
    the line, a hand over it) or that only lose or gain characters at an end (the crop
    cut the word, or caught its neighbour) are no finding either: that is not a typo,
    and the deviation map speaks for such areas."""
    a, b = normalise(photo), normalise(reference)
    if a == b or not a or not b:
        return False
    if b.startswith(a) or b.endswith(a) or a.startswith(b) or a.endswith(b):
        return False  # a word cut short or run on at an end: framing, not a changed letter
    if _holed(a, b):
        return False  # a run of characters not read inside the line: a hole in the reading
    changed = edit_distance(a, b)
    return changed <= max(1, int(MAX_SHARE * max(len(a), len(b))))


def _holed(photo: str, reference: str) -> bool:
    """The photo's reading is the reference's with one run of two or more characters
    missing from inside: what a small or soft photo does to dense digits (a black-box
    tester's genuine tin read "EU-UC501259242" where "EU-UC 647501259242" is printed). A
    counterfeiter changes a letter; a dropped one is a gap of one, still a finding."""
    gap = len(reference) - len(photo)
    if gap < 2:
        return False
    return _common_start(photo, reference) + _common_start(photo[::-1], reference[::-1]) >= len(
        photo
    )


def names_other(photo: str, reference: str) -> bool:
    """Whether ``photo`` reads a different name altogether where the reference prints
    ``reference``: more than half of the characters differ, and the two share no run of
    ``MIN_CHARS`` at either end (a word cut short or run on by the crop, a sticker or a
    finger over the rest of the genuine name: "Ren$59.90" where "Renka 76" is printed).
    Both must be names (``_name_like``): regional versions of one product differ in
    prices, sizes and codes, and a price sticker is no product name."""
    a, b = normalise(photo), normalise(reference)
    if len(a) < MIN_CHARS or not (_name_like(photo) and _name_like(reference)):
        return False
    if _shared_end(a, b) >= MIN_CHARS:  # the rest covered (a price sticker, a finger)
        return False
    return edit_distance(a, b) > OTHER_SHARE * max(len(a), len(b))


def _name_like(text: str) -> bool:
    """Mostly letters, and at least ``MIN_LETTERS``: a name, where a price, a size or a
    code ("$59.90", "100 mL") is mostly digits (counted before 0 folds into o)."""
    folded = unicodedata.normalize("NFKC", text)
    letters = sum(ch.isalpha() for ch in folded)
    return letters >= MIN_LETTERS and 2 * letters >= sum(ch.isalnum() for ch in folded)


def _shared_end(a: str, b: str) -> int:
    """Characters two readings share at their start or at their end, whichever is more."""
    return max(_common_start(a, b), _common_start(a[::-1], b[::-1]))


def _common_start(a: str, b: str) -> int:
    pairs = zip(a, b, strict=False)  # up to the shorter one
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))
