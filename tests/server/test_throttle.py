"""Rate limits of enrolment, sign-in and sync: 429 + Retry-After per address and per station
(issue 15 F5), and the station's client waiting them out."""

from __future__ import annotations

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser.server import db
from appraiser.services.fleet import link
from tests.server.sync_support import enrol_in_db, session_body, sign_in


@pytest.fixture
def limits(server_app, monkeypatch):
    """Set ``APPRAISER_<NAME>_RATE/_BURST`` for the app's next throttle."""

    def set_limits(**bursts: int) -> None:
        for name in ("AUTH", "AUTH_STATION", "SYNC", "SYNC_STATION"):
            monkeypatch.setenv(f"APPRAISER_{name}_RATE", "0.001" if name in bursts else "0")
            monkeypatch.setenv(f"APPRAISER_{name}_BURST", str(bursts.get(name, 1)))
        server_app.client.app.state.throttle = None  # made again from the environment

    return set_limits


def _challenge(client, code: str) -> httpx.Response:
    return client.post("/sync/v1/challenge", json={"station": code})


def _refused(answer: httpx.Response) -> None:
    assert answer.status_code == 429, answer.text
    assert int(answer.headers["Retry-After"]) >= 1
    if answer.request.method == "HEAD":  # no body
        return
    assert answer.json()["retry_after"] == int(answer.headers["Retry-After"])
    assert "Too many requests" in answer.json()["error"]


def test_challenges_from_one_address_are_limited_whatever_station_they_name(server_app, limits):
    limits(AUTH=3)
    client = server_app.client
    answers = [_challenge(client, f"BW-{n}").status_code for n in range(3)]
    assert answers == [401] * 3  # unknown stations: refused, but not braked yet
    _refused(_challenge(client, "BW-99"))
    _refused(client.post("/sync/v1/session", json={"station": "BW-98"}))
    _refused(client.post("/enrol/v1", json={"station": "BW-97", "token": "x"}))


def test_sign_ins_naming_one_station_never_use_up_its_own(server_app, limits):
    """issue 15 finding B9: the per-station limit counts enrolment only (token guessing);
    challenges and sign-ins anyone sends naming a station's public code are limited per
    address, so they cannot hold the station's own sign-in back."""
    key = Ed25519PrivateKey.generate()
    kid = enrol_in_db(server_app.dsn, "BW-01", key)
    limits(AUTH_STATION=2)
    client = server_app.client
    assert [_challenge(client, "BW-01").status_code for _ in range(5)] == [200] * 5
    assert client.post("/sync/v1/session", json={"station": "BW-01"}).status_code == 401
    body = session_body(client, "BW-01", key, kid)
    assert client.post("/sync/v1/session", json=body).status_code == 200


def test_enrolment_attempts_for_one_station_are_limited(server_app, limits):
    limits(AUTH_STATION=2)
    client = server_app.client
    body = {"station": "BW-05", "token": "guess"}
    assert [client.post("/enrol/v1", json=body).status_code for _ in range(2)] == [403, 403]
    _refused(client.post("/enrol/v1", json=body))


def test_a_busy_station_is_limited_and_another_signed_in_station_is_not(server_app, limits):
    sign_in(server_app, "BW-01")
    busy = dict(server_app.client.headers)
    key = Ed25519PrivateKey.generate()
    kid = enrol_in_db(server_app.dsn, "BW-02", key)
    client = server_app.client
    other = client.post("/sync/v1/session", json=session_body(client, "BW-02", key, kid))
    other_auth = {"Authorization": f"Bearer {other.json()['token']}"}
    limits(SYNC_STATION=3)
    answers = [client.get("/sync/v1/state", headers=busy).status_code for _ in range(3)]
    assert answers == [200, 200, 200]
    _refused(client.get("/sync/v1/state", headers=busy))
    _refused(client.head(f"/sync/v1/media/{'a' * 64}", headers=busy))
    assert client.get("/sync/v1/state", headers=other_auth).status_code == 200


def test_made_up_tokens_from_one_address_are_braked_before_the_database(server_app, limits):
    limits(SYNC=5)
    client = server_app.client
    bogus = {"Authorization": "Bearer made-up"}
    answers = [client.get("/sync/v1/state", headers=bogus).status_code for _ in range(5)]
    assert answers == [401] * 5
    _refused(client.get("/sync/v1/state", headers=bogus))
    with db.connect(server_app.dsn) as conn:  # nothing was written by the refused requests
        assert conn.execute("SELECT count(*) AS n FROM sessions").fetchone()["n"] == 0


def _server_answering(statuses: list[tuple[int, dict]]) -> tuple[httpx.Client, list[str]]:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        status, headers = statuses.pop(0)
        return httpx.Response(status, headers=headers, json={})

    return httpx.Client(base_url="http://fleet", transport=httpx.MockTransport(answer)), seen


def test_the_station_waits_out_a_429_as_told_then_goes_on(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(link.time, "sleep", waits.append)
    http, seen = _server_answering([(429, {"Retry-After": "2"}), (429, {}), (200, {})])
    assert link.call(http, "GET", "/sync/v1/state").status_code == 200
    assert waits == [2.0, 1.0]
    assert seen == ["/sync/v1/state"] * 3


def test_a_server_busy_past_the_limit_is_offline_for_this_pass(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(link.time, "sleep", waits.append)
    http, _ = _server_answering([(429, {"Retry-After": "20"})] * 3)
    with pytest.raises(link.ServerUnreachable, match="busy"):
        link.call(http, "GET", "/sync/v1/state")
    assert waits == [20.0]  # a second 20 s wait would pass the 30 s a request may wait
