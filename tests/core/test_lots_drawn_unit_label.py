"""A unit drawn from a sampled lot gets no appraisal label of its own: its label is one of
the lot's unit labels (issued once the lot is accepted). Seen driving the real window: the
bench's outcome step issued a label for a drawn unit, which the lot's labels then gave a
second serial (and a genuine-looking one had the lot been rejected)."""

from __future__ import annotations

import pytest

from appraiser.errors import InvalidInput
from appraiser.services.arrivals import queue
from appraiser.services.casework import outcome
from appraiser.services.labelling import labels
from appraiser.services.lots import lots, samples, unit_labels
from tests.core.lot_history_support import decide, make_lot
from tests.core.test_lots_inbound import BEAUTY, DAY, _appraise, _import


def _drawn_unit_appraised(station, session, password, tmp_path) -> tuple[dict, str]:
    _import(station, session, tmp_path, BEAUTY.format(q=500, per=24))
    (lot,) = lots.list_lots(station.store, DAY)
    first = samples.units(station.store, lot["uid"])[0]
    return lot, _appraise(station, session, password, first["item_uid"])


def test_a_drawn_units_genuine_verdict_issues_no_label_of_its_own(
    station, appraiser_session, password, tmp_path
):
    lot, uid = _drawn_unit_appraised(station, appraiser_session, password, tmp_path)
    with pytest.raises(InvalidInput, match=f"drawn from lot {lot['uid']}"):
        labels.issue(station, appraiser_session, uid)
    assert labels.live_label(station.store, uid) is None


def test_the_bench_outcome_says_why_and_stays_without_a_label(
    station, appraiser_session, password, tmp_path
):
    lot, uid = _drawn_unit_appraised(station, appraiser_session, password, tmp_path)
    result = outcome.follow_up(station, appraiser_session, uid, with_report=False)
    assert "label" not in result and lot["uid"] in result["label_error"]
    assert labels.live_label(station.store, uid) is None


def test_a_single_items_label_is_still_issued(station, appraiser_session, password, tmp_path):
    _import(station, appraiser_session, tmp_path, BEAUTY.format(q=1, per=24))
    (line,) = queue.list_day(station.store, DAY)
    uid = _appraise(station, appraiser_session, password, line["item_uid"])
    assert labels.issue(station, appraiser_session, uid).serial


def test_a_unit_labels_content_is_its_lots(station, appraiser_session):
    """Previews and reprints ask ``labels.content`` for any serial; a unit label's
    appraisal_uid is the lot decision, which failed as 'No appraisal LD-…' (seen on the
    supervisor's sign-in once a lot's unit labels existed)."""
    lot = make_lot(station, appraiser_session, 4, brand="Lumière")
    decide(station, appraiser_session, lot, "accept")
    unit_labels.issue_units(station, appraiser_session, lot)
    serial = unit_labels.live_units(station.store, lot)[1]
    content = labels.content(station, serial)
    assert content.serial == serial and content.brand_model.startswith("Lumière")
