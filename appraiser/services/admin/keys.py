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

from appraiser.clock import now_iso, utcnow
from appraiser.errors import InvalidInput
from appraiser.keys import (
    Retirement,
    StationKeys,
    check_passphrase,
    fingerprint,
    key_id,
    load_public_pem,
    same_fingerprint,
)
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
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
    return StationKeys(station.data.keys)


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
    _keys(station).trust(pem)
    with station.store.atomic(session.actor) as tx:
        tx.event("keys.trusted", key_id=kid, fingerprint=shown)
    return kid


def rotate(station: Station, session: Session | None) -> Rotation:
    """Sign with a new key from now on; the old one is retired for dates after today."""
    rules.require(station.store, session, Action.KEYS)
    assert session is not None
    keys, day = _keys(station), station_day(station)
    old = keys.current_key_id()
    new = keys.rotate(retire_after=day, at=now_iso())
    with station.store.atomic(session.actor) as tx:
        tx.event(
            "keys.rotated",
            old_key_id=old,
            new_key_id=new,
            retired_after=day,
            fingerprint=fingerprint(keys.public_keys()[new]),
        )
    return Rotation(old, new, day)


def revoke(station: Station, session: Session | None, kid: str, reason: str) -> Retirement:
    """Refuse every label signed by ``kid`` from now on, whatever its date."""
    rules.require(station.store, session, Action.KEYS, key_id=kid)
    assert session is not None
    if not reason.strip():
        raise InvalidInput("Say why the key is revoked (--reason).")
    retirement = _keys(station).revoke(kid, now_iso(), reason.strip())
    with station.store.atomic(session.actor) as tx:
        tx.event("keys.revoked", key_id=kid, reason=retirement.reason)
    return retirement


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
    after a day, revoked). Public facts only, so listing needs no sign-in."""
    keys = _keys(station)
    current, retired = keys.current_key_id(), keys.retirements()
    rows = []
    for kid, public in keys.public_keys().items():
        row: dict[str, Any] = {"key_id": kid, "fingerprint": fingerprint(public)}
        gone = retired.get(kid)
        if kid == current:
            row["status"] = "signing"
        elif gone is None:
            row["status"] = "trusted"
        else:
            row["status"] = "revoked" if gone.revoked else "retired"
            row["retired_after"] = None if gone.revoked else gone.after
            row["since"] = gone.at
        rows.append(row)
    return sorted(rows, key=lambda r: (r["status"] != "signing", r["key_id"]))
