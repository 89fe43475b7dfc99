"""Two real stations enrolled with a real server (uvicorn child, private PostgreSQL), with
real signed appraisals pushed by the stations' own sync — the site the supervision tests
look at."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from appraiser import config
from appraiser.clock import utcnow
from appraiser.domain.enums import Role, Verdict
from appraiser.paths import DataDir
from appraiser.server import db, enrolment
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.fleet.enrol import enrol
from appraiser.services.fleet.sync import sync_once
from tests.core.label_support import genuine_appraisal

PASSWORD = "correct horse battery staple"


@dataclass
class Bench:
    """One station of the site with its administrator and appraiser."""

    station: Station
    admin: Session
    appraiser: Session

    @property
    def code(self) -> str:
        return self.station.settings.station_code

    def appraise(self, *verdicts: Verdict, brand: str = "Gucci") -> list[str]:
        return [
            genuine_appraisal(self.station, self.appraiser, PASSWORD, verdict=v, brand=brand)
            for v in verdicts
        ]

    def sync(self) -> None:
        sync_once(self.station.data, self.station.store)


def open_bench(root: Path, code: str, timezone: str = "Asia/Shanghai") -> Bench:
    data = DataDir(root).ensure()
    config.save(data.config, replace(config.Settings(), station_code=code, timezone=timezone))
    station = Station.open(root)
    accounts.create_user(station.store, "admin", "Admin", Role.ADMIN, PASSWORD, by=None)
    admin = accounts.check_password(station.store, "admin", PASSWORD)
    accounts.create_user(station.store, "appr", "Appraiser Li", Role.APPRAISER, PASSWORD, by=admin)
    return Bench(station, admin, accounts.check_password(station.store, "appr", PASSWORD))


def enrol_bench(bench: Bench, dsn: str, url: str) -> Bench:
    with db.connect(dsn) as conn:
        token = enrolment.issue_token(conn, bench.code)
    enrol(bench.station, bench.admin, url, token)
    return bench


def today(bench: Bench):
    return utcnow().astimezone(bench.station.settings.tz()).date()


@pytest.fixture(name="site_benches")
def site_benches_fixture(live_server, tmp_path) -> Iterator[tuple[Bench, Bench]]:
    """BW-01 (2 genuine, 1 counterfeit) and BW-02 (1 genuine, 1 inconclusive), synced."""
    one = enrol_bench(open_bench(tmp_path / "bench-1", "BW-01"), live_server.dsn, live_server.url)
    two = enrol_bench(open_bench(tmp_path / "bench-2", "BW-02"), live_server.dsn, live_server.url)
    one.appraise(Verdict.GENUINE, Verdict.GENUINE, Verdict.COUNTERFEIT)
    two.appraise(Verdict.GENUINE, Verdict.INCONCLUSIVE, brand="Prada")
    one.sync()
    two.sync()
    try:
        yield one, two
    finally:
        one.station.close()
        two.station.close()
