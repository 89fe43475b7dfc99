"""Labels as native ZPL II for Zebra-compatible thermal printers (203 or 300 dpi).

Each label is one ``^XA … ^XZ`` format, so a batch can be streamed and the printer only
prints a label once its ``^XZ`` has arrived. The QR is the printer's own ``^BQ`` (model 2,
level M) at the largest whole-dot magnification that fits the layout's QR box. ASCII text
uses the resident scalable font ``^A0`` under ``^CI28`` (UTF-8); text with Chinese (the
service mark "正品鉴别", Chinese brand names) is sent as a ``^GFA`` bitmap drawn from our CJK
font, because most printers outside China carry no CJK font.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, ImageDraw
from reportlab.pdfbase.pdfmetrics import stringWidth

from appraiser import fonts
from appraiser.errors import InvalidInput
from appraiser.labels import png
from appraiser.labels.content import LabelContent, baseline_mm, fit_text, qr_matrix
from appraiser.labels.layouts import PT_PER_MM, Layout, TextSpec, mm_to_dots

DPIS = (203, 300)
MAX_MAGNIFICATION = 10
_ESCAPES = str.maketrans({"\\": "\\5C", "^": "\\5E", "~": "\\7E"})
_JUSTIFY = {"left": "L", "center": "C", "right": "R"}
ZPL_TEXT_FONT = "Helvetica"  # metrics close to the resident ^A0 font, used to fit text


@dataclass(frozen=True)
class QrPlacement:
    x: int
    y: int
    magnification: int
    modules: int

    @property
    def size(self) -> int:
        return self.magnification * self.modules


def field_data(text: str) -> str:
    """Text for ``^FH\\^FD``: the ZPL command prefixes become hex escapes."""
    return text.translate(_ESCAPES)


def qr_placement(layout: Layout, payload: str, dpi: int) -> QrPlacement:
    """Whole-dot modules, quiet zone included in the box, symbol centred in it."""
    modules = qr_matrix(payload).shape[0]
    box = layout.qr.box
    box_dots = mm_to_dots(box.w, dpi)
    magnification = min(MAX_MAGNIFICATION, box_dots // (modules + 2 * layout.qr.quiet))
    if magnification < 2:
        raise InvalidInput(f"The QR code does not fit the {layout.title} stock at {dpi} dpi.")
    offset = (box_dots - magnification * modules) // 2
    return QrPlacement(
        mm_to_dots(box.x, dpi) + offset, mm_to_dots(box.y, dpi) + offset, magnification, modules
    )


def render_label(layout: Layout, content: LabelContent, dpi: int = 203) -> str:
    """One label as a complete ZPL format."""
    if dpi not in DPIS:
        raise InvalidInput(f"ZPL is made for 203 or 300 dpi printers, not {dpi}.")
    width, height = layout.dots(dpi)
    qr = qr_placement(layout, content.payload, dpi)
    lines = [
        "^XA",
        "^CI28",
        f"^PW{width}",
        f"^LL{height}",
        "^LH0,0",
        "^PON",
        f"^FO{qr.x},{qr.y}^BQN,2,{qr.magnification}^FH\\^FDMA,{field_data(content.payload)}^FS",
    ]
    lines += [_text(spec, content.text(spec.field), dpi) for spec in layout.texts]
    lines += ["^PQ1", "^XZ"]
    return "\n".join(line for line in lines if line) + "\n"


def render(layout: Layout, labels: Iterable[LabelContent], dpi: int = 203) -> list[str]:
    return [render_label(layout, content, dpi) for content in labels]


def _text(spec: TextSpec, text: str, dpi: int) -> str:
    if not text:
        return ""
    if text.isascii():
        return _native_text(spec, text, dpi)
    return _bitmap_text(spec, text, dpi)


def _native_text(spec: TextSpec, text: str, dpi: int) -> str:
    text, size = fit_text(text, spec, ZPL_TEXT_FONT)
    text = text.replace("…", "...") if not text.isascii() else text
    height = max(10, round(size / 72 * dpi))
    face_top = baseline_mm(spec, size, ZPL_TEXT_FONT) - size / PT_PER_MM * 0.75
    x, y = mm_to_dots(spec.box.x, dpi), mm_to_dots(max(face_top, spec.box.y), dpi)
    block = mm_to_dots(spec.box.w, dpi)
    return (
        f"^FO{x},{y}^A0N,{height},{height}^FB{block},1,0,{_JUSTIFY[spec.align]},0"
        f"^FH\\^FD{field_data(text)}^FS"
    )


def _bitmap_text(spec: TextSpec, text: str, dpi: int) -> str:
    """Draw the text with the CJK font into a 1-bit box-sized bitmap (^GFA, hex)."""
    font = fonts.register_reportlab()
    text, size = fit_text(text, spec, font)
    scale = dpi / 25.4
    width, height = mm_to_dots(spec.box.w, dpi), mm_to_dots(spec.box.h, dpi)
    image = Image.new("1", (width, height), 1)
    size_px = max(1, round(size / PT_PER_MM * scale))
    text_w = stringWidth(text, font, size) / PT_PER_MM * scale
    x = {"left": 0, "center": (width - text_w) / 2, "right": width - text_w}[spec.align]
    baseline = (baseline_mm(spec, size, font) - spec.box.y) * scale
    ImageDraw.Draw(image).text((x, baseline), text, fill=0, font=png.font_px(size_px), anchor="ls")
    return f"^FO{mm_to_dots(spec.box.x, dpi)},{mm_to_dots(spec.box.y, dpi)}{graphic(image)}^FS"


def graphic(image: Image.Image) -> str:
    """``^GFA`` of a 1-bit image: ZPL sets a dot for each 1 bit, Pillow's black is 0."""
    row_bytes = (image.width + 7) // 8
    padded = Image.new("1", (row_bytes * 8, image.height), 1)
    padded.paste(image, (0, 0))
    data = bytes(b ^ 0xFF for b in padded.tobytes())
    total = len(data)
    return f"^GFA,{total},{total},{row_bytes},{data.hex().upper()}"
