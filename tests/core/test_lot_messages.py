"""Lot messages stay short and true, and hostile numbers are named (issue 16 finding 8)."""

from __future__ import annotations

import pytest
from lot_decision_support import make_lot, plan

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.lots import decisions


def test_a_pending_lot_names_a_count_and_at_most_ten_units(station, appraiser_session, password):
    """issue 16 finding 8: 'lot decide' on a pending lot listed all 500 undrawn units."""
    lot, _ = make_lot(station, appraiser_session, {"major": plan(500, 10, 11)}, quantity=60_000)
    with pytest.raises(InvalidInput) as caught:
        decisions.decide(station, appraiser_session, password, lot)
    message = caught.value.message
    assert "500 units" in message and "and 490 more" in message
    assert len(message) < 200 and message.count(",") <= 10
    assert "lots show" in caught.value.hint


def test_an_administrator_refused_is_sent_to_the_role_that_may(
    station, appraiser_session, admin, password
):
    """issue 16 finding 8: an admin refused a lot decision was told 'Ask a supervisor or
    administrator.'"""
    lot, _ = make_lot(station, appraiser_session, {"major": plan(8, 1, 2)})
    with pytest.raises(PermissionDenied) as caught:
        decisions.decide(station, admin, password, lot)
    assert caught.value.hint == "Ask an appraiser or a supervisor."
    with pytest.raises(PermissionDenied) as caught:
        decisions.override(station, admin, password, lot, "accept", "because")
    assert caught.value.hint == "Ask a supervisor."
