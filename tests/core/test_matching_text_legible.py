"""A changed letter read on a line under glare or shadow: evidence where the photo shows
it whole, never where the light washed it out or something else covers the line."""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import text, text_legible

LINE = text.Line((100, 100, 220, 40), "BELCECE", 0.99)
WORD_X = (110, 310)  # where the word is drawn in the photo (the homography is identity)


class _Reads(text.Reader):
    """An OCR that reads every crop the same, as sure as it is told."""

    def __init__(self, reading: str, score: float) -> None:
        super().__init__()
        self.reading, self.score = reading, score

    def read(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return [(self.reading, self.score)] * len(crops)


def _photo(word: str = "BELGECE", washed: tuple[int, int] | None = None) -> np.ndarray:
    """The word printed dark on a label under a soft veil of light (glare that leaves the
    print legible); ``washed``: columns the glare clips to white, print and all."""
    photo = np.full((400, 420, 3), 200, np.uint8)
    cv2.putText(photo, word, (WORD_X[0], 136), cv2.FONT_HERSHEY_SIMPLEX, 1.25, (40, 30, 20), 3)
    veil = np.linspace(0, 50, photo.shape[1], dtype=np.float32)[None, :, None]
    photo = np.clip(photo + veil, 0, 255).astype(np.uint8)
    if washed:
        photo[:, washed[0] : washed[1]] = 255
    return photo


def _letter(i: int) -> tuple[int, int]:
    pitch = (WORD_X[1] - WORD_X[0]) / len(LINE.text)
    return round(WORD_X[0] + i * pitch) - 4, round(WORD_X[0] + (i + 1) * pitch) + 4


def _found(
    photo: np.ndarray, score: float = 0.9999, hidden: list[text.Hidden] | None = None
) -> list[dict]:
    read = _Reads("BELGECE", score)
    findings = text.compare_photo(read, photo, np.eye(3), [LINE], hidden)
    return [f.as_dict() for f in findings]


LINE_BOX = (90, 60, 260, 120)  # a not-inspected box over the whole line
GLARE = [("glare", LINE_BOX)]
HAND = [("hand", LINE_BOX)]


def test_the_letters_a_reading_changes() -> None:
    assert text_legible.changed_letters("BELCECE", "BELGECE") == [3]
    assert text_legible.changed_letters("GRILU", "GRLU") == [2]  # a dropped letter
    assert text_legible.changed_letters("GRILU", "GRIILU") == [2, 3]  # an added one: both sides
    assert text_legible.changed_letters("GRILU", "GRILU") == []


def test_a_change_shown_whole_under_glare_is_a_finding() -> None:
    expected = [{"photo": "BELGECE", "reference": "BELCECE"}]
    assert _found(_photo(), hidden=GLARE) == expected


def test_under_a_hand_a_changed_letter_is_never_a_finding() -> None:
    """A finger's edge can draw a stroke: the line stays evidence of another name only."""
    assert _found(_photo(), hidden=HAND) == []
    assert _found(_photo(), hidden=HAND + GLARE) == []


def test_a_letter_the_glare_washed_out_is_no_finding() -> None:
    """The G is read where the glare clipped the print white: the light's, not the print's."""
    assert _found(_photo(washed=_letter(3)), hidden=GLARE) == []
    # the same wash over another letter leaves the changed one shown whole
    expected = [{"photo": "BELGECE", "reference": "BELCECE"}]
    assert _found(_photo(washed=_letter(0)), hidden=GLARE) == expected


def test_under_glare_a_reading_must_be_surer() -> None:
    """A genuine "Drops" misread "Dropa" at 0.93 under glare; the same score where nothing
    hides the line is a finding."""
    assert _found(_photo(), score=0.93, hidden=GLARE) == []
    assert _found(_photo(), score=0.93) == [{"photo": "BELGECE", "reference": "BELCECE"}]


def _blown(photo: np.ndarray, letter: int, text: str = "BELGECE") -> np.ndarray:
    """A lamp's spot blown white over the right half of one letter (a G's spur)."""
    x0, x1 = _letter(letter)
    out = photo.copy()
    cv2.ellipse(out, ((x0 + x1) // 2 + 6, 122), (9, 8), 0, 0, 360, (255, 255, 255), -1)
    return out


def _read_as(
    photo: np.ndarray, reference: str, reading: str, hidden: list[text.Hidden] | None = None
) -> list[dict]:
    line = text.Line(LINE.box, reference, 0.99)
    found = text.compare_photo(_Reads(reading, 0.9999), photo, np.eye(3), [line], hidden)
    return [f.as_dict() for f in found]


def test_a_letter_blown_white_in_places_is_no_finding_even_where_nothing_is_listed() -> None:
    """A genuine G whose spur a lamp blew white reads C; the spot was too small to be
    listed as glare. The same misreading with the letter shown whole would be evidence."""
    genuine = _photo("BELGECE")
    assert _read_as(_blown(genuine, 3), "BELGECE", "BELCECE") == []
    assert _read_as(genuine, "BELGECE", "BELCECE") == [{"photo": "BELCECE", "reference": "BELGECE"}]


def test_a_finger_over_the_changed_letter_alone_makes_it_no_finding() -> None:
    """A fingertip over one letter covers far less than a fifth of the line, yet it can
    hide an R's leg (read P): what it reaches is judged letter by letter."""
    x0, x1 = _letter(3)
    finger = (x0, 90, x1 - x0, 60)
    assert _read_as(_photo(), "BELCECE", "BELGECE", [("hand", finger)]) == []
    x0, x1 = _letter(0)
    beside = (x0, 90, x1 - x0 - 8, 60)  # over the B only
    expected = [{"photo": "BELGECE", "reference": "BELCECE"}]
    assert _read_as(_photo(), "BELCECE", "BELGECE", [("hand", beside)]) == expected
    # a bottle's turned-away side or the frame grazing the letter cuts whole columns of
    # the word's end, no single stroke: the reading stands
    assert _read_as(_photo(), "BELCECE", "BELGECE", [("out_of_frame", finger)]) == expected
