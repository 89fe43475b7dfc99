"""Label serials: 80 random bits, Crockford base32, and a check symbol that catches slips."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraiser.errors import InvalidInput
from appraiser.labels import ids

# Fixed corners plus random values: the exhaustive checks below run over all of them.
SAMPLES = [0, 1, 31, 32, 36, 37, (1 << 80) - 1, 1 << 79] + [secrets.randbits(80) for _ in range(40)]


def test_serial_shape_and_grouping() -> None:
    serial = ids.new_serial()
    assert len(serial) == 17
    grouped = ids.group(serial)
    assert len(grouped) == 21
    assert [len(p) for p in grouped.split("-")] == [4, 4, 4, 4, 1]
    assert ids.normalise(grouped) == serial


def test_no_collisions_in_200k_serials() -> None:
    """The CI-sized version; ``python -m appraiser.bench labels`` runs 10^6."""
    count = 200_000
    assert len({ids.new_serial() for _ in range(count)}) == count


@given(st.integers(min_value=0, max_value=(1 << 80) - 1))
def test_encode_round_trips(value: int) -> None:
    compact = ids.encode(value)
    assert ids.decode_value(compact[:-1]) == value
    assert ids.normalise(compact) == compact


def test_encoding_is_positional_base32() -> None:
    assert ids.encode(0)[:-1] == "0" * 16
    assert ids.encode(31)[:-1] == "0" * 15 + "Z"
    assert ids.encode(32)[:-1] == "0" * 14 + "10"
    assert ids.encode(37)[-1] == "0" and ids.encode(36)[-1] == "U"


def test_reading_is_tolerant_of_case_separators_and_lookalikes() -> None:
    serial = ids.encode(int("10" * 40, 2))
    messy = ids.group(serial).lower().replace("1", "l").replace("0", "o")
    assert ids.normalise(f"  {messy} ") == serial
    assert ids.normalise(serial.replace("1", "I")) == serial
    assert ids.normalise(" ".join(serial)) == serial


@pytest.mark.parametrize("value", SAMPLES)
def test_every_single_substitution_is_caught(value: int) -> None:
    serial = ids.encode(value)
    for position, original in enumerate(serial):
        alphabet = ids.CHECK_ALPHABET if position == 16 else ids.ALPHABET
        for symbol in alphabet:
            if symbol != original:
                changed = serial[:position] + symbol + serial[position + 1 :]
                assert not ids.is_valid(changed), (serial, changed)


@pytest.mark.parametrize("value", SAMPLES)
def test_every_adjacent_transposition_is_caught(value: int) -> None:
    serial = ids.encode(value)
    for position in range(16):  # includes the last data symbol with the check symbol
        a, b = serial[position], serial[position + 1]
        if a != b:
            swapped = serial[:position] + b + a + serial[position + 2 :]
            assert not ids.is_valid(swapped), (serial, swapped)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "17 symbols"),
        ("0123-4567", "17 symbols"),
        ("0000-0000-0000-000U-0", "not a serial"),
        ("0000-0000-0000-0000-1", "check symbol"),
    ],
)
def test_bad_serials_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        ids.normalise(text)
