"""The log is no label either (issue 14 finding 3): ``label verify PAYLOAD`` wrote the whole
signed payload into ``<data>/logs/appraiser.log`` with the command line, so whoever got the
log (a support e-mail, the crash report) could print working copies of every label scanned
at the bench. The logged command line keeps the label's address but not its signature."""

from __future__ import annotations

import io

from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.logs import scrub, shutdown_logging
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


def test_encoded_signature_names_are_scrubbed_too() -> None:
    """Issue 14 breaker L-3: ``%73=<sig>`` (an encoded ``s``) escaped the redaction; the
    log now decodes before matching, whatever the encoding or the name's case."""
    sig = "h0EynlUHmoKFjB7GmGVkO2KhmKhBiP_-6CTJDOdPsVy8nKBWLRqSbSe1Cj5lO1L-W5mUT2DtIw2wa4v-PlisBg"
    base = "label verify https://v.example/a/XTNE40QD1DZRB42BC3?d=20261206&k=15e0f50d214e5d85"
    for tail in ("&s=", "&%73=", "&%53=", "&S=", "&s%3D", "%26%2573%253D", "&%73%3d"):
        line = scrub(base + tail + sig + " --json")
        assert sig[:16] not in line and "v.example/a/XTNE40QD1DZRB42BC3" in line, line
    assert scrub("path /tmp/a%20b s=short") == "path /tmp/a%20b s=short"


def test_an_encoded_signature_name_is_not_valid_nor_logged(
    station, appraiser_session, password, monkeypatch, capsys
) -> None:
    """Issue 14 breaker L-3: ``label verify '…&k=…&%73=<sig>'`` said VALID (exit 0) and
    the log kept the signature. Now: NOT VALID, garbled, exit 1; the log has no signature."""
    uid = genuine_appraisal(station, appraiser_session, password)
    payload = labels.issue(station, appraiser_session, uid).payload
    signature = payload.rsplit("s=", 1)[1]
    root = str(station.data.root)
    station.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    odd = payload.replace("&s=", "&%73=")
    assert main(["--data-dir", root, "label", "verify", odd]) == 1
    assert capsys.readouterr().out.startswith("NOT VALID — Label payload is truncated or garbled")
    shutdown_logging()
    log = (station.data.root / "logs" / "appraiser.log").read_text(encoding="utf-8")
    assert "label verify" in log and signature[:16] not in log


def test_a_signature_behind_any_name_is_scrubbed() -> None:
    """Issue 14 third attacker pass, NEW-L2: ``&s =<signature>`` (a space) escaped the
    scrubbing and left the full signature in the log; removing the space gave a working
    payload. Any signature-long run is dropped, whatever precedes it."""
    signature = "GsvWrae1" + "A" * 78
    for line in (f"x?d=1&s ={signature}", f"see {signature} here", f"&S%20={signature}"):
        assert signature[:20] not in scrub(line), line
    digest = "ab" * 32  # a SHA-256 in hex, as the log names media: kept
    assert digest in scrub(f"stored {digest}")
