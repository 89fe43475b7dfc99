"""A damaged unit label of a lot is reprinted like any label (issue 16 L4b): a supervisor
approves, the old serial is voided, the same unit gets a new serial that points at the lot
decision in force, printed once by the render that asked for it."""

from __future__ import annotations

import pytest
from lot_history_support import add_unit, decide, make_lot

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.labels import ids, payload
from appraiser.services.labelling import label_render, label_verify, labels
from appraiser.services.lots import unit_labels, unit_print


class Printer(unit_print.Sender):
    def send(self, job, contents):
        return ""


@pytest.fixture
def printed(station, appraiser_session):
    """A lot of 12 units, accepted, every unit label printed; returns (lot, unit 5's serial)."""
    lot = make_lot(station, appraiser_session, 12, sample_size=2)
    for unit in (3, 8):
        add_unit(station, appraiser_session, lot, unit, "genuine")
    decide(station, appraiser_session, lot, "accept")
    assert unit_print.print_lot(station, appraiser_session, lot, Printer()).complete
    return lot, unit_labels.live_units(station.store, lot)[5]


def _render(station, session, given, tmp_path, **kwargs):
    out = tmp_path / f"{secrets_name()}.zpl"
    return label_render.render(station, session, given, out, fmt="zpl", **kwargs), out


def secrets_name() -> str:
    import secrets

    return secrets.token_hex(4)


def test_a_damaged_unit_label_is_reprinted_for_the_same_unit(
    station, appraiser_session, supervisor, printed, tmp_path
):
    lot, old = printed
    with pytest.raises(InvalidInput, match="reprint"):
        _render(station, appraiser_session, old, tmp_path)  # no reason: refused
    with pytest.raises(PermissionDenied):
        _render(station, appraiser_session, old, tmp_path, reason="torn",
                approve=lambda: appraiser_session)  # fmt: skip
    done, out = _render(station, appraiser_session, old, tmp_path, reason="label torn",
                        approve=lambda: supervisor)  # fmt: skip
    new = done.label.serial
    assert done.voided == old and new != old
    assert labels.state_of(station.store, old) == "voided"
    assert labels.state_of(station.store, new) == "printed"  # printed once, by this render
    live = unit_labels.live_units(station.store, lot)
    assert live[5] == new and len(set(live.values())) == 12 and sorted(live) == list(range(1, 13))
    assert unit_labels.unit_of(station.store, new)["unit_no"] == 5
    assert f"^FX label {ids.group(new)}" in out.read_text()
    decision = unit_labels.current_decision(station.store, lot)
    claim, _ = payload.parse(labels.get(station.store, new)["payload"])
    assert claim.digest == payload.short_digest(
        unit_labels.decision_digest(station.store, decision)[0]
    )
    assert label_verify.check(station, labels.get(station.store, new)["payload"]).ok
    assert unit_print.pending_serials(station, lot) == []
    assert station.store.verify_audit().ok


def test_a_unit_label_of_a_lot_rejected_since_is_never_reprinted(
    station, appraiser_session, supervisor, printed, tmp_path
):
    lot, old = printed
    decide(station, appraiser_session, lot, "accept", override_by=supervisor, reason="recall")
    state = labels.state_of(station.store, old)
    with pytest.raises(InvalidInput):
        _render(station, appraiser_session, old, tmp_path, reason="torn",
                approve=lambda: supervisor)  # fmt: skip
    assert labels.state_of(station.store, old) == state
    assert unit_labels.unit_of(station.store, old)["unit_no"] == 5
