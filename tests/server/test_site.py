"""The site-wide read model on a real PostgreSQL: two real stations push real appraisals
with their own sync, and the server's view of each station's day equals the station's own."""

from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

from appraiser.domain.enums import Verdict
from appraiser.reports import checkpoint as cp
from appraiser.reports.daily import DayWindow
from appraiser.reports.snapshot import read_snapshot
from appraiser.server import site
from appraiser.services.records.exports import day_figures
from tests.server.site_support import site_benches_fixture, today  # noqa: F401 (fixture)


def _site(dsn: str, day, **kw) -> site.SiteDay:
    with psycopg.connect(dsn, row_factory=dict_row) as conn, site.read_only(conn):
        return site.site_day(conn, day, **kw)


def test_each_station_day_on_the_server_equals_the_station_own_figures(site_benches, live_server):
    one, two = site_benches
    day = today(one)
    view = _site(live_server.dsn, day)
    assert [s.code for s in view.stations] == ["BW-01", "BW-02"]
    for bench, seen in zip((one, two), view.stations, strict=True):
        own = day_figures(bench.station, day)
        assert seen.figures.as_dict() == own.as_dict()
    assert view.stations[0].figures.by_verdict["counterfeit"] == 1
    assert view.stations[1].figures.by_verdict["inconclusive"] == 1
    totals = view.totals()
    assert totals["appraisals"] == 5 and totals["by_verdict"]["genuine"] == 3


def test_the_server_checkpoint_of_a_station_day_is_the_station_own(site_benches, live_server):
    one, _two = site_benches
    day = today(one)
    seen = _site(live_server.dsn, day, station="BW-01").stations[0]
    window = DayWindow(day, one.station.settings.tz())
    with read_snapshot(one.station.data.db) as snap:
        own = cp.compute(snap, window, upto_seq=seen.checkpoint.last_seq)
    assert seen.checkpoint == own and own.count > 0


def test_sync_lag_shows_what_the_station_has_not_pushed_yet(site_benches, live_server):
    one, _two = site_benches
    day = today(one)
    before = _site(live_server.dsn, day).as_dict()
    one.appraise(Verdict.GENUINE)  # not synced yet: the server does not know it
    row = _site(live_server.dsn, day).as_dict()["stations"][0]
    assert row["appraisals"] == before["stations"][0]["appraisals"] == 3
    assert row["last_push"] is not None and row["lag_seconds"] >= 0
    one.sync()
    row = _site(live_server.dsn, day).as_dict()["stations"][0]
    assert row["appraisals"] == 4 and row["by_verdict"]["genuine"] == 3


def test_the_site_view_names_no_merchant_declaration_or_person(site_benches, live_server):
    text = str(_site(live_server.dsn, today(site_benches[0])).as_dict())
    for secret in ("Appraiser Li", "appr'", "merchant", "declaration"):
        assert secret not in text
