"""Enrolment revocation (issue 15 slice S1): `server revoke-station` ends a station's
sign-ins and pushes with a 403 the station shows, records an alarm, keeps its records; a new
`server enrol-station` token enrols it again with a new key."""

from __future__ import annotations

import httpx
from fleet_support import server_rows

from appraiser.cli.main import main
from appraiser.keys import StationKeys
from appraiser.services.admin import keys
from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet.enrol import enrol

REVOKED = "enrolment was revoked on the server: call the site administrator"


def _server(dsn: str, *args: str) -> int:
    return main(["server", *args, "--dsn", dsn])


def test_a_revoked_station_is_refused_keeps_its_records_and_enrols_again(
    enrolled, admin, live_server, capsys
):
    dsn, code = live_server.dsn, enrolled.settings.station_code
    data = ["--data-dir", str(enrolled.data.root)]
    assert main([*data, "sync", "--once"]) == 0
    link = fleet_link.load(enrolled.data)
    token = fleet_link.sign_in(link, StationKeys(enrolled.data.keys, enrolled.store))
    pushed = server_rows(dsn, "SELECT count(*) FROM audit_events")[0][0]
    capsys.readouterr()

    assert _server(dsn, "revoke-station", code, "--reason", "bench stolen") == 0
    assert f"station {code} revoked" in capsys.readouterr().out
    state = httpx.get(
        f"{live_server.url}/sync/v1/state", headers={"Authorization": f"Bearer {token}"}
    )
    assert state.status_code in (401, 403)  # its session ended with the revocation
    with enrolled.store.atomic("system") as tx:
        tx.event("test.after_revocation")
    assert main([*data, "sync", "--once"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and REVOKED in err[0] and "bench stolen" in err[0], err
    assert server_rows(dsn, "SELECT count(*) FROM audit_events")[0][0] == pushed  # kept
    alarms = server_rows(dsn, "SELECT kind, detail->>'reason' FROM alarms")
    assert alarms == [("station.revoked", "bench stolen")]
    assert _server(dsn, "stations") == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(code))
    assert "revoked" in line and "bench stolen" in line

    assert _server(dsn, "enrol-station", code) == 0
    new_token = capsys.readouterr().out.strip().splitlines()[-1]
    keys.rotate(enrolled, admin)  # the revocation retired the old key for good (finding B6)
    enrol(enrolled, admin, live_server.url, new_token)
    assert main([*data, "sync", "--once"]) == 0
    top = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    assert server_rows(dsn, "SELECT max(seq) FROM audit_events")[0][0] == top
    assert _server(dsn, "stations") == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(code))
    assert "enrolled" in line and "revoked" not in line
    kinds = [r[0] for r in server_rows(dsn, "SELECT kind FROM alarms ORDER BY id")]
    assert kinds == ["station.revoked", "station.enrolled_again"]


def test_a_revoked_sessions_token_is_refused_with_the_reason(enrolled, live_server):
    link = fleet_link.load(enrolled.data)
    token = fleet_link.sign_in(link, StationKeys(enrolled.data.keys, enrolled.store))
    from appraiser.server import db, stations

    with db.connect(live_server.dsn) as conn, conn.transaction():
        conn.execute("UPDATE stations SET revoked = now(), revoked_reason = 'sold'")  # no cleanup
    state = httpx.get(
        f"{live_server.url}/sync/v1/state", headers={"Authorization": f"Bearer {token}"}
    )
    assert state.status_code == 403 and REVOKED in state.json()["error"]
    assert stations.state({"revoked": 1, "enrolled": 1, "token_out": False}) == "revoked"


def test_revoking_an_unknown_station_is_bad_input(live_server, capsys):
    assert _server(live_server.dsn, "revoke-station", "BW-77") == 2
    assert "No station BW-77" in capsys.readouterr().err
