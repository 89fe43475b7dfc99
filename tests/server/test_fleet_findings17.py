"""Findings of the second fresh-eyes attack on the fleet server (issue 15,
/work/notes/findings17.md), server side: each test failed before its fix."""

from __future__ import annotations

import csv
import time
from datetime import date
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from appraiser.cli.main import main
from appraiser.server import site
from tests.server.push_support import push
from tests.server.sync_support import sign_in

DAY = date(2026, 12, 6)
FORGED = "AP-BW-01-20261206-0002"


def _rows(dsn: str, sql: str, params=()) -> list[dict]:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()


def _appraisal(uid: str, station: str, item: str) -> dict:
    return {"id": int(uid[-4:]), "uid": uid, "revision": 1, "supersedes": None,
            "item_uid": item, "station": station, "appraiser_id": 3, "category": "shoes",
            "state": "done", "step": "verdict", "started": "2026-12-06T04:00:00.000Z",
            "data": "{}", "created": "2026-12-06T04:00:01.000Z", "created_by": 3,
            "reason": None}  # fmt: skip


def _verdict(n: int, uid: str) -> dict:
    return {"id": n, "appraisal_uid": uid, "verdict": "genuine", "reason_codes": "[]",
            "note": "", "kind": "initial", "meaning": "x", "signed_by": 3,
            "signed_at": "2026-12-06T04:00:02.000Z", "supersedes": None,
            "reason": None}  # fmt: skip


def _item(uid: str) -> dict:
    return {"id": 50, "uid": uid, "revision": 1, "brand": "Forged", "model": "Tote",
            "gtin": "9771330439082", "declaration_no": "D-1", "merchant": "M",
            "origin": "FR"}  # fmt: skip


def test_a_station_cannot_file_records_under_another_stations_name(server_app, tmp_path: Path):
    """issue 15 finding N3: BW-04 pushes, correctly chained, an appraisal AP-BW-01-… with
    station BW-01, a genuine verdict and a label for it, and an appraisal of its own uid that
    claims station BW-01. None is projected, each is alarmed projection.foreign_record; the
    site view and the site export (with and without --station) never list them — BW-04's own
    record is listed under BW-04."""
    sign_in(server_app, "BW-04")
    own = "AP-BW-04-20261206-0001"
    rows = [
        ("users", "3", {"id": 3, "username": "li", "display_name": "Li", "role": "appraiser"}),
        ("items", "50", _item("IT-SPOOF0000001")),
        ("appraisals", "2", _appraisal(FORGED, "BW-01", "IT-SPOOF0000001")),
        ("verdicts", "52", _verdict(52, FORGED)),
        ("labels", "9", {"id": 9, "serial": "SPOOFSPOOFSPOOF001", "appraisal_uid": FORGED}),
        ("appraisals", "3", _appraisal("AP-BW-04-20261206-0003", "BW-01", "IT-SPOOF0000001")),
        ("appraisals", "1", _appraisal(own, "BW-04", "IT-SPOOF0000001")),
        ("verdicts", "53", _verdict(53, own)),
        (
            "scan_events",
            "7",
            {
                "id": 7,
                "serial": "X",
                "outcome": "valid",
                "purpose": "consumer",
                "station": "SHOP-SZ-12",
                "created": "2026-12-06T04:00:03Z",
            },
        ),
    ]
    answer = push(server_app.client, rows)
    assert answer.status_code == 200, answer.text
    alarms = _rows(server_app.dsn, "SELECT kind, detail FROM alarms ORDER BY id")
    assert [(a["kind"], a["detail"]["table"]) for a in alarms] == [
        ("projection.foreign_record", "appraisals"),
        ("projection.foreign_record", "verdicts"),
        ("projection.foreign_record", "labels"),
        ("projection.foreign_record", "appraisals"),
    ]
    assert alarms[0]["detail"]["names"] == "BW-01"
    projected = _rows(server_app.dsn, "SELECT appraisal_uid FROM resolver_appraisals")
    assert projected == [{"appraisal_uid": own}]

    with psycopg.connect(server_app.dsn, row_factory=dict_row) as conn, site.read_only(conn):
        view = site.site_day(conn, DAY)
    (bw04,) = view.stations
    assert bw04.code == "BW-04" and bw04.figures.total == 1
    assert [r["station"] for r in bw04.rows.rows] == ["BW-04"]

    keys = tmp_path / "keys"
    for extra in ([], ["--station", "BW-04"]):
        out = tmp_path / f"site{len(extra)}.csv"
        argv = ["server", "export", "daily", "--dsn", server_app.dsn, "--date", DAY.isoformat(),
                "--format", "csv", "--out", str(out), "--keys", str(keys), "--lang", "en",
                *extra]  # fmt: skip
        assert main(argv) == 0
        text = out.read_text(encoding="utf-8-sig")
        assert FORGED not in text and "0003" not in text
        listed = list(csv.DictReader(text.splitlines()))
        assert [r["Station"] for r in listed] == ["BW-04"]


