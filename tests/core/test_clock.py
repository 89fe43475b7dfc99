"""Station-local display of stored UTC instants: one helper, one format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from appraiser.clock import format_local, local

INSTANT = "2026-12-05T06:03:27.120Z"  # 14:03 in Shanghai, 07:03 in Berlin (winter)


def test_a_stored_utc_stamp_reads_as_station_time():
    assert format_local(INSTANT, ZoneInfo("Asia/Shanghai")) == "2026-12-05 14:03"
    assert format_local(INSTANT, "Europe/Berlin") == "2026-12-05 07:03"
    assert format_local(INSTANT, "Asia/Shanghai", seconds=True) == "2026-12-05 14:03:27"


def test_the_local_day_can_differ_from_the_utc_day():
    assert format_local("2026-12-05T17:30:00Z", "Asia/Shanghai") == "2026-12-06 01:30"


def test_datetimes_aware_or_naive_utc_are_accepted():
    aware = datetime(2026, 12, 5, 6, 3, tzinfo=UTC)
    other = aware.astimezone(timezone(timedelta(hours=-5)))
    naive = datetime(2026, 12, 5, 6, 3)
    for value in (aware, other, naive):
        assert format_local(value, "Asia/Shanghai") == "2026-12-05 14:03"
    assert local(INSTANT, "Asia/Shanghai").utcoffset() == timedelta(hours=8)


def test_missing_or_unreadable_stamps_show_blank():
    assert format_local(None, "Asia/Shanghai") == ""
    assert format_local("", "Asia/Shanghai") == ""
    assert format_local("not a time", "Asia/Shanghai") == ""
