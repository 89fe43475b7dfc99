"""Small hardening of the fleet server (issue 15 F4, from F1's notes)."""

from __future__ import annotations

import psycopg
from fleet_support import server_rows

from appraiser.services.fleet.sync import sync_once


def test_expired_sessions_are_purged_when_a_station_signs_in(enrolled, live_server):
    sync_once(enrolled.data, enrolled.store)
    with psycopg.connect(live_server.dsn) as conn:
        station = conn.execute("SELECT id FROM stations").fetchone()[0]
        for n in range(50):  # a month of passes whose tokens ran out
            conn.execute(
                "INSERT INTO sessions(token_sha, station_id, expires)"
                " VALUES (%s, %s, now() - interval '1 minute')",
                (f"{n:064x}", station),
            )
    assert server_rows(live_server.dsn, "SELECT count(*) FROM sessions") == [(51,)]
    sync_once(enrolled.data, enrolled.store)
    live = "SELECT count(*) FROM sessions WHERE expires >= now()"
    assert server_rows(live_server.dsn, "SELECT count(*) FROM sessions") == [(2,)]
    assert server_rows(live_server.dsn, live) == [(2,)]
