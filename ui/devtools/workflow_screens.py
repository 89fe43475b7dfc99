"""Screens of the bench workflow, every step, for review.

Run ``python -m ui.devtools.workflow_screens OUT``.

Drives a real window on a throwaway demo station with the simulated camera (offscreen
works) and saves PNGs per language and size: queue, inbound import, intake (known and
unknown GTIN), capture, compare, checklist, verdict, signing, outcome, blind review.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from appraiser import checklists
from appraiser.capture.quality import GateResult
from appraiser.domain.enums import Role
from appraiser.services.admin import accounts, demo
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import intake, queue, scanning
from appraiser.services.casework import bench, capture, verdicts, workflow
from ui import i18n, main_window, style, tasks
from ui.app import Controller
from ui.pages.appraisal_page import AppraisalPage
from ui.pages.queue_page import QueuePage
from ui.pages.review_page import ReviewPage

SIZES = {"1920": (1920, 1080), "1366": (1366, 768)}
BAG = "8517510102312"
PASSWORD = "screens-password"
INBOUND = (
    "报关单号,商品条码,品牌,型号,数量,商家\n"
    f"223120261000000001,{BAG},AURELIA,FAMON51,2,上海环球贸易有限公司\n"
    "223120261000000001,9771330439082,KESTREL,ANKA60,1,上海环球贸易有限公司\n"
    "223120261000000002,7491766914787,TERRANOVA,POSHI66,6,宁波保税优选\n"
    "223120261000000003,5901234123458,Unknown,X1,1,宁波保税优选\n"
    "223120261000000004,,NoCode,X2,0,宁波保税优选\n"
)


def wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Run the event loop (never sleep: timers and callbacks keep flowing) until true."""
    if condition():
        return
    loop = QEventLoop()
    poll = QTimer(interval=2, timeout=lambda: loop.quit() if condition() else None)
    give_up = QTimer(singleShot=True, interval=int(timeout * 1000), timeout=loop.quit)
    poll.start()
    give_up.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("screen did not reach the expected state")


def settle() -> None:
    tasks.runner().wait_idle()
    for _ in range(10):
        QApplication.processEvents()


class Shooter:
    def __init__(self, out: Path, window: QWidget) -> None:
        self.out, self.window, self.count = out, window, 0

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        """The window (or a dialog) at both sizes."""
        for size, (width, height) in SIZES.items():
            self.window.resize(width, height)
            settle()
            target = widget or self.window
            self.count += 1
            path = self.out / f"{self.count:02d}-{name}-{size}.png"
            target.grab().save(str(path))
            print(path, file=sys.stderr)


def _users(station: Station) -> dict[str, accounts.Session]:
    made = {}
    for name, display, role in (("admin", "管理员", Role.ADMIN),
                                ("lina", "李娜", Role.APPRAISER),
                                ("chenwei", "陈伟", Role.APPRAISER)):  # fmt: skip
        accounts.create_user(station.store, name, display, role, PASSWORD, by=made.get("admin"))
        made[name] = accounts.check_password(station.store, name, PASSWORD)
    return made


def _shoot_required(station: Station, session, uid: str) -> int:
    """The stills capture needs before the case moves on: the claimed version's artwork."""
    case = workflow.load(station.store, uid)
    image = bench.item_artwork(station, case)
    gate = GateResult(True, (), {"sharpness": 1.0})
    views = checklists.load(case.category).required_views
    for view in views:
        capture.store_still(station.store, session, uid, view, image, gate)
    return len(views)


def _inconclusive_case(station: Station, session) -> None:
    day, tz = queue.local_day(station.settings.tz()), station.settings.tz()
    item, _ = queue.add_scan(station.store, session, day, scanning.parse("9771330439082"))
    known = intake.lookup(station.store, "9771330439082").fields()
    fields = {**known, "declaration_no": "223120261000000001", "merchant": "上海环球贸易有限公司"}
    code = station.settings.station_code
    uid = workflow.begin(station.store, session, code, tz, item, known["category"], fields)
    shot = _shoot_required(station, session, uid)
    workflow.save_step(station.store, session, uid, "capture", {"stills": shot})
    workflow.save_step(station.store, session, uid, "compare", {"reading": "deviates"})
    workflow.save_step(station.store, session, uid, "checklist", {"done": True})
    verdicts.sign(station.store, session, uid, "inconclusive", PASSWORD, leaning="counterfeit")


