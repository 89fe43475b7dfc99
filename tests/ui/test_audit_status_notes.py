"""The audit status on the supervisor page shows its notes, not only in a tooltip (issue 14
breaker H1): on a station upgraded from before the signed checkpoints, the events older
than them are said on screen, in the station's language."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from appraiser.paths import DataDir
from appraiser.services.admin.station import Station
from appraiser.storage import audit
from appraiser.storage.migrations import all_migrations
from tests.ui import bench_flow_support as flow
from ui import i18n


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    """A data folder the release before issue 14 left (schema 4, 12 events), opened now."""
    root = tmp_path / "station"
    data = DataDir(root).ensure()
    conn = sqlite3.connect(data.db, isolation_level=None)
    try:
        for step in all_migrations()[:4]:
            conn.execute("BEGIN")
            step.step(conn)
            conn.execute(f"PRAGMA user_version = {step.version}")
            conn.execute("COMMIT")
        conn.execute("BEGIN")
        for n in range(12):
            audit.append(conn, "test.old_event", actor="system", data={"n": n})
        conn.execute("COMMIT")
    finally:
        conn.close()
    opened = Station.open(root)
    yield opened
    opened.close()


def test_events_older_than_the_checkpoints_are_said_on_screen(
    qtbot, station, supervisor, controller
):
    flow.sign_in(qtbot, controller, supervisor)
    controller.window.show_page("supervisor")
    row = controller.window.pages["supervisor"].audit
    qtbot.waitUntil(lambda: row.status is not None, timeout=20000)
    assert row.status.ok, row.status.problems
    lines = row.text.text().splitlines()
    assert lines[0].startswith("Audit trail intact: ")
    assert lines[1].startswith("Note: audit events 1–12 predate the signed checkpoints")
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: row.check_button.text() == "立即检查")
    assert row.text.text().splitlines()[1].startswith("注：审计事件 1–12 早于签名检查点")
