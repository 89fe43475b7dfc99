"""The rule book of roles (DESIGN §3.4): one table, one place, for the GUI, CLI and server.

Services call ``require`` (the role may do the action at all) and ``forbid_own`` (four
eyes: nobody amends their own verdict or approves their own reprint) *before* opening
their write transaction; each refusal is written to the audit trail in its own transaction,
so an insider probing what they may do leaves a trace, then ``PermissionDenied`` is raised.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any, NoReturn

from appraiser.domain.enums import Role
from appraiser.errors import PermissionDenied
from appraiser.services.admin.accounts import Session
from appraiser.storage.db import Store

log = logging.getLogger(__name__)


class Action(StrEnum):
    APPRAISE = "appraise"  # start, photograph, sign one's own verdict
    SECOND_OPINION = "second_opinion"  # blind review of someone else's inconclusive case
    ISSUE_LABEL = "issue_label"  # issue + first print of an own genuine verdict's label
    AMEND_VERDICT = "amend_verdict"
    APPROVE_REPRINT = "approve_reprint"  # also voiding a label
    SUPERVISE = "supervise"  # daily exports, consumer bundles, dashboard, clone flags
    LIBRARY = "library"  # import or remove reference versions
    ACCOUNTS = "accounts"
    KEYS = "keys"  # rotate, trust, export the private key encrypted
    BACKUP = "backup"
    RESTORE = "restore"
    SETTINGS = "settings"
    SCAN = "scan"  # a bench or outbound scan: it counts towards the clone rules
    OVERRIDE_LOT = "override_lot"  # change a signed lot decision (never one's own lot)


_A, _S, _ADMIN = Role.APPRAISER, Role.SUPERVISOR, Role.ADMIN
ROLES: dict[Action, frozenset[Role]] = {
    Action.APPRAISE: frozenset({_A, _S}),
    Action.SECOND_OPINION: frozenset({_A, _S}),
    Action.ISSUE_LABEL: frozenset({_A, _S}),
    Action.AMEND_VERDICT: frozenset({_S}),
    Action.APPROVE_REPRINT: frozenset({_S}),
    Action.SUPERVISE: frozenset({_S}),
    Action.LIBRARY: frozenset({_S, _ADMIN}),
    Action.ACCOUNTS: frozenset({_ADMIN}),
    Action.KEYS: frozenset({_ADMIN}),
    Action.BACKUP: frozenset({_ADMIN}),
    Action.RESTORE: frozenset({_ADMIN}),
    Action.SETTINGS: frozenset({_ADMIN}),
    # Any signed-in user: what matters is that the scan names who made it (breaker M-2)
    Action.SCAN: frozenset({_A, _S, _ADMIN}),
    Action.OVERRIDE_LOT: frozenset({_S}),
}

_WHO = {
    _A: "an appraiser",
    _S: "a supervisor",
    _ADMIN: "an administrator",
}


# Role nouns for the four-eyes hint ("Another supervisor must do this.").
_NOUN = {_A: "appraiser", _S: "supervisor", _ADMIN: "administrator"}


def four_eyes_hint(action: Action) -> str:
    """What to do after a four-eyes refusal: the generic "Ask a supervisor or administrator."
    sent a supervisor refused their own amendment or reprint to themselves (issue 14)."""
    nouns = [_NOUN[r] for r in (_A, _S, _ADMIN) if r in ROLES[action]]
    return f"Another {' or '.join(nouns)} must do this."


def role_hint(action: Action) -> str:
    """Whom to ask after a role refusal: the roles that may (issue 16 finding 8: an
    administrator refused a lot decision was told to ask "a supervisor or administrator")."""
    return f"Ask {_needed(action)}."


def allowed(role: Role | str, action: Action) -> bool:
    """Whether the role may do the action at all (the GUI uses it to hide what it can't)."""
    return Role(role) in ROLES[action]


def _needed(action: Action) -> str:
    order = [r for r in (_A, _S, _ADMIN) if r in ROLES[action]]
    return " or ".join(_WHO[r] for r in order)


def refuse(
    store: Store,
    session: Session | None,
    action: Action,
    why: str,
    *,
    hint: str | None = None,
    **detail: Any,
) -> NoReturn:
    """Audit the refusal, then raise it. Outside a transaction, as every check runs first;
    inside one (a bug in the caller) the refusal is still raised and logged. ``hint``
    replaces the generic "Ask a supervisor or administrator." where that is wrong."""
    actor = session.actor if session else None
    if store.conn.in_transaction:
        log.error("refusal inside a transaction, not audited: %s %s", action, why)
    else:
        with store.atomic(actor) as tx:
            tx.event("rules.refused", rule=str(action), why=why, **detail)
    raise PermissionDenied(why, hint=hint)


def require(store: Store, session: Session | None, action: Action, **detail: Any) -> Session:
    """The signed-in session, if its role may do ``action``; otherwise an audited refusal."""
    if session is None:
        refuse(store, None, action, f"Sign in first: this needs {_needed(action)}.", **detail)
    if not allowed(session.role, action):
        why = f"{session.username} ({session.role}) may not do this: it needs {_needed(action)}."
        refuse(store, session, action, why, hint=role_hint(action), **detail)
    return session


def forbid_own(
    store: Store,
    session: Session,
    action: Action,
    owner_user_id: int | None,
    why: str,
    **detail: Any,
) -> None:
    """Four eyes: refuse (audited) when the session's user is the one who did the first step;
    the hint names who may do it instead (never "ask a supervisor" to a supervisor)."""
    if owner_user_id is not None and owner_user_id == session.user_id:
        refuse(store, session, action, why, hint=four_eyes_hint(action), **detail)
