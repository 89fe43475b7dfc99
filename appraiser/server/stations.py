"""The server administrator's view of stations: revoke an enrolment, list every station.

Revoking is what the site does when a bench is stolen, sold or its key may have leaked: the
station must stop signing in and pushing at once, but nothing it already pushed may go —
its audit chain, rows, checkpoints, media and labels stay (history is never deleted), and
its keys stay known so the checkpoint lines and labels it signed before still verify. Only
signing in is over: every session ends, every key is marked ``retired``, pending enrolment
tokens are spent. An alarm row records who-knows-why (the ``--reason``) for supervisors.
``server enrol-station CODE`` then issues a token that may enrol a NEW key only: a key
retired by a revocation is never enrolled, approved or proposed again (issue 15 B6–B8).

A stolen key must not go on minting "genuine" labels either: each key also gets a resolver
key end (``rotated`` after the revocation's UTC day, or the earlier day it already had), so
the consumer page reads "signature invalid" for a label dated after that day and keeps the
ones dated up to it genuine. ``resolver_key_ends`` NOTIFYs every resolver worker (server
schema 300), so each worker's cache forgets at once.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from appraiser.errors import InvalidInput

MAX_REASON = 500

_LIST = """
SELECT s.code, s.enrolled, s.revoked, s.revoked_reason, s.events_head, s.last_push,
       (SELECT count(*) FROM station_keys k WHERE k.station_id = s.id AND k.retired IS NULL)
         AS keys,
       (SELECT count(*) FROM proposed_keys p WHERE p.station_id = s.id) AS proposed,
       EXISTS (SELECT 1 FROM enrolment_tokens t WHERE t.station_id = s.id AND t.used IS NULL
               AND t.expires >= now()) AS token_out
  FROM stations s ORDER BY s.code
"""


def revoke(conn: psycopg.Connection, code: str, reason: str | None) -> dict[str, Any]:
    """End station ``code``'s enrolment (see the module doc); ``InvalidInput`` when there is
    no such enrolled station. Revoking twice changes nothing and says so."""
    reason = (reason or "").strip() or None
    if reason is not None and (len(reason) > MAX_REASON or not reason.isprintable()):
        raise InvalidInput(f"--reason must be one printable line of at most {MAX_REASON} chars.")
    row = conn.execute(
        "SELECT id, enrolled, revoked FROM stations WHERE code = %s FOR UPDATE", (code,)
    ).fetchone()
    if row is None or row["enrolled"] is None:
        raise InvalidInput(f"No station {code} is enrolled here (see: appraiser server stations).")
    if row["revoked"] is not None:
        return {"station": code, "already": True, "revoked": row["revoked"], "sessions": 0}
    sid = row["id"]
    ended = conn.execute("DELETE FROM sessions WHERE station_id = %s", (sid,)).rowcount
    conn.execute("DELETE FROM auth_challenges WHERE station_id = %s", (sid,))
    conn.execute("DELETE FROM proposed_keys WHERE station_id = %s", (sid,))
    conn.execute(
        "UPDATE enrolment_tokens SET used = now() WHERE station_id = %s AND used IS NULL", (sid,)
    )
    conn.execute("UPDATE station_keys SET retired = now() WHERE station_id = %s", (sid,))
    _end_keys_for_resolver(conn, sid)
    when = conn.execute(
        "UPDATE stations SET revoked = now(), revoked_reason = %s WHERE id = %s RETURNING revoked",
        (reason, sid),
    ).fetchone()["revoked"]
    conn.execute(
        "INSERT INTO alarms(station_id, kind, detail) VALUES (%s, 'station.revoked', %s)",
        (sid, Jsonb({"reason": reason, "sessions_ended": ended})),
    )
    return {"station": code, "already": False, "revoked": when, "sessions": ended}


# Labels carry their issue day as YYYYMMDD (the signed payload's date), compared as text.
_KEY_ENDS = """
INSERT INTO resolver_key_ends (station_id, kid, kind, after)
SELECT station_id, kid, 'rotated', to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD')
  FROM station_keys WHERE station_id = %s
ON CONFLICT (station_id, kid, kind) DO UPDATE
   SET after = CASE WHEN resolver_key_ends.after = '' THEN EXCLUDED.after
                    ELSE least(resolver_key_ends.after, EXCLUDED.after) END
"""


def _end_keys_for_resolver(conn: psycopg.Connection, sid: int) -> None:
    """Every key of the station stops vouching for labels dated after today (UTC): the
    earliest end wins, so a station's own earlier rotation day stays."""
    conn.execute(_KEY_ENDS, (sid,))


RETIRED_KEY = (
    "This key was retired when {code}'s enrolment was revoked on {day}: run `appraiser keys"
    " rotate` on the station, then enrol with the new key."
)


def retired_key_line(conn: psycopg.Connection, station_id: int, kid: str) -> str | None:
    """The refusal for ``kid`` if a revocation retired it on this station, else ``None``.

    A revocation says the key may be in a thief's hands, and it ended the key on the
    resolver (labels dated after the day read "signature invalid", issue 15 finding B6):
    enrolling or approving it again would be silent (B8) and make every label the bench
    prints from the next day read forged. Only a new key may sign for the station again."""
    row = conn.execute(
        "SELECT s.code, to_char(k.retired AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day"
        " FROM station_keys k JOIN stations s ON s.id = k.station_id"
        " WHERE k.station_id = %s AND k.kid = %s AND k.retired IS NOT NULL",
        (station_id, kid),
    ).fetchone()
    return None if row is None else RETIRED_KEY.format(code=row["code"], day=row["day"])


def revoked_day(conn: psycopg.Connection, code: str) -> str | None:
    """The UTC day (YYYY-MM-DD) station ``code``'s enrolment was revoked, if it is."""
    row = conn.execute(
        "SELECT to_char(revoked AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM stations"
        " WHERE code = %s AND revoked IS NOT NULL",
        (code,),
    ).fetchone()
    return None if row is None else row["day"]


def state(row: dict[str, Any]) -> str:
    """One word for ``server stations``: revoked, enrolled, token issued, or new."""
    if row["revoked"] is not None:
        return "revoked"
    if row["enrolled"] is not None:
        return "enrolled"
    return "token issued" if row["token_out"] else "new"


def listing(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every station the server knows, with its state, in code order."""
    rows = conn.execute(_LIST).fetchall()
    return [{**row, "state": state(row)} for row in rows]
