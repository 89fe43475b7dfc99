"""The summary of a day as labelled rows, shared by the XLSX summary sheet and the PDF.

Each entry is ``(kind, label, values)``: kind "title" and "section" are headings, "count"
rows hold integers, "percent" rows a fraction (plus the counts it comes from), "table"
rows a label with several numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from appraiser.reports.daily import VERDICT_KEYS
from appraiser.reports.figures import DayFigures
from appraiser.reports.texts import tr

Entry = tuple[str, str, list[Any]]


def summary_rows(figures: DayFigures, lang: str, meta: dict[str, str]) -> Iterator[Entry]:
    t = lambda key: tr(lang, key)  # noqa: E731
    yield "title", t("summary.title"), []
    for key in ("station", "day", "timezone", "filters", "generated"):
        yield "meta", t(f"meta.{key}"), [meta.get(key, "")]
    yield "section", t("summary.totals"), []
    yield "count", t("summary.appraisals"), [figures.total]
    yield "count", t("summary.signed"), [figures.signed]
    for verdict in VERDICT_KEYS:
        yield "count", t(verdict), [figures.by_verdict.get(verdict, 0)]
    yield (
        "percent",
        t("summary.inconclusive_rate"),
        [figures.inconclusive_rate, figures.first_inconclusive, figures.signed],
    )
    yield (
        "percent",
        t("summary.disagreement_rate"),
        [figures.disagreement_rate, figures.disagreements, figures.multi_decided],
    )
    yield "count", t("summary.amendments"), [figures.amendments]
    yield from _labels(figures, t)
    yield "section", t("summary.by_category"), []
    for category, count in figures.by_category.items():
        yield "count", t(category), [count]
    yield (
        "section",
        t("summary.appraisers"),
        [t("summary.signed"), t("summary.hours"), t("summary.per_hour")],
    )
    for who in figures.appraisers:
        yield (
            "table",
            f"{who.name} ({who.username})",
            [who.signed, round(who.hours, 2), who.per_hour],
        )
    yield "section", t("summary.by_brand"), []
    for brand, count in figures.by_brand.items():
        yield "count", brand, [count]
    yield "section", t("summary.definitions"), []
    for key in (
        "def.per_hour",
        "def.inconclusive",
        "def.disagreement",
        "def.reprints",
        "def.outstanding",
    ):
        yield "note", t(key), []


def _labels(figures: DayFigures, t) -> Iterator[Entry]:
    labels = figures.labels
    yield "section", t("summary.labels"), []
    for key in (
        "issued",
        "printed",
        "applied",
        "voided",
        "revoked",
        "outstanding",
        "printed_not_applied",
        "reprints",
        "replacements",
    ):
        yield "count", t(f"labels.{key}"), [getattr(labels, key)]
