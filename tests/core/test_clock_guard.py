"""A station clock set back behind its own records blocks signing and labelling until an
administrator confirms it (issue 14 finding 13: a backdated clock was accepted silently)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from label_support import genuine_appraisal

from appraiser import clock
from appraiser.errors import PermissionDenied
from appraiser.labels.printing import Target
from appraiser.services.admin import accounts, clock_guard
from appraiser.services.admin.clock_guard import ClockBehindError
from appraiser.services.casework import appraisals
from appraiser.services.labelling import label_printing, labels

# Ahead of the real clock that stamped the station's opening, so the test's times lead.
START = datetime(2030, 11, 22, 8, 0, tzinfo=UTC)


class Wall:
    """The station's wall clock, set by the test like a person at the OS settings."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def set_back(self, **delta: float) -> None:
        self.now -= timedelta(**delta)


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> Wall:
    fake = Wall()
    for module in (clock, accounts, clock_guard):
        monkeypatch.setattr(module, "utcnow", fake)
    return fake


def _events(station, action: str) -> list[dict]:
    rows = station.store.query(
        "SELECT actor, data FROM audit_events WHERE action = ? ORDER BY seq", (action,)
    )
    return [{"actor": r["actor"], **json.loads(r["data"])} for r in rows]


def _unsigned(station, session) -> str:
    store = station.store
    item = appraisals.register_item(store, session, brand="Gucci", model="Bag", category="bags")
    return appraisals.start(store, session, "BW-01", item, "bags", station.settings.tz())


def test_a_clock_set_back_blocks_signing(station, wall, appraiser_session, password):
    """issue 14 finding 13: a verdict was signed with a clock a day behind the records."""
    uid = _unsigned(station, appraiser_session)
    wall.set_back(days=1)
    with pytest.raises(ClockBehindError) as caught:
        appraisals.sign_verdict(station.store, appraiser_session, uid, "genuine", password)
    assert caught.value.message == (
        "The station clock reads 2030-11-21 16:00:00 but the last recorded event is "
        "2030-11-22 16:00:00; an administrator must confirm the clock."
    )
    assert appraisals.current_verdict(station.store, uid) is None


def test_amending_issuing_and_printing_are_blocked_too(
    station, wall, appraiser_session, supervisor, password
):
    """issue 14 finding 13: amendments, labels and prints took the backdated clock too."""
    uid = genuine_appraisal(station, appraiser_session, password)
    wall.set_back(hours=2)
    with pytest.raises(ClockBehindError):
        appraisals.amend_verdict(
            station.store, supervisor, uid, "counterfeit", password, "second look",
            reason_codes=["NOT_AUTHENTIC"],
        )  # fmt: skip
    with pytest.raises(ClockBehindError):
        labels.issue(station, appraiser_session, uid)
    assert labels.live_label(station.store, uid) is None


def test_printing_is_blocked(station, wall, appraiser_session, password):
    uid = genuine_appraisal(station, appraiser_session, password)
    serial = labels.issue(station, appraiser_session, uid).serial
    wall.set_back(minutes=30)
    with pytest.raises(ClockBehindError):
        label_printing.start_job(
            station, appraiser_session, [serial], Target("tcp9100", "127.0.0.1:9"), "50x30", "zpl"
        )
    assert labels.state_of(station.store, serial) == "issued"


def test_an_admin_confirms_the_clock_and_work_goes_on(
    station, wall, admin, appraiser_session, password
):
    """issue 14 finding 13: the confirmation is audited with both times; later checks
    compare with events after it, so a second jump back is caught again."""
    uid = _unsigned(station, appraiser_session)
    wall.set_back(days=1)
    confirmed = clock_guard.confirm(station.store, admin)
    assert confirmed.behind
    (event,) = _events(station, "clock.confirmed")
    assert event["actor"] == "admin"
    assert event["station_clock"].startswith("2030-11-21T08:00")
    assert event["last_event"].startswith("2030-11-22T08:00")
    appraisals.sign_verdict(station.store, appraiser_session, uid, "genuine", password)
    wall.set_back(hours=1)
    with pytest.raises(ClockBehindError, match="2030-11-21 16:00"):
        labels.issue(station, appraiser_session, uid)
    assert station.store.verify_audit().ok


@pytest.mark.parametrize("who", ["appraiser_session", "supervisor"])
def test_only_an_admin_confirms_the_clock(station, wall, request, who):
    session = request.getfixturevalue(who)
    wall.set_back(days=1)
    with pytest.raises(PermissionDenied, match="administrator"):
        clock_guard.confirm(station.store, session)
    assert _events(station, "clock.confirmed") == []
    assert clock_guard.state(station.store).behind


def test_small_steps_and_a_clock_ahead_pass(station, wall, appraiser_session, password):
    """A time-sync nudge of a few minutes back is no alarm, nor is a clock ahead (which
    cannot be known offline)."""
    uid = _unsigned(station, appraiser_session)
    wall.set_back(minutes=4)
    assert not clock_guard.state(station.store).behind
    wall.set_back(days=-400)
    appraisals.sign_verdict(station.store, appraiser_session, uid, "genuine", password)
    assert clock_guard.state(station.store).newest is not None


def test_a_new_station_is_not_behind(station, wall):
    state = clock_guard.state(station.store)
    assert state.newest is not None and not state.behind
    clock_guard.check(station.store)


def test_the_days_list_reads_while_the_clock_is_behind(
    station, wall, appraiser_session, password, capsys
):
    """Only signing and labelling wait for the clock: reading the day's appraisals (the
    bench's list, ``appraiser appraisals list``) goes on, so the station can still show its
    work while an administrator is fetched (the guard once sat in list_for_day)."""
    from appraiser.cli.main import main

    signed = genuine_appraisal(station, appraiser_session, password)
    unsigned = _unsigned(station, appraiser_session)
    wall.set_back(days=1)
    assert clock_guard.state(station.store).behind
    tz = station.settings.tz()
    day = START.astimezone(tz).date()
    rows = appraisals.list_for_day(station.store, day, tz)
    assert {r["id"] for r in rows} == {signed, unsigned}
    assert [r["id"] for r in appraisals.list_for_day(station.store, day, tz, "genuine")] == [signed]
    capsys.readouterr()
    data = str(station.data.root)
    assert main(["--data-dir", data, "appraisals", "list", "--date", day.isoformat()]) == 0
    listed = [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]
    assert sorted(listed) == sorted([signed, unsigned])
