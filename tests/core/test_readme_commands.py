"""The README starts with the two commands a newcomer types; CI runs exactly those, and the
README says what set-up installs and why."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap_doc", ROOT / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _first_commands() -> list[str]:
    block = re.match(r"```sh\n(.*?)\n```\n", README, re.S)
    assert block, "README.md must start with a shell block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines()]


def test_readme_starts_with_exactly_run_and_test() -> None:
    assert _first_commands() == ["python3 bootstrap.py run", "python3 bootstrap.py test"]


def test_ci_runs_the_readme_commands_as_written() -> None:
    lines = [line.strip() for line in CI.splitlines()]
    assert "QT_QPA_PLATFORM=offscreen python3 bootstrap.py run --smoke-test" in lines
    assert "python3 bootstrap.py test" in lines
    assert "apt-get" not in CI.split("bundle: build tools")[0], "set-up is bootstrap's job"
    for tool in ("binutils", "libpython3."):
        assert tool in CI


def test_readme_names_everything_set_up_installs() -> None:
    bootstrap = _bootstrap()
    for package in bootstrap.TEST_PACKAGES:
        assert f"`{package}`" in README
    assert "fonts-wqy-microhei" in README
    assert "xvfb-run -a python3 bootstrap.py run" in README
