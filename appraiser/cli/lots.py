"""``appraiser lots`` and ``appraiser lot``: lots of an inbound line (issue 16).

``lots list [--date D] [--json]`` and ``lots show LOT [--json]`` read lots and need no
sign-in. ``lot …`` holds the commands about one lot or a plan: ``lot start LINE
[--category C] --user U`` plans a line whose category was not known at import (slice L2);
``lot plan`` (slice L1), ``lot decide|override`` (L3) and ``lot labels`` (L4) add their own
subparsers to ``register_lot``. The launcher routes a command by module name, so
``appraiser/cli/lot.py`` only hands ``lot`` to ``register_lot`` here.
"""

from __future__ import annotations

import argparse
from typing import Any

from appraiser.cli import lot_labels, lot_plan, lot_supplier, lots_supervision
from appraiser.cli.common import (
    DAY_HELP,
    EXIT_OK,
    add_user,
    emit_json,
    open_station,
    parse_day,
    read_password,
    sign_in,
)
from appraiser.labels import ids
from appraiser.services.admin.accounts import check_password
from appraiser.services.labelling import labels
from appraiser.services.lots import decisions, lot_quarantine, lot_review, lots, samples

_LIST_KEYS = (
    "uid", "day", "category", "gtin", "batch_lot", "merchant", "declaration_no", "quantity",
    "policy", "severity", "code_letter", "sample_size", "units", "appraised", "verdicts",
)  # fmt: skip


def register(sub) -> None:
    parser = sub.add_parser("lots", help="lots of inbound lines: list, show")
    commands = parser.add_subparsers(dest="lots_command", required=True)
    show_list = commands.add_parser("list", help="the lots of a day (default: all days)")
    show_list.add_argument("--date", help=f"the lots of this day: {DAY_HELP}")
    show_list.add_argument("--json", action="store_true", help="one JSON object per line")
    show_list.set_defaults(func=run_list)
    show = commands.add_parser("show", help="one lot: plan, seed, drawn units, results")
    show.add_argument("lot", help="the lot's id (LOT-…)")
    show.add_argument("--json", action="store_true", help="the lot as one JSON object")
    show.set_defaults(func=run_show)
    lots_supervision.add_verbs(commands)  # capacity, flags, acknowledge, report, scorecard (L5)


def register_lot(sub) -> argparse._SubParsersAction:
    """The ``lot`` command; returns its subparsers so other slices can add theirs."""
    parser = sub.add_parser("lot", help="one lot: start a pending lot's plan, …")
    commands = parser.add_subparsers(dest="lot_command", required=True)
    start = commands.add_parser("start", help="plan a line whose category was not known")
    start.add_argument("line", help="the queue line's item id (IT-…)")
    start.add_argument("--category", help="the line's category, when nothing names it yet")
    add_user(start, "who starts the lot (an appraiser or supervisor)")
    start.set_defaults(func=run_start)
    _register_decisions(commands)
    lot_plan.add_verbs(commands)  # lot plan (slice L1)
    lot_labels.add_verbs(commands)  # lot labels issue|print|status (L4)
    lot_supplier.add_verbs(commands)  # lot resume-supplier, approve-reduced (L7)
    return commands


def _register_decisions(commands) -> None:
    """``lot decide`` and ``lot override`` (slice L3): signed like verdicts, the password
    read once signs in and signs; the rule book (DESIGN §3.4) applies as in the GUI."""
    decide = commands.add_parser("decide", help="sign the lot's computed accept/reject")
    decide.add_argument("lot", help="the lot's id (LOT-…)")
    decide.add_argument("--json", action="store_true", help="the signed decision as JSON")
    add_user(decide, "who signs (an appraiser or supervisor)")
    decide.set_defaults(func=run_decide)
    override = commands.add_parser(
        "override", help="a supervisor's different decision (never on one's own lot)"
    )
    override.add_argument("lot", help="the lot's id (LOT-…)")
    override.add_argument("--decision", required=True, choices=["accept", "reject"])
    override.add_argument("--reason", required=True, help="why, for the record and audit")
    override.add_argument("--json", action="store_true", help="the signed decision as JSON")
    add_user(override, "the supervisor who signs the override")
    override.set_defaults(func=run_override)