def _distinct_clients(dsn: str, serial: str) -> int:
    rows = _rows(dsn, "SELECT count(DISTINCT client) AS n FROM resolver_scans WHERE serial = %s",
                 (serial,))  # fmt: skip
    return rows[0]["n"]


def test_the_readmes_proxy_switch_counts_each_phone_behind_the_proxy(
    pg_dsn, tmp_path: Path, monkeypatch
):
    """issue 15 finding N1: APPRAISER_TRUST_PROXY=1 + APPRAISER_TRUSTED_PROXIES (README's names)
    make the resolver count the right-most untrusted X-Forwarded-For hop: four phones behind a
    local proxy are four clients, not one."""
    from starlette.testclient import TestClient

    from appraiser.server.app import ServerSettings, create_app
    from tests.server.resolver_support import FakeStation

    monkeypatch.delenv("APPRAISER_RESOLVER_TRUST_PROXY", raising=False)
    monkeypatch.setenv("APPRAISER_TRUST_PROXY", "1")
    monkeypatch.setenv("APPRAISER_TRUSTED_PROXIES", "127.0.0.1")
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "0")
    label = FakeStation(pg_dsn).enrol().issue()
    app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "m")))
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        for phone in ("1.2.3.4", "200.1.1.1", "77.77.77.77", "2001:db8::1"):
            answer = client.get(label.path, headers={"X-Forwarded-For": f"9.9.9.9, {phone}"},
                                follow_redirects=False)  # fmt: skip
            assert answer.status_code == 307
    assert _distinct_clients(pg_dsn, label.serial) == 4


def test_server_run_names_and_prints_its_proxy_trust(pg_dsn, tmp_path: Path, monkeypatch, capsys):
    """issue 15 finding N1: `server run --help` names the variables; a value it cannot read is
    refused in one line (exit 2) before anything starts; the start-up line says which trust is
    in effect."""
    import pytest

    from tests.server.conftest import LiveServer

    with pytest.raises(SystemExit):
        main(["server", "run", "--help"])
    assert "APPRAISER_TRUST_PROXY=1" in capsys.readouterr().out.replace("\n", " ")
    monkeypatch.setenv("APPRAISER_TRUST_PROXY", "please")
    argv = ["server", "run", "--dsn", pg_dsn, "--media", str(tmp_path / "m"), "--listen",
            "127.0.0.1:1"]  # fmt: skip
    assert main(argv) == 2
    assert "APPRAISER_TRUST_PROXY='please'" in capsys.readouterr().err
    monkeypatch.setenv("APPRAISER_TRUST_PROXY", "1")
    monkeypatch.setenv("APPRAISER_TRUSTED_PROXIES", "10.0.0.0/8")
    server = LiveServer(pg_dsn, tmp_path / "m", tmp_path / "server.log")
    server.start()
    try:
        log = server.log.read_text()
    finally:
        server.kill()
    assert "proxy trust: on (APPRAISER_TRUST_PROXY)" in log and "10.0.0.0/8" in log


