"""The label projection the resolver reads (tables of server migration 100).

Ingest calls these once per newly stored station row, in audit order, inside the ingest
transaction (``appraiser.server.projections``), so the resolver never shows a state the
events do not vouch for. What is kept is only what a consumer may see (DESIGN §3.5): the
signed claim's public fields (resolver, GTIN, key id, date — never the payload), the state,
the product name, the appraisal day, the photos/video list and a lot's sampling figures.

A label's state follows its station's ``label_events``: ``voided`` and ``revoked`` are
final (a revoked label stays revoked; an appraisal amended back to genuine gets a new
serial on the station), so a late or repeated event can only move a label towards its end.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from appraiser.errors import InvalidInput
from appraiser.labels import payload
from appraiser.server import media_types
from appraiser.server.projections import projection

PUBLIC_ROLES = {"still": 0, "video_segment": 1}  # evidence close-ups stay internal
DEFAULT_MIME = {"still": "image/jpeg", "video_segment": "video/mp4"}
_ENDS = ("voided", "revoked")


def page_token() -> str:
    """The consumer page's address: 128 random bits, unguessable (DESIGN §3.5)."""
    return secrets.token_urlsafe(16)


@projection("labels")
def label(conn: psycopg.Connection, station: dict, table: str, row: dict[str, Any]) -> None:
    """A new label: its claim's public fields from the payload it was printed with."""
    try:
        claim, _signature = payload.parse(row["payload"])
    except InvalidInput:
        return  # a payload we cannot read is never resolvable; the station's audit has it
    if not _owned(conn, station, "labels", row.get("serial")):
        return  # first station wins; the second is alarmed (F7)
    conn.execute(
        "INSERT INTO resolver_labels (serial, page_token, station_id, appraisal_uid, gtin,"
        " resolver, key_id, issued_on) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (serial) DO NOTHING",
        (
            row["serial"],
            page_token(),
            station["id"],
            row["appraisal_uid"],
            claim.gtin,
            claim.resolver,
            claim.key_id,
            claim.date,
        ),
    )


