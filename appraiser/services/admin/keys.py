"""Key management for administrators (DESIGN §3.4 "keys"): trust, rotate, revoke, export.

Every change checks the rule book first (``Action.KEYS``, audited refusal) and leaves an
audit event naming the key id and fingerprint, so the trail says which keys the station
has believed and when. Trusting needs the key's fingerprint typed back: the administrator
reads it with the other station over a second channel (phone, in person), which is what
stops a key swapped on the USB stick or in the e-mail from being trusted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from appraiser import key_ledger
from appraiser.clock import utcnow
from appraiser.errors import InvalidInput
from appraiser.keys import (
    EVERY_DATE,
    Retirement,
    StationKeys,
    check_passphrase,
    decrypt_private,
    fingerprint,
    key_id,
    load_public_pem,
    same_fingerprint,
)
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station


class FingerprintNeeded(InvalidInput):
    """The key was not trusted: its fingerprint must be confirmed first."""


@dataclass(frozen=True)
class Rotation:
    old_key_id: str
    new_key_id: str
    retired_after: str  # YYYYMMDD


def _keys(station: Station) -> StationKeys:
    """The station's keys, trust from its audited ledger (issue 14 breaker H3)."""
    return StationKeys(station.data.keys, station.store)


def station_day(station: Station) -> str:
    """Today in the station's time zone, as labels date themselves (YYYYMMDD)."""
    return utcnow().astimezone(station.settings.tz()).strftime("%Y%m%d")


def describe_pem(pem: bytes) -> tuple[str, str]:
    """(key id, fingerprint) of a public key PEM, to show before trusting it."""
    public = load_public_pem(pem)
    return key_id(public), fingerprint(public)


def trust(station: Station, session: Session | None, pem: bytes, confirmed: str | None) -> str:
    """Trust another station's public key once its fingerprint is confirmed; returns its id."""
    public = load_public_pem(pem)
    kid, shown = key_id(public), fingerprint(public)
    rules.require(station.store, session, Action.KEYS, key_id=kid)
    assert session is not None
    if not confirmed:
        raise FingerprintNeeded(
            f"Key {kid} has the fingerprint {shown}. Read it with the other station's "
            f"administrator (`appraiser keys list` there), then run again with "
            f"--fingerprint '{shown}'. Nothing was trusted."
        )
    if not same_fingerprint(confirmed, public):
        with station.store.atomic(session.actor) as tx:
            tx.event("keys.trust_refused", key_id=kid, fingerprint=shown, typed=confirmed[:100])
        raise InvalidInput(
            f"The fingerprint you gave does not match key {kid} ({shown}): the key file may "
            "have been swapped on its way here. Nothing was trusted."
        )
    with station.store.atomic(session.actor) as tx:
        ledger = key_ledger.read(tx.conn)
        gone = ledger.retirements.get(kid)
        if gone is not None and gone.revoked:
            raise InvalidInput(f"Key {kid} was revoked on {gone.at[:10]}; it stays revoked.")
        if kid not in ledger.keys:
            key_ledger.add_key(tx, public, key_ledger.TRUSTED, action="keys.trusted",
                               fingerprint=shown)  # fmt: skip
    return kid


def rotate(station: Station, session: Session | None) -> Rotation:
    """Sign with a new key from now on; the old one is retired for dates after today. The
    new key is written beside the old one first and renamed into place after the COMMIT
    that records it, so a crash in between leaves a station that still signs."""
    rules.require(station.store, session, Action.KEYS)
    assert session is not None
    keys, day = _keys(station), station_day(station)
    old = keys.current_key_id()  # refuses a replaced key file: rotate from the real key
    public = keys.stage_next().public_key()
    try:
        with station.store.atomic(session.actor) as tx:
            new = key_ledger.add_key(tx, public, key_ledger.OWN, action="keys.created",
                                     fingerprint=fingerprint(public))  # fmt: skip
            key_ledger.add_event(tx, old, key_ledger.ROTATED, action="keys.rotated",
                                 after=day, old_key_id=old, new_key_id=new, retired_after=day,
                                 fingerprint=fingerprint(public))  # fmt: skip
            key_ledger.add_event(tx, new, key_ledger.SIGNING, action="keys.signing",
                                 fingerprint=fingerprint(public))  # fmt: skip
    except BaseException:
        keys.next_path.unlink(missing_ok=True)
        raise
    keys.promote_next()
    return Rotation(old, new, day)


