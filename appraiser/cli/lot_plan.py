"""``appraiser lot plan --quantity N [--level II] --aql A [--state normal|tightened|reduced]
[--json]`` (DESIGN §3.1): the GB/T 2828.1 / ISO 2859-1 single sampling plan for a lot.

It reads nothing from the station, so it needs no sign-in. Every value is checked by
``appraiser.sampling`` (not by argparse), so bad input is one line naming the allowed values
and exit 2.
"""

from __future__ import annotations

import argparse

from appraiser.cli.common import EXIT_OK, emit_json
from appraiser.sampling import LEVELS, SEVERITIES, plan


def register(sub) -> None:
    """Nothing: ``lot`` is registered by ``appraiser.cli.lots``, which calls ``add_verbs``."""


def add_verbs(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "plan", help="the sampling plan for a lot: code letter, n, Ac, Re (no sign-in)"
    )
    parser.add_argument("--quantity", required=True, help="units in the lot (1 or more)")
    parser.add_argument("--level", default="II", help=f"inspection level: {', '.join(LEVELS)}")
    parser.add_argument("--aql", required=True, help="acceptance quality limit, e.g. 1.0")
    parser.add_argument("--state", default="normal", help=f"severity: {', '.join(SEVERITIES)}")
    parser.add_argument("--json", action="store_true", help="one JSON object (the contract)")
    parser.set_defaults(func=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    found = plan(args.quantity, args.level, args.aql, args.state)
    if args.json:
        emit_json(found.to_json())
    else:
        print(found.describe())
    return EXIT_OK
