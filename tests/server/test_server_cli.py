"""``appraiser server …``, ``station enrol`` and ``sync``: exit codes and one-line reasons."""

from __future__ import annotations

import psycopg
import pytest

from appraiser.cli.main import main


def test_server_init_is_idempotent(pg_empty_dsn, capsys):
    assert main(["server", "init", "--dsn", pg_empty_dsn]) == 0
    assert "schema 1" in capsys.readouterr().err
    assert main(["server", "init", "--dsn", pg_empty_dsn]) == 0
    assert "(0 step(s) applied)" in capsys.readouterr().out


def test_enrol_station_prints_a_token_kept_only_hashed(pg_dsn, capsys):
    assert main(["server", "enrol-station", "BW-07", "--dsn", pg_dsn]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) >= 32
    with psycopg.connect(pg_dsn) as conn:
        stored = conn.execute("SELECT token_sha FROM enrolment_tokens").fetchall()
    assert len(stored) == 1 and token not in stored[0][0]


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["server", "enrol-station", "bad code"], 2),
        (["server", "enrol-station", "BW-07", "--valid-hours", "-1"], 2),
        (["server", "run", "--media", "m", "--listen", "nowhere"], 2),
        (["server", "run", "--media", "m", "--tls-cert", "c.pem"], 2),
        # issue 15 finding F14: the public origin is a scheme and host, nothing else
        (["server", "run", "--media", "m", "--public-url", "v.acme.cn"], 2),
        (["server", "run", "--media", "m", "--public-url", "https://v.acme.cn/x?y"], 2),
    ],
)
def test_bad_server_arguments_are_exit_2(pg_dsn, argv, code, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--dsn", pg_dsn]) == code
    assert capsys.readouterr().err.count("\n") == 1


def test_an_unreachable_database_is_exit_3_in_one_line(tmp_path, capsys):
    dsn = f"postgresql://nobody@/none?host={tmp_path}"
    assert main(["server", "init", "--dsn", dsn]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Cannot reach the server database" in err


def test_enrol_station_before_init_says_to_run_init(pg_empty_dsn, capsys):
    assert main(["server", "enrol-station", "BW-07", "--dsn", pg_empty_dsn]) == 2
    assert "server init" in capsys.readouterr().err


def test_sync_on_a_station_not_enrolled_is_exit_2_naming_the_command(station, capsys):
    assert main(["--data-dir", str(station.data.root), "sync", "--once"]) == 2
    assert "station enrol" in capsys.readouterr().err


def _token(dsn: str, code: str) -> str:
    from appraiser.server import db, enrolment

    with db.connect(dsn) as conn:
        return enrolment.issue_token(conn, code)


def test_an_enrolment_token_can_be_typed_after_token_on_the_command_line(
    station, live_server, monkeypatch
):
    import secrets

    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "-" + "A" * (4 * n // 3 - 1))
    token = _token(live_server.dsn, station.settings.station_code)
    assert not token.startswith("-"), "argparse reads a leading '-' as an option"


def test_station_enrol_then_sync_once_on_the_command_line(
    station, admin, appraiser_session, password, live_server, capsys, monkeypatch
):
    import io
    import json

    token = _token(live_server.dsn, station.settings.station_code)
    data = ["--data-dir", str(station.data.root)]
    enrol = [*data, "station", "enrol", "--server", live_server.url, "--token", token]
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main([*enrol, "--user", "appraiser1"]) == 2  # keys are the administrator's
    assert "admin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main([*enrol, "--user", "admin"]) == 0
    assert "enrolled with" in capsys.readouterr().out
    assert main([*data, "sync", "--once", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["events"] > 0 and result["pending"] == {"events": 0, "lines": 0}
