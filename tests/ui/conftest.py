"""UI fixtures: an AppContext on a throwaway station; background work drained per test."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from tests.ui import bench_flow_support as flow
from tests.ui.busy_station import busy_controller, styled  # noqa: F401 (busy-day fixtures)
from ui import i18n, tasks
from ui.app import Controller
from ui.context import AppContext

# pytest-qt gives up on a wait after 5 s. On a 2-core CI machine running the whole suite a
# sign-in or a window becoming active took longer now and then, and the run went red on a
# test whose code had not changed: a wait only lasts long when it is about to fail anyway.
PATIENCE_MS = 20_000


def _patient(wait: Callable) -> Callable:
    @functools.wraps(wait)
    def patient(self: QtBot, *args, timeout: int = PATIENCE_MS, **kwargs):
        return wait(self, *args, timeout=timeout, **kwargs)

    return patient


for _name in (
    "waitUntil",
    "waitSignal",
    "waitSignals",
    "waitCallback",
    "waitActive",
    "waitExposed",
):
    setattr(QtBot, _name, _patient(getattr(QtBot, _name)))


@pytest.fixture
def ctx(qapp, station: Station) -> Iterator[AppContext]:
    context = AppContext(station)
    yield context
    tasks.runner().wait_idle()
    qapp.processEvents()


@pytest.fixture
def signed_in_ctx(ctx: AppContext, admin: Session) -> AppContext:
    ctx.set_session(admin)
    return ctx


@pytest.fixture(autouse=True)
def _english(qapp) -> Iterator[None]:
    """Tests assert on English source texts unless they switch language themselves."""
    i18n.install("en")
    yield
    tasks.runner().wait_idle()  # no worker may still read while the texts change under it
    qapp.processEvents()
    i18n.install("en")


@pytest.fixture
def controller(qtbot, station: Station, tmp_path, monkeypatch) -> Iterator[Controller]:
    """The real main window on a station with the demo library and bench pages; a dialog or
    lock left open by the test is put away so it cannot block the next one."""
    with flow.controller(qtbot, station, tmp_path, monkeypatch) as made:
        yield made
