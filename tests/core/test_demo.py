"""``appraiser demo`` and the first start: a full demo station, made once, never twice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from biip.gtin import Gtin

from appraiser.cli.demo import ACCOUNTS_HELP
from appraiser.domain.enums import Role
from appraiser.errors import InvalidInput
from appraiser.services.admin import accounts, demo, demo_lots
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels
from appraiser.services.lots import (
    decisions,
    lot_quarantine,
    lots,
    samples,
    unit_labels,
    unit_print,
)

TABLES = ("users", "items", "appraisals", "verdicts", "media", "appraisal_media", "audit_events")


def _counts(station: Station) -> dict[str, int]:
    return {t: station.store.one(f"SELECT COUNT(*) AS n FROM {t}")["n"] for t in TABLES}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo.DemoReport]:
    root = tmp_path_factory.mktemp("demo") / "station"
    station = Station.open(root)
    try:
        report = demo.seed(station)
    finally:
        station.close()
    return root, report


@pytest.fixture
def opened(seeded) -> Station:
    station = Station.open(seeded[0])
    yield station
    station.close()


def test_every_role_has_a_demo_account(seeded, opened: Station):
    _, report = seeded
    assert [u.username for u in report.users_created] == [u.username for u in demo.DEMO_USERS]
    for user in demo.DEMO_USERS:
        session = accounts.check_password(opened.store, user.username, user.password)
        assert session.role == user.role
        assert session.display_name.startswith("Demo ")
    assert {u.role for u in demo.DEMO_USERS} == set(Role)


def test_demo_library_is_imported(seeded, opened: Station):
    _, report = seeded
    assert report.library_imported
    assert report.library_versions == demo.library_versions(opened) >= 20


def test_sample_appraisals_are_finished_cases(seeded, opened: Station):
    _, report = seeded
    assert len(report.appraisals_created) == len(demo.SAMPLES)
    current = opened.store.query(
        "SELECT a.uid, a.state, v.verdict, v.kind FROM appraisals_current a "
        "JOIN verdicts_current v ON v.appraisal_uid = a.uid "
        "JOIN items_current i ON i.uid = a.item_uid "  # the lots' units are not samples
        "WHERE json_extract(i.attributes, '$.demo_sample') IS NOT NULL ORDER BY a.uid"
    )
    assert sorted(r["uid"] for r in current) == sorted(report.appraisals_created)
    verdicts = Counter(r["verdict"] for r in current)
    assert set(verdicts) == {"genuine", "counterfeit", "inconclusive"}
    assert {r["kind"] for r in current} == {"initial", "review", "amendment"}
    states = Counter(r["state"] for r in current)
    assert states == {"done": len(demo.SAMPLES) - 1, "awaiting_review": 1}


def test_samples_have_photos_and_valid_gtins(seeded, opened: Station):
    _, report = seeded
    for uid in report.appraisals_created:
        photos = opened.store.query(
            "SELECT media_sha256, view FROM appraisal_media WHERE appraisal_uid = ?", (uid,)
        )
        assert photos, f"{uid} has no photos"
        for photo in photos:
            data = opened.store.media.read(photo["media_sha256"])
            assert data[:3] == b"\xff\xd8\xff", "a JPEG"
    items = opened.store.query(
        "SELECT gtin, brand, model, declaration_no FROM items "
        "WHERE json_extract(attributes, '$.demo_sample') IS NOT NULL"
    )
    assert len(items) == len(demo.SAMPLES)
    for item in items:
        assert len(item["gtin"]) in (8, 12, 13, 14)
        assert Gtin.parse(item["gtin"]).value.lstrip("0") == item["gtin"].lstrip("0")
        assert item["brand"] and item["model"] and item["declaration_no"]


def test_demo_lots_are_taken_to_their_end(seeded, opened: Station):
    """Issue 16 L7: the sampled lot is complete (every drawn unit appraised, accepted, a
    label for every unit, the first batch printed to the file printer), the every-unit
    lot's bags are appraised and labelled like single items, and a second sampled lot is
    rejected by a counterfeit unit and held in lot quarantine."""
    root, report = seeded
    store = opened.store
    found = {lot["category"]: lot for lot in lots.list_lots(store)}
    assert sorted(lot["uid"] for lot in found.values()) == sorted(report.lots_created)
    accepted, every, rejected = found["beauty"], found["bags"], found["shoes"]
    assert (accepted["policy"], accepted["quantity"], accepted["sample_size"]) == (
        "sampling", 500, 50)  # fmt: skip
    assert accepted["appraised"] == accepted["verdicts"] == 50
    assert decisions.current(store, accepted["uid"])["decision"] == "accept"
    summary = unit_labels.summary(store, accepted["uid"])
    assert summary["without_label"] == 0
    assert summary.get("printed") == unit_print.JOB_SIZE  # one batch; the rest wait
    assert list((root / "demo-printer").glob("lot-job-*.pdf"))
    assert (every["policy"], every["quantity"], every["appraised"]) == ("every_unit", 3, 3)
    assert decisions.current(store, every["uid"])["decision"] == "accept"
    bags = [u["appraisal_uid"] for u in samples.units(store, every["uid"])]
    assert all(labels.live_label(store, uid) for uid in bags)  # each bag its own label
    held = lot_quarantine.state(store, rejected["uid"])
    assert decisions.current(store, rejected["uid"])["decision"] == "reject"
    assert held["action"] == "held" and held["units"] == 200
    assert [e["verdict"] for e in held["evidence"]] == ["counterfeit"]
    assert rejected["appraised"] == demo_lots.REJECTED_APPRAISED


def test_demo_station_verifies(opened: Station):
    report = opened.store.verify_audit()
    assert report.ok, report.problems
    assert opened.store.integrity_check() == ["ok"]


def test_running_twice_adds_nothing(seeded, tmp_path: Path):
    root = tmp_path / "again"
    shutil.copytree(seeded[0], root)
    station = Station.open(root)
    try:
        before = _counts(station)
        report = demo.seed(station)
        assert report.users_created == [] and report.appraisals_created == []
        assert not report.library_imported
        assert report.appraisals_present == len(demo.SAMPLES)
        after = _counts(station)
        assert {k: v for k, v in after.items() if k != "audit_events"} == {
            k: v for k, v in before.items() if k != "audit_events"
        }
        assert station.store.verify_audit().ok
    finally:
        station.close()


def test_refuses_a_station_with_real_accounts(station: Station, password: str):
    accounts.create_user(station.store, "boss", "Real Boss", Role.ADMIN, password, by=None)
    with pytest.raises(InvalidInput, match="'boss'"):
        demo.seed(station)
    assert [u["username"] for u in accounts.list_users(station.store)] == ["boss"]


def test_first_start_imports_the_library_but_no_accounts(station: Station):
    assert demo.ensure_first_start(station) is True
    assert demo.library_versions(station) >= 20
    assert accounts.needs_first_admin(station.store)
    assert accounts.list_users(station.store) == []
    assert demo.ensure_first_start(station) is False


def test_gtin_check_digit():
    assert demo.gtin14("0400638133393") == "04006381333931"
    assert demo.gtin14("0000000000000") == "00000000000000"
    for body in ("0690123456789", "0697654321000", "0012345678905"):
        assert Gtin.parse(demo.gtin14(body)).check_digit == int(demo.gtin14(body)[-1])


def test_help_lists_the_published_passwords():
    for user in demo.DEMO_USERS:
        assert f"{user.username:<11} {user.password:<16} {user.role}" in ACCOUNTS_HELP


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), "demo", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=280)


def test_cli_demo_prints_credentials_once(seeded, tmp_path: Path):
    root = tmp_path / "cli"
    first = _cli(root)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("DEMO station ready in")
    for user in demo.DEMO_USERS:
        assert f"{user.username:<11} password: {user.password}" in first.stdout
    again = _cli(root, "--json")
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    assert result["users_created"] == [] and result["appraisals_created"] == []
    assert result["appraisals_present"] == len(demo.SAMPLES)
    assert "demo-admin" not in again.stdout
    assert (root / "logs" / "appraiser.log").read_text(encoding="utf-8").count("command: ") == 2


def test_cli_demo_makes_the_data_folder_owner_only_at_once(tmp_path: Path):
    """Issue 14 (breaker, low): `appraiser demo` left the new data folder 0755 until the next
    command: the log folder was made first (mode from the umask), so the folder no longer
    looked new and was tightened only once a database existed."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    root = shared / "station"
    done = _cli(root)
    assert done.returncode == 0, done.stderr
    assert oct(root.stat().st_mode & 0o777) == oct(0o700)
