"""An operating-system refusal of a path is the person's input or the environment, never
a bug (issue 14, second attacker pass L-1: a path part over 255 bytes gave exit 70)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from appraiser.cli.main import main

LONG = "x" * 300  # one path component longer than any file system takes (255 bytes)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "verify", LONG],
        ["library", "import", LONG, "--user", "nobody"],
        ["match", LONG],
        ["label", "verify", f"/tmp/{LONG}/x.png"],
    ],
)
def test_a_too_long_path_part_is_bad_input(tmp_path: Path, argv, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["--data-dir", str(tmp_path / "data"), *argv])
    err = capsys.readouterr().err
    assert code in (1, 2), err
    assert "internal error" not in err


def test_a_too_long_out_name_is_bad_input(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    out = tmp_path / LONG
    code = main(["--data-dir", str(tmp_path / "data"), "audit", "verify"])
    assert code in (0, 1)
    capsys.readouterr()
    code = main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "export",
            "daily",
            "--date",
            "today",
            "--format",
            "csv",
            "--out",
            str(out),
            "--user",
            "nobody",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2, err
    assert "internal error" not in err and "too long" in err.lower()


def test_a_password_that_is_not_utf8_is_a_wrong_password(
    station, admin, tmp_path, capsys, monkeypatch
) -> None:
    """Issue 14 third attacker pass, NEW-L1: bytes that are not UTF-8 on stdin as a password
    (`printf '\\xff\\xfe\\n' | appraiser accounts list --user admin`) gave exit 70
    (UnicodeEncodeError in the hash check). It is a wrong password: exit 2."""
    root = str(station.data.root)
    station.close()
    stdin = io.TextIOWrapper(io.BytesIO(b"\xff\xfe\n"), errors="surrogateescape")
    monkeypatch.setattr("sys.stdin", stdin)
    code = main(["--data-dir", root, "accounts", "list", "--user", "admin"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "internal error" not in err and "wrong password" in err


def test_a_new_password_that_is_not_utf8_is_refused(station, admin) -> None:
    """NEW-L1's other half: a new password of bytes that are not UTF-8 is bad input, not a
    crash in the hash."""
    from appraiser.domain.enums import Role
    from appraiser.errors import InvalidInput
    from appraiser.services.admin import accounts

    with pytest.raises(InvalidInput, match="UTF-8"):
        accounts.create_user(
            station.store, "clerk", "Clerk", Role.APPRAISER, "\udcff\udcfe-long-pass", by=admin
        )