@projection("label_events")
def label_event(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """``voided``/``revoked`` end a label (revoked wins over voided, neither is undone).

    Only the station that issued a label may end it (issue 15 finding F7): an event naming
    another station's serial changes nothing and raises ``projection.foreign_label``, so one
    compromised bench cannot void every other bench's labels for consumers."""
    event = row.get("event")
    if event not in _ENDS:
        return
    if not _owned(conn, station, "label_events", row.get("serial")):
        return
    day = str(row.get("created") or "")[:10] or None
    cause = end_cause(row) if event == "revoked" else None
    conn.execute(
        "UPDATE resolver_labels SET state = %s, state_day = %s, end_cause = %s WHERE serial = %s"
        " AND station_id = %s AND (state = 'live' OR (state = 'voided' AND %s = 'revoked'))",
        (event, day, cause, row["serial"], station["id"], event),
    )


def end_cause(row: dict[str, Any]) -> str:
    """Why a ``revoked`` event ended its label, read from its ``detail`` as the station
    wrote it (``services/lots/unit_labels``): ``lot`` when the lot's decision changed —
    overridden to reject (detail names the decision) or reopened by a review (names the
    review) — else ``amended`` (the label's own verdict). The consumer page words them apart."""
    detail = row.get("detail")
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            detail = None
    if not isinstance(detail, dict):
        return "amended"
    if detail.get("lot") and (detail.get("decision") or detail.get("review")):
        return "lot"
    return "amended"


def _owned(conn: psycopg.Connection, station: dict, table: str, serial: Any) -> bool:
    """Whether ``serial`` is not another station's label; a foreign one is alarmed."""
    owner = conn.execute(
        "SELECT l.station_id, s.code FROM resolver_labels l JOIN stations s"
        " ON s.id = l.station_id WHERE l.serial = %s",
        (str(serial),),
    ).fetchone()
    if owner is None or owner["station_id"] == station["id"]:
        return True
    detail = {"table": table, "serial": str(serial), "owner": owner["code"]}
    conn.execute(
        "INSERT INTO alarms(station_id, kind, detail) VALUES (%s, 'projection.foreign_label', %s)",
        (station["id"], Jsonb(detail)),
    )
    return False


@projection("appraisals")
def appraisal(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    conn.execute(
        "INSERT INTO resolver_appraisals (station_id, appraisal_uid, item_uid) VALUES"
        " (%s, %s, %s) ON CONFLICT (station_id, appraisal_uid) DO UPDATE"
        " SET item_uid = EXCLUDED.item_uid",
        (station["id"], row["uid"], row.get("item_uid")),
    )


@projection("verdicts")
def verdict(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """The appraisal day a consumer sees: the day the first genuine verdict was signed."""
    if row.get("verdict") != "genuine":
        return
    conn.execute(
        "INSERT INTO resolver_appraisals (station_id, appraisal_uid, signed_on) VALUES"
        " (%s, %s, %s) ON CONFLICT (station_id, appraisal_uid) DO UPDATE"
        " SET signed_on = COALESCE(resolver_appraisals.signed_on, EXCLUDED.signed_on)",
        (station["id"], row["appraisal_uid"], str(row.get("signed_at") or "")[:10] or None),
    )


@projection("items")
def item(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """Brand and model only (never the declaration number, merchant or origin)."""
    product = " ".join(str(row[k]).strip() for k in ("brand", "model") if row.get(k)) or None
    conn.execute(
        "INSERT INTO resolver_items (station_id, item_uid, product) VALUES (%s, %s, %s)"
        " ON CONFLICT (station_id, item_uid) DO UPDATE SET product = EXCLUDED.product",
        (station["id"], row["uid"], product),
    )


@projection("appraisal_media")
def medium(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    role = row.get("role")
    if role not in PUBLIC_ROLES:
        return
    conn.execute(
        "INSERT INTO resolver_media (station_id, appraisal_uid, sha256, role, view, position)"
        " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (
            station["id"],
            row["appraisal_uid"],
            row["media_sha256"],
            role,
            row.get("view"),
            int(row.get("id") or 0),
        ),
    )
    _refused_if_published(conn, station, str(row["media_sha256"]))


@projection("media")
def media_type(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """The declared type, kept as declared (first station wins); a published blob of a type
    off the served list (``media_types``, finding N2) is kept, never served, and alarmed."""
    declared = str(row.get("mime") or "").strip()[:200]
    if not declared:
        return
    conn.execute(
        "INSERT INTO resolver_media_types (sha256, mime) VALUES (%s, %s)"
        " ON CONFLICT (sha256) DO NOTHING",
        (row["sha256"], declared),
    )
    _refused_if_published(conn, station, str(row["sha256"]))


def _refused_if_published(conn: psycopg.Connection, station: dict, sha: str) -> None:
    """Alarm a blob the station publishes (a photo or video of an appraisal) under a type the
    server never serves; unpublished evidence may have any type and raises nothing."""
    found = conn.execute(
        "SELECT t.mime FROM resolver_media_types t JOIN resolver_media m ON m.sha256 = t.sha256"
        " WHERE t.sha256 = %s AND m.station_id = %s LIMIT 1",
        (sha, station["id"]),
    ).fetchone()
    if found is not None and media_types.allowed(found["mime"]) is None:
        conn.execute(
            "INSERT INTO alarms(station_id, kind, detail) VALUES (%s, 'media.type_refused', %s)",
            (station["id"], Jsonb({"sha256": sha, "mime": found["mime"]})),
        )


@projection("lots")
def lot(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """n of N: every unit for an 'every_unit' lot, else the sample size."""
    quantity = int(row["quantity"])
    appraised = quantity if row.get("policy") == "every_unit" else int(row["sample_size"])
    conn.execute(
        "INSERT INTO resolver_lots (station_id, lot_uid, quantity, appraised) VALUES"
        " (%s, %s, %s, %s) ON CONFLICT (station_id, lot_uid) DO NOTHING",
        (station["id"], row["uid"], quantity, min(appraised, quantity)),
    )


@projection("lot_unit_labels")
def unit_label(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    conn.execute(
        "UPDATE resolver_labels SET lot_uid = %s WHERE serial = %s AND station_id = %s",
        (row["lot_uid"], row["serial"], station["id"]),
    )


@projection("scan_events")
def outbound_scan(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """A station's outbound scan claims its serial for the item leaving (clone rule 4)."""
    if row.get("purpose") != "outbound" or not row.get("serial"):
        return
    if row.get("outcome") not in ("valid", None):
        return
    from appraiser.server import clone  # the rules live with the other clone rules

    clone.claim_outbound(conn, station, str(row.get("id")), row["serial"], row["created"])


@projection("key_events")
def key_end(conn: psycopg.Connection, station: dict, table: str, row: dict) -> None:
    """A station key rotated out or revoked: the consumer page stops believing it (for
    labels dated after the rotation, or for all labels once revoked)."""
    if row.get("kind") not in ("rotated", "revoked"):
        return
    conn.execute(
        "INSERT INTO resolver_key_ends (station_id, kid, kind, after) VALUES (%s, %s, %s, %s)"
        " ON CONFLICT DO NOTHING",
        (station["id"], row["key_id"], row["kind"], row.get("after") or ""),
    )


# The hot path's one statement: the label, its appraisal's public facts, its lot, its media.
LOOKUP = """
SELECT l.serial, l.page_token, l.gtin, l.resolver, l.key_id, l.issued_on, l.state,
       l.state_day, l.end_cause, s.code AS station, a.signed_on, i.product, t.quantity, t.appraised,
       EXISTS (SELECT 1 FROM clone_flags f WHERE f.serial = l.serial) AS flagged,
       (SELECT json_object_agg(e.kind, e.after) FROM resolver_key_ends e
         WHERE e.station_id = l.station_id AND e.kid = l.key_id) AS key_ends,
       (SELECT COALESCE(json_agg(json_build_object('sha256', m.sha256, 'role', m.role,
               'view', m.view, 'mime', mt.mime) ORDER BY m.position), '[]'::json)
          FROM resolver_media m LEFT JOIN resolver_media_types mt ON mt.sha256 = m.sha256
         WHERE m.station_id = l.station_id AND m.appraisal_uid = l.appraisal_uid) AS media
  FROM resolver_labels l
  JOIN stations s ON s.id = l.station_id
  LEFT JOIN resolver_appraisals a
         ON a.station_id = l.station_id AND a.appraisal_uid = l.appraisal_uid
  LEFT JOIN resolver_items i ON i.station_id = a.station_id AND i.item_uid = a.item_uid
  LEFT JOIN resolver_lots t ON t.station_id = l.station_id AND t.lot_uid = l.lot_uid
 WHERE l.{column} = %s
"""
BY_SERIAL = LOOKUP.format(column="serial")
BY_TOKEN = LOOKUP.format(column="page_token")


def media_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The media list of a looked-up record (JSON from the database)."""
    media = record.get("media") or []
    items = json.loads(media) if isinstance(media, str) else media
    for entry in items:
        entry["mime"] = entry.get("mime") or DEFAULT_MIME[entry["role"]]
    return items
