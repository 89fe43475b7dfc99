"""The supervisor web page and the stations' overview endpoint, on a real PostgreSQL with
two syncing stations: no anonymous access, CSRF-safe forms, no external assets, en/zh-CN."""

from __future__ import annotations

import re
from collections.abc import Iterator

import psycopg
import pytest
from starlette.testclient import TestClient

from appraiser.cli.main import main
from appraiser.domain.enums import Role
from appraiser.server.app import ServerSettings, create_app
from appraiser.services.admin import accounts
from appraiser.services.fleet import site_view
from tests.server.site_support import PASSWORD, site_benches_fixture, today  # noqa: F401

BASE = "http://site.test"


@pytest.fixture
def web(live_server, tmp_path) -> Iterator[TestClient]:
    app = create_app(ServerSettings(dsn=live_server.dsn, media=str(live_server.media)))
    with TestClient(app, base_url=BASE) as client:
        yield client


@pytest.fixture
def chief_key(live_server, capsys) -> str:
    capsys.readouterr()
    assert main(["server", "add-supervisor", "chief", "--dsn", live_server.dsn]) == 0
    return capsys.readouterr().out.strip()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _sign_in(web: TestClient, key: str, name: str = "chief"):
    form = web.get("/site/")
    return web.post(
        "/site/login",
        data={"name": name, "key": key, "csrf": _csrf(form.text)},
        follow_redirects=False,
    )


def test_anonymous_visitors_get_only_the_sign_in_form(site_benches, web):
    page = web.get("/site/")
    assert page.status_code == 200 and 'action="/site/login"' in page.text
    assert "BW-01" not in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert web.get("/site/v1/overview").status_code == 401


def test_a_supervisor_sees_every_station_verdict_mix_lag_and_no_external_asset(
    site_benches, web, chief_key
):
    signed = _sign_in(web, chief_key)
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = web.get("/site/", params={"date": today(site_benches[0]).isoformat()})
    html = page.text
    rows = dict(re.findall(r'<tr data-station="([^"]+)">(.*?)</tr>', html))
    assert set(rows) == {"BW-01", "BW-02"}
    cells = re.findall(r"<td>([^<]*)", rows["BW-01"])
    assert cells[1:7] == ["3", "3", "2", "1", "0", "0"]  # appraisals, signed, verdict mix
    assert 'id="throughput"' in html and "No clone flags." in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from elsewhere
    assert "Appraiser Li" not in html


def test_the_page_speaks_chinese_to_a_chinese_browser(site_benches, web, chief_key):
    _sign_in(web, chief_key)
    html = web.get("/site/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    assert "全场监管" in html and "同步延迟" in html and 'lang="zh-CN"' in html


def test_a_wrong_key_or_a_forged_form_opens_no_session(site_benches, web, chief_key):
    assert _sign_in(web, chief_key + "x").status_code == 401
    assert _sign_in(web, chief_key, name="nobody").status_code == 401
    web.get("/site/")
    forged = web.post(
        "/site/login", data={"name": "chief", "key": chief_key, "csrf": "guess"},
        follow_redirects=False,
    )  # fmt: skip
    assert forged.status_code == 403
    cross = web.post(
        "/site/login",
        data={"name": "chief", "key": chief_key, "csrf": _csrf(web.get("/site/").text)},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert cross.status_code == 403
    assert 'action="/site/login"' in web.get("/site/").text


def test_sign_out_needs_the_session_form_token(site_benches, web, chief_key):
    _sign_in(web, chief_key)
    page = web.get("/site/").text
    assert web.post("/site/logout", data={"csrf": "x"}, follow_redirects=False).status_code == 403
    assert 'action="/site/logout"' in web.get("/site/").text
    out = web.post("/site/logout", data={"csrf": _csrf(page)}, follow_redirects=False)
    assert out.status_code == 303
    assert 'action="/site/login"' in web.get("/site/").text


def test_add_supervisor_keeps_only_the_key_hash_and_refuses_a_second_of_the_name(
    live_server, chief_key, capsys
):
    with psycopg.connect(live_server.dsn) as conn:
        stored = conn.execute("SELECT key_sha FROM supervisors").fetchall()
    assert stored and chief_key not in stored[0][0]
    assert main(["server", "add-supervisor", "chief", "--dsn", live_server.dsn]) == 2


def test_an_enrolled_station_reads_the_site_view_and_keeps_it_for_offline(
    site_benches, live_server
):
    one, _two = site_benches
    day = today(one)
    store = one.station.store  # the site view is for a supervisor signed in at the bench
    accounts.create_user(store, "chief", "Chief", Role.SUPERVISOR, PASSWORD, by=one.admin)
    chief = accounts.check_password(store, "chief", PASSWORD)
    one.sync()
    got = site_view.fetch(one.station.data, store, day, chief)
    assert got.online and [s["station"] for s in got.view["stations"]] == ["BW-01", "BW-02"]
    live_server.kill()
    offline = site_view.fetch(one.station.data, store, day, chief)
    assert not offline.online and offline.fetched_at == got.fetched_at
    assert offline.view == got.view and "did not answer" in offline.problem
