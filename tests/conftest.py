"""Fixtures every test shares: an isolated data folder and signed-in sessions per role.

No test may touch the real user data folder, so ``APPRAISER_DATA_DIR`` points into the
test's ``tmp_path`` for every test, even those that never ask for a station.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cups import CupsQueue, PrivateCups

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


@pytest.fixture(scope="session")
def cups_scheduler() -> Iterator[PrivateCups]:
    """A CUPS scheduler of this test session alone (private socket, spool and logs).

    ``CUPS_SERVER`` points at it while it runs, so ``lp``/``lpstat``/``lpadmin`` started by
    the code under test or by the test talk to it, never to a scheduler on port 631.
    """
    scheduler = PrivateCups()
    scheduler.start()
    before = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = scheduler.socket
    try:
        yield scheduler
    finally:
        if before is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = before
        scheduler.stop()


@pytest.fixture(scope="session")
def _cups_pdf_queue(cups_scheduler: PrivateCups) -> CupsQueue:
    return cups_scheduler.add_pdf_queue("appraiser-test-pdf")


@pytest.fixture
def cups_queue(cups_scheduler: PrivateCups, _cups_pdf_queue: CupsQueue) -> CupsQueue:
    """A PDF label queue on the private scheduler: ``.name`` to print to, ``.output`` (and
    ``.output_of(job_id)``) where each job lands, as PostScript of the page size CUPS was
    asked for (``support.cups.as_pdf`` makes the PDF cups-pdf would have made).

    Each test gets it enabled, accepting jobs and with an empty output folder, so the jobs
    it finds there are its own."""
    cups_scheduler.reset_queue(_cups_pdf_queue)
    return _cups_pdf_queue


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


@pytest.fixture
def second_supervisor(station: Station, admin: Session) -> Session:
    """Another supervisor, for the four-eyes rules (one may not confirm the other's own act)."""
    return _user(station, "supervisor2", Role.SUPERVISOR, admin)
