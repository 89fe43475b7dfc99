"""Which keys the station believes, from the audited database (issue 14 breaker H3).

Files in ``keys/`` are easy to change behind the app's back: a ``.pem`` copied into
``keys/public`` was trusted, deleting ``retired.json`` brought a revoked key back, and a
replaced ``station-ed25519.pem`` silently became the signing key. So the trust state lives
in two append-only, audited tables (``m0005_trust._keys``): ``station_keys`` (every public
key the station signs with or trusts, with its PEM) and ``key_events`` (which key signs,
which were rotated out after a day, which were revoked). Verification uses only keys listed
there; signing checks the key file against the newest ``signing`` event. Changing either
table by hand breaks the audit trail (row digests, chain, checkpoints).

The ledger starts when a station first opens with this version (``start``): a new station
adopts the key it just made; an older one adopts its signing key and the key files its audit
trail names (``keys.trusted``/``keys.rotated`` events, labels' key ids; never a loose file:
that one is listed as not trusted until an administrator trusts it by fingerprint), with
retirements from events and from ``retired.json``, each adoption an audited row. Only that
one moment reads the files; from then on they are an export cache.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, KnownError
from appraiser.keys import (
    EVERY_DATE,
    RETIRED_NAME,
    Retirement,
    StationKeys,
    fingerprint,
    key_id,
    load_public_pem,
    public_pem,
)

SIGNING, ROTATED, REVOKED = "signing", "rotated", "revoked"
OWN, TRUSTED = "own", "trusted"
_MAX_PEM = 16 * 1024
_CURRENT = "SELECT key_id FROM key_events WHERE kind = 'signing' ORDER BY id DESC LIMIT 1"


@dataclass(frozen=True)
class Ledger:
    """The trust state as the audit trail records it."""

    keys: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    retirements: dict[str, Retirement] = field(default_factory=dict)
    current: str | None = None  # the key this station signs with now
    last_change: str | None = None  # when the newest rotation or revocation happened

    @property
    def started(self) -> bool:
        return self.current is not None

    def own(self) -> set[str]:
        return {kid for kid, origin in self.origins.items() if origin == OWN}


def _rows(db: Any, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows from a Store (under its lock) or a raw connection (inside a transaction)."""
    if hasattr(db, "query"):
        return [tuple(row.values()) for row in db.query(sql, params)]
    return db.execute(sql, params).fetchall()


def read(db: Any) -> Ledger:
    """The ledger of a Store or connection (empty before ``start``)."""
    keys, origins = {}, {}
    for kid, pem, origin in _rows(db, "SELECT key_id, public_pem, origin FROM station_keys"):
        keys[kid], origins[kid] = load_public_pem(pem.encode("ascii")), origin
    retired: dict[str, Retirement] = {}
    current = last = None
    for kid, kind, after, at, reason in _rows(
        db, "SELECT key_id, kind, after, at, reason FROM key_events ORDER BY id"
    ):
        if kind == SIGNING:
            current = kid
            continue
        last = max(last or at, at)
        before = retired.get(kid)
        if before is not None and (before.revoked or (kind == ROTATED and before.after <= after)):
            continue  # revocation is final; the earliest retirement day stands
        retired[kid] = Retirement(kid, after, kind, at, reason)
    return Ledger(keys, origins, retired, current, last)


def add_key(tx, public: Ed25519PublicKey, origin: str, *, action: str, **data: Any) -> str:
    """Record a public key the station now believes (inside the change's transaction)."""
    kid = key_id(public)
    row = {
        "key_id": kid,
        "public_pem": public_pem(public).decode("ascii"),
        "origin": origin,
        "created": now_iso(),
    }
    tx.insert("station_keys", row, action=action, key_id=kid, origin=origin, **data)
    return kid


def add_event(
    tx, kid: str, kind: str, *, action: str, after: str = "", reason: str = "", **data: Any
) -> None:
    """Record that ``kid`` signs from now on, was rotated out after a day, or was revoked."""
    row = {"key_id": kid, "kind": kind, "after": after, "at": now_iso(), "reason": reason}
    tx.insert("key_events", row, action=action, key_id=kid, **data)


def start(store: Any) -> bool:
    """Begin the ledger on a station that has none (see the module docstring); returns
    True if it began now."""
    if read(store).started:
        return False
    keys = StationKeys(store.data.keys)
    with store.atomic("system") as tx:
        if read(tx.conn).started:  # another process began it meanwhile
            return False
        own = keys.file_key().public_key()
        history = _history(tx.conn)
        owned = {key_id(own)} | history["own"]
        named = owned | set(history["trusted"]) | _label_key_ids(tx.conn)
        # Only keys the audit trail names (issue 14 second breaker H-1): a loose file in
        # keys/public is left as 'not trusted: not in the audit trail' for an administrator.
        found = {k: v for k, v in _key_files(keys.public_folder).items() if k in named}
        found.setdefault(key_id(own), own)
        for kid, public in sorted(found.items(), key=lambda item: item[0] == key_id(own)):
            origin = OWN if kid in owned else TRUSTED
            vouched = "signing key file" if kid == key_id(own) else "audit trail"
            add_key(tx, public, origin, action="keys.adopted", fingerprint=fingerprint(public),
                    vouched_by=vouched)  # fmt: skip
        for retirement in _retirements(history, keys.public_folder):
            add_event(tx, retirement.key_id, retirement.kind, action="keys.adopted_retirement",
                      after=retirement.after, reason=retirement.reason)  # fmt: skip
        add_event(tx, key_id(own), SIGNING, action="keys.signing", fingerprint=fingerprint(own))
        tx.event("keys.ledger_started", keys=sorted(found), signing=key_id(own))
    return True


