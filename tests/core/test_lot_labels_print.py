"""Printing a lot's unit labels in jobs: across printer faults and resumes, no serial comes
out twice as a live label and no unit is left without one (issue 16 item 4)."""

from __future__ import annotations

from collections import Counter

import pytest
from lot_history_support import add_unit, decide, make_lot

from appraiser.errors import PrinterError
from appraiser.labels.printing import PrintOutcomeUnknown
from appraiser.services.labelling import labels
from appraiser.services.lots import unit_labels, unit_print


class FakePrinter(unit_print.Sender):
    """Keeps every label that "comes out". ``refuse_at``: that job is refused whole;
    ``die_at``: half of that job comes out, then the printer stops (outcome unknown);
    ``crash_at``: the station dies while that job is spooled (no outcome recorded)."""

    fmt = "zpl"

    def __init__(self, refuse_at=None, die_at=None, crash_at=None) -> None:
        self.out: list[str] = []
        self.sent = 0
        self.refuse_at, self.die_at, self.crash_at = refuse_at, die_at, crash_at
        self.cancelled: list[str] = []

    def send(self, job, contents):
        self.sent += 1
        if self.sent == self.refuse_at:
            raise PrinterError("The printer q is stopped in CUPS.")
        if self.sent == self.die_at:
            self.out += [c.serial for c in contents[: len(contents) // 2]]
            return f"q-{self.sent}-dying"
        if self.sent == self.crash_at:
            self.out += [c.serial for c in contents]
            raise KeyboardInterrupt  # the station goes away mid-job
        self.out += [c.serial for c in contents]
        return f"q-{self.sent}"

    def wait(self, spool_id):
        if spool_id.endswith("dying"):
            raise PrintOutcomeUnknown("The printer q stopped during job.")

    def cancel(self, spool_id):
        self.cancelled.append(spool_id)


@pytest.fixture
def lot(station, appraiser_session):
    lot = make_lot(station, appraiser_session, 95, sample_size=2)
    for unit in (4, 50):
        add_unit(station, appraiser_session, lot, unit, "genuine")
    decide(station, appraiser_session, lot, "accept")
    return lot


def _check_no_duplicate_no_gap(station, lot, printer: FakePrinter) -> None:
    copies = Counter(printer.out)
    assert max(copies.values()) == 1, "a serial came out twice"
    live = unit_labels.live_units(station.store, lot)
    assert sorted(live) == list(range(1, 96)), "a unit has no live serial"
    assert {labels.state_of(station.store, s) for s in live.values()} == {"printed"}
    assert set(live.values()) <= set(printer.out), "a unit's live label never came out"
    dead = set(printer.out) - set(live.values())
    assert {labels.state_of(station.store, s) for s in dead} <= {"voided"}


def test_prints_every_unit_in_jobs_with_progress(station, appraiser_session, lot):
    printer, seen = FakePrinter(), []
    result = unit_print.print_lot(
        station, appraiser_session, lot, printer, job_size=10,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert result.complete and len(result.jobs) == 10
    assert seen[0] == (0, 95) and seen[-1] == (95, 95)
    _check_no_duplicate_no_gap(station, lot, printer)
    assert station.store.verify_audit().ok


def test_a_refused_job_resumes_without_duplicate_or_gap(station, appraiser_session, lot):
    printer = FakePrinter(refuse_at=4)
    first = unit_print.print_lot(station, appraiser_session, lot, printer, job_size=10)
    assert not first.complete and "stopped" in first.error and first.printed == 30
    assert first.voided == []  # nothing left the station: the serials stay issued
    second = unit_print.print_lot(station, appraiser_session, lot, printer, job_size=10)
    assert second.complete and second.printed == 95
    _check_no_duplicate_no_gap(station, lot, printer)


def test_a_job_that_died_halfway_is_voided_and_its_units_get_fresh_serials(
    station, appraiser_session, lot
):
    printer = FakePrinter(die_at=3)
    first = unit_print.print_lot(station, appraiser_session, lot, printer, job_size=10)
    assert first.error and first.printed == 20
    assert first.voided[0]["units"] == list(range(21, 31))
    assert printer.cancelled == ["q-3-dying"]  # the spooler never resumes it
    second = unit_print.print_lot(station, appraiser_session, lot, printer, job_size=10)
    assert second.complete
    _check_no_duplicate_no_gap(station, lot, printer)
    assert len(printer.out) == 95 + 5  # the five that came out of the dying job are void
    assert station.store.verify_audit().ok


def test_a_station_crash_mid_job_is_settled_on_resume(station, appraiser_session, lot):
    printer = FakePrinter(crash_at=2)
    with pytest.raises(KeyboardInterrupt):
        unit_print.print_lot(station, appraiser_session, lot, printer, job_size=40)
    assert [row["job"] for row in unit_print.open_jobs(station, lot)]
    second = unit_print.print_lot(station, appraiser_session, lot, printer, job_size=40)
    assert second.voided[0]["units"] == list(range(41, 81))
    assert second.complete and not unit_print.open_jobs(station, lot)
    _check_no_duplicate_no_gap(station, lot, printer)


def test_cancel_stops_between_jobs_and_resume_finishes(station, appraiser_session, lot):
    printer = FakePrinter()
    stop = unit_print.print_lot(
        station, appraiser_session, lot, printer, job_size=10,
        cancelled=lambda: printer.sent >= 2,
    )  # fmt: skip
    assert stop.cancelled and stop.printed == 20
    assert unit_print.print_lot(station, appraiser_session, lot, printer).complete
    _check_no_duplicate_no_gap(station, lot, printer)


def test_refused_for_a_rejected_lot_before_anything_is_journalled(station, appraiser_session):
    lot = make_lot(station, appraiser_session, 5)
    decide(station, appraiser_session, lot, "reject")
    from appraiser.errors import InvalidInput

    with pytest.raises(InvalidInput, match="rejected"):
        unit_print.print_lot(station, appraiser_session, lot, FakePrinter())
    assert unit_print.journal(station, lot) == []


def test_a_large_lot_prints_jobs_rendered_ahead_in_worker_processes(
    station, appraiser_session, lot, monkeypatch
):
    """Above ``POOL_FROM`` labels a CUPS sender's jobs are rendered in the pool and sent
    as rendered: every unit printed once, each job holding exactly its own serials."""
    from appraiser.labels import ids, layouts, zpl
    from appraiser.labels.printing import Target
    from appraiser.services.lots import unit_render

    monkeypatch.setitem(unit_render.POOL_FROM, "zpl", 10)
    sent: dict[int, list[str]] = {}

    class Recording(unit_print.CupsSender):
        def send(self, job, contents):  # the in-process path must not be taken
            raise AssertionError("rendered in-process")

        def send_document(self, job, document):
            sent[job] = [f.split("^FX label ")[1].split("\n")[0] for f in document]
            return ""

    sender = Recording(Target("cups-raw", "zebra"), layouts.load("50x30"), 203)
    result = unit_print.print_lot(station, appraiser_session, lot, sender, job_size=7)
    assert result.complete and result.printed == 95
    for job, grouped in sent.items():
        serials = unit_print._job_serials(station, job)
        assert grouped == [zpl.field_data(ids.group(s)) for s in serials]
    assert sum(len(v) for v in sent.values()) == 95
