"""PyInstaller runtime hook: let a frozen station use the CJK font bundled beside it.

Runs before the app imports anything. A font chosen by the operator (``APPRAISER_CJK_FONT``)
still wins; otherwise label and report PDFs use the bundled face, so a Windows or Linux
station without Chinese fonts can still print Chinese.
"""

import os
import sys
from pathlib import Path

_bundled = Path(getattr(sys, "_MEIPASS", "")) / "resources" / "fonts"
if "APPRAISER_CJK_FONT" not in os.environ and _bundled.is_dir():
    for _font in sorted(_bundled.iterdir()):
        if _font.suffix.lower() in (".ttf", ".ttc"):
            os.environ["APPRAISER_CJK_FONT"] = str(_font)
            break
