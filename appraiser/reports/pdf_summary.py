"""The daily summary as a PDF with charts: what the supervisor files with customs and the
institute. Figures only (the full log is the CSV/XLSX); a 50,000-item day stays a few pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from appraiser.reports import pdf_charts
from appraiser.reports.checkpoint import Checkpoint
from appraiser.reports.daily import VERDICT_KEYS, DayRows
from appraiser.reports.figures import DayFigures
from appraiser.reports.pdf_common import (
    VERDICT_COLOURS,
    Styles,
    doc_fonts,
    esc,
    footer,
    grid,
    styles,
)
from appraiser.reports.texts import tr

TOP_BRANDS = 15
WIDTH = A4[0] - 36 * mm


def write_summary_pdf(
    day: DayRows,
    figures: DayFigures,
    target: Path,
    lang: str,
    meta: dict[str, str],
    checkpoint: Checkpoint,
    *,
    lots: list[dict[str, Any]] | None = None,
) -> None:
    st = styles()
    t = lambda key: tr(lang, key)  # noqa: E731
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{t('summary.title')} {meta['day']}",
        author=meta.get("institute", ""),
        subject=meta["station"],
        **doc_fonts(st),
    )
    story = [
        Paragraph(esc(t("summary.title")), st.title),
        Paragraph(esc(_meta_line(meta, t)), st.small),
        Spacer(0, 3 * mm),
    ]
    if not figures.total:
        story.append(Paragraph(esc(t("summary.empty")), st.big))
    story += _totals(figures, st, t)
    if figures.total:
        story += _charts(figures, st, t)
    story += _labels(figures, st, t)
    story += _appraisers(figures, st, t)
    if lots:  # issue 16: the day's lots, only on a day with lots
        from appraiser.reports.lot_pdf import day_lots_section

        story += day_lots_section(lots, lang, st)
    story += _definitions(st, t)
    story += _checkpoint(checkpoint, st, t)
    page = footer(st.font, f"{meta['station']} · {meta['day']} · {t('summary.title')}", "{}")
    doc.build(story, onFirstPage=page, onLaterPages=page)


def _meta_line(meta: dict[str, str], t) -> str:
    parts = [
        f"{t('meta.' + k)}: {meta.get(k, '')}"
        for k in ("station", "day", "timezone", "filters", "generated")
    ]
    return " · ".join([meta.get("institute", ""), *parts])


def _totals(figures: DayFigures, st: Styles, t) -> list:
    rows = [
        [t("summary.totals"), ""],
        [t("summary.appraisals"), f"{figures.total:,}"],
        [t("summary.signed"), f"{figures.signed:,}"],
    ]
    rows += [[t(v), f"{figures.by_verdict.get(v, 0):,}"] for v in VERDICT_KEYS]
    rows.append(
        [
            t("summary.inconclusive_rate"),
            f"{figures.inconclusive_rate:.1%}  ({figures.first_inconclusive}/{figures.signed})",
        ]
    )
    rows.append(
        [
            t("summary.disagreement_rate"),
            f"{figures.disagreement_rate:.1%}  ({figures.disagreements}/{figures.multi_decided})",
        ]
    )
    rows.append([t("summary.amendments"), f"{figures.amendments:,}"])
    table = grid(rows, [WIDTH * 0.45, WIDTH * 0.25], st, align_right_from=1)
    return [table]


def _charts(figures: DayFigures, st: Styles, t) -> list:
    font, empty = st.font, t("summary.empty")
    verdict_pie = pdf_charts.pie(
        [figures.by_verdict.get(v, 0) for v in VERDICT_KEYS],
        [t(v) for v in VERDICT_KEYS],
        [VERDICT_COLOURS[v] for v in VERDICT_KEYS],
        font,
        width=WIDTH,
        height=95,
        empty_text=empty,
    )
    categories = pdf_charts.vbar(
        list(figures.by_category.values()),
        [t(c) for c in figures.by_category],
        font,
        width=WIDTH,
        height=120,
        empty_text=empty,
    )
    hours = [h for h, n in enumerate(figures.by_hour) if n]
    span = range(min(hours), max(hours) + 1) if hours else range(8, 19)
    per_hour = pdf_charts.vbar(
        [figures.by_hour[h] for h in span],
        [f"{h:02d}" for h in span],
        font,
        width=WIDTH,
        height=110,
        empty_text=empty,
    )
    brands = list(figures.by_brand.items())[:TOP_BRANDS]
    brand_chart = pdf_charts.hbar(
        [n for _, n in brands], [b for b, _ in brands], font, width=WIDTH, empty_text=empty
    )
    return [
        KeepTogether([Paragraph(esc(t("summary.by_verdict")), st.h2), verdict_pie]),
        KeepTogether([Paragraph(esc(t("summary.by_category")), st.h2), categories]),
        KeepTogether([Paragraph(esc(t("summary.by_hour")), st.h2), per_hour]),
        KeepTogether([Paragraph(esc(t("summary.by_brand")), st.h2), brand_chart]),
    ]


def _labels(figures: DayFigures, st: Styles, t) -> list:
    lab = figures.labels
    keys = (
        "issued",
        "printed",
        "applied",
        "voided",
        "revoked",
        "outstanding",
        "printed_not_applied",
        "reprints",
        "replacements",
    )
    rows = [[t("summary.labels"), ""]] + [[t(f"labels.{k}"), f"{getattr(lab, k):,}"] for k in keys]
    return [
        KeepTogether(
            [
                Paragraph(esc(t("summary.labels")), st.h2),
                grid(rows, [WIDTH * 0.45, WIDTH * 0.25], st, align_right_from=1),
            ]
        )
    ]


def _appraisers(figures: DayFigures, st: Styles, t) -> list:
    if not figures.appraisers:
        return []
    head = [
        t("summary.appraisers"),
        t("summary.appraisals"),
        t("summary.signed"),
        t("summary.hours"),
        t("summary.per_hour"),
    ]
    rows = [head] + [
        [
            f"{a.name} ({a.username})",
            f"{a.appraisals:,}",
            f"{a.signed:,}",
            f"{a.hours:.2f}",
            f"{a.per_hour:.2f}",
        ]
        for a in figures.appraisers
    ]
    chart = pdf_charts.hbar(
        [a.per_hour for a in figures.appraisers],
        [a.name for a in figures.appraisers],
        st.font,
        width=WIDTH,
        empty_text=t("summary.empty"),
        fmt="%.2f",
    )
    widths = [WIDTH * 0.36] + [WIDTH * 0.16] * 4
    return [
        Paragraph(esc(t("summary.appraisers")), st.h2),
        grid(rows, widths, st, align_right_from=1),
        Spacer(0, 2 * mm),
        KeepTogether([Paragraph(esc(t("summary.per_hour")), st.body), chart]),
    ]


def _definitions(st: Styles, t) -> list:
    keys = (
        "def.per_hour",
        "def.inconclusive",
        "def.disagreement",
        "def.reprints",
        "def.outstanding",
    )
    return [
        Paragraph(esc(t("summary.definitions")), st.h2),
        *(Paragraph(esc(t(k)), st.small) for k in keys),
    ]


def _checkpoint(checkpoint: Checkpoint, st: Styles, t) -> list:
    text = (
        f"{checkpoint.day} ({checkpoint.timezone}) · {checkpoint.count:,} "
        f"audit events · Merkle root {checkpoint.merkle_root}"
    )
    return [Paragraph(esc(t("summary.checkpoint")), st.h2), Paragraph(esc(text), st.small)]
