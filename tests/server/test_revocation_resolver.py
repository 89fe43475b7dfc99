"""Revocation reaches the resolver (issue 15 slice S1b): after `server revoke-station`, a
label signed by the station's key and dated after the revocation day reads "signature
invalid" — a stolen key mints no more genuine labels — while the ones dated before stay
genuine, through the resolver's redirect and on the page, at once in a warm cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from resolver_support import FakeStation, eventually

from appraiser.server import db, stations

GENUINE = 'data-status="genuine"'
INVALID = 'data-status="bad_signature"'


def _scan(server_app, path_and_query: str) -> str:
    """What a consumer's phone ends on: the resolver's 307, followed, to the page."""
    answer = server_app.client.get(path_and_query, follow_redirects=True)
    assert answer.status_code == 200, answer.status_code
    return answer.text


def test_labels_dated_after_a_revocation_read_signature_invalid(server_app):
    station = FakeStation(server_app.dsn).enrol()
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y%m%d")
    before = station.issue(day="20261120")
    after = station.issue(day=tomorrow)  # what a thief signs with the key once revoked
    assert GENUINE in _scan(server_app, before.path_and_query)
    assert GENUINE in _scan(server_app, after.path_and_query)  # both now in the cache

    with db.connect(server_app.dsn) as conn, conn.transaction():
        stations.revoke(conn, station.code, "bench stolen")

    page = eventually(  # a 429 while it polls also fails below, as a still-genuine page does
        lambda: server_app.client.get(after.path_and_query, follow_redirects=True).text,
        lambda text: INVALID in text,
    )
    assert INVALID in page and "NOT VALID — signature invalid" in page
    assert "bench stolen" not in page  # the reason is the site's, not the consumer's
    assert GENUINE in _scan(server_app, before.path_and_query)
    hop = server_app.client.get(after.path_and_query, follow_redirects=False)
    assert hop.status_code == 307  # the resolver still resolves; the page judges the key
    assert INVALID in server_app.client.get(hop.headers["location"]).text


def test_revoking_keeps_an_earlier_rotation_day_of_the_key(server_app):
    station = FakeStation(server_app.dsn, code="WH1-BENCH-05").enrol()
    label = station.issue(day="20261121")
    station.push(
        "key_events",
        {"id": 1, "key_id": station.kid, "kind": "rotated", "after": "20261120",
         "at": "2026-11-20T08:00:00Z", "reason": "rotated"},
    )  # fmt: skip
    with db.connect(server_app.dsn) as conn, conn.transaction():
        stations.revoke(conn, station.code, None)
    assert INVALID in _scan(server_app, label.path_and_query)
    with db.connect(server_app.dsn) as conn:
        ends = conn.execute("SELECT kind, after FROM resolver_key_ends").fetchall()
    assert ends == [{"kind": "rotated", "after": "20261120"}]
