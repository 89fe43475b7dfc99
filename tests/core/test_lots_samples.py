"""Drawing a lot's sample: the recorded seed redraws the same units with nothing but the
standard library, positions count cartons from 1, and the position reads in both
languages."""

from __future__ import annotations

import random

import pytest

from appraiser.errors import InvalidInput
from appraiser.services.lots import samples


def test_the_seed_redraws_the_same_units_as_documented():
    seed = samples.new_seed()
    drawn = samples.redraw(seed, 500, 50)
    assert drawn == random.Random(int(seed, 16)).sample(range(1, 501), 50)
    assert drawn == samples.redraw(seed, 500, 50)
    assert len(set(drawn)) == 50 and all(1 <= k <= 500 for k in drawn)


def test_fresh_seeds_are_128_bits_and_differ():
    seeds = {samples.new_seed() for _ in range(20)}
    assert len(seeds) == 20 and all(len(s) == 32 and int(s, 16) >= 0 for s in seeds)


def test_a_sample_as_large_as_the_lot_takes_every_unit():
    assert sorted(samples.redraw("ab", 5, 8)) == [1, 2, 3, 4, 5]
    assert sorted(samples.redraw("ab", 5, 5)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("unit", "per_carton", "where"),
    [(1, 24, (1, 1)), (24, 24, (1, 24)), (25, 24, (2, 1)), (55, 24, (3, 7)), (7, 1, (7, 1))],
)
def test_positions_count_cartons_and_places_from_one(unit, per_carton, where):
    assert samples.position(unit, per_carton) == where


def test_position_text_in_english_and_chinese():
    assert samples.position_text(3, 7) == "carton 3, unit 7"
    assert samples.position_text(3, 7, "zh_CN") == "第3箱 第7件"


@pytest.mark.parametrize(("seed", "quantity", "n"), [("zz", 5, 2), ("ab", 0, 1), ("ab", 5, 0)])
def test_a_bad_seed_or_size_is_bad_input(seed, quantity, n):
    with pytest.raises(InvalidInput):
        samples.redraw(seed, quantity, n)
