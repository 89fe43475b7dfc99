"""Server schema 300 (issue 15 "Measure"): label changes are announced to the resolvers.

Each resolver worker keeps the records it looked up in memory (``resolver_cache``) so a
consumer scan needs no database round trip. For that cache to stay true, every change to
what a consumer page shows is announced on the ``resolver_labels`` channel with the serial
it touches (``NOTIFY`` is sent at commit, so a rolled-back change announces nothing):

- ``resolver_labels`` (a new label, revoked/voided, its lot) and ``clone_flags`` (the
  probable-clone caution): the row's serial;
- ``resolver_appraisals``, ``resolver_items``, ``resolver_media``, ``resolver_media_types``,
  ``resolver_lots``: the serials of the labels that row feeds;
- ``resolver_key_ends`` and ``stations`` (rare: a key revoked or rotated out, a station's
  code renamed or removed) and any ``TRUNCATE``: ``*``, which empties every worker's cache.
"""

from __future__ import annotations

import psycopg

from appraiser.server.migrations import migration

CHANNEL = "resolver_labels"

# One trigger function per table: which serials the changed row (NEW and OLD) feeds.
_SERIALS = {
    "resolver_labels": "SELECT r.serial",
    "clone_flags": "SELECT r.serial",
    "resolver_appraisals": (
        "SELECT l.serial FROM resolver_labels l"
        " WHERE l.station_id = r.station_id AND l.appraisal_uid = r.appraisal_uid"
    ),
    "resolver_media": (
        "SELECT l.serial FROM resolver_labels l"
        " WHERE l.station_id = r.station_id AND l.appraisal_uid = r.appraisal_uid"
    ),
    "resolver_items": (
        "SELECT l.serial FROM resolver_appraisals a JOIN resolver_labels l"
        " ON l.station_id = a.station_id AND l.appraisal_uid = a.appraisal_uid"
        " WHERE a.station_id = r.station_id AND a.item_uid = r.item_uid"
    ),
    "resolver_lots": (
        "SELECT l.serial FROM resolver_labels l"
        " WHERE l.station_id = r.station_id AND l.lot_uid = r.lot_uid"
    ),
    "resolver_media_types": (
        "SELECT l.serial FROM resolver_media m JOIN resolver_labels l"
        " ON l.station_id = m.station_id AND l.appraisal_uid = m.appraisal_uid"
        " WHERE m.sha256 = r.sha256"
    ),
}
# Statement level: a station's code changing (not every push's head update), a key's end.
_EVERYTHING = {
    "resolver_key_ends": "INSERT OR UPDATE OR DELETE",
    "stations": "UPDATE OF code OR DELETE",
}

_ROW_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r {table}%ROWTYPE;
    s text;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        r := NEW;
        FOR s IN {serials} LOOP PERFORM pg_notify('{channel}', s); END LOOP;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        r := OLD;
        FOR s IN {serials} LOOP PERFORM pg_notify('{channel}', s); END LOOP;
    END IF;
    RETURN NULL;
END $$
"""
_ALL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION resolver_announce_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '*');
    RETURN NULL;
END $$
"""


@migration(300)
def resolver_notify(conn: psycopg.Connection) -> None:
    """Label changes NOTIFY resolver_labels (serial, or * for everything)."""
    conn.execute(_ALL_FUNCTION)
    for table, serials in _SERIALS.items():
        conn.execute(_ROW_FUNCTION.format(table=table, serials=serials, channel=CHANNEL))
        conn.execute(
            f"CREATE TRIGGER {table}_announce AFTER INSERT OR UPDATE OR DELETE ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {table}_announce()"
        )
    for table in (*_SERIALS, *_EVERYTHING):
        conn.execute(
            f"CREATE TRIGGER {table}_announce_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION resolver_announce_all()"
        )
    for table, events in _EVERYTHING.items():
        conn.execute(
            f"CREATE TRIGGER {table}_announce AFTER {events} ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION resolver_announce_all()"
        )
