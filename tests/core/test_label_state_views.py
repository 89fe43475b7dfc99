"""Every view of a day follows the label's state and the meaning of its figures (issue 14,
slice K): after a supervisor amends a genuine verdict away from genuine, its revoked label
is neither outstanding nor shown as the item's live label, an amendment is no review
decision, and an amendment to inconclusive sends the case to blind review."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from appraiser.clock import utcnow
from appraiser.errors import PermissionDenied
from appraiser.reports.csv_export import raw_value
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, verdicts, workflow
from appraiser.services.labelling import labels
from appraiser.services.records import dashboard, exports

TZ = ZoneInfo("Asia/Shanghai")
REASON = "Stitching wrong on a second look"


@pytest.fixture
def labelled(station, appraiser_session, password) -> tuple[str, str]:
    """A queued item signed genuine by an appraiser, its label issued: (uid, serial)."""
    day = queue.local_day(TZ)
    item, _ = queue.add_scan(station.store, appraiser_session, day, scanning.parse("5901234123457"))
    uid = workflow.begin(station.store, appraiser_session, "BW-01", TZ, item, "bags")
    verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    serial = labels.issue(station, appraiser_session, uid).serial
    return uid, serial


def _amend(station, supervisor, password, uid: str, verdict: str) -> verdicts.Signed:
    codes = ["NOT_AUTHENTIC"] if verdict == "counterfeit" else None
    return verdicts.amend(
        station.store, supervisor, uid, verdict, password, REASON, reason_codes=codes
    )


def _board(station, session) -> dashboard.Dashboard:
    return dashboard.load(station, session, queue.local_day(TZ))


def test_a_revoked_label_is_not_outstanding(station, labelled, supervisor, password):
    """issue 14 finding 1 (dashboard): "labels issued, not yet applied" still counted the
    label an amendment had revoked."""
    assert _board(station, supervisor).figures.labels.outstanding == 1
    _amend(station, supervisor, password, labelled[0], "counterfeit")
    figures = _board(station, supervisor).figures.labels
    assert (figures.issued, figures.revoked, figures.outstanding) == (1, 1, 0)
    assert figures.printed_not_applied == 0


def test_an_amendment_is_no_review_decision(station, labelled, supervisor, password):
    """issue 14 finding 1 (dashboard): "review disagreement" went from 1/1 to 2/2 after an
    amendment: a supervisor's amendment was counted as a blind review that disagreed."""
    _amend(station, supervisor, password, labelled[0], "counterfeit")
    figures = _board(station, supervisor).figures
    assert (figures.disagreements, figures.multi_decided) == (0, 0)
    assert figures.amendments == 1
    assert figures.as_dict()["amendments"] == 1


def test_the_day_lists_say_a_label_is_revoked(station, labelled, supervisor, password):
    """issue 14 finding 2: the Today queue, `appraisals list` and the daily log showed the
    revoked serial next to "counterfeit" as if it were the item's label."""
    uid, serial = labelled
    day = queue.local_day(TZ)
    (row,) = queue.list_day(station.store, day, TZ)
    assert (row["label_serial"], row["label_state"]) == (serial, "issued")
    _amend(station, supervisor, password, uid, "counterfeit")
    (row,) = queue.list_day(station.store, day, TZ)
    assert (row["verdict"], row["label_serial"], row["label_state"]) == (
        "counterfeit", serial, "revoked",
    )  # fmt: skip
    (listed,) = appraisals.list_for_day(station.store, day, TZ)
    assert (listed["label_serial"], listed["label_state"]) == (serial, "revoked")


def test_the_daily_csv_carries_the_label_state(station, labelled, supervisor, password, tmp_path):
    """issue 14 finding 2 (exports): the label serial column had no state beside it."""
    _amend(station, supervisor, password, labelled[0], "counterfeit")
    out = tmp_path / "day.csv"
    exports.export_daily(station, supervisor, queue.local_day(TZ), "csv", out, lang="en")
    with open(out, encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert raw_value(row["Label state"]) == "Revoked"
    out_zh = tmp_path / "day-zh.csv"
    exports.export_daily(station, supervisor, queue.local_day(TZ), "csv", out_zh, lang="zh_CN")
    with open(out_zh, encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["标签状态"] == "已撤销"


def test_appraisals_list_json_has_the_label_state(station, labelled, supervisor, password, capsys):
    """issue 14 finding 2 (CLI): `appraisals list --json` gave `label_serial` alone."""
    from appraiser.cli.main import main

    _amend(station, supervisor, password, labelled[0], "counterfeit")
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "appraisals", "list", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["label_state"] == "revoked"


def test_an_amendment_to_inconclusive_goes_to_blind_review(
    station, labelled, supervisor, second_appraiser, appraiser_session, password, admin
):
    """issue 14 finding 3: amending to inconclusive left the case "done", out of every
    review queue; it now awaits blind review like a signed inconclusive verdict, and neither
    the amending supervisor nor the first signer may review it."""
    uid, _serial = labelled
    signed = _amend(station, supervisor, password, uid, "inconclusive")
    assert signed.state == "awaiting_review"
    assert appraisals.current(station.store, uid)["state"] == "awaiting_review"
    assert [r["uid"] for r in verdicts.review_queue(station.store, second_appraiser)] == [uid]
    assert verdicts.review_queue(station.store, supervisor) == []
    assert verdicts.review_queue(station.store, appraiser_session) == []
    for who in (supervisor, appraiser_session):
        with pytest.raises(PermissionDenied):
            verdicts.blind_view(station.store, who, uid)
    view = verdicts.blind_view(station.store, second_appraiser, uid)
    assert "verdict" not in view["data"]
    decided = verdicts.review(station.store, second_appraiser, uid, "genuine", password)
    assert decided.state == "done"


def test_the_first_signer_cannot_sign_the_review_directly(
    station, labelled, supervisor, appraiser_session, password
):
    """issue 14 finding 3: the service under the review page refuses the first signer too,
    not only the amending supervisor."""
    uid, _serial = labelled
    _amend(station, supervisor, password, uid, "inconclusive")
    for who in (appraiser_session, supervisor):
        with pytest.raises(PermissionDenied, match="second appraiser"):
            appraisals.sign_verdict(station.store, who, uid, "genuine", password)
    assert appraisals.current_verdict(station.store, uid)["verdict"] == "inconclusive"


def test_an_amendment_is_not_the_appraisers_bench_time(
    station, labelled, supervisor, password, monkeypatch
):
    """issue 14 finding 1 (dashboard, seen under Xvfb): "items per appraiser-hour" fell after
    an amendment, because the appraiser's busy span ran up to the supervisor's signature."""
    before = {a.username: a.hours for a in _board(station, supervisor).figures.appraisers}
    later = (utcnow() + timedelta(minutes=90)).isoformat(timespec="milliseconds")
    monkeypatch.setattr(appraisals, "now_iso", lambda: later.replace("+00:00", "Z"))
    _amend(station, supervisor, password, labelled[0], "counterfeit")
    after = {a.username: a.hours for a in _board(station, supervisor).figures.appraisers}
    assert after == before
