"""Fleet-wide clone detection (DESIGN §3.3): a serial seen where one physical label cannot be.

One genuine label is stuck on one item; copies of it show up as patterns across the fleet's
scans that no single station can see:

- ``too_many_scans``: more than ``TOO_MANY_SCANS`` scans of the serial in a day;
- ``many_clients``: more than ``MANY_CLIENTS`` distinct (hashed) clients over its life;
- ``scanned_after_end``: scanned on the resolver after it was voided (reprinted: the old
  label should be gone);
- ``withdrawn_in_circulation`` — not a probable clone, a lower-level signal shown apart and
  grouped per lot: scanned after it was revoked (its verdict amended or its lot withdrawn;
  the label is still on the real item, issue 15 finding N6);
- ``outbound_claimed``: two outbound scans (at any stations) claimed the same serial for
  items leaving the warehouse, and each item leaves once.

A *scan* is a hit on the GS1 URI (``resolve``) or on the label's consumer page
(``page``, by the page token's serial): a printed page address is a copy of the label as much
as its GS1 URI is (issue 15 finding F4). A page hit that follows a resolve of the same serial
by the same client within ``FOLLOW_SECONDS`` is that resolve's redirect, not another scan.

A flag is raised once per serial and rule (``clone_flags``, unique), with counts in its
``detail`` and never a client hash. Supervisors read them with ``flags()`` (server page and
the stations' sync). Rules run after each scan-log batch is written (``scans.ScanLog``) and
when a station's outbound scan is ingested, not on the request path.
"""

from __future__ import annotations

from typing import Any

import psycopg

TOO_MANY_SCANS = 20  # per rolling 24 hours
MANY_CLIENTS = 8  # distinct clients over the label's life
FOLLOW_SECONDS = 120  # a page hit this soon after the client's resolve is its redirect
RULES = ("too_many_scans", "many_clients", "scanned_after_end", "outbound_claimed")
WITHDRAWN = "withdrawn_in_circulation"  # not among the probable-clone RULES (N6)
_AFTER_END_RULES = frozenset({"scanned_after_end", WITHDRAWN})

_COUNTS = """
WITH scans AS ({scans})
INSERT INTO clone_flags (serial, rule, detail)
SELECT c.serial, r.rule, r.detail
  FROM (SELECT s.serial,
               count(*) FILTER (WHERE s.at > now() - interval '24 hours') AS day_scans,
               count(DISTINCT s.client) AS clients
          FROM scans s
         GROUP BY s.serial) c
  JOIN resolver_labels l ON l.serial = c.serial AND l.serial = ANY(%(serials)s)
  CROSS JOIN LATERAL (VALUES
      ('too_many_scans', c.day_scans > %(too_many)s,
       jsonb_build_object('scans_24h', c.day_scans, 'limit', %(too_many)s)),
      ('many_clients', c.clients > %(many)s,
       jsonb_build_object('clients', c.clients, 'limit', %(many)s))
  ) AS r(rule, hit, detail)
 WHERE r.hit
ON CONFLICT (serial, rule) DO NOTHING
"""

_AFTER_END = """
WITH scans AS ({scans})
INSERT INTO clone_flags (serial, rule, detail)
SELECT l.serial,
       CASE WHEN l.state = 'revoked' THEN 'withdrawn_in_circulation'
            ELSE 'scanned_after_end' END,
       jsonb_build_object('state', l.state, 'ended', l.state_day, 'scans', count(*),
                          'last_scan', max(s.at))
  FROM resolver_labels l
  JOIN scans s ON s.serial = l.serial
 WHERE l.serial = ANY(%(serials)s) AND l.state <> 'live'
   AND s.at::date >= COALESCE(l.state_day::date, '-infinity'::date)
 GROUP BY l.serial, l.state, l.state_day
ON CONFLICT (serial, rule) DO NOTHING
"""


# The scans of these serials: every resolve, and every page hit that is not the redirect of
# the same client's resolve a moment before (so one phone scan counts once).
_SCANS = f"""
SELECT s.serial, s.at, s.client
  FROM resolver_scans s
 WHERE s.serial = ANY(%(serials)s)
   AND (s.kind = 'resolve'
        OR (s.kind = 'page' AND NOT EXISTS (
              SELECT 1 FROM resolver_scans r
               WHERE r.serial = s.serial AND r.client = s.client AND r.kind = 'resolve'
                 AND r.at BETWEEN s.at - interval '{FOLLOW_SECONDS} seconds' AND s.at)))
"""
_COUNTS = _COUNTS.replace("{scans}", _SCANS)
_AFTER_END = _AFTER_END.replace("{scans}", _SCANS)