def run_decide(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        password = read_password(args.user)
        session = check_password(station.store, args.user, password, purpose="cli")
        signed = decisions.decide(station, session, password, args.lot)
        shown = decisions.current(station.store, signed.lot_uid)
    finally:
        station.close()
    _print_decided(args, signed, shown)
    return EXIT_OK


def run_override(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        password = read_password(args.user)
        session = check_password(station.store, args.user, password, purpose="cli")
        signed = decisions.override(
            station, session, password, args.lot, args.decision, args.reason
        )
        shown = decisions.current(station.store, signed.lot_uid)
    finally:
        station.close()
    _print_decided(args, signed, shown)
    return EXIT_OK


def _print_decided(args: argparse.Namespace, signed, shown: dict[str, Any]) -> None:
    if args.json:
        emit_json({**shown, "quarantine": signed.quarantine_uid, "next_state": signed.next_state})
        return
    line = f"{signed.lot_uid}: {signed.decision} ({signed.kind}, {signed.uid})"
    if signed.quarantine_uid:
        held = signed.decision == "reject"
        line += f"; {'held in' if held else 'released from'} quarantine {signed.quarantine_uid}"
    if signed.next_state:
        line += f"; the supplier's next lot is inspected {signed.next_state}"
    print(line)


def run_list(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        day = parse_day(args.date, station.settings.tz()) if args.date else None
        rows = lots.list_lots(station.store, day)
    finally:
        station.close()
    for row in rows:
        if args.json:
            emit_json({k: row[k] for k in _LIST_KEYS})
        else:
            print(_line(row))
    if not rows and not args.json:
        print("No lots.")
    return EXIT_OK


def _line(row: dict[str, Any]) -> str:
    what = " ".join(str(row[k]) for k in ("uid", "day", "category") if row[k])
    product = row["gtin"] or "-"
    if row["policy"] == "sampling":
        done = f"{row['appraised']} of {row['sample_size']} sampled units appraised"
    else:
        done = f"{row['appraised']} of {row['quantity']} units appraised (every unit)"
    return f"{what}  {product} ×{row['quantity']}  {done}"


def run_show(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        shown = details(station.store, args.lot)
    finally:
        station.close()
    if args.json:
        emit_json(shown)
    else:
        print(_text(shown))
    return EXIT_OK


def details(store, lot_uid: str) -> dict[str, Any]:
    """The lot, its units with their results and, once slice L3 has one, its decision."""
    lot = lots.get(store, lot_uid)
    units = _with_labels(store, lot["uid"], samples.units(store, lot["uid"]))
    lot.update(samples.progress(units), units=units, decision=_decision(store, lot["uid"]))
    lot["review"] = lot_review.open_review(store, lot["uid"])  # an amended unit (slice L7)
    held = lot_quarantine.state(store, lot["uid"])
    lot["quarantine"] = (
        {k: held[k] for k in ("uid", "action", "units", "created")} if held else None
    )
    lot["redraw"] = (
        f"random.Random(int('{lot['seed']}', 16)).sample(range(1, {lot['quantity']} + 1), "
        f"{min(lot['sample_size'], lot['quantity'])})"
        if lot["seed"]
        else None
    )
    return lot


def _with_labels(store, lot_uid: str, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each unit's lot unit label (issue 16 finding 4): ``label_serial`` (grouped) of its
    newest one and ``label_state`` (issued, printed, …, revoked), None when it has none.
    The item's own serial number (a maker's, rarely known for a lot unit) is
    ``item_serial``: the former ``serial`` key read like a missing label (finding N8)."""
    newest = {
        row["unit_no"]: row["serial"]
        for row in store.query(
            "SELECT unit_no, serial FROM lot_unit_labels WHERE lot_uid = ? ORDER BY id",
            (lot_uid,),
        )
    }
    for unit in units:
        unit["item_serial"] = unit.pop("serial", None)
        serial = newest.get(unit["unit_no"])  # an every-unit lot has none: own labels
        unit["label_serial"] = ids.group(serial) if serial else None
        unit["label_state"] = labels.state_of(store, serial) if serial else None
    return units


def _decision(store, lot_uid: str) -> dict[str, Any] | None:
    """The decision in force, read from the rows (no later decision supersedes it)."""
    return store.one(
        "SELECT uid, decision, kind, signed_by, signed_at, reason FROM lot_decisions d "
        "WHERE lot_uid = ? AND NOT EXISTS (SELECT 1 FROM lot_decisions later "
        "WHERE later.supersedes = d.id) ORDER BY id DESC LIMIT 1",
        (lot_uid,),
    )


def _text(lot: dict[str, Any]) -> str:
    head = [
        f"Lot {lot['uid']} ({lot['day']}): {lot['category']}, GTIN {lot['gtin'] or '-'}, "
        f"batch {lot['batch_lot'] or '-'}, {lot['quantity']} units, "
        f"{lot['units_per_carton']} per carton",
        f"Merchant {lot['merchant'] or '-'}, declaration {lot['declaration_no'] or '-'}",
    ]
    if lot["policy"] == "sampling":
        head.append(
            f"Sampling: level {lot['level']}, {lot['severity']}, code letter "
            f"{lot['code_letter']}, n = {lot['sample_size']}; seed {lot['seed']}"
        )
        head += [
            f"  {name}: AQL {p['aql']}, n {p['n']}, Ac {p['ac']}, Re {p['re']}"
            for name, p in lot["plan"].items()
        ]
    else:
        head.append("Every unit is appraised.")
    head.append(_progress(lot))
    head += [_unit_line(u) for u in lot["units"]]
    decision = lot["decision"]
    head.append(
        f"Decision: {decision['decision']} ({decision['kind']}, {decision['signed_at']})"
        if decision
        else "Decision: none yet"
    )
    if lot.get("review"):
        head.append(f"Decision {lot_review.describe(lot['review'])}")
    held = lot.get("quarantine")
    if held:  # the warehouse's instruction for the whole lot, on a line of its own
        head.append(f"Quarantine: {held['action']} ({held['uid']}, {held['units']:,} units)")
    return "\n".join(head)


def _progress(lot: dict[str, Any]) -> str:
    """What is true of the units (issue 16 finding 8: an every-unit lot of 1,000,000 read
    "0 of 1 units listed"): a sampled lot lists its drawn units by carton position; an
    every-unit lot lists only the units taken so far, in the order taken (any unit will
    do, so they have no position)."""
    listed, total = len(lot["units"]), lot["quantity"]
    if lot["policy"] == "sampling":
        return (f"Appraised: {lot['appraised']} of {listed} drawn units "
                f"(a sample of {total:,}); positions: carton, unit in carton")  # fmt: skip
    return (f"Appraised: {lot['appraised']} of {total:,} units; {listed:,} of {total:,} "
            "taken so far, in the order taken (no carton position: take any unit)")  # fmt: skip


def _unit_line(unit: dict[str, Any]) -> str:
    where = unit["position"] or "taken in this order"
    result = unit["verdict"] or unit["state"] or "not started"
    line = f"  unit {unit['unit_no']:>6}  {where:<22} {unit['item_uid']}  {result:<14}"
    if unit.get("label_serial"):
        line += f"  label {unit['label_serial']} {unit['label_state']}"
    return line.rstrip()


def run_start(args: argparse.Namespace) -> int:
    station = open_station(args)
    try:
        session = sign_in(station, args)
        lot = lots.start(station.store, session, args.line, args.category)
    finally:
        station.close()
    size = lot["sample_size"]
    print(f"{lot['uid']}: {lot['policy']}, {size} of {lot['quantity']} units to appraise.")
    return EXIT_OK
