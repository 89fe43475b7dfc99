"""The system tools the tests use as independent judges, installed by the project's set-up.

Tests never install anything: ``python3 bootstrap.py test`` installs these Debian packages
in one announced step (``bootstrap.TEST_PACKAGES``). A test that finds one missing fails
and names the command that installs it.
"""

from __future__ import annotations

import shutil

# tool → the Debian package that ships it
PACKAGES = {
    "ffprobe": "ffmpeg",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "cupsd": "cups",
    "lp": "cups-client",
    "gs": "ghostscript",
    "zbarimg": "zbar-tools",
}


def require(tool: str) -> str:
    """The path of ``tool``; a clear failure (never a silent install) when it is missing."""
    found = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
    assert found, (
        f"{tool} is missing (Debian package {PACKAGES.get(tool, tool)}): "
        "run `python3 bootstrap.py test`, which installs the test tools"
    )
    return found
