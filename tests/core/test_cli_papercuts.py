"""Command-line papercuts: piped passwords, one ``--date`` reading for every command, the
station's day in ``appraisals list``, ``label render`` by serial, ``label list`` and
what ``--help`` says the program is."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.services.labelling import labels


def _cli(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """In a new session: no controlling terminal, as under cron or a CI job."""
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), *args]
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=120,
        start_new_session=True, check=False,
    )  # fmt: skip


@pytest.fixture
def genuine(station, appraiser_session, password) -> tuple[Path, str]:
    """A station (closed again) with one genuine appraisal that has no label yet."""
    uid = genuine_appraisal(station, appraiser_session, password)
    station.close()
    return station.data.root, uid


def test_a_piped_password_is_read_without_a_warning(genuine, password) -> None:
    root, uid = genuine
    done = _cli(root, "label", "issue", uid, "--user", "appraiser1", stdin=f"{password}\n")
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "Password" not in done.stderr
    assert len(done.stdout.split()[0]) == 22  # the grouped serial, never the payload


def test_no_password_on_stdin_is_bad_input(genuine) -> None:
    root, uid = genuine
    done = _cli(root, "label", "issue", uid, "--user", "appraiser1", stdin="")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "appraiser: no password for appraiser1: type it, or give it as one line on stdin"
    )


@pytest.mark.parametrize("word", ["today", "yesterday", "Today", "2026-11-22"])
@pytest.mark.parametrize("command", [["appraisals", "list"], ["queue", "list"]])
def test_every_date_option_takes_the_same_words(station, command, word, capsys) -> None:
    station.close()
    assert main(["--data-dir", str(station.data.root), *command, "--date", word]) == 0


@pytest.mark.parametrize("word", ["2026-1-1", "20261122", "tomorrow", ""])
@pytest.mark.parametrize("command", [["appraisals", "list"], ["queue", "list"]])
def test_a_wrong_date_is_refused_everywhere(station, command, word, capsys) -> None:
    station.close()
    assert main(["--data-dir", str(station.data.root), *command, "--date", word]) == 2
    assert "--date must look like 2026-11-22, today or yesterday" in capsys.readouterr().err


def test_appraisals_json_carries_the_station_day(
    station, appraiser_session, password, monkeypatch, capsys
) -> None:
    """20:00 UTC on the 22nd is 04:00 on the 23rd in Shanghai: ``--date today`` there
    finds it, and the JSON says which day it belongs to, not only the UTC instant."""
    evening = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    monkeypatch.setattr("appraiser.clock.utcnow", lambda: evening)
    monkeypatch.setattr("appraiser.cli.common.utcnow", lambda: evening)
    uid = genuine_appraisal(station, appraiser_session, password)
    station.close()
    assert (
        main(["--data-dir", str(station.data.root), "appraisals", "list", "--date", "today"]) == 0
    )
    row = json.loads(capsys.readouterr().out)
    assert row["id"] == uid and row["created"].startswith("2026-11-22T20:00:00")
    assert row["day"] == "2026-11-23"
    assert row["created_local"] == "2026-11-23T04:00:00+08:00"


def _issued(station, appraiser_session, password) -> tuple[Path, str, labels.LabelInfo]:
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    station.close()
    return station.data.root, uid, label


@pytest.mark.parametrize("form", ["grouped", "serial"])
def test_label_render_takes_a_serial_too(
    station, appraiser_session, password, tmp_path, form, monkeypatch
) -> None:
    root, _, label = _issued(station, appraiser_session, password)
    out = tmp_path / "label.pdf"
    given = getattr(label, form)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    argv = ["label", "render", given, "--out", str(out), "--user", "appraiser1"]
    assert main(["--data-dir", str(root), *argv]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_label_render_says_what_it_expects(
    station, appraiser_session, password, tmp_path, capsys, monkeypatch
) -> None:
    station.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    out = tmp_path / "label.pdf"
    argv = ["--data-dir", str(station.data.root), "label", "render", "AP-NOPE", "--out", str(out)]
    argv += ["--user", "appraiser1"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "an appraisal id (see `appraiser appraisals list`)" in err
    assert "a label serial (see `appraiser label list`)" in err
    assert not out.exists()


def test_label_list(station, appraiser_session, password, capsys) -> None:
    root, uid, label = _issued(station, appraiser_session, password)
    assert main(["--data-dir", str(root), "label", "list", "--json"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["serial"], row["grouped"], row["appraisal_id"]) == (
        label.serial,
        label.grouped,
        uid,
    )
    assert row["state"] == "issued" and len(row["day"]) == 10
    assert main(["--data-dir", str(root), "label", "list"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(label.grouped) and "1 labels" in captured.err


def test_piped_password_in_process(genuine, password, monkeypatch, capsys) -> None:
    """Same rule in-process: stdin that is not a terminal gives the password."""
    root, uid = genuine
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
    assert main(["--data-dir", str(root), "label", "issue", uid, "--user", "appraiser1"]) == 0


def test_help_says_what_the_program_is_for(capsys) -> None:
    """It printed the module's docstring, written for developers ("Entry point of the
    core CLI: parse, dispatch, ...")."""
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "appraisal bench" in out and "reference library" in out
    assert "dispatch" not in out
