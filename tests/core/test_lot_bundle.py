"""The consumer bundle of a unit drawn from a lot (issue 16 L4b): its label is the lot's
unit label, and the page says what vouches for it — in zh_CN and en — with nothing internal
(no merchant, no declaration number, no full serial; DESIGN §3.5)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lot_history_support import add_unit, decide, make_lot

from appraiser.services.lots import unit_labels
from appraiser.services.records import reports


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "this unit appraised"), ("zh_CN", "本件已逐件鉴定")]
)
def test_a_drawn_units_bundle_shows_its_unit_label_and_basis(
    station, appraiser_session, supervisor, tmp_path, lang, words
):
    lot = make_lot(station, appraiser_session, 40, sample_size=2)
    item = add_unit(station, appraiser_session, lot, 7, "genuine")
    drawn = station.store.one("SELECT uid FROM appraisals WHERE item_uid = ?", (item,))["uid"]
    add_unit(station, appraiser_session, lot, 30, "genuine")
    decide(station, appraiser_session, lot, "accept")
    unit_labels.issue_units(station, appraiser_session, lot)
    serial = unit_labels.live_units(station.store, lot)[7]
    row = station.store.one("SELECT * FROM lots WHERE uid = ?", (lot,))
    result = reports.export_bundle(station, supervisor, drawn, tmp_path, lang=lang)
    page = (tmp_path / result["folder"] / "index.html").read_text(encoding="utf-8")
    assert words in page
    assert f"…{serial[-4:]}" in page and serial not in page
    for secret in (row["merchant"], row["declaration_no"], lot):
        assert not secret or secret not in page


def test_an_ordinary_appraisals_bundle_has_no_lot_basis():
    from appraiser.reports.bundle_page import _label
    from appraiser.reports.texts import tr

    data = SimpleNamespace(public_label={"state": "printed", "ending": "ABCD"})
    html = _label(data, lambda key: tr("en", key))
    assert "appraised" not in html and "…ABCD" in html
