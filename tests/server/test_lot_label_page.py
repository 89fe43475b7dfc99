"""A lot unit label revoked because its LOT's decision changed says so on the consumer page,
in words nobody misreads (issue 16 lots, issue 15 slice S1): "withdrawn: the batch it belongs
to was re-examined and no longer passes" — not "the appraisal behind this label was changed",
which is what a unit revoked for its own amended verdict says."""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg.types.json import Jsonb
from resolver_support import FakeStation

from appraiser.server.migrations.p0310_fleet_limits import label_end_cause

WITHDRAWN_EN = "NOT VALID — this label was withdrawn"
BATCH_EN = "The batch this item belongs to was re-examined and no longer passes"
WITHDRAWN_ZH = "无效 — 此标签已被撤回"
BATCH_ZH = "此商品所属的批次经重新检验后不再合格"
OWN_EN = "The appraisal behind this label was changed"


@pytest.fixture
def station(server_app) -> FakeStation:
    return FakeStation(server_app.dsn).enrol()


def _unit_label(station: FakeStation, lot: str = "LOT-1"):
    label = station.issue()
    station.push("lots", {"uid": lot, "quantity": 200, "policy": "sample", "sample_size": 13})
    station.push("lot_unit_labels", {"lot_uid": lot, "serial": label.serial, "unit_no": 1})
    return label


def _revoke(station: FakeStation, serial: str, **detail) -> dict:
    row = {"serial": serial, "event": "revoked", "created": "2026-11-25T08:00:00Z",
           "reason": "lot rejected: seams", "detail": json.dumps(detail)}  # fmt: skip
    station.push("label_events", row)
    return row


def _page(server_app, label, lang: str) -> str:
    answer = server_app.client.get(label.path_and_query, headers={"Accept-Language": lang})
    assert answer.status_code == 200
    return answer.text


@pytest.mark.parametrize("why", [{"decision": "LD-1"}, {"review": "LR-1"}])
def test_a_unit_label_withdrawn_with_its_lot_says_the_batch_no_longer_passes(
    server_app, station, why
):
    label = _unit_label(station)
    _revoke(station, label.serial, lot="LOT-1", **why)
    en, zh = _page(server_app, label, "en"), _page(server_app, label, "zh-CN")
    assert WITHDRAWN_EN in en and BATCH_EN in en and OWN_EN not in en
    assert 'data-status="revoked"' in en  # still NOT VALID for anything reading the state
    assert WITHDRAWN_ZH in zh and BATCH_ZH in zh and "鉴定结论已被更改" not in zh
    assert "seams" not in en and "LD-1" not in en and "LR-1" not in en  # nothing internal


def test_a_unit_label_revoked_for_its_own_verdict_says_the_appraisal_changed(server_app, station):
    label = _unit_label(station)
    _revoke(station, label.serial, lot="LOT-1", unit=1, verdict_id=7)
    en = _page(server_app, label, "en")
    assert "NOT VALID — this label was revoked" in en and OWN_EN in en
    assert "withdrawn" not in en


def test_labels_revoked_before_the_migration_get_their_cause(server_app, station):
    label = _unit_label(station)
    row = _revoke(station, label.serial, lot="LOT-1", decision="LD-1")
    with psycopg.connect(server_app.dsn) as conn:
        conn.execute("UPDATE resolver_labels SET end_cause = NULL")
        conn.execute(
            "INSERT INTO station_rows (station_id, tbl, row_key, digest, seq, body)"
            " VALUES (%s, 'label_events', '1', 'd', 9, %s)",
            (station.id, Jsonb(row)),
        )
        label_end_cause(conn)
        causes = conn.execute("SELECT end_cause FROM resolver_labels WHERE serial = %s",
                              (label.serial,)).fetchall()  # fmt: skip
    assert causes == [("lot",)]
