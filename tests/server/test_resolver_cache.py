"""The resolver's per-worker memory of label records (``resolver_cache``) on the real
PostgreSQL: a scan it knows needs no database, and it never keeps saying "genuine" after a
label was revoked, voided, flagged or its key revoked — on every worker, with the change
channel up (NOTIFY), after a PostgreSQL restart, and with the channel down (short TTL)."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from resolver_support import FakeStation, eventually
from starlette.testclient import TestClient

from appraiser.server import clone
from appraiser.server.app import ServerSettings, create_app
from appraiser.server.resolver_cache import LISTENER_NAME, Entry, LabelCache

GENUINE, REVOKED = 'data-status="genuine"', 'data-status="revoked"'


@pytest.fixture
def worker(pg_dsn: str, tmp_path: Path):
    """``worker()``: one more resolver worker (its own app, event loop, cache) on the DB."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "m")))
        client = TestClient(app, client=("127.0.0.1", 50000)).__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_rate_limit(monkeypatch):
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0")


def _labels(client: TestClient) -> LabelCache:
    return client.app.state.resolver.labels


_TOKENS: dict[str, str] = {}


def _page(client: TestClient, label) -> str:
    """The label's page. Its address is asked (a resolve: one scan) only the first time;
    the page hits after it are that resolve's redirect to the clone rules, not scans, so
    polling a page never raises a clone flag (whose notice would refresh the page too)."""
    token = _TOKENS.get(label.serial) or _TOKENS.setdefault(label.serial, _token(client, label))
    return client.get(f"/p/{token}?{label.query}").text


def _token(client: TestClient, label) -> str:
    answer = client.get(label.path_and_query, follow_redirects=False)
    return answer.headers["location"].split("/p/")[1].split("?")[0]


def test_a_label_the_worker_knows_is_answered_without_the_database(pg_dsn, worker):
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    client = worker()
    token = _token(client, label)
    assert GENUINE in client.get(f"/p/{token}?{label.query}").text
    pools = (client.app.state.resolver.pool, _labels(client).pool)

    def no_database(*args, **kwargs):
        raise psycopg.OperationalError("the hot path asked the database")

    for pool in pools:
        pool.connection = no_database  # any checkout now fails (503 via resolver_guard)
    try:
        page = client.get(f"/p/{token}?{label.query}")
        resolved = client.get(label.path_and_query, follow_redirects=False)
    finally:
        for pool in pools:
            del pool.connection
    assert page.status_code == 200 and GENUINE in page.text
    assert resolved.status_code == 307


def test_a_revocation_reaches_every_worker(pg_dsn, worker):
    """Two workers both hold the label as genuine; a revocation reaches both by NOTIFY."""
    station = FakeStation(pg_dsn).enrol()
    label, other = station.issue(), station.issue()
    first, second = worker(), worker()
    for client in (first, second):
        assert GENUINE in _page(client, label) and GENUINE in _page(client, other)
        assert _labels(client).listening  # no TTL: only the notice can make it change
    station.end(label.serial, "revoked")
    for client in (first, second):
        assert REVOKED in eventually(lambda c=client: _page(c, label), lambda t: REVOKED in t)
        assert GENUINE in _page(client, other)  # the notice named one serial
        assert _labels(client).listening


def test_a_void_a_flag_and_a_revoked_key_reach_the_page(pg_dsn, worker):
    station = FakeStation(pg_dsn).enrol()
    voided, flagged = station.issue(), station.issue()
    client = worker()
    assert GENUINE in _page(client, voided) and GENUINE in _page(client, flagged)
    station.end(voided.serial, "voided")
    with psycopg.connect(pg_dsn) as conn:
        conn.execute(
            "INSERT INTO clone_flags (serial, rule, detail) VALUES (%s, 'many_clients', '{}')",
            (flagged.serial,),
        )
    seen = eventually(lambda: _page(client, voided), lambda t: "voided" in t)
    assert 'data-status="voided"' in seen
    assert 'data-caution="clone"' in eventually(lambda: _page(client, flagged), lambda t: "⚠" in t)
    station.push(
        "key_events",
        {"id": 1, "key_id": station.kid, "kind": "revoked", "after": "", "at": "2026-11-22"},
    )
    bad = 'data-status="bad_signature"'
    assert bad in eventually(lambda: _page(client, flagged), lambda t: bad in t)


def test_the_listener_comes_back_after_a_postgresql_restart(pg_dsn, worker, pg_cluster):
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    client = worker()
    assert GENUINE in _page(client, label)
    labels = _labels(client)
    before = labels.epoch
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("CHECKPOINT")  # the test cluster runs fsync=off: keep the label
    pg_cluster.crash()
    pg_cluster.restart()
    # heard it go down (emptied), then listening again (emptied once more)
    back = eventually(lambda: labels.listening and labels.epoch >= before + 2, bool, 30)
    assert back
    scanned = eventually(  # the pool replaces its dead connections (503 until then)
        lambda: client.get(label.path_and_query, follow_redirects=False),
        lambda r: r.status_code == 307,
        30,
    )
    assert scanned.status_code == 307
    assert GENUINE in _page(client, label)  # looked up again (the restart emptied the cache)
    assert labels.listening
    station.end(label.serial, "revoked")
    assert REVOKED in eventually(lambda: _page(client, label), lambda t: REVOKED in t)


