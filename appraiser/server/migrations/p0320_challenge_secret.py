"""Server schema 320 (issue 15 finding B9): the secret that MACs sign-in challenges.

A challenge is no longer a row anyone can make the server write: it carries the station, its
issue time and a random part, MAC'ed with this secret, which every worker and host reads from
PostgreSQL (so any worker checks what another issued). Only a correctly signed session
request records a challenge, as spent (``auth_challenges``), so it is used once.
"""

from __future__ import annotations

import secrets

import psycopg

from appraiser.server.migrations import migration


@migration(320)
def challenge_secret(conn: psycopg.Connection) -> None:
    """Stateless sign-in challenges: server_secrets('challenge') holds their MAC key."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS server_secrets (name text PRIMARY KEY, value bytea NOT NULL,"
        " created timestamptz NOT NULL DEFAULT now())"
    )
    conn.execute(
        "INSERT INTO server_secrets(name, value) VALUES ('challenge', %s)"
        " ON CONFLICT (name) DO NOTHING",
        (secrets.token_bytes(32),),
    )
    conn.execute("DELETE FROM auth_challenges")  # the old stored challenges: none is spent
