"""Scan logging, fleet-wide clone rules and the per-client rate limit, on the real
PostgreSQL. The scan log is written in batches; closing the app (lifespan shutdown) flushes
it, so each test reads the log after the client is closed."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row
from resolver_support import FakeStation
from starlette.testclient import TestClient

from appraiser.server import clone
from appraiser.server.app import ServerSettings, create_app
from appraiser.server.scans import RateLimiter, client_hash, coarse_agent

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0"


@pytest.fixture
def app_factory(pg_dsn: str, tmp_path: Path):
    def make(**env: str) -> TestClient:
        app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "m")))
        return TestClient(app, client=("127.0.0.1", 50000))  # a local proxy in front

    return make


def _rows(dsn: str, sql: str, *args) -> list[dict]:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return conn.execute(sql, args).fetchall()


def test_every_hit_is_logged_with_a_salted_client_hash_and_a_coarse_agent(
    pg_dsn, app_factory, monkeypatch
):
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    with app_factory() as client:
        client.get(label.path_and_query, headers={"User-Agent": PHONE}, follow_redirects=False)
        client.get("/01/09506000134353/21/X", headers={"User-Agent": "curl/8"})
    rows = _rows(pg_dsn, "SELECT * FROM resolver_scans ORDER BY id")
    assert [(r["serial"], r["kind"], r["outcome"]) for r in rows] == [
        (label.serial, "resolve", "live"),
        (None, "bad_request", "bad_request"),
    ]
    assert rows[0]["agent"] == "wechat/ios" and rows[1]["agent"] == "bot/other"
    assert "127.0.0.1" not in rows[0]["client"] and len(rows[0]["client"]) == 32
    salt = _rows(pg_dsn, "SELECT value FROM resolver_secrets")[0]["value"]
    assert rows[0]["client"] == client_hash(bytes(salt), "127.0.0.1")


def test_too_many_scans_raise_a_flag_once(pg_dsn, app_factory, monkeypatch):
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0")
    station = FakeStation(pg_dsn).enrol()
    label, quiet = station.issue(), station.issue()
    with app_factory() as client:
        for _ in range(clone.TOO_MANY_SCANS + 1):
            client.get(label.path, follow_redirects=False)
        client.get(quiet.path, follow_redirects=False)
    with app_factory() as client:
        client.get(label.path, follow_redirects=False)
    flags = _rows(pg_dsn, "SELECT serial, rule, detail FROM clone_flags")
    assert [(f["serial"], f["rule"]) for f in flags] == [(label.serial, "too_many_scans")]
    assert flags[0]["detail"]["scans_24h"] == clone.TOO_MANY_SCANS + 1


def test_many_distinct_clients_raise_a_flag(pg_dsn, app_factory, monkeypatch):
    monkeypatch.setenv("APPRAISER_RESOLVER_TRUST_PROXY", "1")
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    with app_factory() as client:
        for i in range(clone.MANY_CLIENTS):
            client.get(label.path, headers={"X-Forwarded-For": f"10.0.0.{i}"})
    assert _rows(pg_dsn, "SELECT * FROM clone_flags") == []
    with app_factory() as client:
        client.get(label.path, headers={"X-Forwarded-For": "10.0.1.1"}, follow_redirects=False)
    flags = _rows(pg_dsn, "SELECT rule, detail FROM clone_flags")
    assert [f["rule"] for f in flags] == ["many_clients"]
    assert flags[0]["detail"]["clients"] == clone.MANY_CLIENTS + 1


def test_a_scan_after_void_or_revocation_raises_a_flag(pg_dsn, app_factory):
    """After a void: a probable clone (scanned_after_end); after a revocation: a withdrawn
    label still in circulation (issue 15 finding N6)."""
    station = FakeStation(pg_dsn).enrol()
    revoked, voided, live = station.issue(), station.issue(), station.issue()
    station.end(revoked.serial, "revoked", day="2026-01-01")
    station.end(voided.serial, "voided", day="2026-01-01")
    with app_factory() as client:
        for label in (revoked, voided, live):
            client.get(label.path, follow_redirects=False)
    flags = _rows(pg_dsn, "SELECT serial, rule, detail FROM clone_flags ORDER BY rule")
    assert [(f["serial"], f["rule"]) for f in flags] == [
        (voided.serial, "scanned_after_end"),
        (revoked.serial, "withdrawn_in_circulation"),
    ]
    assert [f["detail"]["state"] for f in flags] == ["voided", "revoked"]


def test_a_serial_claimed_by_two_outbound_scans_raises_a_flag(pg_dsn):
    first, second = FakeStation(pg_dsn).enrol(), FakeStation(pg_dsn, code="WH2-OUT").enrol()
    label = first.issue()
    scan = {"purpose": "outbound", "serial": label.serial, "outcome": "valid"}
    first.push("scan_events", {**scan, "id": 1, "created": "2026-11-21T01:00:00Z"})
    first.push("scan_events", {**scan, "id": 1, "created": "2026-11-21T01:00:00Z"})  # a replay
    first.push("scan_events", {**scan, "id": 2, "purpose": "bench", "created": "x"})
    assert _rows(pg_dsn, "SELECT * FROM clone_flags") == []
    second.push("scan_events", {**scan, "id": 7, "created": "2026-11-22T01:00:00Z"})
    with psycopg.connect(pg_dsn, row_factory=dict_row) as conn:
        flags = clone.flags(conn)
    assert [(f["serial"], f["rule"], f["station"]) for f in flags] == [
        (label.serial, "outbound_claimed", "WH1-BENCH-03")
    ]
    assert sorted(flags[0]["detail"]["stations"]) == ["WH1-BENCH-03", "WH2-OUT"]


def test_rate_limit_answers_429_with_retry_after(pg_dsn, app_factory, monkeypatch):
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0.5")
    monkeypatch.setenv("APPRAISER_RESOLVER_BURST", "3")
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    with app_factory() as client:
        codes = [client.get(label.path, follow_redirects=False).status_code for _ in range(4)]
        limited = client.get(label.path, follow_redirects=False)
    assert codes[:3] == [307, 307, 307] and codes[3] == 429
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["access-control-allow-origin"] == "*"


def test_token_bucket_refills_with_time():
    limiter = RateLimiter(rate=1.0, burst=2)
    assert [limiter.retry_after("c", now=0.0) for _ in range(3)] == [0, 0, 1]
    assert limiter.retry_after("c", now=1.0) == 0
    assert limiter.retry_after("other", now=1.0) == 0
    assert RateLimiter(rate=0, burst=1).retry_after("c") == 0


def test_coarse_agents_name_a_family_and_platform_only():
    assert coarse_agent(PHONE) == "wechat/ios"
    chrome = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
    assert coarse_agent(chrome) == "chrome/android"
    assert coarse_agent(None) == "none/other"


def _page_address(client: TestClient, label) -> str:
    """The consumer-page address the resolver redirects a genuine scan to."""
    return client.get(label.path_and_query, follow_redirects=False).headers["location"]


def test_page_hits_from_many_clients_raise_the_clone_flags(pg_dsn, app_factory, monkeypatch):
    """issue 15 finding F4: a counterfeiter who prints the consumer-page address /p/<token>
    into every clone's QR is counted like a scan of the GS1 URI (same serial): many clients
    raise many_clients, many scans raise too_many_scans."""
    monkeypatch.setenv("APPRAISER_RESOLVER_TRUST_PROXY", "1")
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0")
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    with app_factory() as client:
        address = _page_address(client, label)
        for i in range(clone.TOO_MANY_SCANS + 1):
            client.get(address, headers={"X-Forwarded-For": f"10.0.2.{i}"})
    flags = _rows(pg_dsn, "SELECT serial, rule FROM clone_flags ORDER BY rule")
    assert [(f["serial"], f["rule"]) for f in flags] == [
        (label.serial, "many_clients"),
        (label.serial, "too_many_scans"),
    ]


def test_a_page_hit_right_after_its_resolve_counts_as_one_scan(pg_dsn, app_factory, monkeypatch):
    """issue 15 finding F4 (the other side): an honest phone's resolve and the page it is
    redirected to are one scan, so a label scanned 11 times is not a clone."""
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0")
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    with app_factory() as client:
        for _ in range(clone.TOO_MANY_SCANS // 2 + 1):
            client.get(label.path_and_query)  # follows the 307 to the page
    kinds = _rows(pg_dsn, "SELECT kind FROM resolver_scans WHERE serial = %s", label.serial)
    assert {k["kind"] for k in kinds} == {"resolve", "page"}
    assert _rows(pg_dsn, "SELECT * FROM clone_flags") == []


def test_a_page_hit_after_void_raises_scanned_after_end(pg_dsn, app_factory):
    """issue 15 finding F4: the consumer-page address of a voided label counts as a scan
    after its end."""
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    with app_factory() as client:
        address = _page_address(client, label)
    _rows_exec(pg_dsn, "DELETE FROM resolver_scans")
    station.end(label.serial, "voided", day="2026-01-01")
    with app_factory() as client:
        client.get(address)
    flags = _rows(pg_dsn, "SELECT serial, rule FROM clone_flags")
    assert [(f["serial"], f["rule"]) for f in flags] == [(label.serial, "scanned_after_end")]


def _rows_exec(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute(sql)