def test_with_the_change_channel_down_a_record_is_believed_one_ttl(pg_dsn, worker):
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    client = worker()
    assert GENUINE in _page(client, label)
    labels = _labels(client)
    assert labels.listening
    labels.dsn += "&port=1"  # it cannot listen again…
    with psycopg.connect(pg_dsn, autocommit=True) as conn:  # …once its connection is cut
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (LISTENER_NAME,),
        )
    assert eventually(lambda: labels.listening, lambda up: not up) is False
    assert GENUINE in _page(client, label)  # cached for at most the fallback TTL
    station.end(label.serial, "revoked")
    seen = eventually(lambda: _page(client, label), lambda t: REVOKED in t, labels.ttl + 2)
    assert REVOKED in seen and not labels.listening


def test_every_cached_hit_is_logged_and_feeds_the_clone_rules(pg_dsn, tmp_path):
    """Cache hits still land in resolver_scans (one row each) and raise the clone flag, and
    the flag then shows on the page the worker had in memory."""
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "m")))
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        token = _token(client, label)
        client.get(f"/p/{token}?{label.query}")  # the redirect's page hit (one scan)
        hits = _labels(client).hits
        for _ in range(clone.TOO_MANY_SCANS - 1):  # 20 scans so far: no flag yet
            client.get(label.path_and_query, follow_redirects=False)
        assert _labels(client).hits - hits == clone.TOO_MANY_SCANS - 1  # all from memory
        client.get(label.path_and_query, follow_redirects=False)  # the 21st: too many
        shown = eventually(lambda: client.get(f"/p/{token}?{label.query}").text, lambda t: "⚠" in t)
        assert 'data-caution="clone"' in shown
    with psycopg.connect(pg_dsn, row_factory=dict_row) as conn:
        kinds = conn.execute(
            "SELECT kind, count(*) AS n FROM resolver_scans WHERE serial = %s GROUP BY kind",
            (label.serial,),
        ).fetchall()
        rules = conn.execute("SELECT rule FROM clone_flags WHERE serial = %s", (label.serial,))
        assert [r["rule"] for r in rules.fetchall()] == ["too_many_scans"]
    counts = {row["kind"]: row["n"] for row in kinds}
    assert counts["resolve"] == clone.TOO_MANY_SCANS + 1
    assert counts["page"] >= 2


def test_a_lookup_that_raced_a_change_is_not_kept(pg_dsn):
    """A row read before a change committed must not be stored after its notice was heard."""
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()

    async def scenario() -> tuple[bool, bool]:
        pool = AsyncConnectionPool(pg_dsn, kwargs={"row_factory": dict_row}, open=False)
        await pool.open()
        cache = LabelCache(pg_dsn, pool)
        real = pool.connection

        @asynccontextmanager
        async def reading_while_a_notice_arrives(*args, **kwargs):
            async with real(*args, **kwargs) as conn:
                yield conn
            cache.heard(label.serial)  # the notice lands while the lookup is in flight

        pool.connection = reading_while_a_notice_arrives
        raced = await cache.by_serial(label.serial)
        pool.connection = real
        kept_raced = label.serial in cache._serials
        calm = await cache.by_serial(label.serial)
        kept_calm = label.serial in cache._serials
        await pool.close()
        return raced is not None and kept_raced, calm is not None and kept_calm

    kept_raced, kept_calm = asyncio.run(scenario())
    assert not kept_raced and kept_calm


def test_the_cache_is_bounded_and_forgets_the_least_recently_used():
    cache = LabelCache("postgresql://unused", pool=None, limit=2)  # type: ignore[arg-type]
    cache.listening = True
    for serial in ("A", "B"):
        cache._store(Entry({"serial": serial, "page_token": f"t{serial}"}, 0.0))
    assert cache._fresh("A") is not None  # A is now the most recently used
    cache._store(Entry({"serial": "C", "page_token": "tC"}, 0.0))
    assert sorted(cache._serials) == ["A", "C"] and sorted(cache._tokens) == ["tA", "tC"]


def test_every_table_the_page_reads_announces_its_changes(pg_dsn, worker):
    """A photo, a product name, a lot arriving after the page was in a worker's memory all
    show: schema 300's triggers on resolver_media(_types), resolver_items and resolver_lots
    name the labels those rows feed."""
    station = FakeStation(pg_dsn).enrol()
    label = station.issue()
    client = worker()
    before = _page(client, label)
    assert GENUINE in before and "<img" not in before and 'class="lot"' not in before
    sha = "ab" * 32
    station.push(
        "appraisal_media",
        {"id": 9, "appraisal_uid": label.appraisal_uid, "media_sha256": sha, "role": "still"},
    )
    assert sha in eventually(lambda: _page(client, label), lambda t: sha in t)
    item = label.appraisal_uid.replace("appr-", "item-")
    station.push("items", {"uid": item, "brand": "Acme", "model": "Weekender 45"})
    assert "Weekender 45" in eventually(lambda: _page(client, label), lambda t: "Weekender" in t)
    station.push("lots", {"uid": "lot-7", "quantity": 120, "policy": "sample", "sample_size": 13})
    station.push("lot_unit_labels", {"lot_uid": "lot-7", "serial": label.serial})
    shown = eventually(lambda: _page(client, label), lambda t: 'class="lot"' in t)
    assert 'class="lot"' in shown and "120" in shown
