"""The bench page's verdict and outcome: signing (the password asked again, the meaning
shown), then the label, quarantine record or review that follows, the report PDF a few
seconds later, and printing the label.

A mix-in of ``AppraisalPage`` (it uses the page's case, steps and store). Signing and its
follow-up run on the database writer; the report is written in a child process and is
announced on the outcome step until it is there, so the bench never waits for it.
"""

from __future__ import annotations

from appraiser.errors import KnownError
from appraiser.services.casework import outcome, verdicts, workflow
from appraiser.services.casework.workflow import Case
from ui import i18n
from ui.dialogs.sign_dialog import SignDialog
from ui.tasks import run_task


def _sign_and_follow_up(station, session, uid, verdict, password, codes, note, leaning):
    """Runs on the writer thread: sign, then label / quarantine (the report comes later)."""
    verdicts.sign(
        station.store, session, uid, verdict, password,
        reason_codes=codes, note=note, leaning=leaning,
    )  # fmt: skip
    return outcome.follow_up(station, session, uid, with_report=False)


class SigningFlow:
    def sign(self, verdict: str, codes: list, note: str, leaning) -> None:
        case, session = self.case, self.ctx.session
        if case is None or session is None:
            return
        station = self.ctx.station

        def action(password: str) -> dict:
            return _sign_and_follow_up(
                station, session, case.uid, verdict, password, codes, note, leaning
            )

        dialog = SignDialog(
            session, verdict, action, details=self._summary(case), tz=self.ctx.settings.tz(),
            parent=self,
        )  # fmt: skip
        dialog.signed.connect(self._signed)
        dialog.open()
        self.sign_dialog = dialog

    def _signed(self, result: dict) -> None:
        self.ctx.records_changed.emit("appraisals")
        if result.get("label"):
            self.ctx.records_changed.emit("labels")
        run_task(self, workflow.load, self.store, result["uid"], on_success=self._after_sign)
        self._show_outcome(result)

    def _after_sign(self, case: Case) -> None:
        if self.case is None or self.case.uid != case.uid:
            return  # the bench has moved on to another case
        self.case = case
        self._update_actions()
        self.header.show_case(case)
        self._show_step("outcome")

    def _show_outcome(self, result: dict) -> None:
        if result.get("verdict"):
            self.outcome.show_outcome(result)
        self._show_step("outcome")
        if result.get("verdict") not in (None, "inconclusive") and "report" not in result:
            uid = result["uid"]
            self.outcome.report_pending()
            run_task(
                self, outcome.report, self.ctx.station, uid, i18n.current_language(),
                on_success=lambda report: self.outcome.show_report(report, uid),
                on_failure=lambda exc: self._report_failed(uid, exc),
            )  # fmt: skip

    def _report_failed(self, uid: str, exc: BaseException) -> None:
        """The verdict stands without its PDF; say so in place (a bug still gets reported)."""
        message = exc.message if isinstance(exc, KnownError) else type(exc).__name__
        self.outcome.show_report({"report_error": message}, uid)
        if not isinstance(exc, KnownError):
            raise exc

    def print_label(self, serial: str) -> None:
        from ui.dialogs.print_labels import PrintLabelsDialog

        dialog = PrintLabelsDialog(self.ctx.station, self.ctx.session, [serial], self)
        dialog.finished_printing.connect(lambda _r: self.ctx.records_changed.emit("labels"))
        dialog.open()
