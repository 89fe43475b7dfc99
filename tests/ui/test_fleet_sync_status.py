"""Background sync in the real main window (issue 15 item 2) against a real fleet server
(``appraiser server run`` child on a private PostgreSQL): the status bar goes synced →
n pending → synced after a commit, says "offline since HH:MM" while the server is gone and
comes back to synced by itself once it is restarted; a key the server does not know yet
is shown in red with what to do. Commits are made through the services, as another
window or the CLI would; nobody emits a signal for the window."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import psycopg
import pytest

from appraiser import clock
from appraiser.storage.media import MediaStore
from tests.server.conftest import (  # noqa: F401
    LiveServer,
    enrolled,
    live_server,
    pg_cluster,
    pg_dsn,
    pg_template,
)
from tests.ui import bench_flow_support as flow
from ui import i18n

WAIT_MS = 90_000


@pytest.fixture
def fast_sync(enrolled):  # noqa: F811
    """The enrolled station syncing every 5 s (the shortest interval a setting allows)."""
    enrolled.settings = dataclasses.replace(enrolled.settings, sync_every_seconds=5)
    return enrolled


def _commit(station, data: bytes) -> None:
    sha = MediaStore(station.data.media).put_bytes(data)
    with station.store.atomic("system") as tx:
        tx.add_media(sha, len(data), "application/octet-stream")


def _top(station) -> int:
    return station.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]


def _server_counts(dsn: str) -> tuple[int, int, int]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(
            "SELECT count(*), count(DISTINCT seq), COALESCE(max(seq), 0) FROM audit_events"
        ).fetchone()


def _text(window) -> str:
    part = window.statusBar().sync
    return "" if part.isHidden() else part.text()


def test_status_bar_goes_pending_synced_offline_and_back_to_synced_by_itself(
    qtbot,
    fast_sync,
    live_server: LiveServer,  # noqa: F811
    controller,
    admin,
):
    station = fast_sync
    flow.sign_in(qtbot, controller, admin)
    window = controller.window
    assert window.ctx.settings.sync_every_seconds == 5
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    assert "#1b7f3b" in window.statusBar().sync.styleSheet()  # green

    _commit(station, b"appraised while online")
    qtbot.waitUntil(lambda: _text(window) == "○ Server: 1 pending", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    assert _server_counts(live_server.dsn) == (_top(station),) * 3

    live_server.kill()
    before = clock.utcnow()
    _commit(station, b"appraised while the server is down")
    qtbot.waitUntil(lambda: "offline since" in _text(window), timeout=WAIT_MS)
    tz = station.settings.tz()
    allowed = {
        clock.local(before + timedelta(seconds=s), tz).strftime("%H:%M") for s in (-60, 0, 60)
    }
    since = _text(window).split("offline since ")[1][:5]
    assert since in allowed
    for n in range(3):  # the station keeps working: each commit is counted, none waits
        _commit(station, f"offline appraisal {n}".encode())
    qtbot.waitUntil(lambda: _text(window).endswith(" · 4 pending"), timeout=WAIT_MS)
    assert _text(window).startswith(f"○ Server: offline since {since}")
    assert "#6b6b6b" in window.statusBar().sync.styleSheet()  # grey, not an error

    live_server.start()  # nobody clicks anything: the next interval's pass syncs
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    assert _server_counts(live_server.dsn) == (_top(station),) * 3
    window.fleet_sync.stop()
    i18n.install("zh_CN")  # worded again in the language in force
    qtbot.waitUntil(lambda: _text(window) == "● 服务器：已同步")


def test_a_station_key_the_server_has_not_approved_is_shown_in_red_with_what_to_do(
    qtbot,
    fast_sync,
    live_server: LiveServer,  # noqa: F811
    controller,
    admin,
):
    from appraiser.cli.main import main
    from appraiser.keys import StationKeys, fingerprint
    from appraiser.services.admin import keys

    station = fast_sync
    flow.sign_in(qtbot, controller, admin)
    window = controller.window
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    keys.rotate(station, admin)
    qtbot.waitUntil(lambda: _text(window).startswith("✖"), timeout=WAIT_MS)
    assert _text(window) == "✖ Server: sync refused: new station key — the server must approve it"
    assert "#b3261e" in window.statusBar().sync.styleSheet()  # red
    station_keys = StationKeys(station.data.keys, station.store)
    new = station_keys.public_keys()[station_keys.current_key_id()]
    code = station.settings.station_code
    assert main(["server", "approve-key", code, fingerprint(new), "--dsn", live_server.dsn]) == 0
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    assert _server_counts(live_server.dsn) == (_top(station),) * 3
    window.fleet_sync.stop()


def test_a_revoked_enrolment_is_shown_in_red_in_both_languages_until_enrolled_again(
    qtbot,
    fast_sync,
    live_server: LiveServer,  # noqa: F811
    controller,
    admin,
):
    from appraiser.cli.main import main
    from appraiser.server import db, enrolment
    from appraiser.services.admin import keys
    from appraiser.services.fleet.enrol import enrol

    station = fast_sync
    flow.sign_in(qtbot, controller, admin)
    window = controller.window
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    code = station.settings.station_code
    assert main(["server", "revoke-station", code, "--dsn", live_server.dsn]) == 0
    _commit(station, b"appraised after the revocation")
    qtbot.waitUntil(lambda: _text(window).startswith("✖"), timeout=WAIT_MS)
    assert _text(window) == (
        "✖ Server: sync refused: enrolment revoked — call the site administrator"
    )
    assert "#b3261e" in window.statusBar().sync.styleSheet()  # red
    i18n.install("zh_CN")
    qtbot.waitUntil(
        lambda: _text(window) == "✖ 服务器：同步被拒：服务器已撤销本工作站的登记 — 请联系场站管理员"
    )
    i18n.install("en")
    with db.connect(live_server.dsn) as conn, conn.transaction():
        token = enrolment.issue_token(conn, code)
    keys.rotate(station, admin)  # the revoked key never enrols again (issue 15 finding B6)
    enrol(station, admin, live_server.url, token)
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    assert _server_counts(live_server.dsn) == (_top(station),) * 3
    window.fleet_sync.stop()


def _database_read_only(dsn: str, on: bool) -> None:
    """The server's database turns read-only (a failover) or back: the server stays up and
    answers 503 "database unavailable" to every write, as it does with PostgreSQL away."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        name = conn.info.dbname
        conn.execute("SET default_transaction_read_only = off")
        if on:
            conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        else:
            conn.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_server_whose_database_is_away_reads_unavailable_not_offline_in_both_languages(
    qtbot,
    fast_sync,
    live_server: LiveServer,  # noqa: F811
    controller,
    admin,
):
    """Issue 15 S1b: a 5xx (server up, database away) has its own words — nothing to do on
    the bench or the network, it resumes by itself — not "offline", not a refusal."""
    station = fast_sync
    flow.sign_in(qtbot, controller, admin)
    window = controller.window
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    _database_read_only(live_server.dsn, True)
    before = clock.utcnow()
    _commit(station, b"appraised while the server's database is away")
    qtbot.waitUntil(lambda: "unavailable since" in _text(window), timeout=WAIT_MS)
    tz = station.settings.tz()
    since = {clock.local(before + timedelta(seconds=s), tz).strftime("%H:%M") for s in (0, 60)}
    text = _text(window)
    assert text.startswith("○ Server: unavailable since ") and "offline" not in text
    assert text.split("unavailable since ")[1][:5] in since
    assert " — it resumes by itself" in text and text.endswith(" · 1 pending")
    assert "#6b6b6b" in window.statusBar().sync.styleSheet()  # grey, not a refusal
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: "起暂不可用 — 会自动恢复" in _text(window))
    assert _text(window).startswith("○ 服务器：自 ")
    i18n.install("en")

    _database_read_only(live_server.dsn, False)  # nobody clicks anything
    qtbot.waitUntil(lambda: _text(window) == "● Server: synced", timeout=WAIT_MS)
    assert _server_counts(live_server.dsn) == (_top(station),) * 3
    window.fleet_sync.stop()
