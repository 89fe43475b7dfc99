"""What an administrator does to other people's accounts: change a role, deactivate and
reactivate, clear a sign-in lock, reset a password (issue 14 finding 13).

Every action goes through the rule book (``Action.ACCOUNTS``, admins only) before its write
transaction and is audited on the ``users`` row it changed; a session whose account was
demoted or deactivated since it signed in is refused too. Two rules keep a station from
locking itself out of its own administration: an administrator never changes their own role
or deactivates themselves, and the last active administrator is never demoted or
deactivated. A reset password is temporary: its owner must choose their own at the next
sign-in (see ``accounts.check_password``).
"""

from __future__ import annotations

from typing import Any

from appraiser.clock import now_iso, parse_iso, utcnow
from appraiser.domain.enums import Role
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin import accounts, rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.storage.db import Store


def _account(store: Store, by: Session | None, username: str, what: str) -> dict[str, Any]:
    """The account named, after the rule book allowed ``by`` to manage accounts at all."""
    rules.require(store, by, Action.ACCOUNTS, what=what, username=username)
    assert by is not None
    me = store.one("SELECT role, active FROM users WHERE id = ?", (by.user_id,))
    if me is None or not me["active"] or not rules.allowed(me["role"], Action.ACCOUNTS):
        why = f"{by.username} is no longer an active administrator; sign in again."
        rules.refuse(store, by, Action.ACCOUNTS, why, what=what, username=username)
    user = store.one("SELECT * FROM users WHERE username = ?", (username.strip(),))
    if user is None:
        raise NotFound(f"There is no account {username!r}.")
    return user


def _other_active_admins(store: Store, user_id: int) -> int:
    row = store.one(
        "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1 AND id != ?",
        (user_id,),
    )
    return int(row["n"]) if row else 0


def _not_own(store: Store, by: Session, user: dict, why: str, what: str) -> None:
    rules.forbid_own(
        store, by, Action.ACCOUNTS, user["id"], why, what=what, username=user["username"]
    )


def _keep_an_admin(store: Store, by: Session, user: dict, what: str) -> None:
    """Refuse (audited) to take away the station's last active administrator."""
    if (
        user["role"] == Role.ADMIN
        and user["active"]
        and not _other_active_admins(store, user["id"])
    ):
        why = f"{user['username']} is the only active administrator; add another one first."
        rules.refuse(store, by, Action.ACCOUNTS, why, what=what, username=user["username"])


def _change(store: Store, by: Session, user: dict, changes: dict, action: str, **data) -> None:
    with store.atomic(by.actor) as tx:
        tx.update("users", user["id"], {**changes, "changed": now_iso()}, action=action, **data)


def set_role(store: Store, by: Session | None, username: str, role: Role | str) -> None:
    """Give an account another role; never one's own, never the last admin's."""
    try:
        new = Role(role)
    except ValueError as exc:
        roles = ", ".join(Role)
        raise InvalidInput(f"{role!r} is not a role; choose one of {roles}.") from exc
    user = _account(store, by, username, "set_role")
    assert by is not None
    _not_own(store, by, user, "Nobody changes their own role; ask another administrator.", "role")
    if new == user["role"]:
        return
    if new != Role.ADMIN:
        _keep_an_admin(store, by, user, "set_role")
    _change(store, by, user, {"role": str(new)}, "user.role_changed", old=user["role"], new=new)


def deactivate(store: Store, by: Session | None, username: str) -> None:
    """The account can no longer sign in; its records keep its name."""
    user = _account(store, by, username, "deactivate")
    assert by is not None
    _not_own(store, by, user, "Nobody deactivates their own account.", "deactivate")
    if not user["active"]:
        return
    _keep_an_admin(store, by, user, "deactivate")
    _change(store, by, user, {"active": 0}, "user.deactivated")


def reactivate(store: Store, by: Session | None, username: str) -> None:
    user = _account(store, by, username, "reactivate")
    assert by is not None
    if user["active"]:
        return
    _change(store, by, user, {"active": 1}, "user.reactivated")


def _clear_lock(tx, user_id: int) -> None:
    tx.conn.execute(
        "INSERT OR REPLACE INTO auth_state(user_id, failures, locked_until) VALUES (?, 0, NULL)",
        (user_id,),
    )


def unlock(store: Store, by: Session | None, username: str) -> None:
    """Clear the failed-attempt count and any lock at once."""
    user = _account(store, by, username, "unlock")
    assert by is not None
    with store.atomic(by.actor) as tx:
        _clear_lock(tx, user["id"])
        tx.event("user.unlocked", entity="users", entity_id=user["id"])


def reset_password(store: Store, by: Session | None, username: str, temporary: str) -> None:
    """Set a temporary password that its owner must replace at the next sign-in; it also
    clears a lock. An administrator changes their own password the ordinary way."""
    user = _account(store, by, username, "reset_password")
    assert by is not None
    why = "Change your own password with your current one, not by a reset."
    _not_own(store, by, user, why, "reset_password")
    accounts.validate_password(temporary)
    hashed = accounts.hash_password(temporary)
    with store.atomic(by.actor) as tx:
        changes = {"password_hash": hashed, "changed": now_iso()}
        tx.update("users", user["id"], changes, action="user.password_reset")
        _clear_lock(tx, user["id"])


def list_accounts(store: Store, by: Session | None) -> list[dict[str, Any]]:
    """The overview, for an administrator only (names and lock states are what an
    attacker looks for first)."""
    rules.require(store, by, Action.ACCOUNTS, what="list")
    return overview(store)


def overview(store: Store) -> list[dict[str, Any]]:
    """Every account with what an administrator acts on: active, locked (until when),
    failed attempts, and whether a reset password still waits to be replaced."""
    rows = store.query(
        "SELECT u.id, u.username, u.display_name, u.role, u.active, u.created,"
        " COALESCE(a.failures, 0) AS failures, a.locked_until"
        " FROM users u LEFT JOIN auth_state a ON a.user_id = u.id ORDER BY u.username"
    )
    now = utcnow()
    for row in rows:
        until = row["locked_until"]
        row["locked"] = bool(until) and parse_iso(until) > now
        row["password_reset"] = accounts.password_was_reset(store, row["id"])
        row["state"] = _state(row)
    return rows


def _state(row: dict[str, Any]) -> str:
    """One word for the table (shown through ui.vocabulary)."""
    if not row["active"]:
        return "deactivated"
    if row["locked"]:
        return "locked"
    if row["password_reset"]:
        return "password_reset"
    return "active"
