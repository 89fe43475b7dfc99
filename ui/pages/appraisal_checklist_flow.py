"""The bench page's checklist step, saving side: each answer, evidence photo and the
dated label facts is stored as it is given (a new appraisal revision each), so a
half-done checklist survives a crash; finishing stores the whole and moves on.

A mix-in of ``AppraisalPage`` (it uses the page's case, checklist widget and store).
Every answer is filed under the case it was given for: a reply that comes back after
the bench moved to another case changes nothing on screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from appraiser import imaging
from appraiser.errors import InvalidInput
from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals import queue
from appraiser.services.casework import checklist, workflow
from appraiser.storage.db import Store
from ui.tasks import run_task

_EVIDENCE_HINT = "Choose a JPEG, PNG, WebP or BMP photo; the content decides, not the file name."


def store_evidence(store: Store, session: Session, uid: str, key: str, path: Path) -> str:
    """Decode the chosen file before storing it (on a worker): a file named .jpg that is
    no image would be filed as a photo the report cannot show. The bytes read once are
    the bytes checked and stored; the type comes from the content, not the name."""
    try:
        data = path.read_bytes()
        imaging.load_image(data, label=path.name)
    except (OSError, InvalidInput) as exc:
        raise InvalidInput(f"{path.name} is not a readable image.", hint=_EVIDENCE_HINT) from exc
    mime = f"image/{imaging.sniff(data)}"  # jpeg, png, webp or bmp: decoded above
    return checklist.attach_evidence(store, session, uid, key, data, mime)


class ChecklistFlow:
    def record_point(self, key: str, result: str, note: str) -> None:
        if self.case is None:
            return
        self._record_point(self.case.uid, key, result, note)

    def _record_point(self, uid: str, key: str, result: str, note: str) -> None:
        evidence = self.checks.answers.get(key, {}).get("evidence")
        run_task(
            self, checklist.record_point, self.store, self.ctx.session, uid, key, result, note,
            evidence, on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def attach_evidence(self, key: str, path: str) -> None:
        if self.case is None:
            return
        uid = self.case.uid
        run_task(
            self, store_evidence, self.store, self.ctx.session, uid, key,
            Path(path), on_success=lambda sha: self._evidence_stored(uid, key, sha),
            on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _evidence_stored(self, uid: str, key: str, sha: str) -> None:
        if self.case is None or self.case.uid != uid:
            return  # stored with its case; the checklist shown is another case's
        self.checks.evidence_stored(key, sha)
        answer = self.checks.answers.get(key, {})
        if answer.get("result"):
            self._record_point(uid, key, answer["result"], answer.get("note", ""))

    def record_dated(self, facts: dict) -> None:
        if self.case is None:
            return
        uid, today = self.case.uid, queue.local_day(self.ctx.settings.tz())  # the station's day
        run_task(
            self, self._record_dated, uid, facts, today,
            on_success=lambda dated: self._dated_recorded(uid, dated),
            on_failure=self._failed, db_write=True,
        )  # fmt: skip

    def _record_dated(self, uid: str, facts: dict, today: date) -> dict:
        checklist.record_dated(self.store, self.ctx.session, uid, facts, today)
        return workflow.load(self.store, uid).data["checklist"]["dated"]

    def _dated_recorded(self, uid: str, dated: dict) -> None:
        if self.case is not None and self.case.uid == uid:
            self.checks.dated.show_remaining(dated)

    def finish_checklist(self) -> None:
        if self.case is None or self.checklist is None:
            return
        answers = self.checks.answers
        self.save_step("checklist", {"points": answers, "done": True})
