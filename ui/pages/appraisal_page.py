"""The bench: one item at a time through intake → capture → compare → checklist →
verdict → outcome, keyboard first, saved at every step.

The page only arranges widgets and calls core services through ``run_task``; every
decision (holds, revisions, signing, quarantine, labels) is made in ``appraiser.services``.
Alt+1…6 jump back to an earlier step; Ctrl+Enter moves on; the header always shows the
item, the step and the time spent.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from appraiser import checklists
from appraiser.errors import KnownError
from appraiser.services.arrivals import scanning
from appraiser.services.casework import bench, checklist, outcome, recovery, workflow
from appraiser.services.casework.workflow import STEPS, Case
from ui.context import AppContext
from ui.pages.appraisal_checklist_flow import ChecklistFlow
from ui.pages.appraisal_no_match_flow import NoMatchFlow
from ui.pages.appraisal_signing import SigningFlow
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets import keys
from ui.widgets.appraisal_actions import CaseActions
from ui.widgets.appraisal_capture import CaptureStep
from ui.widgets.appraisal_checklist import ChecklistStep
from ui.widgets.appraisal_compare import CompareStep, reading_name
from ui.widgets.appraisal_header import CaseHeader, step_name
from ui.widgets.appraisal_intake import IntakeStep
from ui.widgets.appraisal_outcome import OutcomeStep
from ui.widgets.appraisal_text import explain
from ui.widgets.appraisal_verdict import VerdictStep

# Bench sizes: read at arm's length on a 1920×1080 screen, still fitting 1366×768. Widget
# style sheets win over the application's ``QWidget { font-size }``, so sizes live here.
BENCH_QSS = """
QWidget { font-size: 12pt; }
QLabel#caseItem { font-size: 17pt; font-weight: bold; }
QLabel#caseClock { font-size: 24pt; font-weight: bold; }
QLabel#caseMeta { font-size: 11pt; }
QLabel#benchMessage { font-size: 13pt; }
QLabel#benchEmpty { font-size: 16pt; color: #555; }
QLabel#outcomeHeadline { font-size: 24pt; font-weight: bold; }
QLabel#outcomeDetails { font-size: 14pt; }
QRadioButton { font-size: 17pt; font-weight: bold; }
QTableWidget#checklistTable { font-size: 13pt; }
QPushButton { padding: 6px 14px; }
"""


class AppraisalPage(NoMatchFlow, SigningFlow, ChecklistFlow, Page):
    key = "appraisal"
    title_source = QT_TRANSLATE_NOOP("nav", "Bench")
    shortcut = "F3"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, **capture_options) -> None:
        super().__init__(ctx, parent)
        self.item: dict | None = None
        self.case: Case | None = None
        self.checklist: checklists.Checklist | None = None
        self.header = CaseHeader(self)
        self.message = QLabel(objectName="benchMessage", wordWrap=True)
        self.empty = QLabel(objectName="benchEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.intake = IntakeStep(self)
        keys.bind(self.intake.start, *keys.CTRL_ENTER)  # what its button says
        self.capture = CaptureStep(ctx, self, **capture_options)
        self.compare = CompareStep(ctx, self)
        self.checks = ChecklistStep(self)
        self.verdict = VerdictStep(self)
        self.outcome = OutcomeStep(ctx, self)
        self.stack = QStackedWidget(objectName="benchSteps")
        self.steps = {
            "intake": self.intake, "capture": self.capture, "compare": self.compare,
            "checklist": self.checks, "verdict": self.verdict, "outcome": self.outcome,
        }  # fmt: skip
        self.stack.addWidget(self.empty)
        for widget in self.steps.values():
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self._case_actions())
        layout.addWidget(self.stack, 1)
        self.setStyleSheet(BENCH_QSS)
        self.message.hide()
        self._update_actions()
        self._connect()
        self._shortcuts()
        self.retranslate()
        ctx.session_changed.connect(self._session_changed)

    def _case_actions(self) -> QHBoxLayout:
        self.actions = CaseActions(self)
        self.actions.handover_requested.connect(self.handover)
        self.actions.abandon_requested.connect(self.abandon)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addStretch(0)
        row.addWidget(self.actions, 0, Qt.AlignmentFlag.AlignRight)
        return row

    def _update_actions(self) -> None:
        active = self.case is not None and self.case.state in ("open", "interrupted")
        self.actions.setVisible(active)

    def handover(self, username: str, reason: str) -> None:
        run_task(
            self, workflow.handover, self.store, self.ctx.session, self.case.uid, username,
            reason, on_success=self._handed_over, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _handed_over(self, case: Case) -> None:
        self.ctx.records_changed.emit("appraisals")
        self.say(self.tr("{0} is now held by {1}.").format(case.uid, case.holder))
        self.next_item()

    def abandon(self, reason: str) -> None:
        run_task(
            self, recovery.abandon, self.store, self.ctx.session, self.case.uid, reason,
            on_success=lambda _r: self._abandoned(), on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _abandoned(self) -> None:
        self.ctx.records_changed.emit("appraisals")
        self.next_item()

    def _connect(self) -> None:
        self.intake.confirmed.connect(self.begin)
        self.intake.no_match_requested.connect(self.offer_no_match)
        self.compare.engine.no_match_requested.connect(self.offer_case_no_match)
        self.capture.done.connect(lambda n: self.save_step("capture", {"stills": n}))
        self.compare.decided.connect(lambda result: self.save_step("compare", result))
        self.checks.point_answered.connect(self.record_point)
        self.checks.evidence_chosen.connect(self.attach_evidence)
        self.checks.dated_saved.connect(self.record_dated)
        self.checks.finished.connect(self.finish_checklist)
        self.verdict.sign_requested.connect(self.sign)
        self.outcome.print_requested.connect(self.print_label)
        self.outcome.next_requested.connect(self.next_item)

    def _shortcuts(self) -> None:
        for number, step in enumerate(STEPS, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.jump(s))

    def retranslate(self) -> None:
        self.empty.setText(
            self.tr(
                "No item on the bench. Scan a barcode on any page, or open one from Today (F2)."
            )
        )
        for widget in (self.header, self.actions, *self.steps.values()):
            widget.retranslate()

    @property
    def store(self):
        return self.ctx.station.store

    def say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet("" if ok else "color: #b00020; font-weight: bold;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.say(explain(exc, " — ", self.ctx.settings.tz()), ok=False)

    # --- opening ---------------------------------------------------------------------------

    def open_item(self, item_uid: str, appraisal_uid: str | None = None) -> None:
        self.say(self.tr("Opening…"))
        run_task(
            self, bench.open_item, self.ctx.station, item_uid, appraisal_uid,
            on_success=self._opened, on_failure=self._failed,
        )  # fmt: skip

    def _opened(self, opened: bench.Opened) -> None:
        self.say("")
        self.capture.leave()
        self.item, self.case = opened.item, None
        self._update_actions()  # no case yet: nothing to hand over or abandon
        if opened.case is None:
            self.header.show_item(opened.item)
            self.intake.show_item(opened.item, opened.prefill, opened.lot_unit)
            self.load_item_no_match(opened.item)
            self._show_step("intake")
            return
        case = opened.case
        if case.state in ("open", "interrupted") and self._foreign(case):
            self.header.show_case(case)
            self.say(self.tr("This item is held by {0}; pick another item.").format(case.holder),
                     ok=False)  # fmt: skip
            self.stack.setCurrentWidget(self.empty)
            return
        self.show_case(case)

    def _foreign(self, case: Case) -> bool:
        session = self.ctx.session
        return (
            session is not None
            and session.role == "appraiser"
            and (case.holder_id != session.user_id)
        )

    def show_case(self, case: Case) -> None:
        self.case = case
        self._update_actions()
        self.header.show_case(case)
        step = case.step if case.state in ("open", "interrupted") else "outcome"
        self._enter(step)

    def _show_step(self, step: str) -> None:
        if self.stack.currentWidget() is not self.steps[step]:
            self.say("")  # a message belongs to the step it was said on, never the next
        self.header.set_step(step)
        self.stack.setCurrentWidget(self.steps[step])

    def _enter(self, step: str) -> None:
        """Load what a step shows, then show it."""
        case = self.case
        assert case is not None
        if step != "capture":
            self.capture.leave()
        if step == "capture":
            self.capture.set_appraisal(case.uid, case.category)
            run_task(self, bench.item_artwork, self.ctx.station, case,
                     on_success=self.capture.show_item)  # fmt: skip
        elif step == "compare":
            self.compare.clear()  # now, not when this case's references have loaded
            run_task(self, bench.references, self.ctx.station, case,
                     on_success=lambda refs: self._show_compare(case.uid, refs))  # fmt: skip
        elif step == "checklist":
            self.checklist = checklists.load(case.category)
            points = case.data.get("checklist", {})
            self.checks.open_case(self.checklist, points.get("points", {}),
                                  points.get("dated", {}))  # fmt: skip
        elif step == "verdict":
            self.verdict.reset(checklist.suggested_reasons(case.data), self._summary(case))
        elif step == "outcome":
            self.outcome.clear()
            run_task(
                self, outcome.follow_up, self.ctx.station, self.ctx.session, case.uid,
                with_report=False, on_success=self._show_outcome, on_failure=self._failed,
                db_write=True,
            )  # fmt: skip
        self._show_step(step)
        if step == "verdict":
            self.verdict.choices["genuine"].setFocus()

    def _summary(self, case: Case) -> str:
        failed = checklist.failed_points(case.data)
        reading = case.data.get("compare", {}).get("reading")
        parts = []
        if reading:
            parts.append(self.tr("Comparison: {0}.").format(reading_name(reading)))
        parts.append(self.tr("{0} checkpoint(s) failed.").format(len(failed)))
        return " ".join(parts)

    # --- steps ---------------------------------------------------------------------------------

    def begin(self, category: str, changes: dict) -> None:
        if self.item is None:
            return
        settings = self.ctx.settings
        run_task(
            self, self._begin, self.item["uid"], category, changes, settings.station_code,
            settings.tz(), on_success=self._begun, on_failure=self._begin_failed,
            db_write=True,
        )  # fmt: skip

    def _begin(self, item_uid, category, changes, station_code, tz) -> Case:
        store, session = self.store, self.ctx.session
        uid = workflow.begin(store, session, station_code, tz, item_uid, category, changes)
        return workflow.load(store, uid)

    def _begun(self, case: Case) -> None:
        self.ctx.records_changed.emit("appraisals")
        self.show_case(case)

    def _begin_failed(self, exc: BaseException) -> None:
        self.intake.start.setEnabled(True)
        self._failed(exc)

    def save_step(self, step: str, data: dict) -> None:
        if self.case is None:
            return
        run_task(
            self, workflow.save_step, self.store, self.ctx.session, self.case.uid, step, data,
            on_success=self.show_case, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def jump(self, step: str) -> None:
        """Alt+n: back to an earlier step of an open case (never past the saved one)."""
        case = self.case
        if case is None or case.state not in ("open", "interrupted"):
            return
        if STEPS.index(step) > STEPS.index(case.step) or step in ("intake", "outcome"):
            self.say(self.tr("“{0}” is not reachable yet.").format(step_name(step)), ok=False)
            return
        run_task(
            self, workflow.go_to, self.store, self.ctx.session, case.uid, step,
            on_success=self.show_case, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _show_compare(self, uid: str, references: list[dict]) -> None:
        if self.case is not None and self.case.uid == uid:  # not a case left meanwhile
            self.compare.show_case(uid, references)
            self.load_case_no_match(uid)

    def next_item(self) -> None:
        self.clear_bench()
        window = self.window()
        if hasattr(window, "show_page"):
            window.show_page("queue")

    def clear_bench(self) -> None:
        """Nothing on the bench: recording stops and no step keeps anything of the case."""
        self.say("")
        self.capture.leave()
        self.case = self.item = self.checklist = None
        self.compare.clear()
        self.outcome.clear()
        self._update_actions()
        self.stack.setCurrentWidget(self.empty)

    def _session_changed(self, _session) -> None:
        """Signing out (or in as someone else) leaves an empty bench for the next person."""
        dialog = getattr(self, "sign_dialog", None)
        if dialog is not None and dialog.isVisible():
            dialog.reject()
        self.clear_bench()

    # --- scanning while a case is open -------------------------------------------------------

    def wants_scan(self) -> bool:
        return self.case is not None and self.case.state in ("open", "interrupted")

    def check_scan(self, code: str) -> None:
        """A scan during a case checks the item in hand against the case's GTIN."""
        assert self.case is not None
        try:
            scan = scanning.parse(code)
        except KnownError as exc:
            self.say(explain(exc, " — "), ok=False)
            return
        expected = self.case.item.get("gtin")
        if expected and expected.lstrip("0") == scan.gtin.lstrip("0"):
            self.say(self.tr("Scanned {0}: matches the item on the bench.").format(scan.gtin))
        else:
            text = self.tr(
                "Scanned {0}: NOT the item on the bench ({1}). Finish or leave this case first."
            )
            self.say(text.format(scan.gtin, expected or "—"), ok=False)

    def activated(self) -> None:
        if self.case is None and self.item is None:
            self.stack.setCurrentWidget(self.empty)
