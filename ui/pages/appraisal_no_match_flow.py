"""The bench page's side of the library's "no match" list (issue 13 item 3): the intake
offers it for an unknown GTIN, the compare step when the engine matched the case's photo
to nothing. Both call the one core service (``intake.offer_no_match``, on the database
writer, audited there) and show one state for one item: once either listed it, both
buttons say so — also when the item or case is opened again later.

A mix-in of ``AppraisalPage`` (it uses the page's item, case, intake and compare widgets).
An answer that comes back after the bench moved to another item changes nothing on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from appraiser.services.arrivals import intake
from ui.tasks import run_task


def _listed_text() -> str:
    return QCoreApplication.translate(
        "AppraisalPage", "Added to the library's “no match” list for the library keeper."
    )


class NoMatchFlow:
    def offer_no_match(self) -> None:
        """The intake's button: the product as the form names it."""
        if self.item is None:
            return
        values, uid = self.intake.values(), self.item.get("uid")
        run_task(
            self, intake.offer_no_match, self.store, self.ctx.session,
            gtin=values.get("gtin") or None, brand=values.get("brand") or None,
            model=values.get("model") or None,
            on_success=lambda _id: self._item_listed(uid), on_failure=self._no_match_failed,
            db_write=True,
        )  # fmt: skip

    def offer_case_no_match(self) -> None:
        """The compare step's button: the case's item, the photo it compared and the
        engine's nearest candidates go on the list."""
        if self.case is None:
            return
        uid, found = self.case.uid, self.compare.engine.result() or {}
        run_task(
            self, intake.offer_case_no_match, self.store, self.ctx.session, uid,
            found.get("candidates") or [],
            on_success=lambda _id: self._case_listed(uid), on_failure=self._no_match_failed,
            db_write=True,
        )  # fmt: skip

    def load_item_no_match(self, item: dict[str, Any]) -> None:
        """At intake: is this product already on the list (the compare step of an earlier
        case, or another unit of it)?"""
        uid = item.get("uid")
        run_task(
            self, intake.no_match_entry, self.store, gtin=item.get("gtin") or None,
            brand=item.get("brand") or None, model=item.get("model") or None,
            on_success=lambda found: found and self._item_listed(uid, say=False),
        )  # fmt: skip

    def load_case_no_match(self, uid: str) -> None:
        """At the compare step: did the intake (or this step, earlier) list the item?"""
        run_task(
            self, intake.case_no_match_entry, self.store, uid,
            on_success=lambda found: found and self._case_listed(uid, say=False),
        )  # fmt: skip

    def _item_listed(self, item_uid: str | None, say: bool = True) -> None:
        if self.item is None or self.item.get("uid") != item_uid:
            return
        self.intake.set_no_match_listed(True)  # its case's compare step asks again
        if say:
            self.say(_listed_text())

    def _case_listed(self, uid: str, say: bool = True) -> None:
        if self.case is None or self.case.uid != uid:
            return
        self.compare.engine.set_no_match_listed(True)
        self.intake.set_no_match_listed(True)  # the same item: the intake's button agrees
        if say:
            self.say(_listed_text())

    def _no_match_failed(self, exc: BaseException) -> None:
        self.intake.set_no_match_listed(False)  # offered again once the cause is fixed
        self.compare.engine.set_no_match_listed(False)
        self._failed(exc)
