"""``appraiser lot …``: the launcher routes a command by its module's name, so this module
only hands ``lot`` to ``appraiser.cli.lots.register_lot``, where every ``lot`` subcommand
(start, plan, decide, override, labels) lives beside ``lots list|show``."""

from __future__ import annotations

from appraiser.cli.lots import register_lot


def register(sub) -> None:
    register_lot(sub)
