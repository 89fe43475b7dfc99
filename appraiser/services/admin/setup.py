"""First start of a station: settings, the first administrator, the key, a test label.

The set-up wizard collects answers page by page; ``complete`` applies them in the order
that leaves a usable station at every step (the administrator first, so the settings change
is audited under a real account). A test label is deliberately not a label: its QR points
at the resolver's ``/test-print`` page, carries no signature and no issued serial, and it
says "TEST" in both languages, so it can never pass for an authenticated item.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from appraiser.config import Settings
from appraiser.domain.enums import Role
from appraiser.fsio import write_atomic
from appraiser.keys import StationKeys
from appraiser.labels import ids, layouts, pdf, printing, zpl
from appraiser.labels.content import LabelContent
from appraiser.labels.printing import Target
from appraiser.paths import PRIVATE_FILE
from appraiser.services.admin import accounts, rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import queue

TEST_TEXT = "请勿粘贴 Do not apply"
_TEST_MARKS = {"mark_zh": "测试标签 无效", "mark_en": "TEST - NOT VALID"}


@dataclass(frozen=True)
class PrintCheckContent(LabelContent):
    """A label whose marks say TEST where a real one says "authenticated"."""

    def text(self, field: str) -> str:
        return _TEST_MARKS.get(field) or super().text(field)


@dataclass(frozen=True)
class Answers:
    settings: Settings
    username: str
    display_name: str
    password: str


def complete(station: Station, answers: Answers) -> Session:
    """Create the first administrator, sign them in and save the station's settings."""
    accounts.create_user(
        station.store, answers.username, answers.display_name, Role.ADMIN, answers.password,
        by=None,
    )  # fmt: skip
    session = accounts.check_password(station.store, answers.username, answers.password)
    station.save_settings(answers.settings, session, how="setup")
    StationKeys(station.data.keys, station.store).signing_key()  # made now: backed up at once
    return session


def print_check_label(settings: Settings) -> LabelContent:
    """What a test print shows: the station's real layout with an unmistakable test text."""
    return PrintCheckContent(
        payload=f"https://{settings.resolver_domain}/test-print",
        serial=ids.encode(0),
        date=f"{queue.local_day(settings.tz()):%Y-%m-%d}",  # the station's day, as labels
        station=settings.station_code,
        brand_model=TEST_TEXT,
    )


def send_print_check(settings: Settings, dpi: int = 203) -> str:
    """Send one test label through the configured non-Qt path; returns a job description.

    The ``system`` kind prints through Qt (the UI's QPrinter path), so it is not handled
    here; ``cups-pdf`` sends the PDF to CUPS, the ZPL kinds send raw ZPL."""
    layout = layouts.load(settings.label_stock)
    content = print_check_label(settings)
    target = Target(settings.printer_kind, settings.printer)
    if target.kind == "tcp9100":
        printing.send_tcp(target.name, zpl.render(layout, [content], dpi))
        return target.describe()
    if target.kind == "cups-raw":
        return printing.send_raw_cups(target.name, zpl.render(layout, [content], dpi))
    document = pdf.render(layout, [content], title="appraiser test label", dpi=dpi)
    return printing.send_pdf(
        target.name, document, width_mm=layout.width_mm, height_mm=layout.height_mm
    )


def save_public_key(station: Station, target: Path) -> str:
    """The current public key as PEM, for the resolver and other stations; returns its id."""
    kid, pem = StationKeys(station.data.keys, station.store).export_public()
    target.write_bytes(pem)
    return kid


def save_private_key(
    station: Station, target: Path, passphrase: str, session: Session | None = None
) -> str:
    """The signing key encrypted with an administrator's passphrase (PKCS#8, ≥ 12
    characters), written owner-only; returns its key id. The key never leaves the station in
    the clear (DESIGN §3.4 "export encrypted"). Without a session this works only during the
    first set-up, before any administrator exists (the wizard's key page); afterwards it is
    the rule book's KEYS action. The export is audited like ``keys export-private``, and only
    once the file is written."""
    if session is not None or not accounts.needs_first_admin(station.store):
        rules.require(station.store, session, Action.KEYS, what="save_private_key")
    keys = StationKeys(station.data.keys, station.store)
    data = keys.export_private(passphrase)  # checks the passphrase before anything is written
    kid = keys.current_key_id()
    actor, during = (session.actor, "key backup") if session else ("setup", "first set-up")
    with station.store.atomic(actor) as tx:
        write_atomic(target, data, mode=PRIVATE_FILE)
        tx.event("keys.exported_private", key_id=kid, during=during)
    return kid


def suggested_key_names(station: Station) -> tuple[str, str]:
    kid = StationKeys(station.data.keys, station.store).current_key_id()
    code = station.settings.station_code
    return f"{code}-{kid}-public.pem", f"{code}-{kid}-PRIVATE-keep-safe.pem"
