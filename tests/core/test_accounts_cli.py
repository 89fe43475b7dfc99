"""``appraiser accounts …`` (DESIGN §3.1; issue 14 finding 13): admin-only, passwords only
through the terminal or stdin, refusals with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appraiser.cli.main import main
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station


@pytest.fixture
def root(station: Station, admin, appraiser_session, supervisor) -> str:
    folder = str(station.data.root)
    station.close()
    return folder


def _run(root: str, *argv: str) -> int:
    return main(["--data-dir", root, "accounts", *argv])


def _reopen(root: str) -> Station:
    return Station.open(Path(root))


def test_list_needs_an_admin(root, password, typed, capsys):
    """issue 14 finding 13: there was no accounts command at all."""
    typed(password)
    assert _run(root, "list", "--json", "--user", "admin") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["username"]: r["state"] for r in rows} == {
        "admin": "active",
        "appraiser1": "active",
        "supervisor": "active",
    }
    typed(password)
    assert _run(root, "list", "--user", "supervisor") == 2
    assert "administrator" in capsys.readouterr().err


def test_add_reads_the_new_password_from_stdin(root, password, typed, capsys):
    typed(password, "brand-new-pw-1")
    assert (
        _run(root, "add", "lina", "--role", "appraiser", "--name", "Li Na", "--user", "admin") == 0
    )
    station = _reopen(root)
    try:
        assert accounts.check_password(station.store, "lina", "brand-new-pw-1").display_name == (
            "Li Na"
        )
    finally:
        station.close()


def test_new_password_is_never_an_argument(root):
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", root, "accounts", "add", "x", "--role", "appraiser", "--password"])
    assert caught.value.code == 2


def test_set_role_deactivate_unlock_and_reset(root, password, typed, capsys):
    """issue 14 finding 13: every account action from the command line, audited."""
    typed(password)
    assert _run(root, "set-role", "appraiser1", "supervisor", "--user", "admin") == 0
    assert capsys.readouterr().out == "appraiser1 is now supervisor\n"
    typed(password)
    assert _run(root, "deactivate", "supervisor", "--user", "admin") == 0
    typed(password)
    assert _run(root, "reactivate", "supervisor", "--user", "admin") == 0
    typed(*["wrong-password"] * 5)
    for _ in range(5):
        assert _run(root, "list", "--user", "supervisor") == 2
    typed(password)
    assert _run(root, "list", "--user", "supervisor") == 2
    assert "try again in" in capsys.readouterr().err
    typed(password)
    assert _run(root, "unlock", "supervisor", "--user", "admin") == 0
    typed(password, "temporary-pw-7")
    assert _run(root, "reset-password", "supervisor", "--user", "admin") == 0
    out = capsys.readouterr().out
    assert "supervisor unlocked" in out
    station = _reopen(root)
    try:
        actions = [
            r["action"]
            for r in station.store.query(
                "SELECT action FROM audit_events WHERE action LIKE 'user.%' ORDER BY seq"
            )
        ]
    finally:
        station.close()
    assert actions[-5:] == [
        "user.role_changed",
        "user.deactivated",
        "user.reactivated",
        "user.unlocked",
        "user.password_reset",
    ]


def test_a_reset_password_must_be_changed_first(root, password, typed, capsys):
    """issue 14 finding 13: the temporary password works only to choose a new one."""
    typed(password, "temporary-pw-7")
    assert _run(root, "reset-password", "appraiser1", "--user", "admin") == 0
    typed("temporary-pw-7")
    assert main(["--data-dir", root, "label", "list", "--json"]) == 0
    assert _run(root, "list", "--user", "appraiser1") == 2
    assert "accounts passwd --user appraiser1" in capsys.readouterr().err
    typed("temporary-pw-7", "my-own-secret-1")
    assert _run(root, "passwd", "--user", "appraiser1") == 0
    station = _reopen(root)
    try:
        session = accounts.check_password(station.store, "appraiser1", "my-own-secret-1")
        assert not session.must_change_password
    finally:
        station.close()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("set-role", "admin", "appraiser"), "own role"),
        (("deactivate", "admin"), "own account"),
        (("unlock", "ghost"), "no account"),
        (("reset-password", "appraiser1"), "no new password"),
    ],
)
def test_refusals_exit_2(root, password, typed, capsys, argv, message):
    typed(password)
    assert _run(root, *argv, "--user", "admin") == 2
    assert message in capsys.readouterr().err


def test_wrong_admin_password_exit_2(root, typed, capsys):
    typed("not-it")
    assert _run(root, "unlock", "appraiser1", "--user", "admin") == 2
    assert "wrong password" in capsys.readouterr().err
