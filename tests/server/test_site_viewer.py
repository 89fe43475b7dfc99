"""The site view answers only a supervisor signed in at an enrolled station (issue 15 F5): a
station session alone, an appraiser, an account the server has not received or a disabled
one, and an assertion made for another session are refused."""

from __future__ import annotations

import httpx
import pytest

from appraiser.domain.enums import Role
from appraiser.errors import PermissionDenied
from appraiser.keys import StationKeys
from appraiser.server import site_viewer
from appraiser.services.admin import account_admin, accounts
from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet import site_view
from tests.server.site_support import (
    PASSWORD,
    Bench,
    site_benches_fixture,  # noqa: F401 (fixture)
    today,
)


def _supervisor(bench: Bench, name: str = "chief") -> accounts.Session:
    store = bench.station.store
    accounts.create_user(store, name, "Chief Wang", Role.SUPERVISOR, PASSWORD, by=bench.admin)
    return accounts.check_password(store, name, PASSWORD)


def _overview(bench: Bench, viewer: str | None, *, token_signed: str | None = None):
    """GET /site/v1/overview as the station, naming ``viewer`` (signed for ``token_signed``,
    by default the session's own token)."""
    link = fleet_link.load(bench.station.data)
    keys = StationKeys(bench.station.data.keys, bench.station.store)
    token = fleet_link.sign_in(link, keys)
    headers = {}
    if viewer is not None:
        message = fleet_link.viewer_message(link.station, viewer, token_signed or token)
        kid, sig = keys.sign(message)
        headers = {"X-Appraiser-Viewer": viewer, "X-Appraiser-Viewer-Kid": kid,
                   "X-Appraiser-Viewer-Sig": fleet_link.b64(sig)}  # fmt: skip
    with fleet_link.client(link, token) as http:
        day = today(bench).isoformat()
        return http.get("/site/v1/overview", params={"date": day}, headers=headers)


def test_the_station_and_the_server_sign_the_same_words():
    assert fleet_link.viewer_message("BW-1", "chief", "t") == site_viewer.viewer_message(
        "BW-1", "chief", "t"
    )


def test_a_supervisor_signed_in_at_a_station_reads_the_site_view(site_benches):
    one, _two = site_benches
    chief = _supervisor(one)
    one.sync()
    got = site_view.fetch(one.station.data, one.station.store, today(one), chief)
    assert got.online and [s["station"] for s in got.view["stations"]] == ["BW-01", "BW-02"]


def test_an_appraiser_is_refused_at_the_station_before_any_request(site_benches):
    one, _two = site_benches
    with pytest.raises(PermissionDenied, match="supervisor"):
        site_view.fetch(one.station.data, one.station.store, today(one), one.appraiser)
    with pytest.raises(PermissionDenied, match="Sign in"):
        site_view.fetch(one.station.data, one.station.store, today(one), None)


def _refused(answer: httpx.Response, status: int, words: str) -> None:
    assert answer.status_code == status, answer.text
    assert words in answer.json()["error"]
    assert "stations" not in answer.json()


def test_the_server_refuses_a_station_session_that_names_no_supervisor(site_benches):
    one, _two = site_benches
    _supervisor(one)
    one.sync()
    assert _overview(one, "chief").status_code == 200
    _refused(_overview(one, None), 401, "signed-in supervisor")
    _refused(_overview(one, "appr"), 403, "needs a supervisor")
    _refused(_overview(one, "ghost"), 403, "sync the station first")
    _refused(_overview(one, "chief", token_signed="another session"), 401, "not valid")


def test_a_supervisor_disabled_at_the_station_is_refused_once_synced(site_benches):
    one, _two = site_benches
    _supervisor(one)
    one.sync()
    account_admin.deactivate(one.station.store, one.admin, "chief")
    one.sync()
    _refused(_overview(one, "chief"), 403, "disabled")


def test_a_supervisor_of_the_station_cannot_borrow_another_station_s_name(site_benches):
    one, two = site_benches
    _supervisor(two, "boss")
    two.sync()
    _refused(_overview(one, "boss"), 403, "sync the station first")
