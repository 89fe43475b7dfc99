"""``appraiser export verify``: every tampering is caught, foreign keys are refused, and a
rewritten audit history no longer matches the signed checkpoint."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser.cli.main import main
from appraiser.keys import StationKeys, fingerprint, public_pem
from appraiser.reports.sample import SAMPLE_PASSWORD, SUPERVISOR, populate_day
from appraiser.services.admin import keys as key_service
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import export_daily, verify_exports

DAY = date(2026, 11, 20)
TAMPERINGS = 1000


@pytest.fixture
def exported(station: Station, tmp_path: Path) -> dict[str, Path]:
    """One folder per format, each holding an export and its manifest."""
    populate_day(station.store, DAY, station.settings.tz(), 40, seed=11)
    boss = check_password(station.store, SUPERVISOR[0], SAMPLE_PASSWORD)
    folders = {}
    for fmt in ("csv", "xlsx", "pdf"):
        folder = tmp_path / fmt
        folder.mkdir()
        export_daily(station, boss, DAY, fmt, folder / f"2026-11-20.{fmt}")
        folders[fmt] = folder
    return folders


def _csv_tamper(text: str, rng: random.Random) -> str:
    """Edit a cell, delete / reorder / add a row, or truncate: what a person might try."""
    lines = text.split("\r\n")
    body = [i for i in range(1, len(lines)) if lines[i]]
    kind = rng.choice(["edit", "delete", "reorder", "add", "truncate"])
    if kind == "edit":
        row = rng.choice(body)
        cells = lines[row].split(",")
        col = rng.randrange(len(cells))
        cells[col] = (
            cells[col] + rng.choice("0123456789真假X") if rng.random() < 0.5 else cells[col][:-1]
        )
        lines[row] = ",".join(cells)
    elif kind == "delete":
        del lines[rng.choice(body)]
    elif kind == "reorder":
        a, b = rng.sample(body, 2)
        lines[a], lines[b] = lines[b], lines[a]
    elif kind == "add":
        lines.insert(rng.choice(body), lines[rng.choice(body)])
    else:
        return text[: rng.randrange(len(text))]
    return "\r\n".join(lines)


def _bytes_tamper(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return data[: rng.randrange(len(data))]
    spot = rng.randrange(len(data))
    return data[:spot] + bytes([data[spot] ^ (1 << rng.randrange(8))]) + data[spot + 1 :]


def _manifest_tamper(data: bytes, rng: random.Random) -> bytes:
    body = json.loads(data)
    choice = rng.choice(["rows", "sha", "root", "count", "station"])
    if choice == "rows":
        body["details"]["rows"] += rng.choice([-1, 1])
    elif choice == "sha":
        body["files"][0]["sha256"] = "0" * 64
    elif choice == "root":
        body["checkpoint"]["merkle_root"] = "f" * 64
    elif choice == "count":
        body["checkpoint"]["count"] += 1
    else:
        body["station"] = "BW-99"
    return json.dumps(body).encode()


def test_a_thousand_random_tamperings_are_all_detected(
    station: Station, exported: dict[str, Path]
) -> None:
    rng = random.Random(20261120)
    originals = {p: p.read_bytes() for folder in exported.values() for p in folder.iterdir()}
    for folder in exported.values():
        assert verify_exports(station, folder).ok
    detected, kinds = 0, set()
    for _ in range(TAMPERINGS):
        fmt = rng.choices(["csv", "xlsx", "pdf", "manifest"], weights=[70, 10, 10, 10])[0]
        folder = exported["csv" if fmt == "manifest" else fmt]
        target = next(
            p for p in folder.iterdir() if p.name.endswith(".manifest.json") == (fmt == "manifest")
        )
        original = originals[target]
        if fmt == "csv":
            changed = _csv_tamper(original.decode("utf-8-sig"), rng).encode("utf-8-sig")
        elif fmt == "manifest":
            changed = _manifest_tamper(original, rng)
        else:
            changed = _bytes_tamper(original, rng)
        if changed == original:  # e.g. swapping two equal rows: not a tampering
            continue
        kinds.add(fmt)
        target.write_bytes(changed)
        report = verify_exports(station, folder)
        detected += not report.ok
        assert not report.ok, f"undetected tampering of {target.name}"
        target.write_bytes(original)
    assert detected >= TAMPERINGS * 0.95 and kinds == {"csv", "xlsx", "pdf", "manifest"}
    for folder in exported.values():
        assert verify_exports(station, folder).ok  # restored: intact again


def test_cli_exit_codes_for_intact_and_tampered(
    station: Station, exported: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    args = ["--data-dir", str(station.data.root), "export", "verify"]
    assert main([*args, str(exported["xlsx"])]) == 0
    assert "checkpoint matches" in capsys.readouterr().out
    csv_file = exported["csv"] / "2026-11-20.csv"
    csv_file.write_bytes(csv_file.read_bytes()[:-10])
    assert main([*args, str(exported["csv"])]) == 1
    assert "2026-11-20.csv" in capsys.readouterr().out
    empty = exported["csv"].parent / "nothing"
    empty.mkdir()
    assert main([*args, str(empty)]) == 1


def test_manifest_from_another_station_is_refused_unless_trusted(
    station: Station, exported: dict[str, Path], tmp_path: Path, admin
) -> None:
    """Re-sign a manifest with a foreign key: refused, then accepted once trusted."""
    folder = exported["csv"]
    foreign = Ed25519PrivateKey.generate()
    keys = StationKeys(tmp_path / "other-keys")
    keys.folder.mkdir()
    keys.private_path.write_bytes(_pem(foreign))  # station BW-77's own key
    manifest_path = next(folder.glob("*.manifest.json"))
    body = json.loads(manifest_path.read_bytes())
    from appraiser.reports import manifest

    resigned = manifest.build(
        kind=body["kind"],
        station="BW-77",
        files={"2026-11-20.csv": folder / "2026-11-20.csv"},
        checkpoint=None,
        details=body["details"],
        keys=keys,
    )
    manifest_path.write_bytes(resigned)
    refused = verify_exports(station, folder)
    assert not refused.ok
    assert "not trust" in refused.problems()[0]
    pem = tmp_path / "bw77.pem"
    pem.write_bytes(public_pem(foreign.public_key()))
    args = ["--data-dir", str(station.data.root), "export", "verify", str(folder)]
    assert main(args) == 1
    assert main([*args, "--key", str(pem)]) == 0
    StationKeys(station.data.keys).trust(pem.read_bytes())  # a file dropped in: ignored
    assert not verify_exports(station, folder).ok  # issue 14 breaker H3
    key_service.trust(station, admin, pem.read_bytes(), fingerprint(foreign.public_key()))
    assert verify_exports(station, folder).ok


def _pem(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def test_rewritten_audit_history_breaks_the_checkpoint(
    station: Station, exported: dict[str, Path]
) -> None:
    """An insider drops the guard and rewrites one of the day's events (even with a
    recomputed chain the Merkle root moves): the signed checkpoint no longer matches."""
    conn = station.store.conn
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute(
        "UPDATE audit_events SET hash = ? WHERE seq = (SELECT MIN(seq) + 5 FROM "
        "audit_events WHERE ts >= '2026-11-20' AND ts < '2026-11-20T16')",  # the day's own
        ("ab" * 32,),
    )
    report = verify_exports(station, exported["csv"])
    assert not report.ok
    assert "checkpoint" in report.problems()[0]


def test_a_deleted_manifest_fails_and_names_what_nothing_vouches_for(
    station: Station, exported: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    """issue 14 finding 14: deleting the manifest (then tampering the data) used to pass
    `export verify` with exit 0 and a note on stderr; now nothing vouches for the file."""
    folder = exported["csv"]
    (folder / "2026-11-20.csv.manifest.json").unlink()
    data = folder / "2026-11-20.csv"
    data.write_bytes(data.read_bytes().replace(b"BW-01", b"BW-66"))
    args = ["--data-dir", str(station.data.root), "export", "verify", str(folder)]
    assert main([*args, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert any("no manifest: nothing vouches for these files" in p for p in report["problems"])
    assert any("2026-11-20.csv" in p for p in report["problems"])
    assert main(args) == 1
    assert "FAILED" in capsys.readouterr().out


def test_a_file_no_manifest_lists_fails_beside_an_intact_export(
    station: Station, exported: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    """issue 14 finding 14: in a folder of several exports, one whose manifest was deleted
    (or a file slipped in) fails by name; the intact export beside it does not hide it."""
    folder = exported["xlsx"]
    (exported["csv"] / "2026-11-20.csv").rename(folder / "2026-11-20.csv")
    (folder / "extra.txt").write_text("added later")
    report = verify_exports(station, folder)
    assert not report.ok
    problems = report.problems()
    assert any("2026-11-20.csv" in p and "not listed in any manifest" in p for p in problems)
    assert any("extra.txt" in p and "not listed in any manifest" in p for p in problems)
    args = ["--data-dir", str(station.data.root), "export", "verify", str(folder)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "extra.txt" in out and "2026-11-20.csv" in out


def test_a_listed_file_that_is_missing_fails_by_name(
    station: Station, exported: dict[str, Path]
) -> None:
    """issue 14 finding 14: a file the manifest lists but the folder lacks fails, named."""
    (exported["pdf"] / "2026-11-20.pdf").unlink()
    report = verify_exports(station, exported["pdf"])
    assert not report.ok
    assert any("2026-11-20.pdf is missing" in p for p in report.problems())