def revoke(station: Station, session: Session | None, kid: str, reason: str) -> Retirement:
    """Refuse every label signed by ``kid`` from now on, whatever its date."""
    rules.require(station.store, session, Action.KEYS, key_id=kid)
    assert session is not None
    if not reason.strip():
        raise InvalidInput("Say why the key is revoked (--reason).")
    with station.store.atomic(session.actor) as tx:
        ledger = key_ledger.read(tx.conn)
        if kid == ledger.current:
            raise InvalidInput(
                f"Key {kid} signs this station's labels: rotate first, then revoke it."
            )
        if kid not in ledger.keys:
            raise InvalidInput(f"No known key {kid} (see `appraiser keys list`).")
        gone = ledger.retirements.get(kid)
        if gone is not None and gone.revoked:
            return gone
        key_ledger.add_event(tx, kid, key_ledger.REVOKED, action="keys.revoked",
                             after=EVERY_DATE, reason=reason.strip())  # fmt: skip
    return key_ledger.read(station.store).retirements[kid]


def restore_private(station: Station, user: str, password: str, pem: bytes, passphrase: str) -> str:
    """Put the station's own signing key back after its file was replaced outside the app
    (``SigningKeyReplaced``): only the very key the audit trail names is accepted, from an
    encrypted key backup and its passphrase. The file is written *before* the sign-in,
    because while it is wrong nothing can be saved, the sign-in's own audit event included;
    holding the key and its passphrase is the proof here, the sign-in and the rule book
    then record who did it. The replaced file is kept beside it for whoever investigates."""
    key = decrypt_private(pem, passphrase)
    kid, wanted = key_id(key.public_key()), key_ledger.current(station.store)
    if kid != wanted:
        raise InvalidInput(
            f"This backup holds key {kid}; the audit trail names key {wanted} as this "
            "station's signing key. Nothing was changed."
        )
    keys = _keys(station)
    replaced = keys.put_back(key)
    session = check_password(station.store, user, password, purpose="keys")
    rules.require(station.store, session, Action.KEYS)
    with station.store.atomic(session.actor) as tx:
        tx.event("keys.private_restored", key_id=kid, replaced_file=replaced)
    return kid


def export_private(station: Station, session: Session | None, passphrase: str) -> bytes:
    """The signing key encrypted with an administrator's passphrase (≥ 12 characters)."""
    rules.require(station.store, session, Action.KEYS)
    assert session is not None
    check_passphrase(passphrase)
    keys = _keys(station)
    data = keys.export_private(passphrase)
    with station.store.atomic(session.actor) as tx:
        tx.event("keys.exported_private", key_id=keys.current_key_id())
    return data


def list_keys(station: Station) -> list[dict[str, Any]]:
    """Every key the station knows: id, fingerprint and status (signing, trusted, retired
    after a day, revoked) from the audited ledger; key files the ledger does not hold are
    listed as "not trusted" (issue 14 breaker H3). Public facts only: no sign-in."""
    ledger = key_ledger.read(station.store)
    rows = [_row(kid, public, ledger) for kid, public in ledger.keys.items()]
    for kid, public in key_ledger.stray_files(station.data.keys, ledger).items():
        rows.append({"key_id": kid, "fingerprint": fingerprint(public),
                     "status": "not trusted: not in the audit trail"})  # fmt: skip
    order = {"signing": 0, "trusted": 1, "retired": 2, "revoked": 3}
    return sorted(rows, key=lambda r: (order.get(r["status"], 4), r["key_id"]))


def _row(kid: str, public, ledger: key_ledger.Ledger) -> dict[str, Any]:
    row: dict[str, Any] = {"key_id": kid, "fingerprint": fingerprint(public)}
    gone = ledger.retirements.get(kid)
    if kid == ledger.current:
        row["status"] = "signing"
    elif gone is None:
        row["status"] = "trusted"
    else:
        row["status"] = "revoked" if gone.revoked else "retired"
        row["retired_after"] = None if gone.revoked else gone.after
        row["since"] = gone.at
    return row
