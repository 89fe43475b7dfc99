"""Label serials: 80 random bits, Crockford base32, and check symbols that catch slips."""

from __future__ import annotations

import random
import secrets
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraiser.errors import InvalidInput
from appraiser.labels import ids

# Fixed corners plus random values: the exhaustive checks below run over all of them.
SAMPLES = [0, 1, 31, 32, 36, 37, (1 << 80) - 1, 1 << 79] + [secrets.randbits(80) for _ in range(40)]


def test_serial_shape_and_grouping() -> None:
    serial = ids.new_serial()
    assert len(serial) == 18
    grouped = ids.group(serial)
    assert len(grouped) == 22
    assert [len(p) for p in grouped.split("-")] == [4, 4, 4, 4, 2]
    assert ids.normalise(grouped) == serial


def test_no_collisions_in_200k_serials() -> None:
    """The CI-sized version; ``python -m appraiser.bench labels`` runs 10^6."""
    count = 200_000
    assert len({ids.new_serial() for _ in range(count)}) == count


@given(st.integers(min_value=0, max_value=(1 << 80) - 1))
def test_encode_round_trips(value: int) -> None:
    compact = ids.encode(value)
    assert ids.decode_value(compact[:16]) == value
    assert ids.normalise(compact) == compact


def test_encoding_is_positional_base32() -> None:
    assert ids.encode(0)[:16] == "0" * 16
    assert ids.encode(31)[:16] == "0" * 15 + "Z"
    assert ids.encode(32)[:16] == "0" * 14 + "10"
    assert ids.encode(0)[16:] == "00"  # a linear code: the zero word is a codeword
    assert ids.encode_legacy(37)[-1] == "0" and ids.encode_legacy(36)[-1] == "U"


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
        for symbol in ids.ALPHABET:
            if symbol != original:
                changed = serial[:position] + symbol + serial[position + 1 :]
                assert not ids.is_valid(changed), (serial, changed)


@pytest.mark.parametrize("value", SAMPLES)
def test_every_adjacent_transposition_is_caught(value: int) -> None:
    serial = ids.encode(value)
    for position in range(17):  # includes the last data symbol with a check symbol
        a, b = serial[position], serial[position + 1]
        if a != b:
            swapped = serial[:position] + b + a + serial[position + 2 :]
            assert not ids.is_valid(swapped), (serial, swapped)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "18 symbols"),
        ("0123-4567", "18 symbols"),
        ("0000-0000-0000-000U-00", "not a serial"),
        ("0000-0000-0000-0000-0*", "not a serial"),
        ("0000-0000-0000-0000-01", "check symbol"),
        ("0000-0000-0000-0000-1", "check symbol"),
    ],
)
def test_bad_serials_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        ids.normalise(text)


# Issue 14 finding 5 -----------------------------------------------------------------------
RANDOM_SERIALS = 2_000
GS1_AI_CHARSET_82 = set(string.ascii_letters + string.digits + "!\"%&'()*+,-./:;<=>?_")
URI_UNRESERVED = set(string.ascii_letters + string.digits + "-._~")


@pytest.fixture(scope="module")
def random_serials() -> list[str]:
    rng = random.Random(14_05)
    return [ids.encode(rng.getrandbits(ids.BITS)) for _ in range(RANDOM_SERIALS)]


def test_new_serials_are_letters_and_digits_only(random_serials: list[str]) -> None:
    """Issue 14 finding 5: the old mod-37 symbol was one of ``* ~ $ =`` in ~4 of 37 serials;
    every symbol of a new serial is in GS1 AI (21) set 82 and unreserved in a URI."""
    used = set("".join(random_serials))
    assert used <= set(ids.ALPHABET) and used <= GS1_AI_CHARSET_82 & URI_UNRESERVED
    assert {len(s) for s in random_serials} == {ids.LENGTH}


def test_every_slip_is_caught_on_thousands_of_random_serials(random_serials: list[str]) -> None:
    """Issue 14 finding 5: all 31 wrong symbols at all 18 positions, and every adjacent swap,
    of 2,000 random serials (fixed seed) fail the check."""
    substitutions = swaps = 0
    for serial in random_serials:
        for position, original in enumerate(serial):
            for symbol in ids.ALPHABET:
                if symbol != original:
                    substitutions += 1
                    assert not ids.is_valid(serial[:position] + symbol + serial[position + 1 :])
        for position in range(ids.LENGTH - 1):
            a, b = serial[position], serial[position + 1]
            if a != b:
                swaps += 1
                assert not ids.is_valid(serial[:position] + b + a + serial[position + 2 :])
    assert substitutions == RANDOM_SERIALS * ids.LENGTH * 31 and swaps > RANDOM_SERIALS * 16


def test_every_error_pattern_of_a_slip_has_a_nonzero_syndrome() -> None:
    """Issue 14 finding 5, the proof for every serial at once: the code is linear, so a slip
    is caught exactly when its error pattern alone fails the check. 18 x 31 substitutions and
    17 x 31 adjacent swaps (error e at i and i+1) are all the patterns there are."""
    zero = ids.encode(0)
    for position in range(ids.LENGTH):
        for error in range(1, 32):
            word = list(zero)
            word[position] = ids.ALPHABET[error]
            assert not ids.is_valid("".join(word))
            if position + 1 < ids.LENGTH:
                word[position + 1] = ids.ALPHABET[error]
                assert not ids.is_valid("".join(word))


def test_old_mod37_serials_still_read() -> None:
    """Issue 14 finding 5: labels issued before keep verifying: the 17-symbol form with its
    mod-37 symbol (``*~$=`` included) is still read, and new serials are told apart by length."""
    rng = random.Random(37)
    legacy = [ids.encode_legacy(rng.getrandbits(ids.BITS)) for _ in range(400)]
    assert {s[-1] for s in legacy} & set("*~$=")
    for serial in legacy:
        assert ids.normalise(ids.group(serial)) == serial and ids.is_legacy(serial)
        assert not ids.is_valid(serial[:-1] + ("0" if serial[-1] != "0" else "1"))
    assert not ids.is_legacy(ids.new_serial())
