"""Print jobs: one job per batch, a vanishing printer loses nothing and doubles nothing."""

from __future__ import annotations

import os
import socket
import stat
from collections import Counter

import pytest
from fake_printer import FakePrinter, serial_of
from label_support import genuine_appraisal

from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput, PrinterError
from appraiser.labels import ids, printing
from appraiser.labels.printing import Target
from appraiser.services.admin import demo_outcomes
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_printing, labels

BATCH = 8


@pytest.fixture
def batch(station: Station, appraiser_session: Session, password: str) -> list[str]:
    """A finished batch: BATCH genuine items and one counterfeit (which gets no label)."""
    uids = [
        genuine_appraisal(station, appraiser_session, password, batch_lot="LOT-7")
        for _ in range(BATCH)
    ]
    genuine_appraisal(
        station, appraiser_session, password, batch_lot="LOT-7", verdict=Verdict.COUNTERFEIT
    )
    return uids


@pytest.fixture
def printer():
    made: list[FakePrinter] = []

    def make(vanish_after: int | None = None, *, silent: bool = False) -> FakePrinter:
        made.append(FakePrinter(vanish_after, silent=silent))
        return made[-1]

    yield make
    for fake in made:
        fake.close()


def _printed_events(station: Station) -> Counter:
    rows = station.store.query("SELECT serial FROM label_events WHERE event = 'printed'")
    return Counter(r["serial"] for r in rows)


def test_batch_prints_every_genuine_label_in_one_job(
    station, appraiser_session, batch, printer
) -> None:
    fake = printer()
    result = label_printing.print_batch(
        station, appraiser_session, "LOT-7", Target("tcp9100", fake.address), "50x30"
    )
    assert result.complete and len(result.printed) == BATCH
    assert [ids.normalise(serial_of(f)) for f in fake.formats] == result.printed
    assert station.store.one("SELECT COUNT(*) AS n FROM print_jobs")["n"] == 1
    assert set(_printed_events(station).values()) == {1}
    with pytest.raises(InvalidInput, match="already printed"):
        label_printing.print_batch(
            station, appraiser_session, "LOT-7", Target("tcp9100", fake.address)
        )


def test_printer_vanishing_mid_batch(station, appraiser_session, batch, printer) -> None:
    fake = printer(vanish_after=3)
    result = label_printing.print_batch(
        station, appraiser_session, "LOT-7", Target("tcp9100", fake.address), "50x30"
    )
    received = [ids.normalise(serial_of(f)) for f in fake.formats]
    assert len(received) == 3 and result.error and "went away" in result.error
    # Everything the printer got is recorded printed; the one in flight counts as printed
    # (uncertain, the safe side); the rest are still only issued. Nothing lost or doubled.
    assert result.printed[:3] == received
    assert len(result.uncertain) <= 1 and set(result.uncertain) <= set(result.printed)
    every = {labels.live_label(station.store, uid).serial for uid in batch}
    assert set(result.printed) | set(result.not_printed) == every
    assert not set(result.printed) & set(result.not_printed)
    for serial in result.not_printed:
        assert labels.state_of(station.store, serial) == "issued"
    second = printer()
    rest = label_printing.print_batch(
        station, appraiser_session, "LOT-7", Target("tcp9100", second.address), "50x30"
    )
    assert rest.complete and rest.printed == result.not_printed
    counts = _printed_events(station)
    assert len(counts) == BATCH and set(counts.values()) == {1}
    assert station.store.verify_audit().ok


def test_a_printer_that_never_answers_status_still_gets_the_whole_job(
    station, appraiser_session, batch, printer
) -> None:
    """No answer to ~HS is "status unknown", not "printer gone": every label is sent once,
    recorded printed but unconfirmed, and the result says to check them."""
    fake = printer(silent=True)
    result = label_printing.print_batch(
        station, appraiser_session, "LOT-7", Target("tcp9100", fake.address), "50x30"
    )
    fake.done.wait(10)
    assert result.complete and result.error is None and len(result.printed) == BATCH
    assert [ids.normalise(serial_of(f)) for f in fake.formats] == result.printed
    assert result.uncertain == result.printed
    assert result.warning and "does not answer" in result.warning
    assert set(_printed_events(station).values()) == {1}
    assert station.store.verify_audit().ok


def test_status_queries_wait_only_briefly() -> None:
    """A silent printer costs a short wait once per job, not the send timeout per label."""
    assert printing.STATUS_TIMEOUT_S <= 3 < printing.SEND_TIMEOUT_S


def test_unreachable_printer_changes_nothing(station, appraiser_session, batch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PrinterError, match="cannot be reached"):
        label_printing.print_batch(
            station, appraiser_session, "LOT-7", Target("tcp9100", f"127.0.0.1:{port}")
        )
    assert _printed_events(station) == Counter()
    assert len(label_printing.batch_serials(station, appraiser_session, "LOT-7")) == BATCH


def test_unfinished_batch_is_refused(station, appraiser_session, password) -> None:
    genuine_appraisal(
        station, appraiser_session, password, batch_lot="LOT-9", verdict=Verdict.INCONCLUSIVE
    )
    with pytest.raises(InvalidInput, match="not finished"):
        label_printing.batch_serials(station, appraiser_session, "LOT-9")
    with pytest.raises(InvalidInput, match="No appraisals"):
        label_printing.batch_serials(station, appraiser_session, "LOT-NONE")


def test_missing_cups_queue_is_a_clear_printer_error(monkeypatch, tmp_path) -> None:
    fake_lp = tmp_path / "lp"
    fake_lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n")
    fake_lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError, match="does not exist in CUPS"):
        printing.send_pdf("Nowhere", b"%PDF-1.4", width_mm=50, height_mm=30)


def test_no_cups_at_all(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterError, match="CUPS is not installed"):
        printing.send_raw_cups("Zebra", ["^XA^XZ"])


@pytest.mark.parametrize("address", ["", ":9100", "printer:notaport"])
def test_bad_network_printer_address(address: str) -> None:
    with pytest.raises(PrinterError):
        printing.send_tcp(address, ["^XA^XZ"])


@pytest.mark.parametrize("old_folder", [False, True])
def test_file_printer_jobs_are_private(
    station, appraiser_session, password, old_folder, tmp_path
) -> None:
    """Issue 14 breaker L-4: the file printer's jobs (live labels, whoever reads one prints
    a working copy) were 0644 in a 0755 folder. Now 0600 in 0700, also in a folder an older
    demo left open."""
    folder = demo_outcomes.printer_folder(station)
    if old_folder:
        folder.mkdir(mode=0o755)
        os.chmod(folder, 0o755)
    old = os.umask(0o022)
    try:
        uid = genuine_appraisal(station, appraiser_session, password)
        serial = labels.issue(station, appraiser_session, uid).serial
        path = demo_outcomes.print_to_file(station, appraiser_session, serial)
    finally:
        os.umask(old)
    assert path.parent == folder and path.name.startswith("job-")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
