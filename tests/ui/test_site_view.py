"""The Supervision page's site view on an enrolled station: a real fleet server (uvicorn
child on a private PostgreSQL) with this station and a second one syncing real appraisals;
fetched off the UI thread, shown per station, and when the server is gone the page says so
with the time of the last good read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from appraiser.domain.enums import Role, Verdict
from appraiser.services.admin import accounts
from tests.server.conftest import LiveServer, pg_cluster, pg_dsn, pg_template  # noqa: F401
from tests.server.site_support import PASSWORD, Bench, enrol_bench, open_bench
from ui import i18n
from ui.context import AppContext
from ui.pages.supervisor_page import SupervisorPage


@pytest.fixture
def server(pg_dsn: str, tmp_path) -> Iterator[LiveServer]:  # noqa: F811
    live = LiveServer(pg_dsn, tmp_path / "server-media", tmp_path / "server.log")
    live.start()
    try:
        yield live
    finally:
        live.kill()


@pytest.fixture
def site_ctx(ctx: AppContext, server: LiveServer, tmp_path) -> Iterator[AppContext]:
    station = ctx.station
    accounts.create_user(station.store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(station.store, "admin", PASSWORD)
    for name, role in (("appr", Role.APPRAISER), ("chief", Role.SUPERVISOR)):
        accounts.create_user(station.store, name, name.title(), role, PASSWORD, by=admin)
    here = Bench(station, admin, accounts.check_password(station.store, "appr", PASSWORD))
    enrol_bench(here, server.dsn, server.url).appraise(Verdict.GENUINE, Verdict.COUNTERFEIT)
    here.sync()
    other = enrol_bench(open_bench(tmp_path / "other", "BW-09"), server.dsn, server.url)
    other.appraise(Verdict.INCONCLUSIVE)
    other.sync()
    ctx.set_session(accounts.check_password(station.store, "chief", PASSWORD))
    yield ctx
    other.station.close()


def _page(qtbot, ctx: AppContext) -> SupervisorPage:
    page = SupervisorPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activated()
    return page


def _cell(page: SupervisorPage, row: int, key: str) -> str:
    model = page.site.model
    column = next(c for c in range(model.columnCount()) if model.column_key(c) == key)
    return str(model.data(model.index(row, column)))


def test_the_site_tab_shows_every_station_and_says_offline_with_the_last_read(
    qtbot, site_ctx, server
):
    page = _page(qtbot, site_ctx)
    assert page.site is not None
    qtbot.waitUntil(lambda: page.site.result is not None, timeout=30000)
    tab_bar = page.tabs.tabBar()
    index = page.tabs.indexOf(page.site)
    assert page.tabs.tabText(index) == "Site (2 stations)"
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(index).center())
    assert page.tabs.currentWidget() is page.site
    assert [_cell(page, r, "station") for r in range(2)] == ["BW-01", "BW-09"]
    assert [_cell(page, 0, k) for k in ("appraisals", "genuine", "counterfeit")] == ["2", "1", "1"]
    assert _cell(page, 1, "inconclusive") == "1"
    assert page.site.status.text().startswith("Site view read ")
    read = page.site.result.fetched_at
    server.kill()
    page.site.result = None
    qtbot.mouseClick(page.site.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.site.result is not None, timeout=30000)
    status = page.site.status.text()
    assert status.startswith("Fleet server offline") and page._local_time(read) in status
    assert page.site.model.rowCount() == 2  # the last good view stays, marked as old
    i18n.install("zh_CN")
    page.retranslate()
    assert page.tabs.tabText(index) == "全场（2 个工作站）"
    assert page.site.status.text().startswith("中心服务器离线")


def test_a_station_not_enrolled_has_no_site_tab(qtbot, ctx, supervisor):
    ctx.set_session(supervisor)
    page = _page(qtbot, ctx)
    assert page.site is None and page.tabs.count() == 4
