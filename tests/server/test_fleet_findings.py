"""Findings of the fresh-eyes attack on the fleet server's sync and enrolment (issue 15,
/work/notes/findings15.md): each test failed before its fix."""

from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

from tests.server.push_support import push
from tests.server.resolver_support import FakeStation
from tests.server.sync_support import sign_in


def _rows(dsn: str, sql: str, params=()) -> list[dict]:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_station_cannot_void_another_stations_label(server_app):
    """issue 15 finding F7: a label_events row naming another station's serial changes
    nothing; it raises an alarm against the pushing station; the owner's label stays live."""
    owner = FakeStation(server_app.dsn, code="BW-01").enrol()
    issued = owner.issue()
    sign_in(server_app, "BW-02")
    for n, event in enumerate(("voided", "revoked")):
        row = {"id": 9001 + n, "serial": issued.serial, "event": event,
               "detail": '{"replaced_by": "XXXXXXXXXXXXXXXXXX"}',
               "created": "2026-12-01T08:00:00Z"}  # fmt: skip
        answer = push(server_app.client, [("label_events", str(9001 + n), row)])
        assert answer.status_code == 200, answer.text
    label = _rows(server_app.dsn, "SELECT state FROM resolver_labels WHERE serial = %s",
                  (issued.serial,))  # fmt: skip
    assert label == [{"state": "live"}]
    alarms = _rows(server_app.dsn, "SELECT s.code, a.kind, a.detail FROM alarms a"
                   " JOIN stations s ON s.id = a.station_id ORDER BY a.id")  # fmt: skip
    assert [(a["code"], a["kind"]) for a in alarms] == [("BW-02", "projection.foreign_label")] * 2
    assert alarms[0]["detail"]["serial"] == issued.serial
    assert alarms[0]["detail"]["owner"] == "BW-01"


def test_a_station_cannot_take_over_another_stations_serial(server_app):
    """issue 15 finding F7: a labels row for a serial another station issued is alarmed and
    the first station keeps the label."""
    owner = FakeStation(server_app.dsn, code="BW-01").enrol()
    issued = owner.issue()
    sign_in(server_app, "BW-02")
    row = {"serial": issued.serial, "appraisal_uid": "x", "gtin": None,
           "payload": issued.uri, "key_id": owner.kid}  # fmt: skip
    assert push(server_app.client, [("labels", issued.serial, row)]).status_code == 200
    kept = _rows(server_app.dsn, "SELECT s.code FROM resolver_labels l JOIN stations s"
                 " ON s.id = l.station_id WHERE l.serial = %s", (issued.serial,))  # fmt: skip
    assert kept == [{"code": "BW-01"}]
    assert [a["kind"] for a in _rows(server_app.dsn, "SELECT kind FROM alarms")] == [
        "projection.foreign_label"
    ]
