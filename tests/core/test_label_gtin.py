"""GTIN check digits and the 14-digit form used in GS1 Digital Link URIs."""

from __future__ import annotations

import pytest

from appraiser.errors import InvalidInput
from appraiser.labels import gtin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4006381333931", "04006381333931"),
        ("96385074", "00000096385074"),
        ("036000291452", "00036000291452"),
        ("09506000134352", "09506000134352"),
        (" 4006381-333931 ", "04006381333931"),
        ("(01)09506000134352(21)ABC", "09506000134352"),
        ("]C10109506000134352", "09506000134352"),
    ],
)
def test_valid_gtins_normalise_to_14_digits(text: str, expected: str) -> None:
    assert gtin.normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("4006381333932", "check digit"),
        ("12345", "8, 12, 13 or 14"),
        ("abc", "not a GTIN"),
        ("(21)12345", "not a GTIN"),
        ("400638133393१", "not a GTIN"),
    ],
)
def test_invalid_gtins_are_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        gtin.normalise(text)


def test_every_wrong_check_digit_is_caught() -> None:
    body = "400638133393"
    right = gtin.check_digit(body)
    assert right == 1
    for digit in range(10):
        assert gtin.is_valid(body + str(digit)) == (digit == right)


def test_missing_gtin_is_allowed_as_none() -> None:
    assert gtin.optional(None) is None
    assert gtin.optional("  ") is None
