"""The demo station: accounts for every role, the demo reference library and finished
sample appraisals, so a trainer or an evaluator sees every screen with real content.

Everything here is idempotent: running it again adds only what is missing. Demo accounts
have published passwords, so the demo refuses to add them to a station that already has
real accounts. A fresh station's first start imports only the library
(:func:`ensure_first_start`); its administrator is created by a person, never by the demo.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from appraiser.domain.enums import Role
from appraiser.errors import InvalidInput
from appraiser.library.demo import build_demo_pack
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.demo_lots import ensure_lots
from appraiser.services.admin.demo_outcomes import Outcomes, ensure_outcomes, sample_uids
from appraiser.services.admin.demo_samples import SAMPLES, ensure_samples, gtin14, present_samples
from appraiser.services.admin.station import Station
from appraiser.services.reference import library as library_service

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
__all__ = [
    "DEMO_USERS", "SAMPLES", "DemoReport", "DemoUser", "ensure_first_start", "ensure_users",
    "gtin14", "library_is_empty", "library_versions", "seed",
]  # fmt: skip


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    password: str


# Published on purpose (README, ``appraiser demo --help``): a demo station is not for real work.
DEMO_USERS = (
    DemoUser("admin", "Demo Administrator", Role.ADMIN, "demo-admin"),
    DemoUser("appraiser1", "Demo Appraiser Li Na", Role.APPRAISER, "demo-appraiser1"),
    DemoUser("appraiser2", "Demo Appraiser Chen Wei", Role.APPRAISER, "demo-appraiser2"),
    DemoUser("supervisor", "Demo Supervisor Wang Fang", Role.SUPERVISOR, "demo-supervisor"),
)


@dataclass
class DemoReport:
    root: Path
    users_created: list[DemoUser] = field(default_factory=list)
    library_imported: bool = False
    library_versions: int = 0
    appraisals_created: list[str] = field(default_factory=list)
    appraisals_present: int = 0
    outcomes: Outcomes = field(default_factory=Outcomes)
    lots_created: list[str] = field(default_factory=list)


def _quiet(_: str) -> None:
    pass


# --- accounts ------------------------------------------------------------------------------


def _check_demo_station(station: Station) -> None:
    """Refuse to add published passwords to a station with real accounts."""
    demo = {u.username: u.display_name for u in DEMO_USERS}
    for user in accounts.list_users(station.store):
        if demo.get(user["username"]) != user["display_name"]:
            raise InvalidInput(
                f"This data folder already has the account {user['username']!r}; the demo "
                "only fills a new or demo station.",
                hint="Run `appraiser --data-dir NEW_FOLDER demo` to make a separate demo station.",
            )


def ensure_users(station: Station) -> tuple[dict[str, Session], list[DemoUser]]:
    """Create the missing demo accounts; return a session per demo user and the new ones."""
    _check_demo_station(station)
    store, created = station.store, []
    existing = {u["username"] for u in accounts.list_users(store)}
    admin = DEMO_USERS[0]
    if admin.username not in existing:
        accounts.create_user(
            store, admin.username, admin.display_name, admin.role, admin.password, by=None
        )
        created.append(admin)
    sessions = {admin.username: accounts.check_password(store, admin.username, admin.password)}
    for user in DEMO_USERS[1:]:
        if user.username not in existing:
            accounts.create_user(
                store,
                user.username,
                user.display_name,
                user.role,
                user.password,
                by=sessions[admin.username],
            )
            created.append(user)
        sessions[user.username] = accounts.check_password(store, user.username, user.password)
    return sessions, created


# --- reference library ---------------------------------------------------------------------


def library_versions(station: Station) -> int:
    """Active genuine versions in the station's reference library."""
    return len(library_service.list_versions(station.store))


def library_is_empty(station: Station) -> bool:
    return not library_service.list_versions(station.store, limit=1)


def _import_library(station: Station, pack: Path, who: Session | str) -> None:
    library_service.import_pack(station.store, station.data, pack, who)


def ensure_first_start(station: Station, progress: Progress = _quiet) -> bool:
    """On a station with an empty library, import the demo library (no accounts).

    Returns True when it imported; a station with any library is left alone.
    """
    if not library_is_empty(station):
        return False
    progress("Importing the demo reference library…")
    with tempfile.TemporaryDirectory(prefix="appraiser-demo-pack-") as tmp:
        _import_library(station, build_demo_pack(Path(tmp)), "system")
    return True


# --- the whole demo ------------------------------------------------------------------------


def seed(station: Station, progress: Progress = _quiet) -> DemoReport:
    """Fill ``station`` as a demo station; safe to run again."""
    report = DemoReport(station.data.root)
    progress("Checking the demo accounts…")
    sessions, report.users_created = ensure_users(station)
    samples_missing = len(present_samples(station)) < len(SAMPLES)
    empty = library_is_empty(station)
    if empty or samples_missing:
        progress("Building the demo reference library…")
        with tempfile.TemporaryDirectory(prefix="appraiser-demo-pack-") as tmp:
            pack = build_demo_pack(Path(tmp))
            if empty:
                progress("Importing the demo reference library…")
                _import_library(station, pack, sessions["admin"])
                report.library_imported = True
            passwords = {u.username: u.password for u in DEMO_USERS}
            new, report.appraisals_present = ensure_samples(
                station, sessions, passwords, pack, progress
            )
            report.appraisals_created = new
    else:
        report.appraisals_present = len(SAMPLES)
    progress("Labels for genuine items, quarantine for counterfeit ones…")
    report.outcomes = ensure_outcomes(station, sessions, sample_uids(station))
    progress("Lots: a sampled lot accepted and labelled, one rejected, one every unit…")
    passwords = {u.username: u.password for u in DEMO_USERS}
    report.lots_created = ensure_lots(station, sessions, passwords)
    report.library_versions = library_versions(station)
    log.info(
        "demo: %d users, %d samples created, %d labels printed",
        len(report.users_created),
        len(report.appraisals_created),
        len(report.outcomes.labels_printed),
    )
    return report
