"""plan / class_plans and ``appraiser lot plan``: 100 % inspection, per-class plans, bad
input refused with the allowed values (exit 2, one line), the JSON contract."""

from __future__ import annotations

import json

import pytest

from appraiser.cli.main import main
from appraiser.errors import InvalidInput
from appraiser.sampling import class_plans, plan, policy_for, units_to_draw


def test_a_plan_whose_n_reaches_the_lot_inspects_every_unit():
    small = plan(3, "II", 0.10)  # A, arrow down to K: n = 125 > 3 units
    assert (small.code_letter, small.code_letter_used, small.sample_size) == ("A", "K", 125)
    assert small.inspect_all and small.units_to_inspect == 3
    assert "inspect all 3 units" in small.describe()
    big = plan(2000, "II", 1.0)
    assert not big.inspect_all and big.units_to_inspect == 125


def test_a_lot_of_one_unit_is_inspected_whole():
    one = plan(1, "II", 2.5)
    assert one.code_letter == "A" and one.units_to_inspect == 1 and one.inspect_all


def test_class_plans_one_per_defect_class_and_one_sample_for_all():
    plans = class_plans(2000, "II", {"critical": 0.065, "major": 1.0, "minor": 4.0})
    assert {k: (p.sample_size, p.accept, p.reject) for k, p in plans.items()} == {
        "critical": (200, 0, 1),  # K at 0.065: arrow down to L
        "major": (125, 3, 4),
        "minor": (125, 10, 11),
    }
    assert units_to_draw(plans) == 200


def test_class_plans_from_a_category_policy():
    plans = class_plans(2000, policy_for("beauty"), "tightened")
    assert set(plans) == {"critical", "major", "minor"}
    assert all(p.state == "tightened" and p.level == "II" for p in plans.values())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((0, "II", 1.0), "from 1 to"),
        (("12.5", "II", 1.0), "whole number"),
        ((100, "IV", 1.0), "S-1, S-2, S-3, S-4, I, II, III"),
        ((100, "II", 3.0), "0.010, 0.015"),
        ((100, "II", "abc"), "not in the GB/T 2828.1 series"),
        ((100, "II", 1.0, "lenient"), "normal, tightened, reduced"),
    ],
)
def test_bad_input_names_the_allowed_values(args, words):
    with pytest.raises(InvalidInput, match=words.replace(".", r"\.")):
        plan(*args)
    with pytest.raises(InvalidInput, match="unknown"):
        class_plans(100, "II", {"cosmetic": 1.0})


def test_cli_json_is_the_design_contract(capsys):
    code = main(["lot", "plan", "--quantity", "2000", "--aql", "1.0", "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {k: shown[k] for k in ("code_letter", "sample_size", "accept", "reject")} == {
        "code_letter": "K",
        "sample_size": 125,
        "accept": 3,
        "reject": 4,
    }
    assert shown["lot_size"] == 2000 and shown["level"] == "II" and shown["state"] == "normal"
    assert shown["code_letter_used"] == "K" and shown["aql"] == 1.0


def test_cli_text_says_where_the_arrow_led(capsys):
    code = main(["lot", "plan", "--quantity", "100", "--aql", "1.5", "--state", "normal"])
    out = capsys.readouterr().out
    assert code == 0
    assert "code letter F (arrow down: the first plan below is G)" in out
    assert "n = 32, Ac = 1, Re = 2" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--quantity", "-5", "--aql", "1.0"],
        ["--quantity", "99999999999999999999", "--aql", "1.0"],
        ["--quantity", "100", "--aql", "0.3"],
        ["--quantity", "100", "--aql", "nan"],
        ["--quantity", "100", "--aql", "1.0", "--level", "II\u202e"],
        ["--quantity", "100", "--aql", "1.0", "--state", "off"],
    ],
)
def test_cli_bad_input_is_exit_2_with_one_line(capsys, args):
    code = main(["lot", "plan", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("appraiser: ")
