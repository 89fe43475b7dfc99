"""``appraiser lot decide|override`` (DESIGN §3.1): signed with the password read once,
refusals exit 2 with a one-line reason, and ``audit verify`` still passes after."""

from __future__ import annotations

import json

import pytest
from lot_decision_support import appraise_all, make_lot, plan

from appraiser.cli.main import main
from appraiser.domain.enums import Verdict


@pytest.fixture
def lot(station, appraiser_session, supervisor, password) -> tuple[str, str]:
    """(data folder, lot uid) of an accepted-to-be lot appraised by appraiser1."""
    uid, items = make_lot(station, appraiser_session, {"major": plan(8, 1, 2)})
    appraise_all(station, appraiser_session, password, items[:1], Verdict.COUNTERFEIT,
                 codes=["DAMAGED"])  # fmt: skip
    appraise_all(station, appraiser_session, password, items[1:])
    folder = str(station.data.root)
    station.close()
    return folder, uid


def _lot(root: str, *argv: str) -> int:
    return main(["--data-dir", root, "lot", *argv])


def test_decide_then_override_on_the_command_line(lot, password, typed, capsys):
    root, uid = lot
    typed(password)
    assert _lot(root, "decide", uid, "--user", "appraiser1", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    expected = ("accept", "computed", "Appraiser1")
    assert (shown["decision"], shown["kind"], shown["signer"]) == expected
    assert shown["basis"]["classes"]["major"]["d"] == 1
    typed(password)
    assert _lot(root, "override", uid, "--decision", "reject", "--reason", "carton wet",
                "--user", "supervisor") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert uid in out and "reject (override" in out and "held in quarantine LQ-" in out
    assert main(["--data-dir", root, "audit", "verify"]) == 0


def test_refusals_exit_2_with_a_reason(lot, password, typed, capsys):
    root, uid = lot
    typed("wrong-password")
    assert _lot(root, "decide", uid, "--user", "appraiser1") == 2
    typed(password)
    assert _lot(root, "decide", "LOT-NOPE", "--user", "appraiser1") == 2
    assert "No lot LOT-NOPE" in capsys.readouterr().err
    typed(password)
    assert _lot(root, "decide", uid, "--user", "appraiser1") == 0
    typed(password)
    assert _lot(root, "decide", uid, "--user", "supervisor") == 2
    assert "already decided" in capsys.readouterr().err
    typed(password)
    assert _lot(root, "override", uid, "--decision", "reject", "--reason", "x",
                "--user", "appraiser1") == 2  # fmt: skip
    assert "supervisor" in capsys.readouterr().err
    typed(password)
    assert _lot(root, "override", uid, "--decision", "reject", "--reason", " ",
                "--user", "supervisor") == 2  # fmt: skip
    assert "reason" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse: an unknown choice is usage
        _lot(root, "override", uid, "--decision", "maybe", "--reason", "x", "--user", "x")
    assert refused.value.code == 2
