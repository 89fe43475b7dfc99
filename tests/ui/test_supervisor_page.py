"""The supervisor dashboard and export dialog: figures equal to the database, loading and
exporting off the UI thread, failures shown in place, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraiser.clock import utcnow
from appraiser.domain.enums import Role
from appraiser.reports.sample import SAMPLE_PASSWORD, populate_day
from appraiser.services.admin import accounts
from appraiser.services.records.exports import verify_exports
from ui import i18n
from ui.context import AppContext
from ui.dialogs.export_dialog import ExportDialog
from ui.pages.supervisor_page import SupervisorPage


@pytest.fixture
def busy_ctx(ctx: AppContext) -> AppContext:
    station = ctx.station
    today = utcnow().astimezone(station.settings.tz()).date()
    populate_day(station.store, today, station.settings.tz(), 90, seed=21)
    ctx.set_session(accounts.check_password(station.store, "zhaomin", SAMPLE_PASSWORD))
    return ctx


@pytest.fixture
def page(qtbot, busy_ctx: AppContext) -> SupervisorPage:
    widget = SupervisorPage(busy_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activated()
    qtbot.waitUntil(lambda: widget.board is not None, timeout=20000)
    return widget


def test_only_supervisors_see_the_dashboard() -> None:
    assert SupervisorPage.roles == (Role.SUPERVISOR,)
    assert SupervisorPage.key == "supervisor"


def test_figures_and_lists_match_the_database(page: SupervisorPage, busy_ctx) -> None:
    store = busy_ctx.station.store
    total = store.one("SELECT COUNT(*) AS n FROM appraisals_current")["n"]
    waiting = store.one(
        "SELECT COUNT(*) AS n FROM appraisals_current WHERE state = 'awaiting_review'"
    )["n"]
    reprints = store.one("SELECT COUNT(*) AS n FROM labels WHERE supersedes IS NOT NULL")["n"]
    assert page.tiles["total"].value.text() == f"{total:,}" == "90"
    genuine = page.board.figures.by_verdict["genuine"]
    assert page.tiles["genuine"].value.text() == f"{genuine:,}"
    assert page.review_model.rowCount() == waiting > 0
    assert page.reprint_model.rowCount() == reprints
    assert page.tabs.tabText(0) == f"Review queue ({waiting})"
    assert sum(bar.value for bar in page.verdict_chart.bars) == total
    assert sum(bar.value for bar in page.hour_chart.bars) == total
    assert len(page.people_chart.bars) == 6


def test_another_day_without_appraisals(qtbot, page: SupervisorPage) -> None:
    page.day.setDate(page.day.date().addDays(-30))
    qtbot.waitUntil(lambda: page.board.day == page.chosen_day() and not page.loading)
    assert page.tiles["total"].value.text() == "0"
    assert page.verdict_chart.empty_text == "No appraisals on this day."


def test_export_dialog_exports_in_the_background(
    qtbot, page: SupervisorPage, tmp_path: Path
) -> None:
    page.open_export()
    dialog: ExportDialog = page.export_dialog
    dialog.folder.setText(str(tmp_path))
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("genuine"))
    assert dialog.name.text().endswith("-genuine.csv")
    dialog.start()
    assert not dialog.run.isEnabled()  # busy while the worker exports
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert dialog.bar.value() == 100 and dialog.open_folder.isEnabled()
    assert dialog.result.rows == page.board.figures.by_verdict["genuine"]
    assert str(dialog.result.path) in dialog.status.text()
    assert verify_exports(page.ctx.station, tmp_path).ok


def test_export_dialog_shows_a_failure_in_place(
    qtbot, page: SupervisorPage, tmp_path: Path
) -> None:
    dialog = ExportDialog(page.ctx, page.chosen_day())
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "missing"))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.run.isEnabled(), timeout=20000)
    assert dialog.status.text().startswith("Not exported:")
    assert "does not exist" in dialog.status.text()
    assert dialog.result is None and not (tmp_path / "missing").exists()


def test_dashboard_in_chinese(qtbot, page: SupervisorPage) -> None:
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: page.heading.text() == "主管看板")
    assert page.export_button.text() == "导出…"
    assert page.tabs.tabText(0).startswith("待复核")


def test_clone_warnings_are_listed_read_only(qtbot, page: SupervisorPage, busy_ctx) -> None:
    store = busy_ctx.station.store
    serial = store.one("SELECT serial FROM labels ORDER BY id LIMIT 1")["serial"]
    with store.atomic("scanner") as tx:
        tx.insert(
            "label_flags",
            {
                "serial": serial,
                "rule": "multi_station",
                "detail": {"stations": ["BW-01", "BW-07"]},
                "created": "2026-11-22T03:00:00.000Z",
            },
            action="label.flagged",
        )
    page.refresh()
    qtbot.waitUntil(lambda: page.flag_model.rowCount() == 1 and not page.loading)
    rule = page.flag_model.index(0, 2).data()
    detail = page.flag_model.index(0, 4).data()
    assert rule == "Verified at more than one station" and "BW-07" in detail
    assert page.flag_model.index(0, 0).data() == "2026-11-22 11:00"  # Shanghai wall clock
    assert page.tabs.tabText(2) == "Clone warnings (1)"
