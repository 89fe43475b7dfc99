"""``appraiser sync --once`` exit codes (issue 15 slice S1): a server that answers but whose
database is away (5xx) is "server unavailable", exit 3 (try later: it resumes by itself), not
a refusal for a person (exit 4)."""

from __future__ import annotations

import psycopg
from fleet_support import server_rows

from appraiser.cli.main import main


def _read_only(dsn: str) -> None:
    """The server's database turns read-only (a failover in progress): every write fails."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        name = conn.info.dbname
        conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_server_whose_database_is_away_is_unavailable_exit_3_not_refused(
    enrolled, live_server, capsys
):
    data = ["--data-dir", str(enrolled.data.root)]
    assert main([*data, "sync", "--once"]) == 0
    with enrolled.store.atomic("system") as tx:
        tx.event("test.after_first_sync")
    _read_only(live_server.dsn)
    capsys.readouterr()
    assert main([*data, "sync", "--once"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "server database unavailable" in err[0] and "503" in err[0], err
    assert "refused" not in err[0]
    with psycopg.connect(live_server.dsn, autocommit=True) as conn:
        conn.execute("SET default_transaction_read_only = off")
        conn.execute(f'ALTER DATABASE "{conn.info.dbname}" RESET default_transaction_read_only')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    assert main([*data, "sync", "--once"]) == 0  # back by itself: nothing for a person to do
    top = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    assert server_rows(live_server.dsn, "SELECT max(seq) FROM audit_events")[0][0] == top
