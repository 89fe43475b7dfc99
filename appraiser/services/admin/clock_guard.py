"""The station clock must not run behind its own records before anything is signed
(issue 14 finding 13: a backdated clock was accepted silently for appraisals and labels).

A verdict's ``signed_at`` and a label's date are what customs reads, and they come from the
station clock. Offline, the station cannot know the true time, but it does know the newest
time it has already written: every audit event carries one. A clock that reads earlier than
that (by more than ``TOLERANCE``, which absorbs time-sync nudges) has been set back, or was
fast before; either way the dates are in doubt, so signing verdicts and issuing or printing
labels stop with a message until an administrator looks at the clock and confirms it.

The confirmation is itself an audit event, ``clock.confirmed``, holding both times. From then
on the check compares only with events written after the newest confirmation, so the
confirmed (earlier) clock can go on, while a second jump back is caught again. Nothing else
stores the state: it lives in the tamper-evident trail, and a lost confirmation only means
asking again.

A clock that runs *ahead* cannot be told from the truth offline; it cannot stretch a
sign-in lock (see ``accounts``), and once put right it trips this guard, which is the
moment someone should look.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from appraiser import config
from appraiser.clock import format_local, parse_iso, utcnow
from appraiser.errors import KnownError
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.storage.db import Store

TOLERANCE = timedelta(minutes=5)
CONFIRMED = "clock.confirmed"


class ClockBehindError(KnownError):
    title = "Station clock behind its records"
    hint = (
        "Check the date and time of this computer; an administrator confirms the clock in "
        "Settings (Confirm clock) or with: appraiser accounts confirm-clock --user ADMIN."
    )


@dataclass(frozen=True)
class ClockState:
    """What the guard compares: the clock now and the newest event it must not precede."""

    now: datetime
    newest: datetime | None  # the newest event time since the last confirmation
    newest_seq: int | None

    @property
    def behind(self) -> bool:
        return self.newest is not None and self.now + TOLERANCE < self.newest

    def message(self, tz: tzinfo | str = "UTC") -> str:
        newest = format_local(self.newest, tz, seconds=True)
        return (
            f"The station clock reads {format_local(self.now, tz, seconds=True)} but the last "
            f"recorded event is {newest}; an administrator must confirm the clock."
        )


def _newest_since(store: Store, seq: int) -> tuple[int, datetime] | None:
    row = store.one(
        "SELECT seq, ts FROM audit_events WHERE seq >= ? ORDER BY ts DESC LIMIT 1", (seq,)
    )
    return (row["seq"], parse_iso(row["ts"])) if row else None


def _last_confirmation(store: Store) -> int:
    row = store.one(
        "SELECT seq FROM audit_events WHERE action = ? ORDER BY seq DESC LIMIT 1", (CONFIRMED,)
    )
    return row["seq"] if row else 0


def state(store: Store) -> ClockState:
    """Cheap in the usual case (the newest stamp by index); the trail is searched for a
    confirmation only when the clock already reads behind."""
    now = utcnow()
    newest = _newest_since(store, 0)
    if newest is not None and now + TOLERANCE < newest[1]:
        newest = _newest_since(store, _last_confirmation(store))
    if newest is None:
        return ClockState(now, None, None)
    return ClockState(now, newest[1], newest[0])


def _station_zone(store: Store) -> str:
    """The zone people read times in, for the message (UTC when the settings can't say)."""
    try:
        return config.load(store.data.config).timezone
    except (KnownError, OSError, ValueError):
        return "UTC"


def check(store: Store) -> None:
    """Refuse to sign or label while the clock reads behind the records (see module doc)."""
    current = state(store)
    if current.behind:
        raise ClockBehindError(current.message(_station_zone(store)))


def confirm(store: Store, by: Session | None) -> ClockState:
    """An administrator vouches for the clock as it reads now; audited with both times."""
    rules.require(store, by, Action.SETTINGS, what="confirm_clock")
    assert by is not None
    current = state(store)
    with store.atomic(by.actor) as tx:
        tx.event(
            CONFIRMED,
            station_clock=current.now.isoformat(),
            last_event=current.newest.isoformat() if current.newest else None,
            last_event_seq=current.newest_seq,
        )
    return current
