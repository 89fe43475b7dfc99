"""The fonts Debian ships, by family, for the synthetic worlds.

Each world names the families it prints with; :func:`font` finds the file through a fixed
table of Debian paths (fonts-dejavu-core, fonts-urw-base35, fonts-noto-cjk,
fonts-wqy-microhei, fonts-liberation2 when present) and falls back to the next family
of the same kind, so a world renders on any Debian with those packages. The table is
fixed (not ``fc-list`` order) so that a seed draws the same artwork on every machine
with the same packages.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

# family -> (file, index inside a .ttc)
_FILES: dict[str, tuple[str, int]] = {
    "DejaVu Sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    "DejaVu Sans Bold": ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0),
    "DejaVu Sans Condensed": ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", 0),
    "DejaVu Serif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
    "DejaVu Serif Italic": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf", 0),
    "DejaVu Sans Mono": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0),
    "Nimbus Sans": ("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf", 0),
    "Nimbus Sans Bold": ("/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf", 0),
    "Nimbus Sans Narrow": ("/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Bold.otf", 0),
    "Nimbus Roman": ("/usr/share/fonts/opentype/urw-base35/NimbusRoman-Regular.otf", 0),
    "Nimbus Roman Italic": ("/usr/share/fonts/opentype/urw-base35/NimbusRoman-Italic.otf", 0),
    "Nimbus Mono": ("/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf", 0),
    "C059": ("/usr/share/fonts/opentype/urw-base35/C059-Roman.otf", 0),
    "C059 Bold": ("/usr/share/fonts/opentype/urw-base35/C059-Bold.otf", 0),
    "P052": ("/usr/share/fonts/opentype/urw-base35/P052-Roman.otf", 0),
    "P052 Italic": ("/usr/share/fonts/opentype/urw-base35/P052-Italic.otf", 0),
    "URW Bookman": ("/usr/share/fonts/opentype/urw-base35/URWBookman-Light.otf", 0),
    "URW Gothic": ("/usr/share/fonts/opentype/urw-base35/URWGothic-Book.otf", 0),
    "URW Gothic Demi": ("/usr/share/fonts/opentype/urw-base35/URWGothic-Demi.otf", 0),
    "Z003": ("/usr/share/fonts/opentype/urw-base35/Z003-MediumItalic.otf", 0),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", 0),
    "Liberation Serif": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 0),
    "Noto Sans CJK SC": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "Noto Sans CJK SC Bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "Noto Sans CJK JP": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    "Noto Sans CJK KR": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
    "Noto Serif CJK SC": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "Noto Serif CJK SC Bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "WenQuanYi Micro Hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
}
# When a family is missing, these stand in (same kind: serif, sans, CJK, mono).
_FALLBACK = {
    "serif": ("DejaVu Serif", "Nimbus Roman", "C059"),
    "sans": ("DejaVu Sans", "Nimbus Sans", "Liberation Sans"),
    "mono": ("DejaVu Sans Mono", "Nimbus Mono"),
    "cjk": ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC"),
}


def _kind(family: str) -> str:
    if "CJK" in family or "WenQuanYi" in family:
        return "cjk"
    if "Mono" in family:
        return "mono"
    serif = ("Serif", "Roman", "C059", "P052", "Bookman", "Z003")
    return "serif" if any(s in family for s in serif) else "sans"


def available(family: str) -> bool:
    entry = _FILES.get(family)
    return entry is not None and Path(entry[0]).is_file()


def resolve(family: str) -> str:
    """The family that will really be used for ``family`` on this machine."""
    if available(family):
        return family
    for other in _FALLBACK[_kind(family)]:
        if available(other):
            return other
    raise FileNotFoundError(
        f"no font for {family!r}: install fonts-dejavu-core, fonts-urw-base35, "
        "fonts-noto-cjk and fonts-wqy-microhei"
    )


@lru_cache(maxsize=512)
def font(family: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = _FILES[resolve(family)]
    return ImageFont.truetype(path, max(4, int(size)), index=index)


def installed() -> list[str]:
    """Every family of the table present here (the bench prints it)."""
    return [f for f in _FILES if available(f)]
