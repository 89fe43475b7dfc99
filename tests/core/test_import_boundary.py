"""The core stays Qt-free: every module imports without PySide6, and the lint contract holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter, so nothing Qt is cached in sys.modules from pytest-qt.
_IMPORT_ALL = r"""
import importlib, importlib.abc, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "ui"):
            raise ImportError(f"blocked: {name}")

sys.meta_path.insert(0, Block())
import appraiser
names = [m.name for m in pkgutil.walk_packages(appraiser.__path__, "appraiser.")]
for name in names:
    if not name.endswith("__main__"):
        importlib.import_module(name)
leaked = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names), leaked)
"""


def test_every_core_module_imports_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stderr
    count, leaked = result.stdout.split(" ", 1)
    assert int(count) >= 20
    assert leaked.strip() == "[]"


def test_qt_is_unimportable_inside_core_tests():
    with pytest.raises(ImportError, match="blocked"):
        import PySide6.QtCore  # noqa: F401
    assert not any(name.split(".")[0] == "PySide6" for name in sys.modules)


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=280
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
