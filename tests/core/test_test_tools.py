"""Tests judge with system tools but never install them: the project's set-up does, once."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from support.tools import PACKAGES

TESTS = Path(__file__).resolve().parents[1]


def test_no_test_installs_packages() -> None:
    # a command list that starts an installer: ["apt-get", …], [python, "-m", "pip", "install"…]
    installers = re.compile(r'\[\s*"(apt-get|apt|dpkg|sudo)"|"pip",\s*"install"')
    offenders = [
        f"{path.relative_to(TESTS)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != Path(__file__).name
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if installers.search(line)
    ]
    assert offenders == []


def test_bootstrap_installs_every_tool_the_tests_use() -> None:
    spec = importlib.util.spec_from_file_location("bootstrap", TESTS.parent / "bootstrap.py")
    bootstrap = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bootstrap)
    packages = set(bootstrap.RUNTIME_PACKAGES + bootstrap.TEST_PACKAGES)
    assert set(PACKAGES.values()) - {"cups-client"} <= packages  # cups brings cups-client
