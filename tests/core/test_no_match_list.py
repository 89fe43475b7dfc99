"""The library's "no match" list as the bench fills it (issue 13 item 3): the intake for an
unknown GTIN, the compare step for a photo the engine matched to nothing — one service,
one entry per product while the library has not answered it, the compared photo and the
engine's nearest candidates kept for the library keeper."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from appraiser import checklists
from appraiser.capture.quality import GateResult
from appraiser.clock import now_iso
from appraiser.services.arrivals import intake, queue, scanning
from appraiser.services.casework import appraisals, capture, workflow
from appraiser.services.reference import library

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 22)
KNOWN = "09506000134352"
UNKNOWN = "05901234123457"
PASSED = GateResult(True, (), {"sharpness": 1.0})
NEAREST = [
    {"version_id": "ml-plume", "score": 0.21, "inliers": 14},
    {"version_id": "ml-other", "score": 0.1, "inliers": 9},
]


def _version(station, gtin: str = KNOWN, when: str = "2026-11-20T00:00:00Z") -> None:
    row = {
        "version_id": f"v-{gtin}-{when}", "brand": "Maison Lune", "model": "Sac Plume",
        "category": "bags", "region": "EU", "gtin": gtin, "attributes": {},
        "pack_name": "demo", "digest": "d" * 64, "active": 1, "created": when, "changed": when,
    }  # fmt: skip
    with station.store.atomic("test") as tx:
        tx.insert("reference_versions", row, action="library.version_added")


def _case_with_photo(station, session, gtin: str, day: date = DAY) -> str:
    """A case at its compare step: the item of ``gtin`` and a still of every required view."""
    item_uid, _ = queue.add_scan(station.store, session, day, scanning.parse(gtin))
    uid = workflow.begin(station.store, session, "BW-01", TZ, item_uid, "bags")
    image = np.full((240, 320, 3), 90, np.uint8)
    for n, view in enumerate(checklists.load("bags").required_views):
        image[0, 0] = n  # every view its own photo
        capture.store_still(station.store, session, uid, view, image, PASSED)
    return uid


def _entries(station) -> list[dict]:
    return station.store.query("SELECT * FROM library_no_match ORDER BY id")


def test_two_products_without_a_gtin_are_two_entries(station, appraiser_session):
    """Both went in as (no GTIN, no case): the second was taken for a duplicate and lost."""
    _version(station)
    first = intake.offer_no_match(
        station.store, appraiser_session, gtin=None, brand="Orla", model="Tote"
    )
    second = intake.offer_no_match(
        station.store, appraiser_session, gtin=None, brand="Brisk", model="Glove"
    )
    again = intake.offer_no_match(
        station.store, appraiser_session, gtin=None, brand="orla", model="TOTE"
    )
    assert first and second and first != second and again is None
    assert [(e["brand"], e["model"]) for e in _entries(station)] == [
        ("Orla", "Tote"),
        ("Brisk", "Glove"),
    ]


def test_compare_step_lists_the_case_with_its_photo_and_the_nearest_candidates(
    station, appraiser_session
):
    _version(station)  # the GTIN is known, yet the photo matched nothing (new packaging?)
    uid = _case_with_photo(station, appraiser_session, KNOWN)
    assert intake.no_match_entry(station.store, gtin=KNOWN, appraisal_uid=uid) is None
    row_id = intake.offer_case_no_match(station.store, appraiser_session, uid, NEAREST)
    entry = station.store.one("SELECT * FROM library_no_match WHERE id = ?", (row_id,))
    front = appraisals.media_of(station.store, uid, "still")
    front.sort(key=lambda m: (m["view"] != "front", m["id"]))
    assert entry["appraisal_uid"] == uid and entry["gtin"] == KNOWN
    assert entry["image_sha256"] == front[0]["media_sha256"]
    assert station.store.media.path(entry["image_sha256"]).exists()
    assert entry["note"] == (
        "no_match at the compare step; nearest: ml-plume (14 points), ml-other (9 points)"
    )
    assert entry["actor"] == appraiser_session.actor
    assert [e["id"] for e in library.no_match_queue(station.store)] == [row_id]
    event = station.store.one(
        "SELECT actor, entity_id FROM audit_events WHERE action = 'library.no_match'"
    )
    assert (event["actor"], str(event["entity_id"])) == (appraiser_session.actor, str(row_id))
    assert intake.no_match_entry(station.store, gtin=KNOWN, appraisal_uid=uid) == row_id
    assert intake.offer_case_no_match(station.store, appraiser_session, uid, NEAREST) is None
    assert station.store.verify_audit().ok


def test_the_intake_and_the_compare_step_share_one_entry(station, appraiser_session):
    _version(station)
    listed = intake.offer_no_match(
        station.store, appraiser_session, gtin=UNKNOWN, brand="Orla", model=None
    )
    uid = _case_with_photo(station, appraiser_session, UNKNOWN.lstrip("0"))
    assert intake.no_match_entry(station.store, gtin=UNKNOWN, appraisal_uid=uid) == listed
    assert intake.offer_case_no_match(station.store, appraiser_session, uid, []) is None
    assert len(_entries(station)) == 1


def test_a_version_imported_after_the_entry_answers_it(station, appraiser_session):
    _version(station)
    uid = _case_with_photo(station, appraiser_session, UNKNOWN)
    intake.offer_case_no_match(station.store, appraiser_session, uid, [])
    assert len(library.no_match_queue(station.store)) == 1
    _version(station, UNKNOWN, now_iso())  # the keeper sourced it
    assert library.no_match_queue(station.store) == []
    assert intake.no_match_entry(station.store, gtin=UNKNOWN) is None
    other = _case_with_photo(station, appraiser_session, UNKNOWN, date(2026, 11, 23))
    assert other != uid
    assert intake.no_match_entry(station.store, gtin=UNKNOWN, appraisal_uid=uid)  # its case
    assert intake.offer_case_no_match(station.store, appraiser_session, other, [])  # anew


def test_engine_note_without_candidates_and_with_odd_ones():
    assert intake.engine_note([]) == "no_match at the compare step; no candidate"
    odd = [{"version_id": "x" * 200, "inliers": None}, "junk", {"score": 1}]
    assert (
        intake.engine_note(odd) == f"no_match at the compare step; nearest: {'x' * 80} (0 points)"
    )


def test_the_keepers_list_names_the_bench_photo(station, appraiser_session, capsys):
    """``appraiser library unmatched`` shows where the compared photo is (JSON ``photo``)."""
    from appraiser.cli.main import main

    _version(station)
    uid = _case_with_photo(station, appraiser_session, UNKNOWN)
    intake.offer_case_no_match(station.store, appraiser_session, uid, NEAREST)
    intake.offer_no_match(station.store, appraiser_session, gtin=None, brand="Orla", model=None)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "library", "unmatched", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    photo = Path(rows[0]["photo"])
    assert photo.is_file() and photo.name == rows[0]["image_sha256"]
    assert rows[1]["photo"] is None
    assert main(["--data-dir", root, "library", "unmatched"]) == 0
    assert f"    photo: {photo}" in capsys.readouterr().out


def test_the_shell_and_the_bench_agree_on_what_is_listed(station, appraiser_session):
    """The shell's ``library no-match`` queued a product the bench had listed once more
    (and the same brand and model without a GTIN every time)."""
    _version(station)
    at_intake = intake.offer_no_match(
        station.store, appraiser_session, gtin=UNKNOWN, brand="Orla", model=None
    )
    assert library.queue_no_match(station.store, "shell", gtin=UNKNOWN.lstrip("0")) == at_intake
    first = library.queue_no_match(station.store, "shell", brand="Brisk", model="Glove")
    assert library.queue_no_match(station.store, "shell", brand="brisk", model="glove") == first
    assert len(_entries(station)) == 2


def test_an_intake_entry_shows_the_photo_its_case_took_later(station, appraiser_session, capsys):
    """The intake lists a product before it is photographed; the compare step then shows
    it listed (no second entry), and the keeper still gets a bench photo of it."""
    from appraiser.cli.main import main
    from appraiser.services.casework import bench

    _version(station)
    intake.offer_no_match(station.store, appraiser_session, gtin=UNKNOWN, brand="Orla", model=None)
    uid = _case_with_photo(station, appraiser_session, UNKNOWN)
    assert intake.offer_case_no_match(station.store, appraiser_session, uid, []) is None
    front = bench.item_still(station.store, uid)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "library", "unmatched", "--json"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["image_sha256"] is None and row["appraisal_uid"] is None
    assert Path(row["photo"]).name == front
