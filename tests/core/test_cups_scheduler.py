"""The session's private CUPS scheduler (``cups_queue``) keeps printing tests to themselves.

Another ``cupsd`` may own port 631 on the machine (the system's, or a test run of a
colleague); the fixture's queue must live on its own scheduler and never on that one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.cups import PrivateCups, wait_until

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def _default_scheduler_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "CUPS_SERVER"}


def test_queue_is_not_on_the_default_scheduler(cups_queue) -> None:
    assert os.environ["CUPS_SERVER"] == cups_queue.server
    private = subprocess.run(["lpstat", "-p"], capture_output=True, text=True, timeout=30)
    assert cups_queue.name in private.stdout
    default = subprocess.run(
        ["lpstat", "-p"], capture_output=True, text=True, timeout=30, env=_default_scheduler_env()
    )
    assert cups_queue.name not in default.stdout


def test_two_sessions_print_side_by_side(cups_queue) -> None:
    """A second scheduler with a queue of the same name: each job lands in its own folder."""
    other = PrivateCups()
    other.start()
    try:
        twin = other.add_pdf_queue(cups_queue.name)
        mine = subprocess.run(
            ["lp", "-d", cups_queue.name], input=PDF, capture_output=True, timeout=30, check=True
        )
        theirs = other.run("lp", "-d", twin.name, "/usr/share/cups/data/testprint")
        assert theirs.returncode == 0, theirs.stderr
        assert cups_queue.output_of(mine.stdout.decode().split()[3]).parent == cups_queue.output
        assert twin.output_of(theirs.stdout.split()[3]).parent == twin.output
        assert twin.output != cups_queue.output
    finally:
        other.stop()


def test_a_test_leaves_the_queue_disabled_and_full(cups_scheduler, cups_queue) -> None:
    """Sets up the next test: a stopped queue, and a job file left behind."""
    done = subprocess.run(
        ["lp", "-d", cups_queue.name], input=PDF, capture_output=True, timeout=30, check=True
    )
    cups_queue.output_of(done.stdout.decode().split()[3])
    assert cups_scheduler.run("cupsdisable", cups_queue.name).returncode == 0


def test_the_next_test_gets_a_clean_enabled_queue(cups_queue) -> None:
    """Runs after the one above (file order): its jobs and its stopped queue are gone, so a
    test that looks for "the job" in the output folder finds its own."""
    assert list(cups_queue.output.iterdir()) == []
    state = subprocess.run(["lpstat", "-p", cups_queue.name], capture_output=True, text=True)
    assert "enabled" in state.stdout and "disabled" not in state.stdout


SESSION_THAT_DIES = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
from support.cups import PrivateCups
scheduler = PrivateCups()
scheduler.start()
print(scheduler.root, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _cupsd_serving(root: str) -> bool:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"cupsd" in (text := cmdline.read_bytes()) and root.encode() in text:
                return True
        except OSError:
            continue
    return False


def test_a_killed_session_leaves_no_scheduler_behind() -> None:
    """A test run that is killed (timeout, Ctrl+\\\\) gets no teardown; its cupsd must still go."""
    tests = str(Path(__file__).resolve().parents[1])
    died = subprocess.run(
        [sys.executable, "-c", SESSION_THAT_DIES, tests], capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    root = died.stdout.strip()
    assert died.returncode == -9 and root, died.stderr
    wait_until(lambda: not _cupsd_serving(root) and not Path(root).exists(), 60, "cleanup")
