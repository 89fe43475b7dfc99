"""The real stack ``bench fleet`` pushes to: a private PostgreSQL cluster (Debian's
``initdb``/``pg_ctl``, a Unix socket in a temporary folder, default durability settings) or
the one named by ``--dsn``, and ``appraiser server run`` with N workers on a free port.
CPU time is read from ``/proc`` for the server's processes and PostgreSQL's."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

SUPERUSER = "appraiser_bench"


def _as_owner(argv: list[str]) -> list[str]:
    """``initdb`` refuses root: as root the cluster belongs to ``nobody``."""
    if os.geteuid() != 0:
        return argv
    nobody = pwd.getpwnam("nobody")
    return ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}",
            "--clear-groups", *argv]  # fmt: skip


class PrivatePostgres:
    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit("initdb is missing: apt-get install postgresql (or pass --dsn)")
        self.bin = Path(found[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="appraiser-bench-pg-"))
        self.data = self.root / "data"

    def _run(self, *argv: str) -> None:
        subprocess.run(_as_owner(list(argv)), check=True, capture_output=True, cwd=self.root)

    def start(self) -> str:
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.root, nobody.pw_uid, nobody.pw_gid)
        os.chmod(self.root, 0o755)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = f"-k {self.root} -c listen_addresses='' -c max_connections=200"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options, "-w", "start")  # fmt: skip
        return f"postgresql://{SUPERUSER}@/postgres?host={self.root}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def pids(self) -> list[int]:
        try:
            first = (self.data / "postmaster.pid").read_text().split()[0]
        except (OSError, IndexError):
            return []
        return [int(first), *children(int(first))]


def children(pid: int) -> list[int]:
    found = []
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        with contextlib.suppress(OSError):
            for child in Path(path).read_text().split():
                found += [int(child), *children(int(child))]
    return found


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds of the given live processes plus what their exited children used (a
    PostgreSQL backend or a uvicorn worker that ended is in its parent's cutime/cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15])
    return total / tick


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``appraiser server run --workers N`` in a child process (kill -9 able)."""

    def __init__(self, dsn: str, media: Path, workers: int, log: Path) -> None:
        self.dsn, self.media, self.workers, self.log = dsn, media, workers, log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """``server init`` (idempotent: the schema as this checkout has it, which may have
        grown since the run began), then ``server run``, waiting for ``/healthz``."""
        init = [sys.executable, "-m", "appraiser", "server", "init", "--dsn", self.dsn]
        with self.log.open("ab") as out:
            subprocess.run(init, stdout=out, stderr=out, check=True)
        argv = [sys.executable, "-m", "appraiser", "server", "run", "--dsn", self.dsn,
                "--media", str(self.media), "--listen", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers)]  # fmt: skip
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=out)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server run exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise SystemExit("server run did not answer /healthz within 60 s")

    def pids(self) -> list[int]:
        if self.process is None or self.process.poll() is not None:
            return []
        return [self.process.pid, *children(self.process.pid)]

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            for pid in reversed(self.pids()):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, wait_s: float = 30.0) -> None:
        """Stop the server as an operator does (SIGTERM, as ``systemctl stop`` would); kill
        -9 only if it is still there after ``wait_s``."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            self.kill()
