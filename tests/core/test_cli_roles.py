"""The command line signs in and obeys the rule book like the GUI (issue 14 finding 10):
library import/remove, queue import without an environment back door, and the
``appraisals amend`` command of DESIGN §3.1 (finding 9's rules on the command line)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.library.demo import build_demo_pack
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, verdicts, workflow


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_pack(tmp_path_factory.mktemp("pack") / "demo", versions=2)


def _typed(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def _events(root: Path, action: str) -> list[dict]:
    station = Station.open(root)
    try:
        rows = station.store.query(
            "SELECT actor, data FROM audit_events WHERE action = ? ORDER BY seq", (action,)
        )
    finally:
        station.close()
    return [{"actor": r["actor"], **json.loads(r["data"])} for r in rows]


def _cli(root: Path, *args: str) -> int:
    return main(["--data-dir", str(root), *args])


@pytest.fixture
def root(station, appraiser_session, supervisor) -> Path:
    station.close()
    return station.data.root


def test_library_import_and_remove_sign_in(root, pack, password, monkeypatch, capsys) -> None:
    """issue 14 finding 10: library import/remove ran with no login, audited as cli:<os user>."""
    with pytest.raises(SystemExit) as stop:
        _cli(root, "library", "import", str(pack))
    assert stop.value.code == 2 and "--user" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _cli(root, "library", "import", str(pack), "--user", "appraiser1") == 2
    assert "supervisor or an administrator" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _cli(root, "library", "import", str(pack), "--user", "supervisor", "--json") == 0
    assert json.loads(capsys.readouterr().out)["added"] == 2
    assert _cli(root, "library", "list", "--json") == 0  # listing needs no sign-in
    version_id = json.loads(capsys.readouterr().out.splitlines()[0])["version_id"]
    with pytest.raises(SystemExit):
        _cli(root, "library", "remove", version_id, "--reason", "withdrawn")
    _typed(monkeypatch, password)
    argv = ["library", "remove", version_id, "--reason", "withdrawn", "--user", "appraiser1"]
    assert _cli(root, *argv) == 2
    _typed(monkeypatch, password)
    assert _cli(root, "library", "remove", version_id, "--reason", "x", "--user", "admin") == 0
    assert [e["actor"] for e in _events(root, "library.version_removed")] == ["admin"]
    refused = _events(root, "rules.refused")
    assert [(r["actor"], r["rule"]) for r in refused] == [("appraiser1", "library")] * 2


def test_queue_import_has_no_environment_back_door(
    root, password, tmp_path, monkeypatch, capsys
) -> None:
    """issue 14 finding 10: APPRAISER_PASSWORD stood in for the password; now only the
    terminal or stdin give it."""
    path = tmp_path / "in.csv"
    path.write_text(
        "declaration_no,gtin,brand,model,quantity,merchant\nD-1,5901234123457,B,M,1,X\n"
    )
    monkeypatch.setenv("APPRAISER_PASSWORD", password)
    _typed(monkeypatch)  # nothing on stdin
    assert _cli(root, "queue", "import", str(path), "--user", "appraiser1") == 2
    assert "no password" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _cli(root, "queue", "import", str(path), "--user", "appraiser1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["queued"] == 1


@pytest.fixture
def signed(station, appraiser_session, supervisor, password) -> tuple[Path, str, str, str]:
    """Three appraisals: one signed by appraiser1, one by the supervisor, one in review."""
    mine = genuine_appraisal(station, appraiser_session, password)
    theirs = genuine_appraisal(station, supervisor, password, batch_lot="LOT-2")
    item, _ = queue.add_scan(
        station.store, appraiser_session, date(2026, 11, 22), scanning.parse("5901234123457")
    )
    tz = ZoneInfo("Asia/Shanghai")
    waiting = workflow.begin(station.store, appraiser_session, "BW-01", tz, item, "bags")
    verdicts.sign(station.store, appraiser_session, waiting, "inconclusive", password)
    station.close()
    return station.data.root, mine, theirs, waiting


def _amend(root: Path, uid: str, user: str, verdict: str = "counterfeit") -> int:
    argv = ["appraisals", "amend", uid, "--verdict", verdict, "--reason", "rechecked"]
    return _cli(root, *argv, "--reason-code", "NOT_AUTHENTIC", "--user", user)


def test_appraisals_amend_on_the_command_line(signed, password, monkeypatch, capsys) -> None:
    """issue 14 findings 9/10: the missing `appraisals amend` command, under the rule book."""
    root, mine, theirs, waiting = signed
    _typed(monkeypatch, password)
    assert _amend(root, mine, "appraiser1") == 2  # appraisers never amend, not even their own
    assert "supervisor" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _amend(root, theirs, "supervisor") == 2  # never one's own verdict
    assert "your own" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _amend(root, waiting, "supervisor", "genuine") == 2  # the review decides
    assert "blind review" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _amend(root, mine, "supervisor") == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["verdict"], bool(answer["quarantine"])) == ("counterfeit", True)
    station = Station.open(root)
    try:
        assert appraisals.current_verdict(station.store, mine)["verdict"] == "counterfeit"
        assert appraisals.current_verdict(station.store, theirs)["verdict"] == "genuine"
        assert appraisals.current_verdict(station.store, waiting)["verdict"] == "inconclusive"
    finally:
        station.close()
    assert [r["rule"] for r in _events(root, "rules.refused")] == ["amend_verdict"] * 3
