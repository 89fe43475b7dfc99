"""One place for "now", so every stored timestamp is UTC ISO-8601 and tests can pin time.

Stored times are UTC; people read them in the station's time zone (``Settings.timezone``,
default Asia/Shanghai). ``local`` and ``format_local`` are the one way to turn a stored
instant into what a person reads, so a label, a report, the sign dialog and the Verify page
never disagree about what time it was.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

DISPLAY_FORMAT = "%Y-%m-%d %H:%M"  # the one human format: 2026-12-05 14:03
DISPLAY_FORMAT_SECONDS = "%Y-%m-%d %H:%M:%S"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def utcnow() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    """UTC with millisecond precision and a ``Z`` suffix: sorts as text, reads in any tool."""
    return utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def local(moment: datetime | str, tz: tzinfo | str) -> datetime:
    """A stored instant (aware ``datetime`` or ISO text) as wall-clock time in ``tz``.

    A naive value is taken as UTC, because that is how every stamp is stored.
    """
    value = parse_iso(moment) if isinstance(moment, str) else moment
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(_zone(tz))


def format_local(moment: datetime | str | None, tz: tzinfo | str, *, seconds: bool = False) -> str:
    """``2026-12-05 14:03`` in the station's zone; empty for a missing or unreadable stamp
    (a table cell or a dialog line then stays blank instead of failing)."""
    if moment is None or moment == "":
        return ""
    try:
        value = local(moment, tz)
    except ValueError:
        return ""
    return value.strftime(DISPLAY_FORMAT_SECONDS if seconds else DISPLAY_FORMAT)


def parse_day(text: str) -> date:
    """A calendar date typed or stored as ``YYYY-MM-DD``, and nothing else.

    ``date.fromisoformat`` also takes ``20270630`` and week dates; people reading a record
    must see one form, so only the extended form passes. Raises ``ValueError``.
    """
    value = str(text).strip()
    if not _ISO_DAY.fullmatch(value):
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
    return date.fromisoformat(value)
