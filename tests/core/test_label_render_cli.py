"""``appraiser label render`` is a print (issue 14 finding 3, DESIGN §3.1): it signs in,
records the render, renders a label once as its first print, and again only as a
four-eyes reprint that voids the old serial; a voided serial never renders."""

from __future__ import annotations

import io
import json

import pytest
from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.labels import decode
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels


def _typed(monkeypatch, *lines: str) -> None:
    """Passwords piped on stdin, one line each (the user's, then the approver's)."""
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


@pytest.fixture
def issued(station, appraiser_session, supervisor, second_appraiser, password):
    """A genuine appraisal signed by appraiser1 with its label issued; the station closed."""
    uid = genuine_appraisal(station, appraiser_session, password)
    serial = labels.issue(station, appraiser_session, uid).serial
    root = station.data.root
    station.close()
    return root, uid, serial


def _render(root, given, out, *extra) -> int:
    return main(["--data-dir", str(root), "label", "render", given, "--out", str(out), *extra])


def _state(root, serial) -> tuple[str, list[dict]]:
    station = Station.open(root)
    try:
        jobs = station.store.query("SELECT target, format, serials FROM print_jobs")
        return labels.state_of(station.store, serial), jobs
    finally:
        station.close()


def test_render_needs_a_login(issued, tmp_path, capsys) -> None:
    """issue 14 finding 3: no login, printer-ready file, nothing recorded."""
    root, uid, serial = issued
    out = tmp_path / "label.png"
    with pytest.raises(SystemExit) as stop:
        _render(root, uid, out, "--format", "png")
    assert stop.value.code == 2 and "--user" in capsys.readouterr().err
    assert not out.exists()
    assert _state(root, serial) == ("issued", [])


def test_first_render_is_the_first_print_and_recorded(
    issued, tmp_path, monkeypatch, password, capsys
) -> None:
    """issue 14 finding 3: the render is recorded as a print (state, job, audit)."""
    root, uid, serial = issued
    out = tmp_path / "label.png"
    _typed(monkeypatch, password)
    assert _render(root, uid, out, "--format", "png", "--user", "appraiser1") == 0
    assert decode.decode_file(out)[0].split("/21/")[-1].startswith(serial[:4])
    state, jobs = _state(root, serial)
    assert state == "printed"
    assert [(j["target"], j["format"], json.loads(j["serials"])) for j in jobs] == [
        ("file:label.png", "raster", [serial])
    ]


def test_the_first_print_is_not_anybody_s(issued, tmp_path, monkeypatch, password, capsys):
    """issue 14 finding 3/9: another appraiser may not print someone else's label."""
    root, uid, serial = issued
    out = tmp_path / "label.pdf"
    _typed(monkeypatch, password)
    assert _render(root, uid, out, "--user", "appraiser2") == 2
    assert "signed" in capsys.readouterr().err
    assert not out.exists() and _state(root, serial) == ("issued", [])
    _typed(monkeypatch, password)
    assert _render(root, uid, out, "--user", "supervisor") == 0
    assert _state(root, serial)[0] == "printed"


def test_rendering_again_is_a_four_eyes_reprint(
    issued, tmp_path, monkeypatch, password, capsys
) -> None:
    """issue 14 finding 3: a second render bypassed "printed once" and the approval."""
    root, uid, serial = issued
    first, again = tmp_path / "first.zpl", tmp_path / "again.zpl"
    _typed(monkeypatch, password)
    assert _render(root, uid, first, "--format", "zpl", "--user", "appraiser1") == 0
    capsys.readouterr()
    _typed(monkeypatch, password)
    assert _render(root, uid, again, "--format", "zpl", "--user", "appraiser1") == 2
    assert "reprint" in capsys.readouterr().err
    _typed(monkeypatch, password, password)
    refused = ["--user", "supervisor", "--reason", "torn", "--approver", "supervisor"]
    assert _render(root, uid, again, "--format", "zpl", *refused) == 2
    assert "own" in capsys.readouterr().err
    _typed(monkeypatch, password, password)
    refused = ["--user", "appraiser1", "--reason", "torn", "--approver", "appraiser2"]
    assert _render(root, uid, again, "--format", "zpl", *refused) == 2
    assert not again.exists() and _state(root, serial)[0] == "printed"
    _typed(monkeypatch, password, password)
    approved = ["--user", "appraiser1", "--reason", "torn", "--approver", "supervisor"]
    assert _render(root, uid, again, "--format", "zpl", *approved) == 0
    new = capsys.readouterr().out.strip()
    assert again.exists() and _state(root, serial)[0] == "voided"
    station = Station.open(root)
    try:
        live = labels.live_label(station.store, uid)
        history = labels.history(station.store, serial)
    finally:
        station.close()
    assert live.grouped == new and live.state == "printed" and live.supersedes == serial
    assert history[-1]["approved_by_user"] == "supervisor" and history[-1]["reason"] == "torn"
    assert new.replace("-", "") in again.read_text().replace("-", "")
    # the voided serial never renders again, approved or not
    _typed(monkeypatch, password, password)
    assert _render(root, serial, tmp_path / "old.zpl", "--format", "zpl", *approved) == 2
    assert "voided" in capsys.readouterr().err and not (tmp_path / "old.zpl").exists()


def test_label_issue_and_print_need_the_signer_or_a_supervisor(
    issued, monkeypatch, password, capsys
) -> None:
    """issue 14 finding 10: label issue/print sign in and obey the rule book."""
    root, _uid, _serial = issued
    station = Station.open(root)
    try:
        from appraiser.services.admin import accounts

        one = accounts.check_password(station.store, "appraiser1", password)
        other = genuine_appraisal(station, one, password, batch_lot="LOT-2")
    finally:
        station.close()
    _typed(monkeypatch, password)
    assert main(["--data-dir", str(root), "label", "issue", other, "--user", "appraiser2"]) == 2
    assert "signed" in capsys.readouterr().err
    _typed(monkeypatch, password)
    argv = ["--data-dir", str(root), "label", "print", "LOT-2", "--user", "appraiser2"]
    assert main(argv) == 2
    _typed(monkeypatch, password)
    assert main(["--data-dir", str(root), "label", "issue", other, "--user", "admin"]) == 2
    assert "administrator" in capsys.readouterr().err
