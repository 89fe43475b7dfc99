"""``appraiser audit verify``: re-walk the hash chain, hold it against the signed checkpoint
log (``<data>/audit/checkpoints.jsonl``), compare the audited rows and the triggers, and name
what differs ("audit events 7–12 were erased", "trigger audit_events_no_delete is missing").
Exit 1 on any problem; notes (a transaction that never committed) go to stderr."""

from __future__ import annotations

import argparse

from appraiser.cli.common import EXIT_FAILED, EXIT_OK, emit_json, open_station, progress


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="check the audit trail")
    verbs = audit.add_subparsers(dest="verb", required=True)
    verify = verbs.add_parser(
        "verify", help="check the audit chain against its signed checkpoints, rows and triggers"
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        report = station.store.verify_audit()
    finally:
        station.close()
    if args.json:
        emit_json(
            {
                "ok": report.ok,
                "events": report.events,
                "rows": report.rows,
                "checkpoints": report.checkpoints,
                "first_broken_event": report.first_broken_seq,
                "problems": report.problems,
                "notes": report.notes,
            }
        )
        return EXIT_OK if report.ok else EXIT_FAILED
    for note in report.notes:
        progress(f"note: {note}")
    if report.ok:
        print(
            f"audit chain intact: {report.events} events, {report.rows} audited rows, "
            f"{report.checkpoints} signed checkpoints"
        )
    else:
        for problem in report.problems[:20]:
            progress(problem)
        print(f"audit verify FAILED: {report.problems[0]}")
    return EXIT_OK if report.ok else EXIT_FAILED
