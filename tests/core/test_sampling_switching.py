"""Switching rules (GB/T 2828.1 / ISO 2859-1 clause 9) over sequences of lot results."""

from __future__ import annotations

import json

import pytest

from appraiser.errors import InvalidInput
from appraiser.sampling import next_state, resume

A, R = True, False  # accepted / not accepted on original inspection
SMALL = {"major": {"aql": 1.0, "code_letter": "H", "ac": 1, "re": 2}}  # Ac <= 1: +2
LARGE = {"major": {"aql": 1.0, "code_letter": "K", "ac": 3, "re": 4}}  # Ac >= 2: +3 rule


def run(state, results, **kwargs):
    """Feed results one by one, through a JSON round trip as lot_switching stores them."""
    counters: dict = {}
    states = []
    for result in results:
        state, counters, reason = next_state(state, counters, accepted=result, **kwargs)
        counters = json.loads(json.dumps(counters))
        states.append(state)
    return states, counters, reason


def test_two_not_accepted_within_five_lots_tighten():
    states, _, reason = run("normal", [A, R, A, A, R])
    assert states == ["normal"] * 4 + ["tightened"]
    assert "2 of the last 5" in reason


def test_two_not_accepted_six_lots_apart_stay_normal():
    states, _, _ = run("normal", [R, A, A, A, A, R])
    assert states == ["normal"] * 6


def test_two_consecutive_not_accepted_tighten_at_once():
    assert run("normal", [R, R])[0] == ["normal", "tightened"]


def test_five_consecutive_accepted_on_tightened_return_to_normal():
    states, counters, _ = run("tightened", [A, A, A, A, R, A, A, A, A, A])
    assert states == ["tightened"] * 9 + ["normal"]
    assert counters["score"] == 0 and counters["recent"] == []


def test_five_not_accepted_on_tightened_discontinue_and_resume_at_tightened():
    states, counters, reason = run("tightened", [R, A, A, R, A, R, R, R])
    assert states[-1] == "discontinued" and states[-2] == "tightened"
    assert "discontinued" in reason
    with pytest.raises(InvalidInput, match="corrective action"):
        next_state("discontinued", counters, accepted=True)
    assert resume(counters).state == "tightened"


def test_reduced_needs_score_30_steady_production_and_approval():
    states, counters, reason = run("normal", [A] * 15, plan=SMALL)
    assert states == ["normal"] * 15 and counters["score"] == 30
    assert "approval" in reason
    approved, _, _ = run("normal", [A] * 15, plan=SMALL, reduced_approved=True)
    assert approved == ["normal"] * 14 + ["reduced"]
    unsteady, _, _ = run(
        "normal", [A] * 15, plan=SMALL, reduced_approved=True, production_steady=False
    )
    assert unsteady[-1] == "normal"


def test_score_adds_three_when_the_lot_passes_one_aql_step_tighter():
    """K at AQL 1.0 is 3/4; one step tighter (0.65) is 2/3: 2 defects earn 3 points,
    3 defects (accepted at 1.0, not at 0.65) reset the score."""
    state, counters, _ = next_state("normal", {}, accepted=A, plan=LARGE, defects={"major": 2})
    assert (state, counters["score"]) == ("normal", 3)
    state, counters, reason = next_state(
        "normal", counters, accepted=A, plan=json.dumps(LARGE), defects={"major": 3}
    )
    assert counters["score"] == 0 and "tighter" in reason
    states, _, _ = run("normal", [A] * 10, plan=LARGE, defects={"major": 0}, reduced_approved=True)
    assert states == ["normal"] * 9 + ["reduced"]


def test_not_accepted_resets_the_score():
    _, counters, _ = run("normal", [A, A, A, R], plan=SMALL)
    assert counters["score"] == 0


def test_reduced_returns_to_normal_on_a_lot_not_accepted_or_irregular_production():
    assert run("reduced", [A, A, A])[0] == ["reduced"] * 3
    assert run("reduced", [A, R])[0] == ["reduced", "normal"]
    state, _, reason = next_state("reduced", {}, accepted=A, production_steady=False)
    assert state == "normal" and "irregular" in reason


def test_bad_input_is_refused_by_name():
    with pytest.raises(InvalidInput, match="normal, tightened, reduced, discontinued"):
        next_state("lenient", {}, accepted=True)
    with pytest.raises(InvalidInput, match="accepted"):
        next_state("normal", {})
    with pytest.raises(InvalidInput, match="JSON"):
        next_state("normal", {}, accepted=True, plan="{not json")