def run(out: Path, language: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(Path(tmp))
        station.settings = dataclasses.replace(station.settings, camera="simulated")
        demo.ensure_first_start(station)
        users = _users(station)
        _inconclusive_case(station, users["chenwei"])
        main_window.PAGES[:] = [QueuePage, AppraisalPage, ReviewPage] + [
            p for p in main_window.PAGES if p.key not in ("queue", "appraisal", "review")
        ]
        i18n.install(language)
        controller = Controller(station, Path(tmp) / "log")
        controller.signed_in(users["lina"])
        try:
            _walk(controller, station, Shooter(out, controller.window), Path(tmp))
        finally:
            controller.window.pages["appraisal"].capture.capture.shutdown()
            settle()
            station.close()


def shoot_view(page: AppraisalPage) -> None:
    """Press Space once and wait until the still is stored (or the gate refused it)."""
    widget, gates = page.capture.capture, []
    widget.gateChecked.connect(gates.append)
    before = len(page.capture.missing())
    widget.capture_still()
    wait(lambda: len(page.capture.missing()) < before or (gates and not gates[-1].passed))
    widget.gateChecked.disconnect(gates.append)


def _walk(controller: Controller, station: Station, shoot: Shooter, tmp: Path) -> None:
    window = controller.window
    window.show()
    page, queue_view = window.pages["appraisal"], window.pages["queue"]
    listing = tmp / "inbound.csv"
    listing.write_text(INBOUND, encoding="utf-8")
    dialog = queue_view.open_import()
    dialog.load(listing)
    wait(lambda: dialog.result is not None)
    shoot.shot("inbound-preview", dialog)
    dialog.commit()
    wait(lambda: queue_view.model.rowCount() == 4)
    queue_view.handle_code("5901234123458")
    shoot.shot("queue-bad-barcode")
    queue_view.handle_code("0109506000134352")
    wait(lambda: page.item is not None)
    shoot.shot("intake-unknown-gtin")
    queue_view.handle_code(BAG)
    wait(lambda: page.item is not None and page.intake.edits["brand"].text() == "AURELIA")
    shoot.shot("intake-known")
    page.intake.start.click()
    wait(lambda: page.case is not None and page.case.step == "capture")
    widget = page.capture.capture
    wait(lambda: widget.camera.running and widget.camera.latest_frame() is not None)
    for _ in range(3):
        shoot_view(page)
    shoot.shot("capture")
    while page.capture.missing():
        shoot_view(page)
    page.capture.next.click()
    wait(lambda: page.case.step == "compare" and page.compare.version.count() > 0)
    wait(lambda: page.compare.engine.result() is not None, timeout=60)
    shoot.shot("compare")
    page.compare.decide("consistent")
    wait(lambda: page.case.step == "checklist")
    rows = page.checks.table.rowCount()
    for row in range(rows - 3):
        page.checks.answer(row, "pass")
    page.checks.answer(rows - 3, "fail", "针脚间距不均")
    page.checks.answer(rows - 2, "na")
    settle()
    shoot.shot("checklist")
    page.checks.answer(rows - 1, "pass")
    settle()
    page.checks.next.click()
    wait(lambda: page.case.step == "verdict")
    page.verdict.choose("counterfeit", ["NOT_AUTHENTIC"], "针脚及五金刻字与正品不符")
    shoot.shot("verdict")
    page.verdict.choose("genuine", [], "")
    page.verdict.sign.click()
    wait(lambda: getattr(page, "sign_dialog", None) is not None)
    page.sign_dialog.password.setText(PASSWORD)
    shoot.shot("sign-dialog", page.sign_dialog)
    page.sign_dialog.submit()
    wait(lambda: page.outcome.serial is not None)
    wait(lambda: page.outcome.preview is None or page.outcome.preview.serial is not None)
    shoot.shot("outcome-genuine-label")
    page.next_item()
    queue_view.activated()
    shoot.shot("queue")
    _review(controller, station, shoot)


def _review(controller: Controller, station: Station, shoot: Shooter) -> None:
    controller.sign_out()
    session = accounts.check_password(station.store, "lina", PASSWORD)
    controller.signed_in(session)
    controller.window.show()
    controller.window.show_page("review")
    review = controller.window.pages["review"]
    wait(lambda: review.model.rowCount() == 1)
    review.open_case(review.model.row(0)["uid"])
    wait(lambda: review.uid is not None)
    shoot.shot("review-blind")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screens/workflow")
    languages = sys.argv[2:] or ["zh_CN"]
    app = QApplication.instance() or QApplication([])
    style.apply(app)
    for language in languages:
        run(out / language, language)


if __name__ == "__main__":
    main()
