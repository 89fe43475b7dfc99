"""Hostile options and files at the CLI (issue 14 breaker findings M3, M4 and the Low items):
numbers out of range are exit 2 before any work, ``export verify`` reads only regular files
within a size cap, ``label verify --json`` never says "valid" of a dead label and tells a
consumer only the state and date, a QR in alphanumeric mode verifies, a pack zip with a
``../`` member is refused by name, and no log line carries a working payload."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from label_support import genuine_appraisal, stored_payload

from appraiser.cli.main import main
from appraiser.domain.enums import Verdict
from appraiser.logs import LOG_NAME
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels


def _run(root: Path, *argv: str) -> int:
    """``main`` as a scheduler sees it: argparse's refusal is exit 2 too."""
    try:
        return main(["--data-dir", str(root), *argv])
    except SystemExit as stop:
        return int(stop.code) if isinstance(stop.code, int) else 2


@pytest.fixture
def issued(station, appraiser_session, password) -> tuple[Path, str, str]:
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    station.close()
    return station.data.root, uid, label.serial


# -- M3: numbers -----------------------------------------------------------------------
@pytest.mark.parametrize("limit", ["99999999999999999999999", "-1", "1000001", "1e3", "x"])
def test_label_list_limit_is_bounded(issued, limit, capsys) -> None:
    """issue 14 finding M3: --limit 99999999999999999999999 was exit 70 (OverflowError)."""
    root, _, _ = issued
    assert _run(root, "label", "list", "--limit", limit) == 2
    assert "--limit" in capsys.readouterr().err


def test_label_list_limit_in_range_works(issued, capsys) -> None:
    root, _, serial = issued
    assert _run(root, "label", "list", "--json", "--limit", "1000000") == 0
    assert json.loads(capsys.readouterr().out)["serial"] == serial


@pytest.mark.parametrize("dpi", ["0", "-203", "99", "601", "999999", "9" * 30])
def test_label_render_dpi_is_bounded_before_any_work(
    issued, tmp_path, dpi, monkeypatch, capsys
) -> None:
    """issue 14 finding M3: --dpi 0 was exit 70, --dpi 999999 hung; refused before the
    password is read, nothing recorded, no file."""
    root, uid, _ = issued
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a password read would fail: exit 2
    out = tmp_path / "l.png"
    argv = ["label", "render", uid, "--format", "png", "--dpi", dpi, "--out", str(out)]
    assert _run(root, *argv, "--user", "appraiser1") == 2
    err = capsys.readouterr().err
    assert "--dpi" in err and "100" in err and "600" in err
    assert not out.exists()
    assert _print_jobs(root) == 0


def test_the_render_service_checks_dpi_too(station, appraiser_session, password, tmp_path):
    """issue 14 finding M3: the GUI's path refuses before recording."""
    from appraiser.errors import InvalidInput
    from appraiser.services.labelling import label_render

    uid = genuine_appraisal(station, appraiser_session, password)
    labels.issue(station, appraiser_session, uid)
    with pytest.raises(InvalidInput, match="--dpi"):
        label_render.render(station, appraiser_session, uid, tmp_path / "a.png", dpi=0)
    assert station.store.query("SELECT id FROM print_jobs") == []


def _print_jobs(root: Path) -> int:
    station = Station.open(root)
    try:
        return len(station.store.query("SELECT id FROM print_jobs"))
    finally:
        station.close()


@pytest.mark.parametrize("top", ["0", "-1", "101", "99999999999999999999999"])
def test_match_top_is_bounded(station, tmp_path, top, capsys) -> None:
    """issue 14 finding M3 (sweep of every numeric option)."""
    station.close()
    image = tmp_path / "a.png"
    image.write_bytes(b"not read")
    assert _run(station.data.root, "match", str(image), "--top", top) == 2
    assert "--top" in capsys.readouterr().err


# -- M3/M4: export verify --------------------------------------------------------------
@pytest.fixture
def export_dir(station, tmp_path) -> tuple[Path, Path]:
    station.close()
    folder = tmp_path / "exports"
    folder.mkdir()
    return station.data.root, folder


def _verify(root: Path, folder: Path, capsys) -> tuple[int, dict]:
    code = _run(root, "export", "verify", str(folder), "--json")
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"a":' * 3_000 + b"1" + b"}" * 3_000, b"9" * 5_000, b'{"x": 1e999}'],
)
def test_export_verify_reads_manifests_with_json_limits(export_dir, body, capsys) -> None:
    """issue 14 finding M3: a manifest of 100,000 '[' was exit 70 (RecursionError)."""
    root, folder = export_dir
    (folder / "x.manifest.json").write_bytes(body)
    code, report = _verify(root, folder, capsys)
    assert code == 1
    assert any(p.startswith("x.manifest.json: unreadable manifest") for p in report["problems"])


