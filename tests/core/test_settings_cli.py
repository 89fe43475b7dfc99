"""``appraiser settings show|confirm|put-back`` (issue 14 H4): the audited settings on the
command line; confirming is an administrator's, and labels follow the confirmation."""

from __future__ import annotations

import io
import json

from label_support import genuine_appraisal

from appraiser.cli.main import main

EVIL = 'resolver_domain = "verify.evil-example.net"\nstation_code = "BW-02"\n'


def _typed(monkeypatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def _cli(root, *argv: str) -> int:
    return main(["--data-dir", str(root), *argv])


def test_show_confirm_and_label(station, admin, supervisor, appraiser_session, password,
                                monkeypatch, capsys) -> None:  # fmt: skip
    """issue 14 H4: show names the outside change, a supervisor may not confirm it, an
    administrator does, and the label is then issued for the confirmed domain."""
    uid = genuine_appraisal(station, appraiser_session, password)
    root = station.data.root
    station.close()
    (root / "config.toml").write_text(EVIL)
    capsys.readouterr()
    assert _cli(root, "settings", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["recorded"]["resolver_domain"] == "verify.example.com"
    assert {(d["key"], d["file"], d["recorded"]) for d in shown["differences"]} == {
        ("resolver_domain", "verify.evil-example.net", "verify.example.com"),
        ("station_code", "BW-02", "BW-01"),
    }
    _typed(monkeypatch, password)
    assert _cli(root, "label", "issue", uid, "--user", "appraiser1") == 3
    assert "label domain was changed outside the app" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _cli(root, "settings", "confirm", "--user", "supervisor") == 2
    assert "administrator" in capsys.readouterr().err
    _typed(monkeypatch, password)
    assert _cli(root, "settings", "confirm", "--user", "admin") == 0
    out = capsys.readouterr().out
    assert "confirmed: label domain 'verify.evil-example.net'" in out
    assert _cli(root, "settings", "show") == 0
    assert "DIFFERENCE" not in capsys.readouterr().out
    _typed(monkeypatch, password)
    assert _cli(root, "label", "issue", uid, "--user", "appraiser1") == 0


def test_put_back_writes_the_recorded_values(station, admin, monkeypatch, password, capsys) -> None:
    """issue 14 H4: put-back writes the recorded values back into config.toml."""
    root = station.data.root
    station.close()
    (root / "config.toml").write_text(EVIL)
    _typed(monkeypatch, password)
    assert _cli(root, "settings", "put-back", "--user", "admin") == 0
    assert "put back: label domain 'verify.example.com'" in capsys.readouterr().out
    assert "evil" not in (root / "config.toml").read_text()
    assert _cli(root, "settings", "show") == 0
    assert "DIFFERENCE" not in capsys.readouterr().out


def test_audit_verify_names_an_outside_change(station, admin, capsys) -> None:
    """issue 14 H4: config.toml pointed at another domain and `audit verify` passed."""
    root = station.data.root
    station.close()
    (root / "config.toml").write_text(EVIL)
    capsys.readouterr()
    assert _cli(root, "audit", "verify", "--json") == 1
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert any(
        "label domain was changed outside the app (verify.evil-example.net, recorded: "
        "verify.example.com)" in p
        for p in report["problems"]
    )
