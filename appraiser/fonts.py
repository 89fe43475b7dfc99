"""Find a TrueType font that can draw Chinese, for label and report PDFs and previews.

PDF base fonts have no CJK glyphs, so documents embed a subset of a system font. We look in
the usual font folders of Linux, Windows and macOS for faces known to cover Simplified
Chinese; ``APPRAISER_CJK_FONT`` (a ``.ttf``/``.ttc``/``.otf`` path) overrides the search.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from appraiser.errors import KnownError

ENV_VAR = "APPRAISER_CJK_FONT"
SAMPLE = "正品鉴别"

# File names (lower case) of CJK faces with TrueType outlines that reportlab can embed.
# Noto/Source Han OTFs use CFF outlines, which reportlab cannot embed, so they are last
# resorts only for Pillow previews and are not listed here.
_CANDIDATES = (
    "wqy-microhei.ttc", "wqy-zenhei.ttc", "droidsansfallbackfull.ttf", "droidsansfallback.ttf",
    "msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "deng.ttf", "simkai.ttf",
    "arialuni.ttf", "arial unicode.ttf", "stheiti medium.ttc", "stheiti light.ttc",
    "hiragino sans gb.ttc", "ukai.ttc", "uming.ttc", "arphic-ukai.ttc",
)  # fmt: skip


class FontMissingError(KnownError):
    title = "No Chinese font"
    hint = (
        "Install a Chinese TrueType font (Debian/Ubuntu: apt install fonts-wqy-microhei) or "
        f"point {ENV_VAR} at a .ttf/.ttc file."
    )


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # face inside a .ttc collection

    @property
    def name(self) -> str:
        return f"AppraiserCJK-{self.path.stem}-{self.index}"


def _font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            home / "Library/Fonts",
            Path("/System/Library/Fonts/Supplemental"),
        ]
    data_dirs = os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share").split(":")
    return [Path(d) / "fonts" for d in data_dirs] + [home / ".local/share/fonts", home / ".fonts"]


def _search() -> Path | None:
    wanted = {name: rank for rank, name in enumerate(_CANDIDATES)}
    best: tuple[int, Path] | None = None
    for folder in _font_dirs():
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            rank = wanted.get(path.name.lower())
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, path)
    return best[1] if best else None


@cache
def cjk_font() -> FontFile:
    """The CJK font to embed, or ``FontMissingError`` with what to install."""
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontMissingError(f"{ENV_VAR} names {path}, which is not a font file.")
        return FontFile(path)
    found = _search()
    if found is None:
        raise FontMissingError("No font that can print Chinese was found on this computer.")
    return FontFile(found)


def register_reportlab() -> str:
    """Register the CJK font with reportlab once; returns the font name for ``setFont``."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    font = cjk_font()
    if font.name not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(font.name, str(font.path), subfontIndex=font.index))
        except TTFError as exc:
            raise FontMissingError(f"The font {font.path} cannot be embedded: {exc}") from exc
    return font.name
