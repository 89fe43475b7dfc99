"""Category inspection policies (resources/inspection/policies.toml) and their validation."""

from __future__ import annotations

import pytest

from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput
from appraiser.sampling import policies, policy_for
from appraiser.sampling.policies import validate


def test_every_category_has_a_valid_policy():
    table = policies()
    assert set(table) == {c.value for c in Category}
    for name in ("bags", "watches", "jewelry"):
        assert policy_for(name).kind == "every_unit" and policy_for(name).aqls == {}
    for name in ("beauty", "food", "apparel"):
        policy = policy_for(name)
        assert policy.kind == "sampling" and policy.level == "II"
        assert set(policy.aqls) == {"critical", "major", "minor"}
        assert policy.aqls["critical"] < policy.aqls["major"] <= policy.aqls["minor"]
    assert all(p.counterfeit_rejects for p in table.values())
    assert policy_for("Beauty").units_per_carton >= 1


def test_an_unknown_category_is_refused_naming_the_known_ones():
    with pytest.raises(InvalidInput, match="bags"):
        policy_for("cars")


def _file(**beauty):
    categories = {c.value: {"policy": "every_unit"} for c in Category}
    categories["beauty"] = {
        "policy": "sampling",
        "aql": {"critical": 0.065, "major": 1.0, "minor": 2.5},
        **beauty,
    }
    return {"defaults": {"level": "II"}, "categories": categories}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"aql": {"critical": 0.065, "major": 3.0, "minor": 2.5}}, "aql.major"),
        ({"aql": {"critical": 0.065, "major": 1.0}}, "critical, major, minor"),
        ({"aql": {"critical": 0.065, "major": True, "minor": 2.5}}, "aql.major"),
        ({"policy": "sometimes"}, "every_unit or sampling"),
        ({"level": "IV"}, "level"),
        ({"units_per_carton": 0}, "units_per_carton"),
        ({"units_per_carton": True}, "units_per_carton"),
        ({"counterfeit_rejects": "yes"}, "counterfeit_rejects"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_entry_is_named(change, words):
    with pytest.raises(InvalidInput, match=r"\[categories\.beauty\]") as caught:
        validate(_file(**change))
    assert words in str(caught.value)


def test_a_missing_or_unknown_category_is_named():
    data = _file()
    del data["categories"]["food"]
    with pytest.raises(InvalidInput, match="no policy for food"):
        validate(data)
    data = _file()
    data["categories"]["cars"] = {"policy": "every_unit"}
    with pytest.raises(InvalidInput, match=r"\[categories\.cars\]"):
        validate(data)
