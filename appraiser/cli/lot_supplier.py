"""``appraiser lot resume-supplier`` and ``appraiser lot approve-reduced`` (issue 16 L7): a
supervisor's steps in a supplier's switching record that no lot decision takes by itself
(``appraiser.services.lots.supplier``). ``appraiser.cli.lots.register_lot`` adds them with
``add_verbs``; this module's own ``register`` adds nothing.
"""

from __future__ import annotations

import argparse

from appraiser.cli.common import EXIT_OK, add_user, emit_json, open_station, sign_in
from appraiser.services.lots import supplier


def register(sub) -> None:
    """Nothing: ``lot`` is registered by ``appraiser.cli.lots``, which calls ``add_verbs``."""


def _product(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--merchant", required=True, help="the merchant, as on its lots")
    parser.add_argument("--gtin", required=True, help="the product's GTIN (8 to 14 digits)")
    parser.add_argument("--json", action="store_true", help="the new switching state as JSON")


def add_verbs(commands: argparse._SubParsersAction) -> None:
    resume = commands.add_parser(
        "resume-supplier",
        help="after a discontinued supplier's corrective action: inspect at tightened",
    )
    _product(resume)
    resume.add_argument("--reason", required=True, help="the corrective action, for the record")
    add_user(resume, "the supervisor who records it")
    resume.set_defaults(func=run_resume)
    approve = commands.add_parser(
        "approve-reduced",
        help="approve reduced inspection for a supplier on normal inspection",
    )
    _product(approve)
    add_user(approve, "the supervisor who approves")
    approve.set_defaults(func=run_approve)


def run_resume(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        step = supplier.resume(station.store, session, args.merchant, args.gtin, args.reason)
    finally:
        station.close()
    _print(args, step)
    return EXIT_OK


def run_approve(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        step = supplier.approve_reduced(station.store, session, args.merchant, args.gtin)
    finally:
        station.close()
    _print(args, step)
    return EXIT_OK


def _print(args: argparse.Namespace, step) -> None:
    if args.json:
        emit_json({"merchant": args.merchant.strip(), "gtin": args.gtin.strip(),
                   "state": step.state, "reason": step.reason})  # fmt: skip
    else:
        print(f"{args.merchant.strip()} / {args.gtin.strip()}: {step.reason}; "
              f"the next lot is inspected {step.state}.")  # fmt: skip
