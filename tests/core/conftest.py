"""Core tests run as if Qt were not installed: the core must never need it.

pytest-qt imports PySide6 when pytest starts, so blocking new imports is not enough: while
a core test module is imported and while each core test sets up and runs, every
``PySide6``, ``shiboken6`` and ``ui`` module is also hidden from ``sys.modules`` (and put
back after, so pytest-qt's own event processing and the UI tests still find them).
Teardown is left alone: pytest-qt processes Qt events there. The definitive check is
``test_import_boundary``, which imports the whole core in a fresh, Qt-less interpreter.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import io
import sys
from collections.abc import Iterator

import pytest

BLOCKED = ("PySide6", "shiboken6", "ui")


def is_blocked(name: str) -> bool:
    return any(name == root or name.startswith(root + ".") for root in BLOCKED)


class QtBlocker(importlib.abc.MetaPathFinder):
    """Refuses to find any blocked module, so importing one raises ``ImportError``."""

    def find_spec(self, fullname, path=None, target=None):
        if is_blocked(fullname):
            raise ImportError(f"core tests run without Qt: {fullname} is blocked", name=fullname)
        return None


@contextlib.contextmanager
def qt_blocked() -> Iterator[None]:
    hidden = {name: sys.modules.pop(name) for name in list(sys.modules) if is_blocked(name)}
    blocker = QtBlocker()
    sys.meta_path.insert(0, blocker)
    try:
        yield
    finally:
        sys.meta_path.remove(blocker)
        sys.modules.update(hidden)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """Import each core test module (and what it imports) with Qt blocked."""
    if not isinstance(collector, pytest.Module):
        yield
        return
    with qt_blocked():
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """Fixtures run with Qt blocked (inside pytest-qt's wrapper, which needs Qt back)."""
    with qt_blocked():
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with qt_blocked():
        yield


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch):
    """Feed the lines a script pipes on stdin (password, then a passphrase or new password)."""

    def feed(*lines: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))

    return feed
