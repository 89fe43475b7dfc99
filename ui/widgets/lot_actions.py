"""What a person can do with the lot on screen, and why a button is not available.

The buttons live in ``LotDetail``; this object words them, enables them from where the lot
stands and who is signed in (the rule book: ``appraiser.services.admin.rules``), and runs
them through the dialogs. The services refuse what the rule book forbids in any case; the
page only avoids offering it and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.lots import decisions, plausibility
from ui.dialogs.lot_decide import decide_dialog
from ui.dialogs.lot_flags import AcknowledgeDialog
from ui.dialogs.lot_override import OverrideDialog
from ui.widgets import lot_services as svc
from ui.widgets import lot_text

if TYPE_CHECKING:
    from ui.pages.lots_page import LotsPage

READY = ("ready_accept", "ready_reject")  # the sample decides; nobody has signed yet


def may(session: Session | None, action: rules.Action) -> bool:
    """Whether the rule book lets ``session``'s role do ``action`` at all (the service
    still checks the particular lot: four eyes)."""
    return session is not None and rules.allowed(session.role, action)


def appraised(units: list[dict[str, Any]]) -> int:
    return sum(1 for u in units if u.get("verdict"))


class LotActions(QObject):
    def __init__(self, page: LotsPage) -> None:
        super().__init__(page)
        self.page = page
        self.buttons = page.detail.buttons
        self.detail: dict[str, Any] = {}
        self.dialog = None  # the dialog open now (tests find it here)
        slots = {
            "open": self.open_unit, "decide": self.decide, "override": self.override,
            "acknowledge": self.acknowledge, "labels": self.print_labels,
            "report": page.save_report,
        }  # fmt: skip
        for name, slot in slots.items():
            self.buttons[name].clicked.connect(slot)
        page.detail.table.doubleClicked.connect(lambda _i: self.open_unit())

    def retranslate(self) -> None:
        texts = {
            "open": self.tr("Open unit's appraisal"),
            "decide": self.tr("Sign lot decision…"),
            "override": self.tr("Override decision…"),
            "acknowledge": self.tr("Acknowledge flag…"),
            "labels": self.tr("Print labels for every unit…"),
            "report": self.tr("Save lot report…"),
        }
        for name, text in texts.items():
            self.buttons[name].setText(text)
        if self.detail:
            self.update_for(self.detail, self.page.ctx.session)

    # --- what is possible -------------------------------------------------------------------

    def update_for(self, detail: dict[str, Any], session: Session | None) -> None:
        self.detail = detail
        decision = detail.get("decision") or {}
        in_force = decision.get("decision")
        flags = svc.open_flags(detail.get("flag_rows", []))
        supervisor = may(session, rules.Action.OVERRIDE_LOT)
        acknowledger = may(session, rules.Action.SUPERVISE)  # as plausibility.acknowledge
        self.buttons["open"].setEnabled(bool(detail.get("units")))
        self.buttons["decide"].setEnabled(not decision and detail.get("state") in READY)
        self.buttons["override"].setVisible(supervisor)
        self.buttons["override"].setEnabled(bool(decision))
        self.buttons["acknowledge"].setVisible(acknowledger)
        self.buttons["acknowledge"].setEnabled(bool(flags))
        every_unit = detail.get("lot", {}).get("policy") == "every_unit"
        releasable = in_force == "accept" and not flags and not detail.get("review")
        self.buttons["labels"].setEnabled(releasable and not every_unit)
        self.buttons["report"].setVisible(acknowledger)  # the report is a supervisor's
        self.buttons["report"].setEnabled(True)
        self.page.detail.why.setText(self.why_not(detail, flags))

    def why_not(self, detail: dict[str, Any], flags: list[dict[str, Any]]) -> str:
        """Why the next step cannot be taken yet, in words (empty when it can)."""
        state, decision = detail.get("state"), detail.get("decision") or {}
        units = detail.get("units", [])
        if detail.get("review"):
            return self.tr(
                "Under review: no decision is signed and no unit label issued or printed "
                "until a supervisor confirms or changes the decision."
            )
        if detail.get("lot", {}).get("policy") == "every_unit" and decision:
            return self.tr(
                "Every unit was appraised on its own: each carries the label of its own "
                "appraisal (Labels page), so the lot prints no unit labels."
            )
        if state == "pending":
            left = max(len(units) - appraised(units), 0)
            return self.tr("Not yet decidable: {0} of {1} sampled units still to appraise.").format(
                left, len(units)
            )
        if state == "held":
            return self.tr("Held: a unit's result awaits its review; the decision waits for it.")
        if decision.get("decision") == "accept" and flags:
            return self.tr("Labels wait until every flag is acknowledged by a supervisor.")
        if decision.get("decision") == "reject":
            return self.tr("Rejected: the lot is in quarantine; no labels.")
        return ""

    # --- doing it --------------------------------------------------------------------------------

    def _ids(self) -> tuple[Any, Any, str]:
        ctx = self.page.ctx
        return ctx.station, ctx.session, self.detail["lot"]["uid"]

    def open_unit(self) -> None:
        unit = self.page.detail.current_unit()
        if unit is None:
            self.page.say(self.tr("Pick a unit in the list first."), ok=False)
            return
        window = self.page.window()
        bench = getattr(window, "pages", {}).get("appraisal")
        if bench is None:
            return
        bench.open_item(unit["item_uid"], unit.get("appraisal_uid"))
        window.show_page("appraisal")

    def decide(self) -> None:
        station, session, uid = self._ids()
        decision = self.detail["evaluation"]["state"]
        counted = lot_text.progress(appraised(self.detail["units"]), len(self.detail["units"]))

        def sign(password: str) -> Any:
            return decisions.decide(station, session, password, uid)

        self.dialog = decide_dialog(
            session, decision, sign, details=counted, tz=self.page.ctx.settings.tz(),
            parent=self.page,
        )  # fmt: skip
        self.dialog.signed.connect(self.page.changed)
        self.dialog.open()

    def override(self) -> None:
        station, session, uid = self._ids()
        current = (self.detail.get("decision") or {}).get("decision", "")

        def sign(decision: str, reason: str, password: str) -> Any:
            return decisions.override(station, session, password, uid, decision, reason)

        review = self.detail.get("review")
        self.dialog = OverrideDialog(current, sign, self.page, review=review)
        self.dialog.done_with.connect(self.page.changed)
        self.dialog.open()

    def acknowledge(self) -> None:
        store, session = self.page.ctx.station.store, self.page.ctx.session
        flags = svc.open_flags(self.detail.get("flag_rows", []))

        def ack(flag_uid: str, note: str) -> Any:
            return plausibility.acknowledge(store, session, flag_uid, note)

        self.dialog = AcknowledgeDialog(flags, ack, self.page)
        self.dialog.done_with.connect(self.page.changed)
        self.dialog.open()

    def print_labels(self) -> None:
        try:
            dialog_type = svc.find(svc.PRINT_DIALOG, "LotPrintDialog")
        except svc.LotServiceMissing as exc:
            self.page.failed(exc)
            return
        ctx = self.page.ctx
        self.dialog = dialog_type(ctx.station, ctx.session, self.detail["lot"]["uid"], self.page)
        self.dialog.finished.connect(lambda _r: self.page.changed())  # the label counts moved
        self.dialog.open()
