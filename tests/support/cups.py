"""A private CUPS scheduler for tests: its own socket, spool, state, logs and output folder.

Tests that print must never depend on (or disturb) a scheduler that happens to run on the
machine: another ``cupsd`` may own 127.0.0.1:631 and refuse our ``lpadmin``, and two test
sessions may run side by side. So each session starts ``cupsd -f -c … -s …`` with
configuration files in a fresh folder, listening only on a Unix socket there, and points
``CUPS_SERVER`` at that socket; ``lp``, ``lpstat`` and ``lpadmin`` (and so the code under
test) then talk to it alone.

The PDF queue uses the cups-pdf PPD (custom page sizes, CUPS turns the PDF into PostScript
of the requested media size) with a tiny backend of our own that keeps each job as
``job_<id>.ps`` in the output folder. The real cups-pdf backend would do the same with
ghostscript, but it reads ``/etc/cups/cups-pdf.conf``, writes into home folders and only
runs as root; ``as_pdf`` does its ghostscript step in the test instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from support.tools import require

CUPSD = Path("/usr/sbin/cupsd")
SYSTEM_SERVER_BIN = Path("/usr/lib/cups")
CUPS_DATA = Path("/usr/share/cups")
PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
BACKEND = "appraiser-test"
START_TIMEOUT_S = 30

# Everyone may do everything: the scheduler is reachable only through a socket in a folder
# of this test session, so there is nobody to keep out.
CUPSD_CONF = """\
LogLevel debug
Listen {socket}
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
JobRetryLimit 0
MaxJobs 0
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
ServerBin {root}/bin
DataDir {data}
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice Yes
SystemGroup {group}
"""

# Runs cupsd for as long as the test session lives: when its stdin closes (``stop``, or the
# session died without tearing down: killed, timed out) it stops cupsd and removes the
# scheduler's folder, so no scheduler outlives its tests.
WATCHDOG = """
import shutil, subprocess, sys, threading
root, command = sys.argv[1], sys.argv[2:]
cupsd = subprocess.Popen(command, stdin=subprocess.DEVNULL)
asked = threading.Event()

def watch():
    sys.stdin.buffer.read()
    asked.set()
    cupsd.terminate()
    try:
        cupsd.wait(timeout=30)
    except subprocess.TimeoutExpired:
        cupsd.kill()

threading.Thread(target=watch, daemon=True).start()
code = cupsd.wait()
if asked.is_set():
    shutil.rmtree(root, ignore_errors=True)
