"""The lot print dialog (issue 16 L4): real clicks, progress, a printer error, resume."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.errors import PrinterError
from appraiser.labels import ids
from appraiser.services.labelling import labels
from appraiser.services.lots import unit_labels, unit_print
from tests.core.lot_history_support import decide, make_lot
from ui.dialogs.lot_print import LotPrintDialog


class RefusingOnce(unit_print.Sender):
    """Takes every job but the third, which it refuses as a stopped queue would."""

    fmt = "zpl"

    def __init__(self) -> None:
        self.out: list[str] = []
        self.sent = 0

    def send(self, job, contents):
        self.sent += 1
        if self.sent == 3:
            raise PrinterError("The printer zebra is stopped in CUPS.")
        self.out += [c.serial for c in contents]
        return f"zebra-{self.sent}"


def test_print_fail_resume_with_real_clicks(qtbot, station, appraiser_session):
    lot = make_lot(station, appraiser_session, 250)
    decide(station, appraiser_session, lot, "accept")
    printer = RefusingOnce()
    dialog = LotPrintDialog(station, appraiser_session, lot, sender=printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "0 of 250" in dialog.counts.text())
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "printer failed" in dialog.status.text(), timeout=30_000)
    assert "stopped in CUPS" in dialog.status.text()
    assert dialog.bar.value() == 200 and dialog.start.text() == "Resume"
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "All 250" in dialog.status.text(), timeout=30_000)
    assert dialog.bar.value() == 250 and not dialog.start.isEnabled()
    live = unit_labels.live_units(station.store, lot)
    assert sorted(printer.out) == sorted(live.values())  # none twice, none skipped
    assert {labels.state_of(station.store, s) for s in live.values()} == {"printed"}


def test_cancel_stops_between_jobs(qtbot, station, appraiser_session):
    lot = make_lot(station, appraiser_session, 400)
    decide(station, appraiser_session, lot, "accept")

    class Slow(unit_print.Sender):
        fmt = "zpl"

        def send(self, job, contents):
            return f"q-{job}"

        def wait(self, spool_id):
            dialog.stop.wait(5)  # holds each job until the Cancel click arrives

    dialog = LotPrintDialog(station, appraiser_session, lot, sender=Slow())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.cancel.isEnabled())
    qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Stopped" in dialog.status.text(), timeout=30_000)
    assert dialog.result is not None and dialog.result.cancelled
    assert dialog.result.printed < 400 and dialog.start.text() == "Resume"


def test_the_stations_printer_prints_in_a_child_process_to_real_cups(
    qtbot, station, appraiser_session, cups_scheduler
):
    """No injected printer: the dialog runs `lot labels print` in a child (hand-off, no
    password) to a raw queue of the private CUPS scheduler; every unit's label arrives."""
    output = cups_scheduler.root / "output" / "dialog-zebra"
    output.mkdir(mode=0o777, exist_ok=True)
    output.chmod(0o777)
    cups_scheduler.lpadmin("-p", "dialog-zebra", "-v", f"appraiser-test:{output}", "-E")
    lot = make_lot(station, appraiser_session, 30)
    decide(station, appraiser_session, lot, "accept")
    dialog = LotPrintDialog(station, appraiser_session, lot)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.queue, "dialog-zebra")
    dialog.kind.setCurrentIndex(dialog.kind.findData("cups-raw"))
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "All 30" in dialog.status.text(), timeout=120_000)
    printed = "".join(p.read_text(errors="replace") for p in output.glob("job_*.ps"))
    live = unit_labels.live_units(station.store, lot)
    assert len(live) == 30
    # each label is one recall of the stored format, named by its ^FX line (the serial also
    # fills the printed-text field of that same recall)
    assert all(printed.count(f"^FX label {ids.group(s)}\n") == 1 for s in live.values())
    assert printed.count("^XF") == 30


def test_withheld_units_are_named_not_all_printed_in_en_and_zh(qtbot, station, appraiser_session):
    """issue 16 finding N3: with drawn units withheld (counterfeit, never appraised) the
    dialog must not say 'All 12 unit labels are printed' — it says how many printed and
    which units get no label, in English and in Chinese."""
    from tests.core.lot_history_support import add_unit
    from ui import i18n, tasks

    lot = make_lot(station, appraiser_session, 12)
    add_unit(station, appraiser_session, lot, 2, "genuine")
    add_unit(station, appraiser_session, lot, 5, "counterfeit")
    add_unit(station, appraiser_session, lot, 9, None)
    decide(station, appraiser_session, lot, "accept")
    texts = []
    for lang in ("en", "zh_CN"):
        i18n.install(lang)
        try:
            printer = RefusingOnce()
            dialog = LotPrintDialog(station, appraiser_session, lot, sender=printer)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitUntil(lambda d=dialog: lot in d.counts.text())
            qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda d=dialog: "10" in d.status.text(), timeout=30_000)
            texts.append(dialog.status.text())
            assert not dialog.start.isEnabled()
            # the dialog re-reads its counts when a run ends: let that read finish before the
            # dialog closes and the language (and the station, at teardown) goes away
            qtbot.waitUntil(tasks.runner().idle, timeout=30_000)
            dialog.close()
        finally:
            i18n.install("en")
    en, zh = texts
    assert "All" not in en and en.startswith("10 of 12 unit labels printed. 2 units get no label")
    assert "own verdict: counterfeit (units 5)" in en
    assert "已打印 10/12 张单件标签" in zh and "本件结论：非正品（单件 5）" in zh
