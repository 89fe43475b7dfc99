"""A four-eyes refusal says who may do it instead (issue 14 finding 4, slice K): the generic
"Ask a supervisor or administrator." sent a supervisor refused their own amendment or
reprint to themselves, in the GUI and on the command line alike."""

from __future__ import annotations

import pytest
from label_support import genuine_appraisal

from appraiser.domain.enums import AppraisalState
from appraiser.errors import PermissionDenied
from appraiser.services.admin import account_admin
from appraiser.services.casework import appraisals, verdicts
from appraiser.services.labelling import labels

GENERIC = PermissionDenied.hint


def _refused(call, *args, **kwargs) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as caught:
        call(*args, **kwargs)
    assert caught.value.hint != GENERIC
    return caught.value


def test_own_amendment_and_own_reprint_name_another_supervisor(station, supervisor, password):
    uid = genuine_appraisal(station, supervisor, password)
    refused = _refused(
        verdicts.amend, station.store, supervisor, uid, "inconclusive", password, "x"
    )
    assert refused.hint == "Another supervisor must do this."
    serial = labels.issue(station, supervisor, uid).serial
    refused = _refused(labels.reprint, station, supervisor, serial, "damaged", supervisor)
    assert refused.hint == "Another supervisor must do this."


def test_own_review_names_another_appraiser_or_supervisor(station, appraiser_session, password):
    uid = genuine_appraisal(station, appraiser_session, password, verdict="inconclusive")
    state = AppraisalState.AWAITING_REVIEW  # where verdicts.sign puts an inconclusive case
    appraisals.save(station.store, appraiser_session, uid, step="outcome", state=state)
    refused = _refused(
        appraisals.sign_verdict, station.store, appraiser_session, uid, "genuine", password
    )
    assert refused.hint == "Another appraiser or supervisor must do this."
    refused = _refused(verdicts.blind_view, station.store, appraiser_session, uid)
    assert refused.hint == "Another appraiser or supervisor must do this."


def test_own_account_names_another_administrator(station, admin):
    refused = _refused(account_admin.deactivate, station.store, admin, "admin")
    assert refused.hint == "Another administrator must do this."


def test_a_role_refusal_names_the_role_that_may(station, appraiser_session, password):
    """Not four eyes: an appraiser who may not amend at all is told to ask the role that
    may — a supervisor, not "a supervisor or administrator" (issue 16 finding 8)."""
    uid = genuine_appraisal(station, appraiser_session, password)
    with pytest.raises(PermissionDenied) as caught:
        verdicts.amend(station.store, appraiser_session, uid, "genuine", password, "x")
    assert caught.value.hint == "Ask a supervisor."
