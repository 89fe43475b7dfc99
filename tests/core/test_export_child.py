"""The GUI's export runs the CLI in a lower-priority child process: same result, progress
relayed, failures turned back into known errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.reports.daily import DayFilter
from appraiser.reports.sample import SAMPLE_PASSWORD, SUPERVISOR, populate_day
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station
from appraiser.services.records import handoff
from appraiser.services.records.export_child import ExportFailed, command, export_daily_in_child
from appraiser.services.records.exports import verify_exports

DAY = date(2026, 11, 20)


def test_child_export_matches_and_reports_progress(station: Station, tmp_path: Path) -> None:
    populate_day(station.store, DAY, station.settings.tz(), 25, seed=2)
    boss = check_password(station.store, SUPERVISOR[0], SAMPLE_PASSWORD)
    steps: list[tuple[float, str]] = []
    result = export_daily_in_child(
        station,
        boss,
        DAY,
        "csv",
        tmp_path / "d.csv",
        filters=DayFilter(category="bags"),
        progress=lambda f, m: steps.append((f, m)),
    )
    bags = station.store.one(
        "SELECT COUNT(*) AS n FROM appraisals_current WHERE category = 'bags'"
    )["n"]
    assert result.rows == bags and result.path == tmp_path / "d.csv"
    assert [m for _, m in steps] == ["reading", "writing", "signing", "done"]
    assert steps[-1][0] == 1.0
    assert verify_exports(station, tmp_path).ok
    event = station.store.one(
        "SELECT actor, data FROM audit_events WHERE action = 'export.daily' ORDER BY seq DESC"
    )
    assert event["actor"] == "zhaomin" and f'"rows": {bags}' in event["data"]
    assert station.store.one("SELECT COUNT(*) AS n FROM session_handoffs")["n"] == 0  # spent


def test_the_child_acts_only_for_a_signed_in_supervisor(
    station: Station, appraiser_session: Session, tmp_path: Path
) -> None:
    """issue 14 finding 2 (export takes --user): the GUI's child export is refused for an
    appraiser or nobody, and a hand-off token works once, for its purpose only."""
    with pytest.raises(PermissionDenied):
        export_daily_in_child(station, appraiser_session, DAY, "csv", tmp_path / "d.csv")
    with pytest.raises(PermissionDenied):
        export_daily_in_child(station, None, DAY, "csv", tmp_path / "d.csv")
    assert not (tmp_path / "d.csv").exists()
    refusals = station.store.query("SELECT actor FROM audit_events WHERE action = 'rules.refused'")
    assert [r["actor"] for r in refusals] == [appraiser_session.actor, None]  # audited


def test_a_handoff_is_good_once_for_its_purpose(station: Station, supervisor: Session) -> None:
    token = handoff.grant(station.store, supervisor, "export")
    with pytest.raises(AuthError):
        handoff.redeem(station.store, token, "report", supervisor.username)  # wrong purpose
    token = handoff.grant(station.store, supervisor, "export")
    with pytest.raises(AuthError):
        handoff.redeem(station.store, token, "export", "someone-else")
    token = handoff.grant(station.store, supervisor, "export")
    assert handoff.redeem(station.store, token, "export", supervisor.username) == supervisor
    with pytest.raises(AuthError):
        handoff.redeem(station.store, token, "export", supervisor.username)  # spent
    with pytest.raises(AuthError):
        handoff.redeem(station.store, "made-up", "export", supervisor.username)


def test_child_failures_become_known_errors(
    station: Station, supervisor: Session, tmp_path: Path
) -> None:
    with pytest.raises(ExportFailed, match="does not exist"):
        export_daily_in_child(station, supervisor, DAY, "xlsx", tmp_path / "nowhere" / "d.xlsx")
    with pytest.raises(InvalidInput, match="invalid choice"):
        export_daily_in_child(station, supervisor, DAY, "docx", tmp_path / "d.docx")


def test_command_carries_filters_and_language(tmp_path: Path) -> None:
    args = command(
        tmp_path,
        DAY,
        "pdf",
        tmp_path / "x.pdf",
        DayFilter(appraiser="lina", verdict="genuine"),
        "en",
        "zhaomin",
    )
    assert args[1:3] == ["-m", "appraiser"]
    assert args[args.index("--appraiser") :][:2] == ["--appraiser", "lina"]
    assert args[args.index("--verdict") :][:2] == ["--verdict", "genuine"]
    assert args[-2:] == ["--lang", "en"] and "--json" in args
    assert args[args.index("--user") :][:3] == ["--user", "zhaomin", "--handoff"]
