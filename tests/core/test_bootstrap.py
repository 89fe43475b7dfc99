"""``python3 bootstrap.py run|test|setup`` from a fresh clone, run for real in a temp copy.

The copy holds the real ``bootstrap.py`` beside a tiny project (an in-tree PEP 660
backend, so pip needs no index: ``PIP_NO_INDEX=1`` keeps these tests offline). Fake
``dpkg-query``/``sudo``/``apt-get`` first on PATH play a Debian machine with nothing
installed, a user without sudo, or root with apt, without touching the real system.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cups import wait_until

ROOT = Path(__file__).resolve().parents[2]
RUNUSER = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin") or "runuser"
PYTHON3 = shutil.which("python3", path="/usr/bin:/bin") or sys.executable

TINY_PYPROJECT = """\
[build-system]
requires = []
build-backend = "tinybackend"
backend-path = ["."]

[project]
name = "appraiser"
version = "0"
"""

TINY_BACKEND = '''\
"""An editable install that is one .pth file: no index, no setuptools needed."""
import base64, hashlib, os, zipfile

INFO = "appraiser-0.dist-info"


def _line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    if os.path.exists(os.path.join(os.path.dirname(__file__), "BROKEN")):
        raise RuntimeError("this build fails on purpose")
    files = {
        "appraiser.pth": (os.path.dirname(os.path.abspath(__file__)) + "\\n").encode(),
        f"{INFO}/METADATA": b"Metadata-Version: 2.1\\nName: appraiser\\nVersion: 0\\n"
        b"Provides-Extra: dev\\n",
        f"{INFO}/WHEEL": b"Wheel-Version: 1.0\\nGenerator: tiny\\nRoot-Is-Purelib: true\\n"
        b"Tag: py3-none-any\\n",
    }
    name = "appraiser-0-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as wheel:
        lines = []
        for path, data in files.items():
            wheel.writestr(path, data)
            lines.append(_line(path, data))
        wheel.writestr(f"{INFO}/RECORD", "\\n".join(lines + [f"{INFO}/RECORD,,"]) + "\\n")
    return name
'''

ALL_INSTALLED = '#!/bin/sh\nfor p in "$@"; do case "$p" in -*) ;; *) echo "$p install ok installed";; esac; done\n'  # noqa: E501
NONE_INSTALLED = "#!/bin/sh\nexit 0\n"
NO_SUDO = '#!/bin/sh\necho "sudo: a password is required" >&2\nexit 1\n'
SUDO = '#!/bin/sh\n[ "$1" = "-n" ] && shift\nexec "$@"\n'
RECORDING_APT = '#!/bin/sh\necho "$*" >> "$(dirname "$0")/apt.log"\n'
# stands in for pytest in the tiny project: shows what the test command was given
STAND_IN_PYTEST = "import os, sys\nprint(os.environ.get('QT_QPA_PLATFORM'), *sys.argv[1:])\n"


def _load_bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap_under_test", ROOT / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def clone() -> Iterator[Path]:
    """A world-writable temp copy (a throwaway user must be able to work in it too)."""
    folder = Path(tempfile.mkdtemp(prefix="appraiser-bootstrap-"))
    folder.chmod(0o777)
    shutil.copy2(ROOT / "bootstrap.py", folder / "bootstrap.py")
    (folder / "pyproject.toml").write_text(TINY_PYPROJECT)
    (folder / "tinybackend.py").write_text(TINY_BACKEND)
    (folder / "appraiser").mkdir()
    (folder / "appraiser" / "__init__.py").write_text("")
    (folder / "pytest.py").write_text(STAND_IN_PYTEST)
    (folder / "bin").mkdir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _fake(clone: Path, name: str, script: str) -> None:
    path = clone / "bin" / name
    path.write_text(script)
    path.chmod(0o755)


def _bootstrap(clone: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess:
    env = {
        "PATH": f"{clone / 'bin'}:/usr/bin:/bin",
        "HOME": str(clone),
        "PIP_NO_INDEX": "1",
        "LANG": "C.UTF-8",
    }
    command = [PYTHON3, "bootstrap.py", *args]
    if user is not None:
        as_user = [f"{key}={value}" for key, value in env.items()]
        command = [RUNUSER, "-u", user, "--", "env", *as_user, *command]
    return subprocess.run(
        command, cwd=clone, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def _works(clone: Path) -> bool:
    python = clone / ".venv" / "bin" / "python"
    check = [str(python), "-c", "import pip, appraiser"]
    stamp = clone / ".venv" / ".installed-from"
    if not (stamp.exists() and python.exists()):
        return False
    return subprocess.run(check, capture_output=True, check=False).returncode == 0


# bootstrap.py with its set-up skipped and this test run's python as the venv's
RUN_SET_UP = f"""
import importlib.util, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("bootstrap", {str(ROOT / "bootstrap.py")!r})
bootstrap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap)
bootstrap.ensure_environment = lambda command: None
bootstrap.PYTHON = Path({sys.executable!r})
sys.exit(bootstrap.main(sys.argv[1:]))
"""


def test_run_starts_the_gui_and_passes_its_arguments(tmp_path) -> None:
    """``run --smoke-test`` starts the real station offscreen (not the Qt-free CLI)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", RUN_SET_UP, "run", "--smoke-test"], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "smoke test: main window visible" in done.stdout


