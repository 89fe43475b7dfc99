"""Verification: every scan is recorded; copied labels are flagged for supervisors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from label_support import genuine_appraisal
from PIL import Image

from appraiser.cli.main import main
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.keys import StationKeys
from appraiser.labels import decode, layouts, png
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_verify, labels


@pytest.fixture
def label(station: Station, appraiser_session: Session, password: str) -> labels.LabelInfo:
    uid = genuine_appraisal(station, appraiser_session, password)
    return labels.issue(station, appraiser_session, uid)


def _scans(station: Station) -> list[dict]:
    return station.store.query("SELECT * FROM scan_events ORDER BY id")


def test_valid_scan_is_recorded_without_flags(station, appraiser_session, label) -> None:
    report = label_verify.record_scan(station, appraiser_session, label.payload)
    assert report.verification.ok and report.label is not None
    assert not report.clone_suspected and report.state == "issued"
    [scan] = _scans(station)
    assert scan["serial"] == label.serial and scan["purpose"] == "bench"
    assert scan["station"] == station.settings.station_code and scan["known"] == 1


def test_outbound_twice_is_flagged(station, appraiser_session, label) -> None:
    first = label_verify.record_scan(station, appraiser_session, label.payload, purpose="outbound")
    assert not first.clone_suspected
    second = label_verify.record_scan(station, appraiser_session, label.payload, purpose="outbound")
    assert [f["rule"] for f in second.flags] == ["outbound_repeat"]
    listed = label_verify.clone_flags(station)
    assert [(f["serial"], f["rule"]) for f in listed] == [(label.serial, "outbound_repeat")]


def test_two_stations_is_flagged_but_bench_scans_do_not_count(
    station, appraiser_session, label
) -> None:
    """Scans count only from stations this one knows (issue 14 finding 7): fleet stations,
    and only signed ones (breaker M-2)."""
    for code in ("RESOLVER", "SHOP-SZ-12"):
        row = {"code": code, "warehouse": "W", "timezone": "Asia/Shanghai", "created": "t"}
        with station.store.atomic("system") as tx:
            tx.insert("stations", row, action="station.registered")
    for _ in range(3):
        label_verify.record_scan(station, appraiser_session, label.payload, purpose="bench")
    report = label_verify.record_scan(
        station, appraiser_session, label.payload, purpose="consumer", at_station="RESOLVER"
    )
    assert not report.clone_suspected
    report = label_verify.record_scan(
        station, appraiser_session, label.payload, purpose="consumer", at_station="SHOP-SZ-12"
    )
    assert [f["rule"] for f in report.flags] == ["multi_station"]
    assert label_verify.clone_flags(station)[0]["stations"] == ["BW-01", "RESOLVER", "SHOP-SZ-12"]


def test_voided_serial_seen_again(station, appraiser_session, label, supervisor) -> None:
    labels.void(station, appraiser_session, label.serial, "lost", supervisor)
    report = label_verify.record_scan(station, appraiser_session, label.payload)
    assert report.state == "voided"
    assert [f["rule"] for f in report.flags] == ["voided_seen"]


def test_flags_are_raised_once_per_rule(station, appraiser_session, label) -> None:
    for _ in range(4):
        label_verify.record_scan(station, appraiser_session, label.payload, purpose="outbound")
    assert len(label_verify.clone_flags(station)) == 1


def test_bad_scans_are_recorded_too(station, appraiser_session, label, tmp_path) -> None:
    other = StationKeys(tmp_path / "other")
    bad = label.payload.replace(label.payload.split("&k=")[1][:16], other.current_key_id())
    outcomes = [
        label_verify.record_scan(station, appraiser_session, text).verification.outcome
        for text in (bad, label.payload[:-10], "https://example.org/x")
    ]
    assert [str(o) for o in outcomes] == ["unknown_key", "malformed", "not_ours"]
    assert [s["outcome"] for s in _scans(station)] == ["unknown_key", "malformed", "not_ours"]
    assert label_verify.clone_flags(station) == []
    assert station.store.verify_audit().ok


def test_record_for_shows_item_verdict_and_history(station, appraiser_session, label) -> None:
    record = label_verify.record_for(station, label.serial)
    assert record["item"]["brand"] == "Gucci" and record["verdict"]["verdict"] == "genuine"
    assert [h["event"] for h in record["history"]] == ["issued"]


def test_purpose_must_be_known(station, label) -> None:
    with pytest.raises(InvalidInput):
        label_verify.record_scan(station, None, label.payload, purpose="lunch")


def test_photo_without_qr(tmp_path: Path) -> None:
    photo = tmp_path / "bag.jpg"
    rng = np.random.default_rng(7)
    Image.fromarray(rng.integers(0, 255, (240, 320), dtype=np.uint8)).save(photo)
    with pytest.raises(InvalidInput, match="No QR code"):
        decode.decode_file(photo)
    not_image = tmp_path / "notes.txt"
    not_image.write_text("hello")
    with pytest.raises(InvalidInput, match="not an image"):
        decode.decode_file(not_image)


def test_cli_render_and_verify_round_trip(
    station, label, tmp_path, capsys, monkeypatch, password
) -> None:
    """A render is the label's (one) print: a second needs a reprint (issue 14 finding 3)."""
    root = str(station.data.root)
    station.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n" * 3))
    out = tmp_path / "label.png"
    uid = label.appraisal_uid
    render = ["--data-dir", root, "label", "render", uid, "--user", "appraiser1"]
    assert main([*render, "--stock", "60x40", "--format", "png", "--out", str(out)]) == 0
    assert decode.decode_file(out) == [label.payload]
    verify = ["--data-dir", root, "label", "verify", str(out), "--json", "--user", "appraiser1"]
    assert main(verify) == 0  # signed in: a bench scan names the appraisal (breaker M-2)
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["valid"] and answer["appraisal"] == uid and not answer["clone_suspected"]
    again = tmp_path / "label.pdf"
    assert main([*render, "--format", "pdf", "--out", str(again)]) == 2
    assert "reprint" in capsys.readouterr().err and not again.exists()