def _database_away(dsn: str, away: bool) -> None:
    """The server's database refuses every connection (as when PostgreSQL is down), or
    takes them again. Only this test's database: the shared test cluster keeps running."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = conninfo_to_dict(dsn)["dbname"]
    with psycopg.connect(make_conninfo(dsn, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if away else "true"}')
        if away:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         " WHERE datname = %s", (name,))  # fmt: skip


def test_with_the_database_away_site_and_sync_answer_503_and_sync_says_so(
    enrolled, live_server, tmp_path: Path, capsys
):
    """issue 15 finding N8: PostgreSQL away → /site/ answers 503 + Retry-After with a short
    page in the reader's language, /sync/v1/* 503 + Retry-After JSON, and `sync --once` says
    "server database unavailable" (exit 3); everything works again once it is back."""
    import re

    import httpx
    from starlette.testclient import TestClient

    from appraiser.server.app import ServerSettings, create_app

    data = ["--data-dir", str(enrolled.data.root)]
    assert main([*data, "sync", "--once"]) == 0
    capsys.readouterr()
    assert main(["server", "add-supervisor", "chief", "--dsn", live_server.dsn]) == 0
    key = capsys.readouterr().out.strip()
    app = create_app(ServerSettings(dsn=live_server.dsn, media=str(live_server.media)))
    with TestClient(app, base_url="http://site.test") as web:
        form = web.get("/site/").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        signed = web.post("/site/login", data={"name": "chief", "key": key, "csrf": csrf},
                          follow_redirects=False)  # fmt: skip
        assert signed.status_code == 303
        with enrolled.store.atomic("system") as tx:
            tx.event("test.after_first_sync")
        _database_away(live_server.dsn, True)
        try:
            page = web.get("/site/", headers={"Accept-Language": "zh-CN"})
            assert page.status_code == 503 and page.headers["Retry-After"].isdigit()
            assert "全场数据库暂时无法访问" in page.text
            assert "unavailable right now" in web.get("/site/").text
            state = httpx.get(f"{live_server.url}/sync/v1/state", timeout=30,
                              headers={"Authorization": "Bearer nobody"})  # fmt: skip
            assert state.status_code == 503 and state.headers["Retry-After"].isdigit()
            assert state.json()["unavailable"] == "database"
            capsys.readouterr()
            assert main([*data, "sync", "--once"]) == 3
            (line,) = capsys.readouterr().err.strip().splitlines()
            assert "server database unavailable" in line and "503" in line
        finally:
            _database_away(live_server.dsn, False)
    # the server notices the database is back on its next check (about a second): wait
    # for that, as a station's next pass would, before the pass that must succeed
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = httpx.get(f"{live_server.url}/sync/v1/state", timeout=30,
                          headers={"Authorization": "Bearer nobody"})  # fmt: skip
        if state.status_code != 503:
            break
        time.sleep(0.2)
    assert main([*data, "sync", "--once"]) == 0


def test_scans_of_withdrawn_labels_are_not_clone_flags_and_group_per_lot(pg_dsn):
    """issue 15 finding N6: scans after a revocation (lot withdrawn or verdict amended) are
    'withdrawn label still in circulation', grouped per lot on the site page — the clone
    flags keep only the scan after a void (a reprint) and are not buried by the lot."""
    from starlette.testclient import TestClient

    from appraiser.server import supervisor_page
    from appraiser.server.app import ServerSettings, create_app
    from tests.server.resolver_support import FakeStation

    station = FakeStation(pg_dsn).enrol()
    lot = [station.issue() for _ in range(3)]
    amended, voided, live = station.issue(), station.issue(), station.issue()
    station.push("lots", {"uid": "LOT-N6", "quantity": 500, "sample_size": 50, "policy": "x"})
    for label in lot:
        station.push("lot_unit_labels", {"lot_uid": "LOT-N6", "serial": label.serial})
        station.end(label.serial, "revoked", day="2026-01-01")
    station.end(amended.serial, "revoked", day="2026-01-01")
    station.end(voided.serial, "voided", day="2026-01-01")
    app = create_app(ServerSettings(dsn=pg_dsn, media="/nonexistent-n6"))
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        for label in (*lot, amended, voided, live):
            assert client.get(label.path, follow_redirects=False).status_code == 307
    flags = _rows(pg_dsn, "SELECT serial, rule FROM clone_flags ORDER BY serial")
    rules = {f["serial"]: f["rule"] for f in flags}
    assert rules == {
        **{label.serial: "withdrawn_in_circulation" for label in (*lot, amended)},
        voided.serial: "scanned_after_end",
    }
    with psycopg.connect(pg_dsn, row_factory=dict_row) as conn, site.read_only(conn):
        view = site.site_day(conn, DAY).as_dict()
    assert [f["serial"] for f in view["clone_flags"]] == [voided.serial]
    groups = view["withdrawn_in_circulation"]
    assert [(g["lot"], g["labels"]) for g in groups] == [("LOT-N6", 3), (None, 1)]
    html = supervisor_page.site_page("en", view, "chief", "csrf").decode()
    assert "Clone flags (1)" in html and "Withdrawn labels still in circulation (4)" in html
    zh = supervisor_page.site_page("zh-CN", view, "chief", "csrf").decode()
    assert "已撤回但仍在流通的标签 (4)" in zh


def test_fleet_clone_flags_reach_the_stations_label_flags(
    enrolled, live_server, appraiser_session, password, capsys
):
    """issue 15 finding N9: consumers scan a label of this station 21 times on the server
    (too_many_scans there); `appraiser sync --once` pulls the flag into the station's
    label_flags (rule fleet_too_many_scans, source fleet) and `appraiser label flags` lists
    it; another station's flag is never pulled; a second sync pulls nothing twice."""
    import json
    from urllib.parse import urlsplit

    import httpx

    from appraiser.server import clone
    from appraiser.services.labelling import labels
    from tests.core.label_support import genuine_appraisal
    from tests.server.resolver_support import FakeStation, eventually

    data = ["--data-dir", str(enrolled.data.root)]
    label = labels.issue(enrolled, appraiser_session,
                         genuine_appraisal(enrolled, appraiser_session, password))  # fmt: skip
    assert main([*data, "sync", "--once"]) == 0
    other = FakeStation(live_server.dsn, code="BW-77").enrol().issue()
    with psycopg.connect(live_server.dsn) as conn:
        conn.execute("INSERT INTO clone_flags (serial, rule) VALUES (%s, 'many_clients')",
                     (other.serial,))  # fmt: skip
    parts = urlsplit(label.payload)
    for _ in range(clone.TOO_MANY_SCANS + 1):
        answer = httpx.get(f"{live_server.url}{parts.path}?{parts.query}", timeout=10)
        assert answer.status_code == 307
    eventually(lambda: _rows(live_server.dsn, "SELECT rule FROM clone_flags WHERE serial = %s",
                             (label.serial,)), bool, seconds=30)  # fmt: skip
    assert main([*data, "sync", "--once"]) == 0
    capsys.readouterr()
    assert main([*data, "label", "flags", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["grouped"].replace("-", ""), row["rule"]) for row in listed] == [
        (label.serial, "fleet_too_many_scans")
    ]
    assert "too many times" in listed[0]["text"]
    held = enrolled.store.query("SELECT serial, detail FROM label_flags")
    assert len(held) == 1 and json.loads(held[0]["detail"])["source"] == "fleet"
    assert main([*data, "sync", "--once"]) == 0
    assert len(enrolled.store.query("SELECT 1 FROM label_flags")) == 1
