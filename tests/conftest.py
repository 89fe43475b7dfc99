"""Fixtures every test shares: an isolated data folder and signed-in sessions per role.

No test may touch the real user data folder, so ``APPRAISER_DATA_DIR`` points into the
test's ``tmp_path`` for every test, even those that never ask for a station.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from appraiser import logs
from appraiser.domain.enums import Role
from appraiser.paths import ENV_VAR
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station

TEST_PASSWORD = "test-password-1"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send the default data folder into this test's temporary folder."""
    folder = tmp_path / "default-data"
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder


@pytest.fixture(autouse=True)
def _close_log_files() -> Iterator[None]:
    """A test that ran the CLI or the app must not leave a log file open into the next."""
    yield
    logs.shutdown_logging()


@pytest.fixture
def password() -> str:
    """The password of every account the fixtures create."""
    return TEST_PASSWORD


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    """A fresh station in its own data folder, closed after the test."""
    opened = Station.open(tmp_path / "station")
    yield opened
    opened.close()


def _user(station: Station, name: str, role: Role, by: Session | None) -> Session:
    accounts.create_user(station.store, name, name.title(), role, TEST_PASSWORD, by=by)
    return accounts.check_password(station.store, name, TEST_PASSWORD)


@pytest.fixture
def admin(station: Station) -> Session:
    """The station's first administrator (created the way first start creates it)."""
    return _user(station, "admin", Role.ADMIN, None)


@pytest.fixture
def appraiser_session(station: Station, admin: Session) -> Session:
    return _user(station, "appraiser1", Role.APPRAISER, admin)


@pytest.fixture
def second_appraiser(station: Station, admin: Session) -> Session:
    return _user(station, "appraiser2", Role.APPRAISER, admin)


@pytest.fixture
def supervisor(station: Station, admin: Session) -> Session:
    return _user(station, "supervisor", Role.SUPERVISOR, admin)
