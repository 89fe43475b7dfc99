"""What both report PDFs share: the embedded CJK font, paragraph styles, page furniture.

reportlab embeds only the glyphs a document uses (a subset) of the TrueType font that
``appraiser.fonts`` finds, so a Chinese report stays small and prints the same everywhere.
That one TrueType font draws Latin text too (WenQuanYi Micro Hei carries Droid Sans's Latin
glyphs), so no document names a font it does not embed: pages start in it instead of
reportlab's default Helvetica (``doc_fonts``). Paragraphs wrap Latin text at spaces and
Chinese between any two characters (reportlab's default wrap does both; its "CJK" wrap
would also cut Latin words: "Demo Apprais-er").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from appraiser.fonts import register_reportlab

# Without reportlab's optional C accelerator, ASCII85-encoding embedded JPEGs in Python took
# a third of a report's time; binary image streams are just as valid PDF, and smaller.
rl_config.useA85 = 0

INK = colors.HexColor("#1F2933")
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#6B7785")
RULE = colors.HexColor("#C9D3DD")
VERDICT_COLOURS = {
    "genuine": colors.HexColor("#2E7D32"),
    "counterfeit": colors.HexColor("#C62828"),
    "inconclusive": colors.HexColor("#EF8F00"),
    "unsigned": colors.HexColor("#90A4AE"),
}
SERIES = [
    colors.HexColor(c)
    for c in (
        "#1F77B4",
        "#FF7F0E",
        "#2CA02C",
        "#D62728",
        "#9467BD",
        "#8C564B",
        "#E377C2",
        "#7F7F7F",
        "#BCBD22",
        "#17BECF",
    )
]


@dataclass(frozen=True)
class Styles:
    font: str
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    h2: ParagraphStyle
    cell: ParagraphStyle
    big: ParagraphStyle


def styles() -> Styles:
    font = register_reportlab()
    base = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
        alignment=TA_LEFT,
    )
    return Styles(
        font=font,
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=7.5, leading=10, textColor=MUTED),
        title=ParagraphStyle(
            "title", parent=base, fontSize=17, leading=22, textColor=ACCENT, spaceAfter=2 * mm
        ),
        h2=ParagraphStyle(
            "h2",
            parent=base,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
        ),
        cell=ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        big=ParagraphStyle("big", parent=base, fontSize=15, leading=20),
    )


def doc_fonts(st: Styles) -> dict[str, Any]:
    """Document-template arguments that start every page in our font: reportlab's default
    start font is Helvetica, named (not embedded) on every page even when never used."""
    return {"initialFontName": st.font, "initialFontSize": 9.5, "initialLeading": 13.5}


def layout_table(rows: list[list[Any]], widths: list[float], st: Styles) -> Table:
    """A table that only arranges flowables. It still names a cell font, which reportlab
    sets on the page (Helvetica unless told), so it is told ours."""
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font)]))
    return table


def esc(text: Any) -> str:
    """Text for a Paragraph (which parses a little XML)."""
    return (
        str(text if text is not None else "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def grid(
    rows: list[list[Any]],
    widths: list[float],
    st: Styles,
    *,
    header: bool = True,
    align_right_from: int | None = None,
) -> Table:
    """A light table, left on the page; text cells become wrapping paragraphs so long
    Chinese text fits, while number columns (from ``align_right_from``) stay plain and
    right-aligned."""
    numbers_from = len(widths) if align_right_from is None else align_right_from
    body = [
        [
            Paragraph(esc(c), st.cell) if isinstance(c, str) and i < numbers_from else c
            for i, c in enumerate(row)
        ]
        for row in rows
    ]
    table = Table(body, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0"))]
    if align_right_from is not None:
        commands.append(("ALIGN", (align_right_from, 0), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(commands))
    return table


def footer(font: str, left: str, right_fmt: str):
    """A page callback drawing a rule, ``left`` and the page number on every page."""

    def draw(canvas, doc) -> None:
        canvas.saveState()
        width, _ = doc.pagesize
        canvas.setStrokeColor(RULE)
        canvas.line(doc.leftMargin, 12 * mm, width - doc.rightMargin, 12 * mm)
        canvas.setFont(font, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(doc.leftMargin, 8 * mm, left)
        canvas.drawRightString(width - doc.rightMargin, 8 * mm, right_fmt.format(doc.page))
        canvas.restoreState()

    return draw