def test_export_verify_caps_a_manifest_size(export_dir, capsys) -> None:
    """issue 14 finding M4: a manifest is read only up to a size cap (a sparse 1 GiB
    file was read whole into memory)."""
    root, folder = export_dir
    with open(folder / "big.manifest.json", "wb") as handle:
        handle.truncate(2**30)
    code, report = _verify(root, folder, capsys)
    assert code == 1
    assert any("big.manifest.json" in p and "limit" in p for p in report["problems"])


def test_export_verify_never_reads_a_device(export_dir, capsys) -> None:
    """issue 14 finding M4: z.manifest.json -> /dev/zero read until memory ran out. A
    /dev/zero twin (1, 5) made in tmp_path, and a link to it."""
    root, folder = export_dir
    zero = folder.parent / "zero"
    os.mknod(zero, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    try:
        (folder / "z.manifest.json").symlink_to(zero)
        os.mknod(folder / "d.manifest.json", stat.S_IFCHR | 0o600, os.makedev(1, 5))
        code, report = _verify(root, folder, capsys)
    finally:
        (folder / "d.manifest.json").unlink(missing_ok=True)
        zero.unlink()
    assert code == 1
    for name in ("z.manifest.json", "d.manifest.json"):
        assert any(p.startswith(name) and "regular file" in p for p in report["problems"])


def test_export_verify_never_opens_a_fifo_manifest(export_dir, capsys) -> None:
    """issue 14 finding M3: a FIFO as a manifest blocked verify for ever."""
    root, folder = export_dir
    os.mkfifo(folder / "f.manifest.json")
    code, report = _verify(root, folder, capsys)
    assert code == 1
    assert any(p.startswith("f.manifest.json") and "regular file" in p for p in report["problems"])


def test_a_fifo_in_an_export_folder_fails_verify_by_name(
    station, supervisor, tmp_path, monkeypatch, password, capsys
) -> None:
    """issue 14 (breaker, Low): `export verify` passed with a FIFO in DIR."""
    station.close()
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = folder / "day.csv"
    argv = ["export", "daily", "--date", "today", "--format", "csv", "--out", str(out)]
    assert _run(station.data.root, *argv, "--user", "supervisor") == 0
    capsys.readouterr()
    assert _verify(station.data.root, folder, capsys)[0] == 0
    os.mkfifo(folder / "pipe")
    (folder / "link").symlink_to("/dev/zero")
    code, report = _verify(station.data.root, folder, capsys)
    assert code == 1
    assert any(p.startswith("pipe:") for p in report["problems"])
    assert any(p.startswith("link:") for p in report["problems"])


def test_export_verify_key_option_reads_no_fifo(export_dir, capsys) -> None:
    """issue 14 finding M3: `--key PEM` read a FIFO for ever."""
    root, folder = export_dir
    os.mkfifo(folder.parent / "key.pem")
    assert _run(root, "export", "verify", str(folder), "--key", str(folder.parent / "key.pem")) == 2
    assert "regular file" in capsys.readouterr().err


# -- label verify --json ----------------------------------------------------------------
def _scan(root: Path, payload: str, capsys, *extra: str) -> tuple[int, dict]:
    code = _run(root, "label", "verify", payload, "--json", *extra)
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def revoked(station, appraiser_session, supervisor, password) -> tuple[Path, str]:
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    appraisals.amend_verdict(
        station.store, supervisor, uid, Verdict.COUNTERFEIT, password,
        "customs officer Wang saw a fake zip", reason_codes=["DAMAGED"],
    )  # fmt: skip
    station.close()
    return station.data.root, stored_payload(station.data.root, label.serial)


@pytest.fixture
def voided(station, appraiser_session, supervisor, password) -> tuple[Path, str]:
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    labels.void(station, appraiser_session, label.serial, "ticket 4411: torn", supervisor)
    station.close()
    return station.data.root, stored_payload(station.data.root, label.serial)


@pytest.mark.parametrize("case", ["revoked", "voided"])
def test_a_dead_label_never_says_outcome_valid(case, request, capsys) -> None:
    """issue 14 (breaker, Low): "valid": false sat next to "outcome": "valid"."""
    root, payload = request.getfixturevalue(case)
    code, report = _scan(root, payload, capsys)
    assert code == 1 and report["valid"] is False
    assert report["outcome"] == case == report["status"]
    assert report["signature"] == "valid"


def test_a_live_label_keeps_outcome_valid(issued, capsys) -> None:
    root, _, serial = issued
    code, report = _scan(root, stored_payload(root, serial), capsys)
    assert code == 0 and report["outcome"] == "valid" == report["signature"]


@pytest.mark.parametrize("case", ["revoked", "voided"])
def test_a_consumer_sees_state_and_date_only(case, request, capsys) -> None:
    """issue 14 (breaker, Low): --purpose consumer showed the amend/void reason and the
    appraisal id."""
    root, payload = request.getfixturevalue(case)
    code, report = _scan(root, payload, capsys, "--purpose", "consumer")
    assert code == 1 and report["state"] == case and report["state_date"]
    for internal in ("state_reason", "appraisal", "replaced_by"):
        assert internal not in report
    text = json.dumps(report, ensure_ascii=False)
    assert "Wang" not in text and "4411" not in text and "AP-" not in text
    assert _run(root, "label", "verify", payload, "--purpose", "consumer") == 1
    shown = capsys.readouterr().out
    assert case in shown and "Wang" not in shown and "4411" not in shown and "AP-" not in shown


def test_the_bench_still_sees_the_reason(voided, password, monkeypatch, capsys) -> None:
    """A bench scan is a signed one (issue 14 breaker M-2); unsigned is a consumer's."""
    root, payload = voided
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    report = _scan(root, payload, capsys, "--user", "appraiser1")[1]
    assert report["state_reason"] == "ticket 4411: torn"
    assert "state_reason" not in _scan(root, payload, capsys)[1]


# -- payload case -------------------------------------------------------------------------
def test_an_upper_case_scheme_and_host_verify(issued, capsys) -> None:
    """issue 14 (breaker, Low): a QR in alphanumeric mode sends HTTPS://V.ACME.CN/…; the
    scheme and host compare case-insensitively, the path and query stay exact."""
    root, _, serial = issued
    payload = stored_payload(root, serial)
    head, rest = payload.split("/01/", 1) if "/01/" in payload else payload.split("/a/", 1)
    sep = "/01/" if "/01/" in payload else "/a/"
    loud = head.upper() + sep + rest
    assert loud != payload
    code, report = _scan(root, loud, capsys)
    assert code == 0 and report["valid"] is True
    tail = rest.replace("&h=", "&H=")
    assert _scan(root, head.upper() + sep + tail, capsys)[0] == 1


# -- pack zip -----------------------------------------------------------------------------
@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "demo/../../evil.txt"])
def test_a_pack_zip_with_an_escaping_member_is_refused_by_name(
    station, supervisor, password, tmp_path, member, capsys
) -> None:
    """issue 14 (breaker, Low): the zip imported with exit 0, the member silently skipped."""
    from appraiser.library.demo import build_demo_pack

    station.close()
    pack = build_demo_pack(tmp_path / "demo", versions=2)
    archive = Path(shutil.make_archive(str(tmp_path / "pack"), "zip", pack.parent, "demo"))
    with zipfile.ZipFile(archive, "a") as zf:
        zf.writestr(zipfile.ZipInfo(member), b"outside")
    argv = ("library", "import", str(archive), "--user", "supervisor")
    code = _run_with_stdin(station.data.root, password + "\n", *argv)
    assert code == 2
    err = capsys.readouterr().err
    assert member in err


def _run_with_stdin(root: Path, text: str, *argv: str) -> int:
    import sys

    old, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        return _run(root, *argv)
    finally:
        sys.stdin = old


# -- logs -----------------------------------------------------------------------------------
def test_no_log_line_carries_a_working_payload(issued, monkeypatch, password, tmp_path) -> None:
    """issue 14 (breaker, Low): d6df48a strips s= from the logged command line, but a
    refusal quoting the argument (`label render <payload>`: "No appraisal or label '…'")
    and an exception's text logged the whole payload."""
    import logging

    root, _, serial = issued
    payload = stored_payload(root, serial)
    signature = payload.rsplit("&s=", 1)[1]
    assert _run(root, "label", "verify", payload) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = str(tmp_path / "x.pdf")
    assert _run(root, "label", "render", payload, "--out", out, "--user", "appraiser1") == 2
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert _run(root, "appraisals", "amend", payload, "--verdict", "counterfeit",
                "--reason", "x", "--user", "appraiser1") == 2  # fmt: skip
    try:
        raise ValueError(f"bad scan {payload}")
    except ValueError:
        logging.getLogger("ui.verify").exception("scan failed: %s", payload)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (root / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "label verify" in text and "scan failed" in text
    assert signature not in text
