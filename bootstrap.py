#!/usr/bin/env python3
"""Set up and run the station from a fresh clone.

  python3 bootstrap.py run [ARGS…]          start the station (ARGS go to the app, e.g.
                                            --smoke-test, --lang en, --data-dir DIR)
  python3 bootstrap.py test [PYTEST ARGS…]  run the test suite offscreen
  python3 bootstrap.py setup                only set up

Only the standard library is used here, because this runs before anything is installed.
Set-up has two steps, each announced before it starts:

1. Debian packages, with apt, as root or through sudo: the libraries Qt needs, a CJK font
   and python3-venv for ``run``; for ``test`` also the tools the tests judge with (ffprobe,
   pdfinfo/pdftoppm, a CUPS scheduler with the cups-pdf driver, ghostscript, zbarimg).
   Without root or sudo nothing is touched: we stop and print the exact command.
2. ``.venv`` with the app and its dev tools, rebuilt when ``pyproject.toml`` changes or
   when it is broken (no python, no pip, an install that never finished). A set-up that
   fails removes what it half-made, so the next run starts clean.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
EXIT_SETUP = 3  # like the app's "environment problem": fix it and run again

# Shared libraries PySide6 wheels link against and a CJK font for labels, reports and
# the UI (plus python3.X-venv when Debian's python3 lacks ensurepip, added at run time).
RUNTIME_PACKAGES = (
    # Qt itself, and its xcb platform plugin for a real or virtual X display
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-xkb1",
    # a TrueType CJK font for labels, reports and the UI
    "fonts-wqy-microhei",
)

# The independent judges the tests use: never installed by a test, only here.
TEST_PACKAGES = (
    "ffmpeg",  # ffprobe checks the recorded inspection video
    "poppler-utils",  # pdfinfo/pdftoppm read label and report PDFs back
    "cups",  # a private CUPS scheduler per test session (cupsd, lp, lpadmin)
    "printer-driver-cups-pdf",  # the cups-pdf PPD of the PDF test queue
    "ghostscript",  # turns a printed job into the PDF cups-pdf would make
    "zbar-tools",  # zbarimg, a second QR decoder besides zxing-cpp
    "postgresql",  # initdb/pg_ctl: a private PostgreSQL cluster for the fleet server tests
    # the fonts the synthetic matching worlds print with (appraiser/bench/worlds/fonts.py)
    "fonts-dejavu-core",
    "fonts-urw-base35",
    "fonts-noto-cjk",
)


def _say(message: str) -> None:
    print(f"[bootstrap] {message}", file=sys.stderr, flush=True)


class SetupError(Exception):
    """Set-up cannot go on; the message says what to do."""


# -- step 1: Debian packages ---------------------------------------------------------------


def missing_debian_packages(wanted: tuple[str, ...]) -> list[str]:
    """The packages of ``wanted`` dpkg does not know as installed (none off Debian)."""
    if not shutil.which("dpkg-query"):
        return []
    probe = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${Status}\n", *wanted],
        capture_output=True,
        text=True,
        check=False,
    )
    installed = {
        line.split()[0].split(":")[0]
        for line in probe.stdout.splitlines()
        if line.endswith("install ok installed")
    }
    missing = [package for package in wanted if package not in installed]
    if not _has_ensurepip():
        missing.append(f"python3.{sys.version_info.minor}-venv")
    return missing


def _has_ensurepip() -> bool:
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def apt_command(packages: list[str]) -> list[str]:
    return ["apt-get", "install", "-y", "--no-install-recommends", *packages]


def manual_command(packages: list[str]) -> str:
    """What a person with root rights types to do step 1 by hand."""
    return f"sudo apt-get update && sudo {shlex.join(apt_command(packages))}"


def root_prefix() -> list[str] | None:
    """How we may run apt: directly as root, through sudo, or not at all (None)."""
    if os.geteuid() == 0:
        return []
    if not shutil.which("sudo"):
        return None
    if subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0:
        return ["sudo", "-n"]
    return ["sudo"] if sys.stdin.isatty() else None  # sudo asks for the password


def install_debian_packages(packages: list[str], why: str) -> None:
    if not packages:
        return
    prefix = root_prefix()
    if prefix is None:
        raise SetupError(
            f"{len(packages)} Debian packages are missing ({why}) and installing them needs "
            f"root.\nRun this once, then the same command again:\n  {manual_command(packages)}"
        )
    _say(f"step 1/2: installing {len(packages)} Debian packages ({why}):")
    _say("  " + " ".join(packages))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], apt_command(packages)):
        if subprocess.run([*prefix, *command], env=env, check=False).returncode:
            raise SetupError(
                f"`{shlex.join([*prefix, *command])}` failed (see above).\n"
                f"Fix it, or run by hand:\n  {manual_command(packages)}"
            )


# -- step 2: the virtual environment -------------------------------------------------------


def fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def venv_problem() -> str | None:
    """Why ``.venv`` cannot be used as it is (None: it matches pyproject.toml and works)."""
    if not VENV.exists():
        return "missing"
    if not STAMP.exists():
        return "its last set-up never finished"
    if not PYTHON.exists():
        return "it has no python"
    check = subprocess.run(
        [str(PYTHON), "-c", "import pip, appraiser"], capture_output=True, check=False
    )
    if check.returncode:
        return "its python cannot import pip or the app"
    if STAMP.read_text() != fingerprint():
        return "pyproject.toml changed"
    return None


def build_venv() -> None:
    """Create ``.venv`` from scratch; the stamp, written last, marks it complete."""
    if VENV.exists():
        shutil.rmtree(VENV)
    _say(f"step 2/2: creating {VENV.name} with the app and its dev tools (takes a minute)")
    venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check"]
    for args in (["install", "-q", "--upgrade", "pip"], ["install", "-q", "-e", f"{ROOT}[dev]"]):
        if subprocess.run([*pip, *args], check=False).returncode:
            raise SetupError(f"`pip {' '.join(args)}` failed (see above).")
    STAMP.write_text(fingerprint())


def ensure_venv() -> None:
    problem = venv_problem()
    if problem is None:
        return
    if problem != "missing":
        _say(f"rebuilding {VENV.name}: {problem}")
    try:
        build_venv()
    except BaseException:
        shutil.rmtree(VENV, ignore_errors=True)  # never leave half an environment behind
        raise


# -- commands ------------------------------------------------------------------------------


def ensure_environment(command: str) -> None:
    wanted = RUNTIME_PACKAGES + (TEST_PACKAGES if command == "test" else ())
    why = "Qt libraries, CJK font" + (" and the tools the tests use" if command == "test" else "")
    install_debian_packages(missing_debian_packages(wanted), why)
    ensure_venv()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        ensure_environment(command)
    except SetupError as exc:
        _say(f"set-up stopped: {exc}")
        return EXIT_SETUP
    if command == "run":  # the app's own launcher: GUI by default, ARGS passed through
        return hand_over([str(PYTHON), "-m", "ui", *rest], dict(os.environ))
    if command == "test":
        return hand_over(
            [str(PYTHON), "-m", "pytest", *rest], {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        )
    return 0


def hand_over(command: list[str], env: dict[str, str]) -> int:
    """Become the app (or pytest): signals from a terminal, ``timeout`` or a service
    manager reach it directly, and no orphan is left when this process is stopped."""
    os.chdir(ROOT)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "nt":  # no real exec on Windows
        return subprocess.call(command, env=env)
    os.execve(command[0], command, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
