"""``appraiser queue import|list``: the inbound list from a script, bad rows on stderr."""

from __future__ import annotations

import io
import json

from appraiser.cli.main import main

LIST = (
    "declaration_no,gtin,brand,model,quantity,merchant\n"
    "D-1,5901234123457,Brand,Model,1,M\n"
    "D-2,5901234123458,Bad,Row,1,M\n"
)


def test_queue_import_then_list(station, admin, password, tmp_path, capsys, monkeypatch):
    root = str(station.data.root)
    path = tmp_path / "in.csv"
    path.write_text(LIST, encoding="utf-8")
    # the password on stdin, one line per sign-in (no environment variable: issue 14 #10)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n" * 2))
    args = ["--data-dir", root, "queue", "import", str(path), "--user", "admin", "--json"]
    assert main(args) == 0
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert (summary["queued"], summary["bad_rows"]) == (1, 1)
    assert "row 3: GTIN" in err
    assert main(args) == 0
    assert json.loads(capsys.readouterr()[0])["already_imported"] is True
    assert main(["--data-dir", root, "queue", "list", "--date", summary["day"]]) == 0
    rows = [json.loads(line) for line in capsys.readouterr()[0].splitlines()]
    assert [(r["gtin"], r["state"]) for r in rows] == [("05901234123457", "waiting")]


def test_import_needs_a_user_unless_dry_run(station, tmp_path, capsys):
    path = tmp_path / "in.csv"
    path.write_text(LIST, encoding="utf-8")
    root = str(station.data.root)
    assert main(["--data-dir", root, "queue", "import", str(path)]) == 2
    assert main(["--data-dir", root, "queue", "import", str(path), "--dry-run"]) == 0
    assert "0 item(s) queued" in capsys.readouterr()[0]
    assert main(["--data-dir", root, "queue", "import", str(tmp_path / "none.csv")]) == 2
