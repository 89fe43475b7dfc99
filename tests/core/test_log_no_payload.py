"""The log is no label either (issue 14 finding 3): ``label verify PAYLOAD`` wrote the whole
signed payload into ``<data>/logs/appraiser.log`` with the command line, so whoever got the
log (a support e-mail, the crash report) could print working copies of every label scanned
at the bench. The logged command line keeps the label's address but not its signature."""

from __future__ import annotations

import io

from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.logs import shutdown_logging
from appraiser.services.labelling import labels


def test_the_logged_command_line_carries_no_signature(
    station, appraiser_session, password, monkeypatch
) -> None:
    uid = genuine_appraisal(station, appraiser_session, password)
    payload = labels.issue(station, appraiser_session, uid).payload
    signature = payload.rsplit("s=", 1)[1]
    root = str(station.data.root)
    station.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--data-dir", root, "label", "verify", payload]) in (0, 1)
    shutdown_logging()
    log = (station.data.root / "logs" / "appraiser.log").read_text(encoding="utf-8")
    assert "label verify" in log and payload.split("?")[0] in log
    assert payload not in log and signature not in log and signature[:16] not in log
