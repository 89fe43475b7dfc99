"""Printing through a real CUPS scheduler with a PDF queue (Debian cups + cups-pdf).

The session fixture installs CUPS and cups-pdf when missing (CI runs as root with Debian
mirrors), starts its own ``cupsd -f`` if no scheduler is running, and creates a cups-pdf
queue; the printed PDF lands in ``~/PDF``, where we check its page size and read its QR.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fake_printer import FakePrinter, serial_of
from label_support import genuine_appraisal

from appraiser.errors import PrinterError
from appraiser.labels import decode, ids, layouts, printing
from appraiser.labels.printing import Target
from appraiser.services.labelling import label_printing, labels

QUEUE = "appraiser-test-pdf"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
POINTS_PER_MM = 72 / 25.4


def _wait_until(check: Callable[[], object], timeout: float, what: str) -> object:
    """Poll a condition (a spooler is another process: there is no signal to wait on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _install() -> None:
    needed = [
        shutil.which("cupsd") or Path("/usr/sbin/cupsd").exists(),
        BACKEND.exists(),
        PPD.exists(),
        shutil.which("pdfinfo"),
    ]
    if all(needed):
        return
    apt = [
        "apt-get",
        "install",
        "-y",
        "--no-install-recommends",
        "cups",
        "printer-driver-cups-pdf",
        "poppler-utils",
    ]
    if subprocess.run(apt, capture_output=True, timeout=900, check=False).returncode:
        subprocess.run(["apt-get", "update"], capture_output=True, timeout=600, check=True)
        subprocess.run(apt, capture_output=True, timeout=900, check=True)


def _scheduler_running() -> bool:
    done = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10, check=False)
    return "scheduler is running" in done.stdout and "not" not in done.stdout


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[str]:
    _install()
    started = None
    if not _scheduler_running():
        started = subprocess.Popen(
            ["/usr/sbin/cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_until(_scheduler_running, 30, "cupsd to start")
    subprocess.run(
        ["lpadmin", "-p", QUEUE, "-v", "cups-pdf:/", "-E", "-P", str(PPD)],
        capture_output=True,
        timeout=60,
        check=True,
    )
    try:
        yield QUEUE
    finally:
        subprocess.run(["lpadmin", "-x", QUEUE], capture_output=True, timeout=60, check=False)
        if started is not None:
            started.terminate()
            started.wait(timeout=30)


def _output_of(job: str) -> Path:
    number = job.rsplit("-", 1)[-1]
    folders = [Path.home() / "PDF", Path("/var/spool/cups-pdf")]

    def find() -> Path | None:
        for folder in folders:
            for path in folder.rglob(f"*job_{number}.pdf") if folder.is_dir() else ():
                if path.stat().st_size and _job_done(job):
                    return path
        return None

    return _wait_until(find, 120, f"the PDF of job {job}")  # type: ignore[return-value]


def _job_done(job: str) -> bool:
    done = subprocess.run(
        ["lpstat", "-o", QUEUE], capture_output=True, text=True, timeout=10, check=False
    )
    return job not in done.stdout


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
        station, appraiser_session, f"C-{stock}", Target("cups-pdf", cups_queue), stock
    )
    assert result.complete and result.spool_id.startswith(cups_queue)
    output = _output_of(result.spool_id)
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


def test_queue_refusing_jobs_is_reported(cups_queue) -> None:
    subprocess.run(["cupsreject", cups_queue], check=True, timeout=30)
    try:
        with pytest.raises(PrinterError, match="not accepting"):
            printing.send_pdf(cups_queue, b"%PDF-1.4\n%%EOF\n", width_mm=50, height_mm=30)
    finally:
        subprocess.run(["cupsaccept", cups_queue], check=True, timeout=30)
    assert printing.queue_exists(cups_queue)


def test_stopped_queue_is_refused_before_anything_is_recorded(
    station, appraiser_session, password, cups_queue
) -> None:
    genuine_appraisal(station, appraiser_session, password, batch_lot="STOP")
    subprocess.run(["cupsdisable", cups_queue], check=True, timeout=30)
    try:
        with pytest.raises(PrinterError, match="stopped"):
            label_printing.print_batch(
                station, appraiser_session, "STOP", Target("cups-pdf", cups_queue)
            )
    finally:
        subprocess.run(["cupsenable", cups_queue], check=True, timeout=30)
    rows = station.store.query("SELECT * FROM label_events WHERE event = 'printed'")
    assert rows == []


def test_zpl_through_a_raw_cups_queue(station, appraiser_session, password, cups_queue) -> None:
    """cups-raw: CUPS passes our ZPL untouched to the printer (here a fake on port N)."""
    fake = FakePrinter()
    queue = "appraiser-test-raw"
    subprocess.run(
        ["lpadmin", "-p", queue, "-v", f"socket://{fake.address}", "-E", "-m", "raw"],
        capture_output=True,
        timeout=60,
        check=True,
    )
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
        subprocess.run(["lpadmin", "-x", queue], capture_output=True, timeout=60, check=False)
        fake.close()
