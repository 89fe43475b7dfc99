"""Declaration plausibility at intake: batch sizes, yearly capacity, acknowledgement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lot_history_support import make_lot

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.lots import capacity, plausibility


def _capacity_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "capacity.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "producer,gtin,batch_size,annual_capacity,source,note\n"


def test_60000_declared_against_18000_a_year_is_flagged(station, supervisor, appraiser_session,
                                                         tmp_path):  # fmt: skip
    path = _capacity_file(tmp_path, HEADER + 'Château Exemple,,,"18,000",winery visit 2026,\n')
    capacity.import_csv(station.store, supervisor, path)
    lot = make_lot(station, appraiser_session, 60_000)
    (flag,) = plausibility.blocking_flags(station.store, lot)
    assert flag.kind == "annual_capacity"
    assert "declared 60,000; capacity 18,000/year; 0 seen before this year" in flag.message
    assert flag.figures["scope"] == "producer"


def test_a_lot_within_capacity_raises_nothing_until_the_year_adds_up(station, supervisor,
                                                                      appraiser_session,
                                                                      tmp_path):  # fmt: skip
    capacity.import_csv(
        station.store,
        supervisor,
        _capacity_file(tmp_path, HEADER + "CHÂTEAU EXEMPLE,,,18000,table,\n"),
    )
    first = make_lot(station, appraiser_session, 10_000)
    other_year = make_lot(station, appraiser_session, 9_000, day="2025-12-31")
    second = make_lot(station, appraiser_session, 9_000)
    assert plausibility.flags(station.store, first) == []
    assert plausibility.flags(station.store, other_year) == []
    (flag,) = plausibility.flags(station.store, second)
    assert "declared 9,000; capacity 18,000/year; 10,000 seen before this year" in flag.message


def test_a_batch_seen_twice_beyond_its_size_is_flagged(station, appraiser_session):
    # The library's version of this product says one batch is 6,000 bottles.
    with station.store.atomic("test") as tx:
        tx.insert("reference_versions", {"version_id": "v1", "brand": "Château Exemple",
                  "model": "Rouge", "category": "food", "gtin": "04006381333931",
                  "attributes": {"batch_size": 6000}, "pack_name": "p", "digest": "d",
                  "created": "2026-01-01T00:00:00Z", "changed": "2026-01-01T00:00:00Z"},
                  action="library.version.imported")  # fmt: skip
    first = make_lot(station, appraiser_session, 4_000, batch="B7")
    other_batch = make_lot(station, appraiser_session, 4_000, batch="B8")
    again = make_lot(station, appraiser_session, 2_500, batch="B7")
    assert plausibility.flags(station.store, first) == []
    assert plausibility.flags(station.store, other_batch) == []
    (flag,) = plausibility.flags(station.store, again)
    assert flag.kind == "batch_size"
    assert flag.figures == {
        **flag.figures,
        "declared": 2500,
        "batch_size": 6000,
        "seen_before": 4000,
        "earlier_lots": 1,
        "source": "library",
    }
    assert "declared 2,500; batch size 6,000; 4,000 seen before in 1 earlier lot" in flag.message


def test_the_supervisors_newest_row_wins_over_the_library_and_older_rows(station, supervisor,
                                                                          appraiser_session,
                                                                          tmp_path):  # fmt: skip
    capacity.import_csv(
        station.store, supervisor, _capacity_file(tmp_path, HEADER + ",04006381333931,1000,,old,\n")
    )
    capacity.import_csv(
        station.store, supervisor, _capacity_file(tmp_path, HEADER + ",4006381333931,5000,,new,\n")
    )
    (row,) = capacity.current(station.store)
    assert (row["batch_size"], row["source"]) == (5000, "new")
    assert plausibility.flags(station.store, make_lot(station, appraiser_session, 4000)) == []
    (flag,) = plausibility.flags(station.store, make_lot(station, appraiser_session, 2000))
    assert flag.figures["source"] == "table: new"


def test_bad_rows_are_named_and_nothing_is_imported(station, supervisor, tmp_path):
    text = HEADER + (
        "Good Wines,,100,1000,ok,\n"
        "Bad Check,4006381333932,10,,,\n"
        ",,10,10,,\n"
        "No Figures,,,,,\n"
        "Negative,,-5,abc,,\n"
    )
    with pytest.raises(InvalidInput) as caught:
        capacity.import_csv(station.store, supervisor, _capacity_file(tmp_path, text))
    message = str(caught.value)
    assert "4 bad rows" in message
    for expected in ("row 3: GTIN '4006381333932'", "row 4: name a producer",
                     "row 5: give batch_size", "row 6: batch_size '-5'",
                     "annual_capacity 'abc'"):  # fmt: skip
        assert expected in message
    assert capacity.current(station.store) == []
    events = station.store.query("SELECT 1 FROM audit_events WHERE action LIKE 'lot.capacity%'")
    assert events == []


def test_a_file_without_the_columns_is_refused(station, supervisor, tmp_path):
    with pytest.raises(InvalidInput, match="the header lacks batch_size, annual_capacity"):
        capacity.import_csv(station.store, supervisor, _capacity_file(tmp_path, "producer,gtin\n"))


def test_reimporting_the_same_file_records_nothing_new(station, supervisor, tmp_path):
    path = _capacity_file(tmp_path, HEADER + "Good Wines,,100,1000,ok,\n")
    assert capacity.import_csv(station.store, supervisor, path).recorded == 1
    again = capacity.import_csv(station.store, supervisor, path)
    assert (again.recorded, again.unchanged) == (0, 1)


def test_an_appraiser_may_not_import_and_the_refusal_is_audited(station, appraiser_session,
                                                                 tmp_path):  # fmt: skip
    path = _capacity_file(tmp_path, HEADER + "Good Wines,,100,1000,ok,\n")
    with pytest.raises(PermissionDenied):
        capacity.import_csv(station.store, appraiser_session, path)
    assert capacity.current(station.store) == []
    assert _refusals(station) == [{"rule": "supervise", "capacity_import": "capacity.csv"}]


def _refusals(station) -> list[dict]:
    rows = station.store.query("SELECT data FROM audit_events WHERE action = 'rules.refused'")
    return [{k: v for k, v in json.loads(r["data"]).items() if k != "why"} for r in rows]


def _flagged_lot(station, supervisor, appraiser_session, tmp_path) -> str:
    capacity.import_csv(
        station.store, supervisor, _capacity_file(tmp_path, HEADER + "Château Exemple,,,18000,t,\n")
    )
    return make_lot(station, appraiser_session, 60_000)


def test_acknowledgement_by_a_non_supervisor_is_refused_and_audited(station, supervisor,
                                                                     appraiser_session,
                                                                     tmp_path):  # fmt: skip
    lot = _flagged_lot(station, supervisor, appraiser_session, tmp_path)
    (flag,) = plausibility.blocking_flags(station.store, lot)
    with pytest.raises(PermissionDenied):
        plausibility.acknowledge(station.store, appraiser_session, flag.uid, "looks fine")
    assert _refusals(station) == [{"rule": "supervise", "flag": flag.uid, "acknowledge": True}]
    assert [f.uid for f in plausibility.blocking_flags(station.store, lot)] == [flag.uid]


def test_a_supervisors_note_releases_the_lot_once(station, supervisor, appraiser_session,
                                                  tmp_path):  # fmt: skip
    lot = _flagged_lot(station, supervisor, appraiser_session, tmp_path)
    (flag,) = plausibility.blocking_flags(station.store, lot)
    with pytest.raises(InvalidInput, match="needs a note"):
        plausibility.acknowledge(station.store, supervisor, flag.uid, "   ")
    done = plausibility.acknowledge(station.store, supervisor, flag.uid, "capacity grew: invoice")
    assert (done.open, done.acknowledged_by, done.ack_note) == (
        False, "supervisor", "capacity grew: invoice",
    )  # fmt: skip
    assert plausibility.blocking_flags(station.store, lot) == []
    with pytest.raises(InvalidInput, match="was acknowledged by supervisor"):
        plausibility.acknowledge(station.store, supervisor, flag.uid, "again")
    assert station.store.verify_audit().ok
