"""Batches of labels as native ZPL: one stored format per print job, a short recall per label.

Why (issue 16: 60,000-unit lots, ≥ 500 labels/s): rasterising every label (QR symbol, serial
text, ``^GF`` compression) costs ~4 ms of CPU a label, while a thermal printer is built to
do the per-label part itself. So a job starts with a stored format (``^DF``) holding what is
the same on every label of the batch — the service mark, date, station and product, drawn
once with our TrueType font as one ``^GFA`` graphic (Chinese needs no printer font) — and
two numbered fields. Each label is then a ``^XF`` recall filling them:

- ``^FN1``: the QR with the printer's ``^BQ`` (model 2, byte mode forced with ``MM,B`` so the
  version is the smallest that holds the payload, as in ``qr.version_for``; level M as
  ``qr.EC_LEVEL``; the module is ``qr.place``'s whole-dot module, so the symbol has the raster
  version's size and place). ``^BY…,1`` first: ``^BQ`` shifts the symbol down by the
  remembered ``^BY`` bar height, and a height of 1 keeps that shift under one dot.
- ``^FN2``: the serial (ASCII, Crockford base 32) in the resident scalable font ``0``, in a
  one-line ``^FB`` block of the layout's serial box, centred; its size is chosen so the
  widest serial fits the box with room to spare for other printers' metrics.

Every job carries its own format, so a printer switched off between jobs loses nothing.
The raster path (``zpl.render_label``) stays for what a printer font cannot print and for
single labels: a payload with characters ZPL would read as commands (``^``, ``~``, ``\\``)
or outside printable ASCII, a layout whose serial box is too small for the resident font,
and ``label render --format zpl`` (one label, where the speed does not matter).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from PIL import Image

from appraiser.errors import InvalidInput
from appraiser.labels import ids, png, qr, zpl
from appraiser.labels.content import LabelContent
from appraiser.labels.layouts import Layout, mm_to_dots

FORMAT_NAME = "R:APPLOT.ZPL"  # in the printer's DRAM: gone at power-off, re-sent per job
SERIAL_CHARS = 22  # XXXX-XXXX-XXXX-XXXX-CC
# Font 0's widest serial glyph (W, M) advances ~0.66 of the ^A width in zplkit's metrics;
# sizing for 0.8 leaves a fifth of the box for a printer whose metrics are wider.
_ADVANCE = 0.8
_MIN_FONT_DOTS = 12  # below this the resident font is no longer legible: raster instead
_PRINTABLE = frozenset(chr(c) for c in range(0x20, 0x7F)) - set("^~\\")


def native_ok(payload: str) -> bool:
    """Whether a payload can go in a ``^FD`` as it is (printable ASCII, no ZPL prefixes)."""
    return bool(payload) and set(payload) <= _PRINTABLE


def render(layout: Layout, labels: Iterable[LabelContent], dpi: int = 203) -> list[str]:
    """One string per label, in order. A label starts with a stored format whenever its
    shared texts differ from the previous label's (always the first); a label that cannot
    be printed natively is a raster format of its own (``zpl.render_label``)."""
    if dpi not in zpl.DPIS:
        raise InvalidInput(f"ZPL is made for 203 or 300 dpi printers, not {dpi}.")
    serial = _serial_font(layout, dpi)
    out: list[str] = []
    stored = None
    for content in labels:
        if serial is None or not native_ok(content.payload):
            out.append(zpl.render_label(layout, content, dpi))
            continue
        key = (shared_texts(layout, content), _place(layout, content.payload, dpi))
        head = ""
        if key != stored:
            head, stored = stored_format(layout, dpi, *key), key
        out.append(head + recall(content))
    return out


def shared_texts(layout: Layout, content: LabelContent) -> tuple:
    return tuple(
        (spec, content.text(spec.field)) for spec in layout.texts if spec.field not in png.PER_LABEL
    )


def _place(layout: Layout, payload: str, dpi: int) -> qr.Placement:
    """Where the printer's symbol goes: its size follows from the byte-mode version alone,
    so no symbol is encoded here (that is the printer's work)."""
    return qr.place(layout, 17 + 4 * qr.version_for(payload), dpi)


@functools.lru_cache(maxsize=16)
def stored_format(layout: Layout, dpi: int, shared: tuple, place: qr.Placement) -> str:
    """``^DF`` of the static art and the two fields (cached: one compression per batch).
    The QR field is placed for one symbol size: a payload of another version (a longer
    resolver domain) starts a new format."""
    width, height = layout.dots(dpi)
    art: Image.Image = png.static_layer(layout, dpi, shared)
    x, y, h, w, box_w = _serial_font(layout, dpi) or (0, 0, 0, 0, 0)
    lines = [
        "^XA",
        f"^DF{FORMAT_NAME}^FS",
        f"^PW{width}",
        f"^LL{height}",
        "^LH0,0",
        "^PON",
        "^CI0",
        f"^FO0,0{zpl.graphic(art)}^FS",
        f"^BY2,3,1^FO{place.x},{place.y}^BQN,2,{place.module}^FN1^FS",
        f"^FO{x},{y}^A0N,{h},{w}^FB{box_w},1,0,C,0^FN2^FS",
        "^XZ",
    ]
    return "\n".join(lines) + "\n"


def recall(content: LabelContent) -> str:
    """One label: the stored format with its QR (level, manual input, byte mode with its
    length) and serial filled in. The ``^FX`` names the serial for people and logs."""
    grouped = ids.group(content.serial)
    data = content.payload
    return (
        f"^XA^XF{FORMAT_NAME}^FS^FX label {grouped}\n"
        f"^FN1^FD{qr.EC_LEVEL}M,B{len(data):04d}{data}^FS^FN2^FD{grouped}^FS^XZ\n"
    )


@functools.cache
def _serial_font(layout: Layout, dpi: int) -> tuple[int, int, int, int, int] | None:
    """(x, y, height, width, block width) in dots of the serial's resident-font field, or
    None when the serial box is too small for a legible resident font."""
    spec = next(t for t in layout.texts if t.field == "serial")
    pad = max(2, mm_to_dots(0.25, dpi))  # font 0 inks a dot or two beyond its cell
    x, y = mm_to_dots(spec.box.x, dpi) + pad, mm_to_dots(spec.box.y, dpi) + pad
    box_w = mm_to_dots(spec.box.w, dpi) - 2 * pad
    box_h = mm_to_dots(spec.box.h, dpi) - 2 * pad
    height = min(box_h, round(spec.size / 72 * dpi))
    width = min(height, int(box_w / (SERIAL_CHARS * _ADVANCE)))
    if height < _MIN_FONT_DOTS * dpi // 203 or width < _MIN_FONT_DOTS * dpi // 203 // 2:
        return None
    return x, y, height, width, box_w