# Which of these serials already carry which rules' flags: a flag is raised once per serial
# and rule, so a serial flagged by a rule is not counted again for it (issue 15 "Measure":
# re-reading a busy serial's whole scan history every batch was most of the database's
# share of a scan).
_RAISED = "SELECT serial, rule FROM clone_flags WHERE serial = ANY(%s)"
_COUNT_RULES = frozenset({"too_many_scans", "many_clients"})


def _open(serials: list[str], raised: list) -> tuple[list[str], list[str]]:
    """The serials still open to the count rules, and to ``scanned_after_end``."""
    rules: dict[str, set[str]] = {}
    for row in raised:
        serial, rule = (row["serial"], row["rule"]) if isinstance(row, dict) else row
        rules.setdefault(serial, set()).add(rule)
    counts = [s for s in serials if not rules.get(s, set()) >= _COUNT_RULES]
    after_end = [s for s in serials if not rules.get(s, set()) & _AFTER_END_RULES]
    return counts, after_end


async def evaluate(conn: Any, serials: list[str]) -> None:
    """Run the scan rules for these serials (an async connection, inside a transaction)."""
    if not serials:
        return
    cur = await conn.execute(_RAISED, (serials,), prepare=True)
    counts, after_end = _open(serials, await cur.fetchall())
    base = {"too_many": TOO_MANY_SCANS, "many": MANY_CLIENTS}
    if counts:
        await conn.execute(_COUNTS, {**base, "serials": counts})
    if after_end:
        await conn.execute(_AFTER_END, {**base, "serials": after_end})


def evaluate_sync(conn: psycopg.Connection, serials: list[str]) -> None:
    """The same rules on a blocking connection (tests, CLI, the benchmark's checks)."""
    if serials:
        params = {"serials": serials, "too_many": TOO_MANY_SCANS, "many": MANY_CLIENTS}
        conn.execute(_COUNTS, params)
        conn.execute(_AFTER_END, params)


def claim_outbound(
    conn: psycopg.Connection, station: dict, scan_key: str, serial: str, at: str
) -> None:
    """Record a station's outbound scan; a second claim on the serial raises the flag."""
    conn.execute(
        "INSERT INTO outbound_claims (station_id, scan_key, serial, at) VALUES (%s, %s, %s, %s)"
        " ON CONFLICT DO NOTHING",
        (station["id"], scan_key, serial, at),
    )
    conn.execute(
        """
        INSERT INTO clone_flags (serial, rule, detail)
        SELECT c.serial, 'outbound_claimed',
               jsonb_build_object('claims', count(*),
                                  'stations', jsonb_agg(DISTINCT s.code),
                                  'first', min(c.at), 'last', max(c.at))
          FROM outbound_claims c JOIN stations s ON s.id = c.station_id
         WHERE c.serial = %s
         GROUP BY c.serial HAVING count(*) > 1
        ON CONFLICT (serial, rule) DO UPDATE SET detail = EXCLUDED.detail
        """,
        (serial,),
    )


def flags(conn: psycopg.Connection, since: str | None = None) -> list[dict[str, Any]]:
    """Clone flags for supervisors, newest first, with the issuing station's code."""
    cur = conn.execute(
        """
        SELECT f.id, f.serial, f.rule, f.detail, f.raised, s.code AS station, l.lot_uid
          FROM clone_flags f
          LEFT JOIN resolver_labels l ON l.serial = f.serial
          LEFT JOIN stations s ON s.id = l.station_id
         WHERE %(since)s::timestamptz IS NULL OR f.raised >= %(since)s::timestamptz
         ORDER BY f.raised DESC, f.id DESC
        """,
        {"since": since},
    )
    return [dict(row) for row in cur.fetchall()]


FLAGS_PAGE = 500


def station_flags(conn: psycopg.Connection, station_id: int, since: int) -> list[dict[str, Any]]:
    """The flags on serials this station issued with an id above ``since``, oldest first, at
    most ``FLAGS_PAGE``: what ``GET /sync/v1/flags`` hands the station's sync (issue 15
    finding N9). Counts and times only, as ``flags()``; never another station's serial."""
    cur = conn.execute(
        """
        SELECT f.id, f.serial, f.rule, f.detail, f.raised
          FROM clone_flags f JOIN resolver_labels l ON l.serial = f.serial
         WHERE l.station_id = %s AND f.id > %s
         ORDER BY f.id LIMIT %s
        """,
        (station_id, since, FLAGS_PAGE),
    )
    return [
        {**row, "raised": row["raised"].isoformat(), "detail": row["detail"] or {}}
        for row in cur.fetchall()
    ]
