"""The Site tab keeps withdrawn labels apart from clone flags (issue 15 finding N6): a lot's
unit label revoked with its lot and scanned by a consumer is counted on its own line, per
lot, and the site's clone-flag count stays 0."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import psycopg
from PySide6.QtCore import Qt

from tests.server.conftest import pg_cluster, pg_dsn, pg_template  # noqa: F401
from tests.server.resolver_support import FakeStation, eventually
from tests.ui.test_site_view import _page, server, site_ctx  # noqa: F401


def _withdrawn_scan(server) -> None:  # noqa: F811
    """Another enrolled station's lot unit label, withdrawn with its lot, then scanned."""
    station = FakeStation(server.dsn, code="BW-05").enrol()
    label = station.issue()
    station.push("lots", {"uid": "LOT-N6", "quantity": 500, "sample_size": 50, "policy": "x"})
    station.push("lot_unit_labels", {"lot_uid": "LOT-N6", "serial": label.serial})
    station.end(label.serial, "revoked", day="2026-01-01")
    parts = urlsplit(label.uri)
    answer = httpx.get(f"{server.url}{parts.path}?{parts.query}", timeout=10)
    assert answer.status_code == 307

    def rules() -> list:
        with psycopg.connect(server.dsn) as conn:
            return conn.execute("SELECT rule FROM clone_flags").fetchall()

    assert eventually(rules, bool, seconds=30) == [("withdrawn_in_circulation",)]


def test_the_site_tab_counts_withdrawn_labels_apart_from_clone_flags(
    qtbot,
    site_ctx,  # noqa: F811
    server,  # noqa: F811
):
    _withdrawn_scan(server)
    page = _page(qtbot, site_ctx)
    qtbot.waitUntil(lambda: page.site.result is not None, timeout=30000)
    tab_bar = page.tabs.tabBar()
    index = page.tabs.indexOf(page.site)
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(index).center())
    assert page.tabs.currentWidget() is page.site
    text = page.site.flags.text()
    assert text.startswith("Clone flags on the site: 0")
    assert "Withdrawn labels still in circulation: 1 (1 lots or single labels)" in text
