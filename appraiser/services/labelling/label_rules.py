"""Who may issue, first print, reprint or void a label (DESIGN §3.4), in one place.

The label services (``labels``, ``label_printing``, ``label_render``) call these before
their write transaction, so the bench, the Labels page and the command line refuse the
same things, each refusal audited by the rule book:
- a label is issued, and printed the first time, by the appraiser who signed its genuine
  verdict or by a supervisor — not by any signed-in user for anyone's appraisal;
- a case in blind review gets no label until the review ends;
- a reprint or a void is approved by a supervisor who is not the one asking (four eyes).
"""

from __future__ import annotations

from appraiser.domain.enums import AppraisalState, Role, Verdict
from appraiser.errors import InvalidInput
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.casework import appraisals
from appraiser.storage.db import Store


def check_issue(store: Store, session: Session, uid: str) -> None:
    """Refuse (audited) anyone but the genuine verdict's signer or a supervisor.

    A verdict that is not genuine is left to the label service, which says in its own
    words that only genuine items get a label."""
    rules.require(store, session, Action.ISSUE_LABEL, uid=uid)
    appraisal = appraisals.current(store, uid)
    if appraisal["state"] == AppraisalState.AWAITING_REVIEW:
        rules.refuse(
            store, session, Action.ISSUE_LABEL,
            f"Appraisal {uid} is in blind review: it gets no label until the review ends.",
            uid=uid,
        )  # fmt: skip
    _check_no_lost_amendment(store, session, uid)
    _check_not_a_drawn_unit(store, uid)
    if session.role == Role.SUPERVISOR:
        return
    verdict = appraisals.current_verdict(store, uid)
    if verdict is None or verdict["verdict"] != Verdict.GENUINE:
        return
    if verdict["signed_by"] != session.user_id:
        rules.refuse(
            store, session, Action.ISSUE_LABEL,
            f"Only the appraiser who signed the genuine verdict of {uid}, or a supervisor, "
            "may issue or first print its label.",
            uid=uid,
        )  # fmt: skip


def _check_no_lost_amendment(store: Store, session: Session, uid: str) -> None:
    """A restore of an older backup (``--accept-older``) can take back a supervisor's
    amendment: the verdict reads genuine again. Such a case gets no label until a verdict
    is signed after that restore (a supervisor amends it again or confirms it)."""
    restore = store.one(
        "SELECT seq, ts FROM audit_events WHERE action = 'restore.older_accepted' "
        "AND EXISTS (SELECT 1 FROM json_each(data, '$.amendments') "
        "WHERE json_extract(value, '$.appraisal') = ?) ORDER BY seq DESC LIMIT 1",
        (uid,),
    )
    if restore is None:
        return
    after = store.one(
        "SELECT 1 AS x FROM audit_events WHERE seq > ? AND entity = 'verdicts' "
        "AND json_extract(data, '$.uid') = ?",
        (restore["seq"], uid),
    )
    if after is None:
        rules.refuse(
            store, session, Action.ISSUE_LABEL,
            f"An amendment of {uid} was lost when an older backup was restored on "
            f"{restore['ts'][:10]}: a supervisor must sign its verdict again before it "
            "gets a label.",
            uid=uid,
        )  # fmt: skip


def _check_not_a_drawn_unit(store: Store, uid: str) -> None:
    """A unit drawn from a sampled lot is labelled with its lot (issue 16): its label is one
    of the lot's unit labels, issued once the lot is accepted, whose basis says "this unit
    appraised". Its own appraisal label would give the unit a second serial — and a
    genuine-looking one even when the lot is rejected."""
    row = store.one(
        "SELECT s.lot_uid, s.unit_no FROM lot_samples s JOIN appraisals_current a "
        "ON a.item_uid = s.item_uid WHERE a.uid = ?",
        (uid,),
    )
    if row is not None:
        raise InvalidInput(
            f"{uid} is unit {row['unit_no']} drawn from lot {row['lot_uid']}: it gets its "
            "label with the lot's unit labels once the lot is accepted.",
            hint="Lots page: Print labels for every unit…",
        )


def check_first_print(store: Store, session: Session, serial: str) -> None:
    """Printing an issued label for the first time is part of issuing it."""
    row = store.one("SELECT appraisal_uid FROM labels WHERE serial = ?", (serial,))
    if row is not None:
        check_issue(store, session, row["appraisal_uid"])


def check_approval(
    store: Store, session: Session, approver: Session | None, what: str, serial: str
) -> Session:
    """The approver of a reprint or void: a supervisor, and not the requester.

    ``what`` is "reprint" or "void", for the words of the refusal and the audit trail;
    the requester handles labels at all (an appraiser or a supervisor)."""
    rules.require(store, session, Action.ISSUE_LABEL, serial=serial, what=what)
    if approver is None:
        rules.refuse(
            store, session, Action.APPROVE_REPRINT,
            f"A {what} needs a supervisor's approval.", serial=serial, what=what,
        )  # fmt: skip
    rules.require(store, approver, Action.APPROVE_REPRINT, serial=serial, what=what)
    rules.forbid_own(
        store, approver, Action.APPROVE_REPRINT, session.user_id,
        f"{approver.username} cannot approve their own {what} request: another supervisor "
        "must approve it (four eyes).",
        serial=serial, what=what,
    )  # fmt: skip
    return approver
