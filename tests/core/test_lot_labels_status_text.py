"""`appraiser lot labels status` writes each line whole, newline included, and progress on
stderr never lands inside a stdout line (issue 16, findings16b: 'issued 153labels: 47/200'
— a status line and another writer's progress glued together on a shared terminal)."""

from __future__ import annotations

import io
import sys

from lot_decision_support import make_lot, plan

from appraiser.cli import common
from appraiser.cli.main import main


class Writes(io.StringIO):
    """A stream that remembers each write() call, as an unbuffered terminal sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def write(self, text: str) -> int:
        self.calls.append(text)
        return super().write(text)


def test_status_lines_are_written_whole(station, appraiser_session, monkeypatch):
    lot, _items = make_lot(station, appraiser_session, {"major": plan(3, 1, 2)}, quantity=12)
    root = str(station.data.root)
    station.close()
    out = Writes()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["--data-dir", root, "lot", "labels", "status", lot]) == 0
    text = out.getvalue()
    assert text.startswith(f"{lot}: 12 units; ") and text.endswith("\n")
    assert [c for c in out.calls if c] == text.splitlines(keepends=True)  # one write a line


def test_progress_flushes_pending_stdout_first(monkeypatch):
    """A stdout line still in its buffer goes out before the progress line on stderr."""
    order: list[str] = []

    class Stream(io.StringIO):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def write(self, text: str) -> int:
            order.append(f"{self.name}:{text}")
            return len(text)

        def flush(self) -> None:
            order.append(f"{self.name}:flush")

    monkeypatch.setattr(sys, "stdout", Stream("out"))
    monkeypatch.setattr(sys, "stderr", Stream("err"))
    common.progress("labels: 47/200")
    assert order[0] == "out:flush" and "err:labels: 47/200" in order
