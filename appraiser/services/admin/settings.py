"""Settings that go into labels and records are audited (issue 14 H4).

``config.toml`` is a plain file: anyone who can write the data folder could point the next
label's QR at another domain, or stamp another station's code on labels and appraisals, and
the audit trail would never know. So the values that reach labels and records
(``config.RECORDED``: station code, label domain, time zone, warehouse, institute) are also
kept in the audited, append-only ``settings_records`` table, written only when an
administrator saves them, confirms them, accepts them in a restore, and once at the first
open of a station (the values found then, with an audited note, like the first checkpoint).

Before a label is issued, rendered, printed or reprinted and before an appraisal records the
station code, ``check`` compares the settings in use with the newest record; a difference
refuses (audited) with a message naming it, until an administrator confirms the file's values
or puts the recorded ones back. ``findings`` says the same for ``audit verify``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from appraiser import config
from appraiser.clock import now_iso
from appraiser.config import Settings
from appraiser.errors import InvalidInput, KnownError
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.storage.db import Store, Tx

if TYPE_CHECKING:
    from appraiser.services.admin.station import Station

log = logging.getLogger(__name__)

# How people call the recorded settings in messages (the GUI translates these words).
NAMES = {
    "station_code": "station code",
    "resolver_domain": "label domain",
    "timezone": "time zone",
    "warehouse": "warehouse",
    "institute": "institute",
}
RECORDED_EVENT = "settings.recorded"


class SettingsUnconfirmed(KnownError):
    """config.toml holds label or record settings no administrator saved or confirmed."""

    title = "Settings changed outside the app"
    hint = (
        "An administrator confirms the new values or puts the recorded ones back in Settings, "
        "or with: appraiser settings confirm --user ADMIN."
    )


@dataclass(frozen=True)
class Difference:
    key: str
    in_file: str
    recorded: str | None  # None: nothing recorded at all

    def describe(self) -> str:
        if self.recorded is None:
            return f"config.toml's {NAMES[self.key]} ({self.in_file}) was never recorded"
        return (
            f"config.toml's {NAMES[self.key]} was changed outside the app "
            f"({self.in_file}, recorded: {self.recorded})"
        )


@dataclass(frozen=True)
class Record:
    values: dict[str, str]
    how: str
    created: str
    by: str | None


def values_of(settings: Settings) -> dict[str, str]:
    return {key: str(getattr(settings, key)) for key in config.RECORDED}


def latest(store: Store) -> Record | None:
    """The newest record (one indexed row: cheap enough to ask before every label)."""
    row = store.one(
        "SELECT r.settings, r.how, r.created, u.username FROM settings_records r "
        "LEFT JOIN users u ON u.id = r.created_by ORDER BY r.id DESC LIMIT 1"
    )
    if row is None:
        return None
    return Record(json.loads(row["settings"]), row["how"], row["created"], row["username"])


def differences(station: Station) -> list[Difference]:
    """What the settings in use (read from config.toml at open, or saved since) say that the
    newest record does not."""
    record = latest(station.store)
    current = values_of(station.settings)
    if record is None:
        return [Difference(k, v, None) for k, v in current.items()]
    return [
        Difference(k, v, record.values.get(k))
        for k, v in current.items()
        if record.values.get(k) != v
    ]


def message(diffs: list[Difference]) -> str:
    said = "; ".join(d.describe() for d in diffs)
    return f"{said}; an administrator must confirm it in Settings."


def findings(station: Station) -> list[str]:
    """For ``audit verify``: each difference between config.toml and the audited record."""
    return [d.describe() for d in differences(station)]


def check(station: Station, session: Session | None, doing: str) -> None:
    """Refuse (audited) to label or record with settings nobody with the right vouched for."""
    diffs = differences(station)
    if diffs:
        _refuse(station.store, session, doing, diffs)


def check_station_code(store: Store, session: Session | None, code: str) -> None:
    """Where an appraisal records the station code (its start): the code given must be the
    recorded one (the caller read it from config.toml)."""
    stored = latest(store)
    known = stored.values.get("station_code") if stored else None
    if known != code:
        _refuse(store, session, "begin_appraisal", [Difference("station_code", code, known)])


def _refuse(store: Store, session: Session | None, doing: str, diffs: list[Difference]):
    text = message(diffs)
    detail = {d.key: {"file": d.in_file, "recorded": d.recorded} for d in diffs}
    if store.conn.in_transaction:
        log.error("settings refusal inside a transaction, not audited: %s", text)
    else:
        with store.atomic(session.actor if session else None) as tx:
            tx.event("settings.refused", doing=doing, differences=detail)
    raise SettingsUnconfirmed(text)


def record(tx: Tx, settings: Settings, how: str, by: Session | None, **note: Any) -> None:
    """Append the recorded values (inside the caller's transaction)."""
    row = {
        "settings": values_of(settings),
        "how": how,
        "created": now_iso(),
        "created_by": by.user_id if by else None,
    }
    tx.insert("settings_records", row, action=RECORDED_EVENT, how=how, **note)


def ensure_recorded(station: Station) -> None:
    """First open of a station (new, or made before settings were recorded): record the
    values found in config.toml, with a note saying so. A station whose trail already
    holds a record but whose table is empty was tampered with: nothing is recorded, and
    labels stay blocked until an administrator confirms. On an upgraded station whose
    appraisals or labels say another station code or label domain than config.toml, those
    audited values are recorded and the file's wait for an administrator (blocking labels)."""
    store = station.store
    if store.one("SELECT 1 AS x FROM settings_records LIMIT 1"):
        return
    if store.one("SELECT 1 AS x FROM audit_events WHERE action = ? LIMIT 1", (RECORDED_EVENT,)):
        log.error("settings records are missing although the audit trail has recorded some")
        return
    held = _audited_values(store)
    contradicted = {k: v for k, v in held.items() if getattr(station.settings, k) != v}
    try:
        with store.atomic("system") as tx:
            if contradicted:  # issue 14 second breaker H-1 (c): the records win
                record(
                    tx, replace(station.settings, **contradicted), "audited_records", None,
                    note="first recording: config.toml disagrees with the audited records; "
                    "its values wait for an administrator", config_toml=values_of(station.settings),
                )  # fmt: skip
            else:
                record(
                    tx, station.settings, "first_open",
                    None, note="first recording: the values config.toml held when opened",
                )  # fmt: skip
    except KnownError as exc:  # read-only or full disk: labels stay blocked, reading works
        log.warning("settings not recorded: %s", exc)


def _audited_values(store: Store) -> dict[str, str]:
    """What the audited records already say of the recorded settings: the newest
    appraisal's station code and the newest label's domain (an upgraded station)."""
    from urllib.parse import urlsplit

    held = {}
    appraisal = store.one("SELECT station FROM appraisals ORDER BY id DESC LIMIT 1")
    if appraisal and appraisal["station"]:
        held["station_code"] = str(appraisal["station"])
    label = store.one("SELECT payload FROM labels ORDER BY id DESC LIMIT 1")
    host = urlsplit(str(label["payload"])).hostname if label else None
    if host:
        held["resolver_domain"] = host
    return held


def save(station: Station, session: Session | None, new: Settings, how: str = "saved") -> None:
    """An administrator saves the settings (``how``: "saved", or "setup" in the first-start
    wizard): config.toml and, for what reaches labels and records, the audited record, with
    old and new values."""
    rules.require(station.store, session, Action.SETTINGS, what="save_settings")
    assert session is not None
    new.validate()
    pending = differences(station)
    if pending:
        raise InvalidInput(
            f"{message(pending)} Confirm or put back those values before saving others."
        )
    old = station.settings
    changed = {
        k: {"old": str(v), "new": str(getattr(new, k))}
        for k, v in asdict(old).items()
        if getattr(new, k) != v
    }
    with station.store.atomic(session.actor) as tx:
        config.save(station.data.config, new)  # before COMMIT: a failed commit fails closed
        tx.event("settings.changed", changed=changed)
        if values_of(new) != values_of(old):
            record(tx, new, how, session)
    station.settings = replace(new)


def confirm(station: Station, session: Session | None) -> list[Difference]:
    """An administrator vouches for config.toml's values as they are now; returns what was
    confirmed (nothing when the file agrees with the record)."""
    rules.require(station.store, session, Action.SETTINGS, what="confirm_settings")
    assert session is not None
    diffs = differences(station)
    if not diffs:
        return []
    detail = {d.key: {"file": d.in_file, "recorded": d.recorded} for d in diffs}
    with station.store.atomic(session.actor) as tx:
        record(tx, station.settings, "confirmed", session, differences=detail)
    return diffs


def put_back(station: Station, session: Session | None) -> list[Difference]:
    """An administrator undoes an outside change: the recorded values go back into
    config.toml (the other settings stay as they are); returns what was put back."""
    rules.require(station.store, session, Action.SETTINGS, what="put_back_settings")
    assert session is not None
    diffs = differences(station)
    stored = latest(station.store)
    if not diffs:
        return []
    if stored is None:
        raise InvalidInput("No settings were ever recorded here; confirm the file's values.")
    restored = replace(station.settings, **_typed(stored.values)).validate()
    detail = {d.key: {"file": d.in_file, "recorded": d.recorded} for d in diffs}
    with station.store.atomic(session.actor) as tx:
        config.save(station.data.config, restored)
        tx.event("settings.put_back", differences=detail)
    station.settings = restored
    return diffs


def _typed(values: dict[str, str]) -> dict[str, Any]:
    """Recorded values as Settings fields (all recorded settings are text today)."""
    return {k: v for k, v in values.items() if k in config.RECORDED}


def record_restored(store: Store, settings: Settings, user: str, changes: dict) -> None:
    """A restore whose changed settings an administrator accepted (``--accept-settings``):
    the restored station records them as confirmed by that person."""
    detail = {k: {"before": old, "backup": new} for k, (old, new) in changes.items()}
    with store.atomic(user) as tx:
        record(tx, settings, "restored", None, accepted_by=user, changes=detail)
