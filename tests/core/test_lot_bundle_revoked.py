"""The consumer bundle of a drawn unit names its unit label whatever its state (issue 16
finding 3): a label revoked by an override to reject read 'no label issued (only genuine
items get labels)' beside a genuine verdict."""

from __future__ import annotations

from lot_decision_support import appraise_all, make_lot, plan

from appraiser.services.lots import decisions, unit_labels
from appraiser.services.records import reports

CLASSES = {"critical": plan(3, 0, 1, aql=0.25)}


def test_a_drawn_units_revoked_unit_label_is_named_not_denied(
    station, appraiser_session, supervisor, password, tmp_path
):
    """issue 16 finding 3."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    unit_labels.issue_units(station, appraiser_session, lot)
    serial = unit_labels.live_units(station.store, lot)[1]  # drawn unit 1 = cases[0]
    decisions.override(station, supervisor, password, lot, "reject", "recall")
    result = reports.export_bundle(station, supervisor, cases[0], tmp_path, lang="en")
    page = (tmp_path / result["folder"] / "index.html").read_text(encoding="utf-8")
    assert f"…{serial[-4:]}" in page
    assert "No label was issued" not in page and "revoked" in page.lower()
