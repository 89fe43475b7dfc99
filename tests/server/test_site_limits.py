"""Site-wide rate limits (issue 15 F19, F12): two workers (two app instances on one
PostgreSQL) together admit one client's budget once, not once each.

Each request below is followed by a wait until both workers exchanged their counts, so the
sync interval's slack (what another worker admits before it hears of the rest) is zero here
and the site admits exactly ``ceil(burst + rate × window)``. Without the exchange each worker
would admit its own burst: twice as many.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fleet_support import server_rows, wait_for
from starlette.testclient import TestClient

from appraiser.keys import key_id, public_pem
from appraiser.server.app import ServerSettings, create_app
from tests.server.sync_support import enrol_in_db, session_body

BURST, RATE, WINDOW = 6, 0.0001, 3600  # a window far longer than the test
BUDGET = math.ceil(BURST + RATE * WINDOW)
UNKNOWN = "/01/09506000134352/21/AAAAAAAAAAAAAAAA"  # well-formed, no such label: 404


@pytest.fixture
def two_workers(pg_dsn: str, tmp_path: Path, monkeypatch) -> Iterator[list[TestClient]]:
    for name in ("RESOLVER", "AUTH", "AUTH_STATION", "SYNC", "SYNC_STATION"):
        monkeypatch.setenv(f"APPRAISER_{name}_RATE", str(RATE))
        monkeypatch.setenv(f"APPRAISER_{name}_BURST", str(BURST))
    monkeypatch.setenv("APPRAISER_RATE_WINDOW", str(WINDOW))
    monkeypatch.setenv("APPRAISER_RATE_SYNC_SECONDS", "0.05")
    media = str(tmp_path / "media")
    apps = [create_app(ServerSettings(dsn=pg_dsn, media=media, pool_max=2)) for _ in range(2)]
    with TestClient(apps[0]) as first, TestClient(apps[1]) as second:
        yield [first, second]


def _counted(dsn: str, scope: str) -> int:
    return server_rows(dsn, "SELECT COALESCE(SUM(hits), 0) FROM rate_counts WHERE scope = %s",
                       (scope,))[0][0]  # fmt: skip


def _settle(clients, limiter_of, dsn: str, admitted: int) -> None:
    """Until PostgreSQL holds every admitted request and both workers have read it back
    (two exchanges each: the second began after the counts were in)."""
    scope = limiter_of(clients[0]).scope
    wait_for(lambda: _counted(dsn, scope) == admitted)
    seen = [limiter_of(c).exchanges for c in clients]
    pairs = list(zip(clients, seen, strict=True))
    wait_for(lambda: all(limiter_of(c).exchanges > s + 1 for c, s in pairs))


def _alternate(clients, send, limiter_of, dsn: str, count: int) -> list[int]:
    """Two warm-up requests (one per worker: its limiter is made on first use), then
    ``count`` more, alternately to each worker, each followed by ``_settle``."""
    statuses = [send(client).status_code for client in clients]
    _settle(clients, limiter_of, dsn, 2)
    for n in range(count):
        statuses.append(send(clients[n % 2]).status_code)
        _settle(clients, limiter_of, dsn, len(statuses) - statuses.count(429))
    return statuses


def test_two_resolver_workers_admit_one_clients_budget_once(two_workers, pg_dsn):
    def limiter(client):
        return client.app.state.resolver.limiter

    statuses = _alternate(two_workers, lambda c: c.get(UNKNOWN), limiter, pg_dsn, 4 * BURST)
    assert len(statuses) - statuses.count(429) == BUDGET, statuses
    assert set(statuses) == {404, 429}
    for client in two_workers:
        refused = client.get(UNKNOWN)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_two_workers_admit_one_addresss_sign_in_budget_once(two_workers, pg_dsn):
    def limiter(client):
        return client.app.state.throttle.auth.limiter

    def challenge(client):
        return client.post("/sync/v1/challenge", json={"station": "BW-404"})

    statuses = _alternate(two_workers, challenge, limiter, pg_dsn, 4 * BURST)
    assert len(statuses) - statuses.count(429) == BUDGET, statuses
    assert set(statuses) == {401, 429}  # 401: not enrolled, counted all the same


@pytest.fixture
def unthrottled(server_app, monkeypatch):
    for name in ("AUTH", "AUTH_STATION", "SYNC", "SYNC_STATION"):
        monkeypatch.setenv(f"APPRAISER_{name}_RATE", "0")
    server_app.client.app.state.throttle = None
    return server_app


def test_challenges_for_a_station_are_not_scarce_and_it_still_signs_in(unthrottled):
    """issue 15 finding B9 (was F12's cap of 20 live challenges, which strangers could fill):
    a challenge is stateless, so any number of them writes nothing and the station's own
    signed sign-in goes through."""
    key = Ed25519PrivateKey.generate()
    kid = enrol_in_db(unthrottled.dsn, "BW-01", key)
    client = unthrottled.client

    def ask(code):
        return client.post("/sync/v1/challenge", json={"station": code})

    assert {ask("BW-01").status_code for _ in range(40)} == {200}
    assert server_rows(unthrottled.dsn, "SELECT count(*) FROM auth_challenges")[0][0] == 0
    body = session_body(client, "BW-01", key, kid)
    assert client.post("/sync/v1/session", json=body).status_code == 200


def test_strangers_keys_never_fill_a_stations_proposals(unthrottled):
    from appraiser.server.auth import MAX_PROPOSED

    enrol_in_db(unthrottled.dsn, "BW-01", Ed25519PrivateKey.generate())
    client = unthrottled.client
    for _ in range(MAX_PROPOSED + 3):  # each signs a live challenge with a key of its own
        stranger = Ed25519PrivateKey.generate()
        body = session_body(client, "BW-01", stranger, key_id(stranger.public_key()))
        body["pem"] = public_pem(stranger.public_key()).decode()
        assert client.post("/sync/v1/session", json=body).status_code == 401
    unchallenged = Ed25519PrivateKey.generate()  # a made-up challenge proposes nothing
    body = {"station": "BW-01", "challenge": "made-up", "kid": key_id(unchallenged.public_key()),
            "sig": "x", "pem": public_pem(unchallenged.public_key()).decode()}  # fmt: skip
    assert client.post("/sync/v1/session", json=body).status_code == 401
    kids = [r[0] for r in server_rows(unthrottled.dsn, "SELECT kid FROM proposed_keys")]
    assert len(kids) == MAX_PROPOSED and key_id(unchallenged.public_key()) not in kids
    assert key_id(stranger.public_key()) in kids  # the newest are kept
