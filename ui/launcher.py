"""The ``appraiser`` console script: the GUI for ``appraiser`` / ``appraiser gui``, the
core CLI for everything else. It lives in ``ui`` because only ``ui`` may import Qt; it
imports Qt only when the GUI is asked for, so CLI runs stay light.

A core command is a module of ``appraiser.cli`` named like the command (``audit.py``
registers ``audit``); anything else, including ``gui`` and GUI options, goes to the GUI.
"""

from __future__ import annotations

import pkgutil
import sys

import appraiser.cli as cli_package

_NOT_COMMANDS = {"main", "common"}
# Modules whose verbs hang under another command (their ``register`` adds nothing).
_NOT_COMMANDS |= {"server_export"}  # `appraiser server export|add-supervisor|public-key`
_NOT_COMMANDS |= {"lot_plan", "lot_labels", "lot_supplier"}  # `appraiser lot plan|labels|…`
_NOT_COMMANDS |= {"lots_supervision"}  # `appraiser lots capacity|flags|report|scorecard`


def core_commands() -> set[str]:
    """Each CLI module is one command; ``report_archive.py`` is ``report-archive``."""
    names = {m.name for m in pkgutil.iter_modules(cli_package.__path__)} - _NOT_COMMANDS
    return {name.replace("_", "-") for name in names}


def first_word(argv: list[str]) -> str | None:
    """The first positional argument, skipping the value of ``--data-dir``."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--data-dir":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if first_word(argv) in core_commands() or argv[:1] in (["--help"], ["-h"], ["--version"]):
        from appraiser.cli.main import main as cli_main

        return cli_main(argv)
    from ui.app import main as gui_main

    return gui_main([a for a in argv if a != "gui"])