sys.exit(code)
"""

# Keeps each job's data under its job number; writes it aside first so a test never sees
# half a file. With no arguments CUPS asks which devices the backend offers: none.
BACKEND_SCRIPT = """\
#!/bin/sh
[ $# -eq 0 ] && exit 0
folder="${DEVICE_URI#*:}"
part="$folder/.job_$1.part"
if [ -n "$6" ]; then cat "$6" > "$part"; else cat > "$part"; fi || exit 1
mv "$part" "$folder/job_$1.ps"
"""


@dataclass(frozen=True)
class CupsQueue:
    """A queue on the private scheduler and where its jobs land (``job_<id>.ps``)."""

    name: str
    output: Path
    server: str

    def output_of(self, job_id: str, timeout: float = 120) -> Path:
        """The file of ``job_id`` ("queue-12" or "12") once the job is complete."""
        number = job_id.rsplit("-", 1)[-1]
        path = self.output / f"job_{number}.ps"
        return wait_until(lambda: path if path.exists() else None, timeout, f"job {job_id}")


def wait_until(check: Callable[[], object], timeout: float, what: str):
    """Poll ``check`` until it returns something true (a spooler is another process: there
    is no signal to wait on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def as_pdf(postscript: Path) -> Path:
    """What cups-pdf would have made of a job: ghostscript's PDF, beside the PostScript."""
    target = postscript.with_suffix(".pdf")
    subprocess.run(
        [
            require("gs"), "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite",
            f"-sOutputFile={target}", str(postscript),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    return target


class PrivateCups:
    """One ``cupsd`` of our own; ``start`` it, add queues, ``stop`` it."""

    def __init__(self) -> None:
        # Not under pytest's tmp folder: when we run as root, CUPS filters run as "lp",
        # which must be able to reach the spool, and pytest's folders are owner-only.
        self.root = Path(tempfile.mkdtemp(prefix="appraiser-cups-"))
        self.root.chmod(0o755)
        self.socket = str(self.root / "cups.sock")
        self.process: subprocess.Popen[bytes] | None = None

    def _env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.socket}

    def _write_config(self) -> None:
        for name in ("etc", "spool", "cache", "state", "log", "output"):
            (self.root / name).mkdir(mode=0o755)
        (self.root / "spool" / "tmp").mkdir(mode=0o1777)
        (self.root / "etc" / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket))
        (self.root / "etc" / "cups-files.conf").write_text(
            CUPS_FILES_CONF.format(root=self.root, data=CUPS_DATA, group=_admin_group())
        )
        self._mirror_server_bin()
        (self.root / "output").chmod(0o777)

    def _mirror_server_bin(self) -> None:
        """The system's filters and backends, plus ours (cupsd takes one ServerBin)."""
        server_bin = self.root / "bin"
        server_bin.mkdir(mode=0o755)
        for entry in SYSTEM_SERVER_BIN.iterdir():
            if entry.name != "backend":
                (server_bin / entry.name).symlink_to(entry)
        backends = server_bin / "backend"
        backends.mkdir(mode=0o755)
        for entry in (SYSTEM_SERVER_BIN / "backend").iterdir():
            (backends / entry.name).symlink_to(entry)
        ours = backends / BACKEND
        ours.write_text(BACKEND_SCRIPT)
        ours.chmod(0o755)

    def start(self) -> None:
        if not CUPSD.exists():
            raise RuntimeError("cupsd is missing: run `python3 bootstrap.py test` to install it")
        self._write_config()
        cupsd = [
            str(CUPSD), "-f",
            "-c", str(self.root / "etc" / "cupsd.conf"),
            "-s", str(self.root / "etc" / "cups-files.conf"),
        ]  # fmt: skip
        log = (self.root / "log" / "cupsd.out").open("wb")
        with log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WATCHDOG, str(self.root), *cupsd],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._answers, START_TIMEOUT_S, f"cupsd on {self.socket}")

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"cupsd exited: {self.log_tail()}")
        if not Path(self.socket).exists():
            return False
        with socket.socket(socket.AF_UNIX) as probe:
            return probe.connect_ex(self.socket) == 0

    def lpadmin(self, *args: str) -> None:
        done = self.run("lpadmin", *args)
        if done.returncode:
            raise RuntimeError(f"lpadmin {' '.join(args)}: {done.stderr.strip()}")

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        """A CUPS client command against this scheduler. Admin tools (lpadmin, cupsenable,
        …) live in /usr/sbin, which is not on a normal user's PATH."""
        return subprocess.run(
            [require(program), *args],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def add_pdf_queue(self, name: str) -> CupsQueue:
        output = self.root / "output" / name
        output.mkdir(mode=0o777)
        output.chmod(0o777)
        self.lpadmin("-p", name, "-v", f"{BACKEND}:{output}", "-E", "-P", str(PDF_PPD))
        return CupsQueue(name=name, output=output, server=self.socket)

    def reset_queue(self, queue: CupsQueue) -> None:
        """Back to a clean start: no pending jobs, enabled, accepting, no output files."""
        for program, args in (
            ("cancel", ("-a", queue.name)),
            ("cupsenable", (queue.name,)),
            ("cupsaccept", (queue.name,)),
        ):
            done = self.run(program, *args)
            if done.returncode:
                raise RuntimeError(f"{program} {queue.name}: {done.stderr.strip()}")
        for leftover in queue.output.iterdir():
            leftover.unlink()

    def log_tail(self, lines: int = 30) -> str:
        log = self.root / "log" / "error_log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Closing the watchdog's stdin stops cupsd; the watchdog then removes the folder."""
        if self.process is not None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)


def _admin_group() -> str:
    """cupsd insists on a SystemGroup that exists; ours is the user's own primary group."""
    import grp

    return grp.getgrgid(os.getgid()).gr_name
