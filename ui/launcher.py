"""The ``appraiser`` console script: the GUI for ``appraiser`` / ``appraiser gui``, the
core CLI for everything else. It lives in ``ui`` because only ``ui`` may import Qt; it
imports Qt only when the GUI is asked for, so CLI runs stay light."""

from __future__ import annotations

import sys


def _wants_gui(argv: list[str]) -> bool:
    words = [
        a
        for i, a in enumerate(argv)
        if not a.startswith("-") and (i == 0 or argv[i - 1] != "--data-dir")
    ]
    return not words or words[0] == "gui"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        from ui.app import main as gui_main

        return gui_main([a for a in argv if a != "gui"])
    from appraiser.cli.main import main as cli_main

    return cli_main(argv)