def test_run_becomes_the_app(tmp_path) -> None:
    """The app replaces bootstrap (exec): stopping that process (``timeout``, a service
    manager) stops the station and leaves no orphan window behind."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-c", RUN_SET_UP, "run", "--data-dir", str(tmp_path / "d")]
    probe = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE)
    cmdline = Path(f"/proc/{probe.pid}/cmdline")
    try:
        wait_until(lambda: b"\0-m\0ui\0" in cmdline.read_bytes(), 60, "bootstrap to exec the app")
        assert [p for p in Path("/proc").glob("[0-9]*/stat") if _parent(p) == probe.pid] == []
    finally:
        probe.terminate()
        probe.wait(timeout=60)
        probe.stderr.close()


def _parent(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_without_root_or_sudo_it_stops_with_the_command_and_makes_nothing(clone) -> None:
    """As a real non-root user: no .venv is made, and the exact apt line is printed."""
    _fake(clone, "dpkg-query", NONE_INSTALLED)
    _fake(clone, "sudo", NO_SUDO)
    user = "nobody" if os.geteuid() == 0 else None
    assert pwd.getpwnam(user or pwd.getpwuid(os.geteuid()).pw_name).pw_uid != 0
    done = _bootstrap(clone, "run", "--smoke-test", user=user)
    assert done.returncode == 3, done.stderr
    bootstrap = _load_bootstrap()
    command = bootstrap.manual_command(list(bootstrap.RUNTIME_PACKAGES))
    assert f"\n  {command}\n" in done.stderr + "\n"
    assert not (clone / ".venv").exists()


def test_test_installs_the_test_tools_in_one_announced_step(clone) -> None:
    _fake(clone, "dpkg-query", NONE_INSTALLED)
    _fake(clone, "sudo", SUDO)
    _fake(clone, "apt-get", RECORDING_APT)
    done = _bootstrap(clone, "setup")  # setup: runtime packages only
    assert done.returncode == 0, done.stderr
    bootstrap = _load_bootstrap()
    assert "ffmpeg" not in (clone / "bin" / "apt.log").read_text()
    (clone / "bin" / "apt.log").unlink()
    done = _bootstrap(clone, "test", "-k", "cups")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["offscreen", "-k", "cups"]
    calls = (clone / "bin" / "apt.log").read_text().splitlines()
    wanted = [*bootstrap.RUNTIME_PACKAGES, *bootstrap.TEST_PACKAGES]
    assert calls == ["update -q", " ".join(["install", "-y", "--no-install-recommends", *wanted])]
    assert done.stderr.count("installing") == 1
    assert "step 1/2: installing" in done.stderr and "ffmpeg poppler-utils cups" in done.stderr


@pytest.mark.parametrize("damage", ["no stamp, no pip", "no python", "no pip"])
def test_a_broken_venv_is_rebuilt(clone, damage) -> None:
    _fake(clone, "dpkg-query", ALL_INSTALLED)
    bootstrap = _load_bootstrap()
    stamp = clone / ".venv" / ".installed-from"
    if damage == "no python":
        (clone / ".venv" / "bin").mkdir(parents=True)
    else:
        subprocess.run([PYTHON3, "-m", "venv", "--without-pip", str(clone / ".venv")], check=True)
    if damage != "no stamp, no pip":
        digest = bootstrap.hashlib.sha256((clone / "pyproject.toml").read_bytes()).hexdigest()
        stamp.write_text(digest)
    assert not _works(clone)
    done = _bootstrap(clone, "setup")
    assert done.returncode == 0, done.stderr
    assert "rebuilding .venv" in done.stderr
    assert _works(clone)


def test_a_failed_install_leaves_nothing_half_made(clone) -> None:
    _fake(clone, "dpkg-query", ALL_INSTALLED)
    (clone / "BROKEN").write_text("")
    done = _bootstrap(clone, "setup")
    assert done.returncode == 3
    assert "set-up stopped" in done.stderr
    assert not (clone / ".venv").exists()
    (clone / "BROKEN").unlink()
    assert _bootstrap(clone, "setup").returncode == 0 and _works(clone)
