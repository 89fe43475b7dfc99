"""Printing through a real CUPS scheduler: the session's private one (``cups_queue``).

The PDF queue is the cups-pdf PPD on a scheduler of this test session alone, so these
tests neither need nor disturb a ``cupsd`` on port 631; each job lands as PostScript of
the requested media size, which ghostscript turns into the PDF cups-pdf would have made.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from fake_printer import FakePrinter, serial_of
from label_support import genuine_appraisal
from support.cups import as_pdf

from appraiser.errors import PrinterError
from appraiser.labels import decode, ids, layouts, printing
from appraiser.labels.printing import Target
from appraiser.services.labelling import label_printing, labels

POINTS_PER_MM = 72 / 25.4


def _page_sizes(path: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page +\d+ size: +([0-9.]+) x ([0-9.]+) pts", info)
    ]


@pytest.mark.parametrize("stock", ["50x30", "62x29"])
def test_batch_arrives_as_a_pdf_of_the_stock_size(
    station, appraiser_session, password, cups_queue, stock, tmp_path
) -> None:
    uids = [
        genuine_appraisal(station, appraiser_session, password, batch_lot=f"C-{stock}")
        for _ in range(2)
    ]
    result = label_printing.print_batch(
        station, appraiser_session, f"C-{stock}", Target("cups-pdf", cups_queue.name), stock
    )
    assert result.complete and result.spool_id.startswith(cups_queue.name)
    output = as_pdf(cups_queue.output_of(result.spool_id))
    layout = layouts.load(stock)
    sizes = _page_sizes(output)
    assert len(sizes) == 2
    for width, height in sizes:  # ghostscript rounds the media box to whole points
        assert width == pytest.approx(layout.width_mm * POINTS_PER_MM, abs=1.0)
        assert height == pytest.approx(layout.height_mm * POINTS_PER_MM, abs=1.0)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "203",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(output),
            str(tmp_path / "first"),
        ],
        check=True,
        timeout=60,
    )
    first = labels.live_label(station.store, uids[0])
    assert decode.decode_file(tmp_path / "first.png") == [first.payload]
    assert labels.state_of(station.store, first.serial) == "printed"


def test_unknown_queue_on_a_real_scheduler(cups_queue) -> None:
    with pytest.raises(PrinterError, match="does not exist"):
        printing.send_pdf("no-such-queue-here", b"%PDF-1.4\n%%EOF\n", width_mm=50, height_mm=30)


def _admin(scheduler, program: str, queue: str) -> None:
    done = scheduler.run(program, queue)
    assert done.returncode == 0, done.stderr


def test_queue_refusing_jobs_is_reported(cups_scheduler, cups_queue) -> None:
    _admin(cups_scheduler, "cupsreject", cups_queue.name)
    try:
        with pytest.raises(PrinterError, match="not accepting"):
            printing.send_pdf(cups_queue.name, b"%PDF-1.4\n%%EOF\n", width_mm=50, height_mm=30)
    finally:
        _admin(cups_scheduler, "cupsaccept", cups_queue.name)
    assert printing.queue_exists(cups_queue.name)


def test_stopped_queue_is_refused_before_anything_is_recorded(
    station, appraiser_session, password, cups_scheduler, cups_queue
) -> None:
    genuine_appraisal(station, appraiser_session, password, batch_lot="STOP")
    _admin(cups_scheduler, "cupsdisable", cups_queue.name)
    try:
        with pytest.raises(PrinterError, match="stopped"):
            label_printing.print_batch(
                station, appraiser_session, "STOP", Target("cups-pdf", cups_queue.name)
            )
    finally:
        _admin(cups_scheduler, "cupsenable", cups_queue.name)
    rows = station.store.query("SELECT * FROM label_events WHERE event = 'printed'")
    assert rows == []


def test_zpl_through_a_raw_cups_queue(station, appraiser_session, password, cups_scheduler) -> None:
    """cups-raw: CUPS passes our ZPL untouched to the printer (here a fake on port N)."""
    fake = FakePrinter()
    queue = "appraiser-test-raw"
    cups_scheduler.lpadmin("-p", queue, "-v", f"socket://{fake.address}", "-E", "-m", "raw")
    try:
        uids = [
            genuine_appraisal(station, appraiser_session, password, batch_lot="RAW")
            for _ in range(3)
        ]
        result = label_printing.print_batch(
            station, appraiser_session, "RAW", Target("cups-raw", queue), "2.25x1.25in", 203
        )
        assert result.complete and result.spool_id.startswith(queue)
        assert fake.done.wait(120), "the raw job never reached the printer"
        expected = [labels.live_label(station.store, uid).serial for uid in uids]
        assert [ids.normalise(serial_of(f)) for f in fake.formats] == expected
        assert all("^PW457" in f and "^LL254" in f for f in fake.formats)
    finally:
        cups_scheduler.run("lpadmin", "-x", queue)
        fake.close()
