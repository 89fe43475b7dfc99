"""Issue 15 finding B2: a genuine label printed on a bench that has not synced yet.

Stations work offline first, so a label can be scanned before its record reaches the
server. When its ``d h k s`` signature verifies under a key an enrolled station still
stands by, the consumer is told the truth — "signature valid, record not here yet, check
again later" (amber, no tick, no photos) — not "never issued, may be counterfeit". A bad or
missing signature, or a key that was retired or ended, keeps "NOT VALID — unknown label".
Real PostgreSQL, the real app, the real signing code."""

from __future__ import annotations

import hashlib

import psycopg
import pytest
from psycopg.rows import dict_row
from resolver_support import GTIN, RESOLVER, FakeStation, Issued

from appraiser.labels import ids, payload
from appraiser.server import stations

PENDING_EN = "its appraisal record has not reached this service yet"
PENDING_ZH = "其鉴定记录尚未送达本服务"
BROWSER = {"Accept": "text/html", "Accept-Language": "en"}


@pytest.fixture(autouse=True)
def _public_url(monkeypatch) -> None:
    monkeypatch.setenv("APPRAISER_RESOLVER_PUBLIC_URL", "http://testserver")


@pytest.fixture
def station(server_app) -> FakeStation:
    station = FakeStation(server_app.dsn).enrol()
    station.issue()  # the bench synced before: the server has one of its labels
    return station


def _printed_offline(station: FakeStation, day: str = "20261206") -> Issued:
    """A label the bench signed and printed but has not pushed: the server knows nothing."""
    serial = ids.new_serial()
    digest = hashlib.sha256(serial.encode()).hexdigest()
    claim = payload.make_claim(RESOLVER, serial, GTIN, digest, day, station.kid)
    uri = payload.build(claim, station.key.sign(payload.canonical(claim)))
    return Issued(serial, uri, f"appr-{serial}", [])


def _sync(station: FakeStation, label: Issued) -> None:
    """What the bench's next ``sync`` pushes for that label."""
    uid = label.appraisal_uid
    station.push("items", {"uid": f"item-{uid}", "brand": "Acme", "model": "Tote 30"})
    station.push("appraisals", {"uid": uid, "item_uid": f"item-{uid}", "station": station.code})
    station.push("verdicts", {"appraisal_uid": uid, "verdict": "genuine",
                              "signed_at": "2026-12-06T03:04:05Z", "note": ""})  # fmt: skip
    station.push("labels", {"serial": label.serial, "appraisal_uid": uid, "gtin": GTIN,
                            "payload": label.uri, "key_id": station.kid})  # fmt: skip
    station.push("label_events", {"serial": label.serial, "event": "issued",
                                  "created": "2026-12-06T03:05:00Z"})  # fmt: skip


def _scan(server_app, path_and_query: str, headers=BROWSER):
    return server_app.client.get(path_and_query, headers=headers, follow_redirects=False)


def _status(answer) -> str:
    return answer.text.split('data-status="', 1)[1].split('"', 1)[0]


def test_issue_15_finding_b2_a_valid_signature_not_yet_synced_reads_pending(server_app, station):
    label = _printed_offline(station)
    en = _scan(server_app, label.path_and_query)
    assert en.status_code == 404  # GS1: no record, no links (yet)
    assert _status(en) == "pending"
    assert PENDING_EN in en.text and "check again later" in en.text
    assert "counterfeit" not in en.text and "never issued" not in en.text
    assert "GENUINE" not in en.text and "✓" not in en.text and "<img" not in en.text
    zh = _scan(server_app, label.path_and_query, {"Accept": "text/html", "Accept-Language": "zh"})
    assert _status(zh) == "pending" and PENDING_ZH in zh.text
    api = _scan(server_app, label.path_and_query, {"Accept": "application/json"})
    assert api.status_code == 404 and "not reached" in api.json()["error"]


def test_a_bad_or_missing_signature_stays_unknown(server_app, station):
    label = _printed_offline(station)
    altered = label.path_and_query.replace("d=20261206", "d=20261205")
    unsigned = label.path_and_query.split("&s=")[0]
    for scanned in (altered, unsigned, label.path):
        answer = _scan(server_app, scanned)
        assert answer.status_code == 404 and _status(answer) == "unknown", scanned
    other = FakeStation(server_app.dsn, code="WH9").enrol()
    forged = _printed_offline(other)  # another station's signature over our serial's path
    assert _status(_scan(server_app, f"{label.path}?{forged.query}")) == "unknown"
    stranger = FakeStation(server_app.dsn, code="NOT-ENROLLED")  # key never enrolled
    assert _status(_scan(server_app, _printed_offline(stranger).path_and_query)) == "unknown"


def test_a_key_retired_or_ended_for_that_day_stays_unknown(server_app, station):
    label = _printed_offline(station, day="20261206")
    assert _status(_scan(server_app, label.path_and_query)) == "pending"
    station.push("key_events", {"id": 1, "key_id": station.kid, "kind": "rotated",
                                "after": "20261205", "at": "2026-12-05T08:00:00Z"})  # fmt: skip
    assert _status(_scan(server_app, label.path_and_query)) == "unknown"
    older = _printed_offline(station, day="20261205")  # dated before the end: still pending
    assert _status(_scan(server_app, older.path_and_query)) == "pending"
    with psycopg.connect(server_app.dsn, row_factory=dict_row) as conn:
        stations.revoke(conn, station.code, "bench stolen")
    assert _status(_scan(server_app, older.path_and_query)) == "unknown"


def test_the_pending_answer_is_not_kept_once_the_record_arrives(server_app, station):
    label = _printed_offline(station)
    assert _status(_scan(server_app, label.path_and_query)) == "pending"
    _sync(station, label)
    answer = _scan(server_app, label.path_and_query)
    assert answer.status_code == 307
    page = server_app.client.get(answer.headers["location"], headers=BROWSER)
    assert _status(page) == "genuine"


def test_a_fresh_bench_reached_by_its_label_domain_reads_pending(server_app, monkeypatch):
    monkeypatch.delenv("APPRAISER_RESOLVER_PUBLIC_URL")
    fresh = FakeStation(server_app.dsn, code="BW-NEW").enrol()  # nothing synced at all
    label = _printed_offline(fresh)
    answer = _scan(server_app, label.path_and_query, {**BROWSER, "Host": RESOLVER})
    assert _status(answer) == "pending"


def test_pending_scans_are_logged_for_the_clone_rules(server_app, station):
    label = _printed_offline(station)
    _scan(server_app, label.path_and_query)
    server_app.client.portal.call(server_app.client.app.state.resolver.scans.flush)
    with psycopg.connect(server_app.dsn, row_factory=dict_row) as conn:
        rows = conn.execute(
            "SELECT kind, outcome FROM resolver_scans WHERE serial = %s", (label.serial,)
        ).fetchall()
    assert [(r["kind"], r["outcome"]) for r in rows] == [("resolve", "pending")]
