"""Report PDFs as printed and filed: every font embedded, the dated goods' label facts in the
appraisal report, whole words in its tables, the language asked for, and daily charts
whose labels fit and whose count axes count in whole numbers."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from label_raster import tool
from reportlab.graphics import renderPDF
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table
from test_label_print_quality import fonts_not_embedded
from test_report_appraisal import texts

from appraiser import fonts
from appraiser.domain.enums import Category, Role, Verdict
from appraiser.reports import pdf_charts
from appraiser.reports.appraisal_data import gather
from appraiser.reports.appraisal_pdf import WIDTH, build_story
from appraiser.reports.pdf_common import styles
from appraiser.reports.sample import populate_day
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals, checklist, outcome
from appraiser.services.records.exports import export_daily
from appraiser.services.records.reports import appraisal_report

DAY = date(2026, 11, 20)
LONG_BRAND = "Maison Extraordinairement Longue Collection Automne-Hiver"


def _food_appraisal(station: Station, session: Session, password: str) -> str:
    """A signed genuine food appraisal whose label facts were recorded."""
    store = station.store
    item = appraisals.register_item(
        store, session, brand="明治", model="Meiji Hohoemi 奶粉", category="food"
    )
    uid = appraisals.start(
        store, session, station.settings.station_code, item, Category.FOOD, station.settings.tz()
    )
    facts = {
        "production_date": "2026-05-01",
        "shelf_months": 18,
        "licence_no": "CIFM 1234 5678 90",
        "ingredients": "生牛乳, 乳糖, 植物油",
        "additives": "无",
        "back_label": True,
    }
    checklist.record_dated(store, session, uid, facts, date(2026, 11, 22))
    appraisals.sign_verdict(store, session, uid, Verdict.GENUINE, password)
    return uid


def test_report_shows_the_label_facts_of_dated_goods(
    station: Station, appraiser_session: Session, password: str
) -> None:
    uid = _food_appraisal(station, appraiser_session, password)
    data = gather(station, uid)
    zh, en = texts(build_story(data, "zh_CN")), texts(build_story(data, "en"))
    for text in (zh, en):
        for fact in ("2026-05-01", "18", "2027-11-01", "CIFM 1234 5678 90", "生牛乳, 乳糖, 植物油"):
            assert fact in text
    assert "生产日期" in zh and "剩余保质期" in zh and "344" in zh
    assert "Production date" in en and "Days remaining" in en and "344" in en
    assert "Licence no." in en and "Ingredients" in en


def _signer(station: Station, admin: Session, display_name: str, password: str) -> Session:
    accounts.create_user(station.store, "demo1", display_name, Role.APPRAISER, password, by=admin)
    return accounts.check_password(station.store, "demo1", password)


def test_signature_table_never_breaks_a_word(
    station: Station, admin: Session, password: str
) -> None:
    """'Demo Appraiser' was printed as 'Demo Apprais' / 'er' in the signature table."""
    session = _signer(station, admin, "Demo Appraiser", password)
    uid = _food_appraisal(station, session, password)
    for lang in ("en", "zh_CN"):
        for table in _tables(build_story(gather(station, uid), lang)):
            for row in table._cellvalues:
                for width, cell in zip(table._colWidths, row, strict=True):
                    if isinstance(cell, Paragraph) and not re.search(r"[一-鿿]", cell.text):
                        _assert_whole_words(cell, width)


def _tables(story: list) -> list[Table]:
    found = []
    for item in story:
        if isinstance(item, Table):
            found.append(item)
        found += _tables(getattr(item, "_content", []))
    return found


def _assert_whole_words(cell: Paragraph, width: float) -> None:
    words = cell.text.split()
    if any(stringWidth(w, cell.style.fontName, cell.style.fontSize) > width - 12 for w in words):
        return  # a single token wider than its column (a hash) has to break
    cell.wrap(width - 12, 10_000)  # the grid's default 6 pt padding on each side
    for line in cell.blPara.lines:
        shown = line[1] if isinstance(line, tuple) else line.words
        text = " ".join(w if isinstance(w, str) else w.text for w in shown)
        for word in text.split():
            assert word in words, f"{cell.text!r} breaks inside a word: {word!r}"


@pytest.mark.parametrize(("lang", "title"), [("en", "Appraisal report"), ("zh_CN", "商品鉴定报告")])
def test_bench_report_is_written_in_the_language_asked(
    station: Station, appraiser_session: Session, password: str, lang: str, title: str
) -> None:
    uid = _food_appraisal(station, appraiser_session, password)
    written = outcome.report(station, uid, lang=lang)
    assert _pdf_text(Path(written["report"])).count(title) >= 1


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_appraisal_report_embeds_every_font(
    station: Station,
    appraiser_session: Session,
    supervisor: Session,
    password: str,
    tmp_path: Path,
) -> None:
    uid = _food_appraisal(station, appraiser_session, password)
    for lang in ("en", "zh_CN"):
        appraisal_report(station, supervisor, uid, tmp_path / f"{lang}.pdf", lang=lang)
        assert fonts_not_embedded(tmp_path / f"{lang}.pdf") == []


def test_daily_pdf_embeds_every_font(station: Station, supervisor: Session, tmp_path: Path) -> None:
    populate_day(station.store, DAY, station.settings.tz(), 40, seed=5)
    for lang in ("en", "zh_CN"):
        export_daily(station, supervisor, DAY, "pdf", tmp_path / f"{lang}.pdf", lang=lang)
        assert fonts_not_embedded(tmp_path / f"{lang}.pdf") == []


def test_brand_chart_shows_long_names_inside_the_drawing() -> None:
    font = fonts.register_reportlab()
    names = [LONG_BRAND, "Gucci", "路易威登经典系列限量版手提包与配件"]
    drawing = pdf_charts.hbar([5, 3, 2], names, font, width=WIDTH, empty_text="—")
    renderPDF.drawToString(drawing)
    chart = drawing.contents[0]
    axis = chart.categoryAxis.labels
    for shown in chart.categoryAxis.categoryNames:
        left = chart.x + axis.dx - stringWidth(shown, axis.fontName, axis.fontSize)
        assert left >= 0, f"{shown!r} starts {-left:.0f} pt left of the drawing"
    assert LONG_BRAND in chart.categoryAxis.categoryNames or any(
        n.endswith("…") and LONG_BRAND.startswith(n[:-1]) for n in chart.categoryAxis.categoryNames
    )
    assert "Gucci" in chart.categoryAxis.categoryNames


@pytest.mark.parametrize("values", [[1, 2, 1, 3], [1], [0, 1], [7, 12, 3], [40, 3]])
def test_count_axes_tick_in_whole_numbers(values: list[int]) -> None:
    font = fonts.register_reportlab()
    labels = [str(i) for i in range(len(values))]
    for drawing in (
        pdf_charts.vbar(values, labels, font, width=WIDTH, height=120, empty_text="—"),
        pdf_charts.hbar(values, labels, font, width=WIDTH, empty_text="—"),
    ):
        renderPDF.drawToString(drawing)
        ticks = drawing.contents[0].valueAxis._tickValues
        assert ticks and all(float(t).is_integer() for t in ticks), ticks
        assert max(ticks) >= max(values)


def test_rate_axes_may_stay_fractional() -> None:
    font = fonts.register_reportlab()
    drawing = pdf_charts.hbar(
        [0.4, 1.25], ["a", "b"], font, width=WIDTH, empty_text="—", fmt="%.2f"
    )
    renderPDF.drawToString(drawing)
    assert any(not float(t).is_integer() for t in drawing.contents[0].valueAxis._tickValues)


def test_styles_wrap_latin_at_spaces() -> None:
    assert styles().cell.wordWrap != "CJK"
