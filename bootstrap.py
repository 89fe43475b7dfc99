#!/usr/bin/env python3
"""Set up and run the station from a fresh clone: ``python3 bootstrap.py run|test``.

Only the standard library is used here, because this runs before anything is installed.
The virtual environment lives in ``.venv`` and is refreshed whenever ``pyproject.toml``
changes. On Debian the few system packages PySide6 and the CJK label font need are
installed with apt when we may (root or password-less sudo); otherwise the exact command is
printed.
"""

from __future__ import annotations

import hashlib
import os
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

# Shared libraries PySide6 wheels link against, a CJK font for labels and reports, and
# the venv module Debian splits out of python3.
DEBIAN_PACKAGES = (
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


def _say(message: str) -> None:
    print(f"[bootstrap] {message}", file=sys.stderr, flush=True)


def _missing_debian_packages() -> list[str]:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in DEBIAN_PACKAGES:
        probe = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
        )
        if "install ok installed" not in probe.stdout:
            missing.append(package)
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        missing.append(f"python3.{sys.version_info.minor}-venv")
    return missing


def _install_system_packages() -> None:
    missing = _missing_debian_packages()
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"]).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        _say("missing system packages; please run:\n  sudo " + " ".join(command))
        return
    _say("installing system packages: " + " ".join(missing))
    update = subprocess.run([*prefix, "apt-get", "update", "-qq"])
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if update.returncode != 0 or subprocess.run([*prefix, *command], env=env).returncode:
        _say("apt-get failed; the app may miss Qt libraries or the CJK font")


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create or refresh ``.venv`` so it matches ``pyproject.toml``."""
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    _install_system_packages()
    if not PYTHON.exists():
        _say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check"]
    _say("installing the project and its test tools (first run takes a minute)")
    subprocess.run([*pip, "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(_fingerprint())


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.call([str(PYTHON), "-m", "appraiser", "gui", *rest], cwd=ROOT)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