def _key_files(folder: Path) -> dict[str, Ed25519PublicKey]:
    found = {}
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else ():
        try:
            if not path.is_file() or path.stat().st_size > _MAX_PEM:
                continue
            public = load_public_pem(path.read_bytes())
        except (OSError, InvalidInput):
            continue  # not a key: nothing to adopt
        found[key_id(public)] = public
    return found


def _label_key_ids(conn: sqlite3.Connection) -> set[str]:
    """Keys the station's own labels name: audited rows, so they vouch for a key file."""
    return {row[0] for row in conn.execute("SELECT DISTINCT key_id FROM labels")}


def _history(conn: sqlite3.Connection) -> dict[str, Any]:
    """What the audit trail said about keys before the ledger existed."""
    own: set[str] = set()
    trusted: dict[str, str] = {}
    rotations: list[tuple[str, str, str]] = []
    revoked: dict[str, tuple[str, str]] = {}
    for action, ts, raw in conn.execute(
        "SELECT action, ts, data FROM audit_events WHERE action IN "
        "('keys.trusted', 'keys.rotated', 'keys.revoked') ORDER BY seq"
    ):
        data = json.loads(raw or "{}")
        if action == "keys.trusted":
            trusted[str(data.get("key_id"))] = str(data.get("fingerprint"))
        elif action == "keys.rotated":
            own |= {str(data.get("old_key_id")), str(data.get("new_key_id"))}
            rotations.append((str(data.get("old_key_id")), str(data.get("retired_after")), ts))
        else:
            revoked[str(data.get("key_id"))] = (str(data.get("reason", "")), ts)
    return {"own": own, "trusted": trusted, "rotations": rotations, "revoked": revoked}


def _retirements(history: dict[str, Any], folder: Path) -> list[Retirement]:
    """Retirements from the events and from the old ``retired.json`` (either only ever
    refuses more, so both are kept)."""
    found = [Retirement(old, after, ROTATED, ts) for old, after, ts in history["rotations"]]
    found += [
        Retirement(kid, EVERY_DATE, REVOKED, ts, reason)
        for kid, (reason, ts) in history["revoked"].items()
    ]
    try:
        rows = json.loads((folder / RETIRED_NAME).read_text(encoding="utf-8"))["keys"]
        found += [Retirement(**row) for row in rows.values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no file (new station) or unreadable: the events above still count
    return [r for r in found if r.kind in (ROTATED, REVOKED) and r.after.isdigit()]


def current(db: Any) -> str | None:
    """The key the station signs with now (one indexed read per signature), or None
    before the ledger has begun."""
    try:
        rows = _rows(db, _CURRENT)
    except sqlite3.OperationalError as exc:  # a database older than this schema part
        if "no such table" in str(exc):
            return None
        raise
    return rows[0][0] if rows else None


def start_or_warn(store: Any) -> None:
    """``start`` at every open; a read-only or full disk still opens for reading (its next
    write fails the same way, and ``audit verify`` names the missing ledger)."""
    try:
        start(store)
    except KnownError as exc:
        logging.getLogger(__name__).warning("key ledger not started: %s", exc)


def stray_files(folder: Path, ledger: Ledger) -> dict[str, Ed25519PublicKey]:
    """Public key files in ``keys/public`` the ledger does not hold: ignored for
    verification, named by ``keys list`` and ``audit verify``."""
    return {
        kid: public
        for kid, public in _key_files(folder / "public").items()
        if kid not in ledger.keys
    }


def check(conn: sqlite3.Connection, data: Any, report: Any) -> None:
    """For ``audit verify``: the key files against the ledger. A signing key file the
    ledger does not name fails (labels and checkpoints would be signed by a stranger); a
    public key file it does not hold is only noted (it is ignored, never believed)."""
    try:
        ledger = read(conn)
    except sqlite3.OperationalError:
        report.notes.append("this database has no key ledger (made by an older version)")
        return
    if not ledger.started:
        report.notes.append("the key ledger has not begun (the station was opened read-only)")
        return
    keys = StationKeys(Path(data.keys))
    held = []
    for path in (keys.private_path, keys.next_path):
        try:
            held.append(_private_id(path))
        except (OSError, ValueError, TypeError):
            held.append("unreadable")
    if ledger.current not in held:
        holds = f"holds key {held[0]}" if held[0] else "is missing"
        report.fail(
            f"the station's signing key file was replaced outside the app: "
            f"keys/{keys.private_path.name} {holds}, the audit trail names key "
            f"{ledger.current}"
        )
    for kid in sorted(stray_files(keys.folder, ledger)):
        report.notes.append(
            f"key {kid} (a file in keys/public) is not trusted: not in the audit trail"
        )


def _private_id(path: Path) -> str | None:
    from cryptography.hazmat.primitives import serialization

    if not path.is_file():
        return None
    key = serialization.load_pem_private_key(path.read_bytes(), None)
    return key_id(key.public_key())  # type: ignore[arg-type]
