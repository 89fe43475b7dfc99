"""What goes on one label, and the geometry every renderer shares (QR matrix, text fit).

Text is fitted once here and drawn the same way by the PDF, PNG and ZPL renderers. Chinese
must stay legible on a 203 dpi thermal print: an ideograph below ~2.5 mm is a blot of
dots, so text with Chinese never shrinks below that; a long line wraps onto the lines its
box allows before it is cut with an ellipsis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from urllib.parse import urlsplit

import numpy as np
from PIL import ImageFont
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from appraiser import fonts
from appraiser.labels import ids, qr
from appraiser.labels.layouts import PT_PER_MM, TextSpec

MARK_ZH = "正品鉴别"
MARK_EN = "Authenticated"
ELLIPSIS = "…"
# A line of text may use at most this share of its box height (ascent + descent) ...
FILL = 0.96
# ... and lines follow each other at this many em.
LINE_PITCH = 1.05
CJK_MIN_MM = 2.5  # smallest ink height of a Chinese character on a label
_CJK_SAFETY_MM = 0.25  # hinted 1-bit glyphs at 203 dpi come out up to ~2 dots shorter
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_HAS_CJK = re.compile(f"[{_CJK}]")
_TOKENS = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+|\\s+")


@dataclass(frozen=True)
class LabelContent:
    payload: str
    serial: str  # compact form
    date: str  # YYYY-MM-DD as printed
    station: str
    brand_model: str = ""

    def text(self, field: str) -> str:
        return {
            "mark_zh": MARK_ZH,
            "mark_en": MARK_EN,
            "serial": ids.group(self.serial),
            "date": self.date,
            "station": self.station,
            "brand_model": self.brand_model,
        }[field]


PREVIEW_PATH = "/preview-not-a-label/"


def preview_of(content: LabelContent) -> LabelContent:
    """The same label for a screen (or Qt's print preview, which can print): its QR points
    at a "not a label" address of the same length, so the symbol keeps its size and the
    preview its look, but nothing on it verifies (issue 14 finding 3: a render of a live
    label is a print, and only a recorded print carries the signed payload)."""
    host = urlsplit(content.payload).hostname or "preview.invalid"
    head = f"https://{host}{PREVIEW_PATH}"
    return replace(content, payload=head + "0" * max(0, len(content.payload) - len(head)))


def qr_matrix(payload: str) -> np.ndarray:
    """Dark modules (True) of the payload's QR symbol, no quiet zone (see ``labels.qr``)."""
    return qr.matrix(payload)


def dark_runs(matrix: np.ndarray) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length): fewer shapes to draw."""
    padded = np.pad(matrix.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    # Row-major, so each row's starts and ends pair up in order (vectorised: issue 16 lots).
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    return list(zip(rows.tolist(), starts.tolist(), (ends - starts).tolist(), strict=True))


def has_cjk(text: str) -> bool:
    return bool(_HAS_CJK.search(text))


def fit_text(text: str, spec: TextSpec, font_name: str) -> tuple[str, float]:
    """One line: the largest size up to ``spec.size`` at which ``text`` fits its box; below
    the minimum size the text is cut with an ellipsis instead of shrinking further."""
    floor = _floor(text, spec, font_name)
    size = min(max(spec.size, floor), max_size(spec, 1, font_name))
    natural = stringWidth(text, font_name, size)
    width_pt = spec.box.w * PT_PER_MM
    if natural > width_pt:
        size = max(floor, size * width_pt / natural * 0.999)  # float slack
    return _cut(text, width_pt, font_name, size), size


def fit_lines(text: str, spec: TextSpec, font_name: str) -> tuple[list[str], float]:
    """Up to ``spec.lines`` lines at the largest size that shows all of ``text`` (more
    lines when that makes the text bigger), never below the legible floor; if even that
    fails, the last line ends with an ellipsis."""
    line, size = fit_text(text, spec, font_name)
    if not text or spec.lines == 1:
        return ([line] if line else []), size
    best = ([line], size) if line == text else None
    floor = _floor(text, spec, font_name)
    width_pt = spec.box.w * PT_PER_MM
    for count in range(2, spec.lines + 1):
        candidate = min(max(spec.size, floor), max_size(spec, count, font_name))
        while candidate >= floor and (best is None or candidate > best[1]):
            lines = wrap(text, width_pt, font_name, candidate)
            if len(lines) <= count:
                best = (lines, candidate)
                break
            candidate -= 0.25
    return best or _cut_lines(text, spec, font_name, floor)


def _cut_lines(text: str, spec: TextSpec, font_name: str, size: float) -> tuple[list[str], float]:
    """As many lines as fit at ``size``, the last one cut with an ellipsis."""
    count = max(n for n in range(1, spec.lines + 1) if max_size(spec, n, font_name) >= size)
    width_pt = spec.box.w * PT_PER_MM
    lines = wrap(text, width_pt, font_name, size)
    if len(lines) > count:
        last = _cut(lines[count - 1] + ELLIPSIS, width_pt, font_name, size)
        lines = [*lines[: count - 1], last]
    return lines, size


def _cut(text: str, width_pt: float, font_name: str, size: float) -> str:
    while text and stringWidth(text, font_name, size) > width_pt:
        text = text[:-2].rstrip() + ELLIPSIS if len(text) > 1 else ""
    return text


def max_size(spec: TextSpec, lines: int, font_name: str) -> float:
    """The largest point size at which ``lines`` lines fit the box height."""
    ascent, descent = _vertical(font_name)
    return FILL * spec.box.h * PT_PER_MM / (ascent - descent + (lines - 1) * LINE_PITCH)


def _floor(text: str, spec: TextSpec, font_name: str) -> float:
    """Smallest size for ``text``: the layout's minimum, raised for Chinese to the size at
    which its characters are ``CJK_MIN_MM`` tall (but never above what one line allows)."""
    floor = spec.min_size
    if has_cjk(text):
        floor = max(floor, (CJK_MIN_MM + _CJK_SAFETY_MM) * PT_PER_MM / cjk_ink_em())
    return min(floor, max_size(spec, 1, font_name))


@cache
def cjk_ink_em() -> float:
    """Ink height of Chinese characters per em in our CJK font (measured, since fonts
    differ: about 0.85)."""
    found = fonts.cjk_font()
    face = ImageFont.truetype(str(found.path), 200, index=found.index)
    top, bottom = face.getmask("鉴品别正", mode="L").getbbox()[1::2]
    return (bottom - top) / 200


def wrap(text: str, width_pt: float, font_name: str, size: float) -> list[str]:
    """Greedy line breaks: between words, and between any two Chinese characters."""
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if stringWidth(line + token, font_name, size) <= width_pt:
            line += token
        elif token.isspace():
            lines.append(line.rstrip())
            line = ""
        elif stringWidth(token, font_name, size) <= width_pt:
            lines.append(line.rstrip())
            line = token
        else:  # a word longer than the line: break it anywhere
            for char in token:
                if line and stringWidth(line + char, font_name, size) > width_pt:
                    lines.append(line.rstrip())
                    line = ""
                line += char
    lines.append(line.rstrip())
    return [ln for ln in lines if ln]


def _vertical(font_name: str) -> tuple[float, float]:
    face = getFont(font_name).face
    return face.ascent / 1000, face.descent / 1000  # descent is negative


def baselines_mm(spec: TextSpec, size_pt: float, font_name: str, count: int) -> list[float]:
    """Baselines (mm from the top) of ``count`` lines whose ascent-to-descent block is
    centred in the box."""
    ascent, descent = _vertical(font_name)
    em = size_pt / PT_PER_MM
    block = (ascent - descent + (count - 1) * LINE_PITCH) * em
    first = spec.box.y + (spec.box.h - block) / 2 + ascent * em
    return [first + i * LINE_PITCH * em for i in range(count)]


def baseline_mm(spec: TextSpec, size_pt: float, font_name: str) -> float:
    """Baseline (mm from the top) that centres one line in the box."""
    return baselines_mm(spec, size_pt, font_name, 1)[0]


def aligned_x(spec: TextSpec, text_width_mm: float) -> float:
    """Left edge (mm) of a line of the given width inside its box."""
    if spec.align == "center":
        return spec.box.x + (spec.box.w - text_width_mm) / 2
    if spec.align == "right":
        return spec.box.x + spec.box.w - text_width_mm
    return spec.box.x