def test_cli_verify_rejects_tampered_payload_and_foreign_qr(
    station, label, tmp_path, capsys
) -> None:
    root = str(station.data.root)
    station.close()
    uri = label.payload  # a middle signature symbol: the last one has spare bits
    tampered = uri[:-10] + ("A" if uri[-10] != "A" else "B") + uri[-9:]
    assert main(["--data-dir", root, "label", "verify", tampered, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["outcome"] == "bad_signature"
    foreign = tmp_path / "foreign.png"
    layout = layouts.load("50x30")
    content = labels.LabelContent(
        "https://shop.example.net/p/123", label.serial, "2026-11-22", "X", ""
    )
    png.render(layout, content, 300).save(foreign)
    assert main(["--data-dir", root, "label", "verify", str(foreign), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["outcome"] == "not_ours"
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    assert main(["--data-dir", root, "label", "verify", str(blank)]) == 2
    assert "No QR code" in capsys.readouterr().err


# issue 14 breaker M-2 ---------------------------------------------------------------------
def _cli(station: Station, *argv: str) -> int:
    return main(["--data-dir", str(station.data.root), "label", "verify", *argv])


def test_unsigned_outbound_scans_cannot_flag_a_genuine_label(station, label, capsys) -> None:
    """Issue 14 breaker M-2: `label verify --purpose outbound` twice with no sign-in marked
    a genuine label a probable clone. Now an outbound or bench scan without --user is
    refused (exit 2, audited), records no scan, and the label still verifies VALID."""
    for purpose in ("outbound", "outbound", "bench"):
        assert _cli(station, label.payload, "--purpose", purpose) == 2
        assert "Sign in first" in capsys.readouterr().err
    assert _scans(station) == [] and label_verify.clone_flags(station) == []
    refused = station.store.query(
        "SELECT data FROM audit_events WHERE action = 'rules.refused' ORDER BY seq"
    )
    assert len(refused) == 3 and all('"scan"' in r["data"] for r in refused)
    with pytest.raises(PermissionDenied, match="Sign in first"):
        label_verify.record_scan(station, None, label.payload, purpose="outbound")
    assert _cli(station, label.payload) == 0  # no --user: a consumer's check
    assert capsys.readouterr().out.startswith("VALID — genuine label")
    assert [s["purpose"] for s in _scans(station)] == ["consumer"]


def test_unsigned_consumer_scans_never_count_towards_clone_rules(station, label) -> None:
    """Issue 14 breaker M-2: unsigned consumer scans at two known stations are recorded but
    raise no multi_station flag: nobody can be held to them."""
    row = {"code": "SHOP-SZ-12", "warehouse": "W", "timezone": "Asia/Shanghai", "created": "t"}
    with station.store.atomic("system") as tx:
        tx.insert("stations", row, action="station.registered")
    for where in (None, "SHOP-SZ-12", "SHOP-SZ-12", None):
        report = label_verify.record_scan(
            station, None, label.payload, purpose="consumer", at_station=where
        )
        assert report.valid and not report.clone_suspected
    assert len(_scans(station)) == 4 and label_verify.clone_flags(station) == []


def test_signed_outbound_scans_still_flag(station, label, password, monkeypatch, capsys) -> None:
    """Issue 14 breaker M-2: with --user (password on stdin) outbound scans count again."""
    codes = []
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
        codes.append(_cli(station, label.payload, "--purpose", "outbound", "--user", "appraiser1"))
    assert codes == [0, 1]
    assert "PROBABLE CLONE: scanned at outbound more than once" in capsys.readouterr().out
    assert {s["created_by"] for s in _scans(station)} != {None}
