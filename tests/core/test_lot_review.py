"""An amended unit verdict after its lot was decided (issue 16 L7): the lot is read again in
the amendment's transaction; a decision the units no longer support is put under review,
which blocks unit labels until a supervisor confirms or overrides it; an accepted lot now
read as rejected loses its unit labels and is held in quarantine at once."""

from __future__ import annotations

import json

import pytest
from lot_decision_support import appraise_all, make_every_unit_lot, make_lot, plan

from appraiser.cli.main import main
from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.casework import verdicts
from appraiser.services.lots import decisions, lot_quarantine, lot_review, unit_labels

CLASSES = {"critical": plan(3, 0, 1, aql=0.25), "major": plan(3, 1, 2)}


@pytest.fixture
def labelled(station, appraiser_session, password):
    """A lot of 12: three drawn units appraised genuine, accepted, every unit labelled."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    assert unit_labels.issue_units(station, appraiser_session, lot).issued == 12
    return lot, cases


def _amend(station, session, password, uid, verdict, codes=None):
    return verdicts.amend(station.store, session, uid, verdict, password, "second look",
                          reason_codes=codes)  # fmt: skip


def test_a_counterfeit_unit_revokes_the_lots_labels_and_holds_it(
    station, supervisor, password, labelled
):
    lot, cases = labelled
    _amend(station, supervisor, password, cases[1], Verdict.COUNTERFEIT, ["NOT_AUTHENTIC"])
    summary = unit_labels.summary(station.store, lot)  # the counterfeit unit is withheld
    assert (summary["without_label"], summary["withheld"]) == (11, 1)
    assert summary.get("revoked") == 12
    assert lot_quarantine.is_held(station.store, lot)
    review = lot_review.open_review(station.store, lot)
    assert (review["was"], review["now"], review["revoked"]) == ("accept", "reject", 12)
    assert decisions.current(station.store, lot)["decision"] == "accept"  # nothing edited
    with pytest.raises(InvalidInput, match="under review"):
        unit_labels.issue_units(station, supervisor, lot)
    events = station.store.query(
        "SELECT action FROM audit_events WHERE action LIKE 'lot.review%' OR "
        "action = 'lot.quarantine.held'"
    )
    assert [e["action"] for e in events] == ["lot.quarantine.held", "lot.review.opened"]


def test_a_supervisor_confirms_or_overrides_to_end_the_review(
    station, supervisor, second_supervisor, password, labelled
):
    lot, cases = labelled
    _amend(station, supervisor, password, cases[0], Verdict.COUNTERFEIT, ["NOT_AUTHENTIC"])
    with pytest.raises(PermissionDenied):  # the amending supervisor signed a unit's verdict
        decisions.override(station, supervisor, password, lot, "accept", "lab says genuine")
    signed = decisions.override(station, second_supervisor, password, lot, "reject", "fake")
    assert signed.kind == "override" and lot_review.open_review(station.store, lot) is None
    assert decisions.current(station.store, lot)["basis"]["ends_review"].startswith("LR-")
    assert lot_quarantine.is_held(station.store, lot)
    with pytest.raises(InvalidInput, match="already rejected"):  # no review open any more
        decisions.override(station, second_supervisor, password, lot, "reject", "again")


def test_confirming_an_accept_releases_the_lot_and_labels_resume(
    station, supervisor, second_supervisor, password, labelled
):
    lot, cases = labelled
    _amend(station, supervisor, password, cases[2], Verdict.INCONCLUSIVE)
    review = lot_review.open_review(station.store, lot)
    # a doubt: the other units' labels stay valid; the inconclusive unit's own is revoked
    # (issue 16 finding 1: a unit label says genuine only while its unit's verdict does)
    assert (review["now"], review["revoked"]) == ("held", 1)
    assert unit_labels.summary(station.store, lot)["without_label"] == 0
    with pytest.raises(InvalidInput, match="under review"):
        unit_labels.check_release(station.store, second_supervisor, lot)
    decisions.override(station, second_supervisor, password, lot, "accept", "review pending")
    assert lot_review.open_review(station.store, lot) is None
    unit_labels.check_release(station.store, second_supervisor, lot)  # released again


def test_an_amendment_that_leaves_the_decision_standing_opens_no_review(
    station, supervisor, password, labelled
):
    lot, cases = labelled
    _amend(station, supervisor, password, cases[0], Verdict.COUNTERFEIT, ["DAMAGED"])
    assert lot_review.open_review(station.store, lot) is None  # one major: Ac 1 still holds
    assert unit_labels.summary(station.store, lot)["without_label"] == 0
    assert not lot_quarantine.is_held(station.store, lot)
    with pytest.raises(InvalidInput, match="already accepted"):
        decisions.override(station, supervisor, password, lot, "accept", "fine")


def test_an_every_unit_lot_is_read_again_too(station, appraiser_session, supervisor, password):
    lot, items = make_every_unit_lot(station, appraiser_session, 2)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    _amend(station, supervisor, password, cases[0], Verdict.COUNTERFEIT, ["NOT_AUTHENTIC"])
    assert lot_review.open_review(station.store, lot)["now"] == "reject"
    assert lot_quarantine.is_held(station.store, lot)


def test_lots_show_names_the_review_and_audit_verifies(
    station, supervisor, password, labelled, capsys
):
    lot, cases = labelled
    _amend(station, supervisor, password, cases[1], Verdict.COUNTERFEIT, ["NOT_AUTHENTIC"])
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "lots", "show", lot, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["review"]["now"] == "reject" and shown["decision"]["decision"] == "accept"
    assert main(["--data-dir", root, "lots", "show", lot]) == 0
    assert "under review" in capsys.readouterr().out
    assert main(["--data-dir", root, "audit", "verify"]) == 0


def test_lots_show_keeps_the_review_and_the_lots_quarantine_on_lines_of_their_own(
    station, supervisor, password, labelled, capsys
):
    """Seen by a fix-up round: "…(appraiser lot override)quarantine record QR-…" — the
    amendment's unit quarantine line (stderr) ran into `lots show`'s last line, and the
    text never named the lot's own quarantine. Now it does, on a line of its own."""
    lot, cases = labelled
    _amend(station, supervisor, password, cases[1], Verdict.COUNTERFEIT, ["NOT_AUTHENTIC"])
    held = lot_quarantine.state(station.store, lot)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "lots", "show", lot]) == 0
    out = capsys.readouterr().out
    assert out.endswith("\n")
    lines = out.splitlines()
    assert lines[-2].startswith("Decision under review (")
    assert lines[-2].endswith("(appraiser lot override)")
    assert lines[-1] == f"Quarantine: held ({held['uid']}, 12 units)"
    assert main(["--data-dir", root, "lots", "show", lot, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["quarantine"]["uid"], shown["quarantine"]["action"]) == (held["uid"], "held")
