"""One-time hand-offs: a child process acts for the signed-in user without a password.

The GUI writes exports and reports in a child process (the ordinary CLI, so the GUI and a
scheduler produce identical files) but never keeps the user's password. Instead it grants
a hand-off: a random token, good once, for one purpose, for a minute, whose SHA-256 is kept
in the database. The child reads the token as the one line on stdin where a script would
give the password, redeems it and gets the same ``Session`` the GUI holds; the rule book is
then applied to that session as to any other. Without a signed-in parent there is no token,
so the CLI's ``--handoff`` flag opens nothing by itself.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from appraiser.clock import utcnow
from appraiser.domain.enums import Role
from appraiser.errors import AuthError
from appraiser.services.admin.accounts import Session
from appraiser.storage.db import Store

LIFETIME = timedelta(seconds=60)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def grant(store: Store, session: Session, purpose: str) -> str:
    """A fresh token for ``session`` and ``purpose`` (expired ones are cleared on the way)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with store.atomic(session.actor) as tx:
        tx.conn.execute("DELETE FROM session_handoffs WHERE expires < ?", (now.isoformat(),))
        tx.conn.execute(
            "INSERT INTO session_handoffs(token_sha256, user_id, purpose, expires) "
            "VALUES (?, ?, ?, ?)",
            (_sha(token), session.user_id, purpose, (now + LIFETIME).isoformat()),
        )
    return token


def redeem(store: Store, token: str, purpose: str, username: str) -> Session:
    """The session the token was granted for; the token is spent whatever the outcome."""
    with store.atomic(username) as tx:
        row = tx.conn.execute(
            "DELETE FROM session_handoffs WHERE token_sha256 = ? "
            "RETURNING user_id, purpose, expires",
            (_sha(token.strip()),),
        ).fetchone()
    if row is None or row[1] != purpose or row[2] < utcnow().isoformat():
        raise AuthError("The hand-off is unknown, spent or expired: sign in with a password.")
    user = store.one(
        "SELECT id, username, display_name, role FROM users WHERE id = ? AND active = 1",
        (row[0],),
    )
    if user is None or user["username"] != username:
        raise AuthError("The hand-off was granted to another user.")
    return Session(user["id"], user["username"], user["display_name"], Role(user["role"]))
