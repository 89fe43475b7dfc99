"""The server's foundation: the private cluster, migrations, the app factory's health check."""

from __future__ import annotations

import psycopg

from appraiser.server import migrations


def test_migrate_creates_the_schema_once_and_a_second_run_changes_nothing(pg_empty_dsn):
    with psycopg.connect(pg_empty_dsn) as conn:
        first = migrations.migrate(conn)
        second = migrations.migrate(conn)
        tables = {
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        }
    assert [m.version for m in first] == [m.version for m in migrations.all_migrations()]
    assert 1 in [m.version for m in first]
    assert second == []
    assert {"stations", "audit_events", "checkpoint_lines", "alarms", "server_schema"} <= tables


def test_health_answers_ok_on_a_migrated_database(server_app):
    answer = server_app.client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"ok": True}


def test_health_is_503_while_the_schema_is_behind(server_app):
    with psycopg.connect(server_app.dsn) as conn:
        conn.execute("DELETE FROM server_schema WHERE version = 1")
    answer = server_app.client.get("/healthz")
    assert answer.status_code == 503
    assert "schema behind" in answer.json()["reason"]
