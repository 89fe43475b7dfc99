"""The lot report PDF: plan, seed and sample positions, each unit's result, the decision
with its signature (and any override with its reason), and the plausibility flags.

Laid out like the appraisal report (A4, the embedded CJK font, zh_CN or en) and marked
internal on every page: it names the merchant, the declaration and the people who signed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from appraiser.reports.lot_texts import flag_text, tr
from appraiser.reports.pdf_common import Styles, doc_fonts, esc, footer, grid, styles

if TYPE_CHECKING:  # the service gathers the data; the report only lays it out
    from appraiser.services.lots.lot_report import LotReportData

WIDTH = A4[0] - 36 * mm
CLASSES = ("critical", "major", "minor")


def write_lot_pdf(data: LotReportData, target: Path, lang: str) -> None:
    st = styles()
    t = lambda key: tr(lang, key)  # noqa: E731
    doc = SimpleDocTemplate(
        str(target), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=14 * mm,
        bottomMargin=18 * mm, title=f"{t('lot.title')} {data.lot['uid']}",
        author=data.institute, subject=data.lot["uid"], **doc_fonts(st),
    )  # fmt: skip
    left = f"{data.institute} · {data.lot['uid']} · {t('lot.internal')}"
    page = footer(st.font, left, "{}")
    doc.build(build_story(data, lang, st), onFirstPage=page, onLaterPages=page)


def build_story(data: LotReportData, lang: str, st: Styles | None = None) -> list:
    """The report's flowables in order (tests may read their text)."""
    st = st or styles()
    t = lambda key: tr(lang, key)  # noqa: E731
    return [
        *_head(data, st, t),
        *_plan(data, st, t),
        *_units(data, st, t),
        *_decisions(data, st, t),
        *_flags(data, st, t, lang),
    ]


def _pairs(rows: list[tuple[str, Any]], st: Styles):
    return grid([[k, "" if v is None else str(v)] for k, v in rows], [52 * mm, WIDTH - 52 * mm],
                st, header=False)  # fmt: skip


def _head(data: LotReportData, st: Styles, t) -> list:
    lot = data.lot
    rows = [
        (t("lot.lot"), lot["uid"]), (t("lot.line"), lot["line_uid"]), (t("lot.day"), lot["day"]),
        (t("lot.category"), t(lot["category"])), (t("lot.product"), lot["gtin"]),
        (t("lot.batch"), lot["batch_lot"]), (t("lot.expiry"), lot["expiry"]),
        (t("lot.merchant"), lot["merchant"]), (t("lot.declaration"), lot["declaration_no"]),
        (t("lot.quantity"), f"{lot['quantity']:,}"),
        (t("lot.per_carton"), lot["units_per_carton"]),
    ]  # fmt: skip
    return [
        Paragraph(esc(t("lot.title")), st.title),
        Paragraph(esc(f"{t('lot.internal')} · {data.station}"), st.small),
        Spacer(0, 2 * mm),
        _pairs(rows, st),
    ]


def _plan(data: LotReportData, st: Styles, t) -> list:
    lot = data.lot
    sampled = lot["policy"] == "sampling"
    rows = [(t("lot.policy"), t("lot.sampling" if sampled else "lot.every_unit"))]
    if sampled:
        rows += [
            (t("lot.level"), lot["level"]), (t("lot.severity"), t(lot["severity"] or "normal")),
            (t("lot.code_letter"), lot["code_letter"]), (t("lot.sample_size"), lot["sample_size"]),
            (t("lot.seed"), lot["seed"]),
        ]  # fmt: skip
    rows.append((t("lot.switching"), t(data.switching) if data.switching else "—"))
    out = [Paragraph(esc(t("lot.plan")), st.h2), _pairs(rows, st)]
    classes = [c for c in CLASSES if c in data.plan] + [c for c in data.plan if c not in CLASSES]
    if classes:
        table = [[t("lot.class"), t("lot.aql"), "n", t("lot.ac"), t("lot.re")]]
        for name in classes:
            spec = data.plan[name] if isinstance(data.plan[name], dict) else {}
            table.append([t(f"lot.{name}"), *(_num(spec.get(k)) for k in ("aql", "n", "ac", "re"))])
        out += [Spacer(0, 2 * mm), grid(table, [40 * mm] + [24 * mm] * 4, st, align_right_from=1)]
    if sampled:
        out.append(Paragraph(esc(t("lot.seed_note")), st.small))
    return out


def _num(value: Any) -> str:
    return "—" if value is None else str(value)


def _units(data: LotReportData, st: Styles, t) -> list:
    out = [Paragraph(esc(t("lot.units")), st.h2)]
    if not data.units:
        return [*out, Paragraph(esc(t("lot.no_units")), st.body)]
    rows = [[t("lot.unit_no"), t("lot.position"), t("lot.item"), t("lot.appraisal"),
             t("lot.verdict")]]  # fmt: skip
    for unit in data.units:
        where = "—"
        if unit.get("carton") is not None:
            where = t("lot.position_fmt").format(carton=unit["carton"], unit=unit["unit_in_carton"])
        verdict = unit.get("verdict")
        case = unit.get("appraisal_uid") or "—"
        shown = t(verdict) if verdict else t("unsigned")
        rows.append([str(unit["unit_no"]), where, unit["item_uid"], case, shown])
    widths = [14 * mm, 36 * mm, 42 * mm, 42 * mm, WIDTH - 134 * mm]
    return [*out, grid(rows, widths, st)]


def _decisions(data: LotReportData, st: Styles, t) -> list:
    out = [Paragraph(esc(t("lot.decision")), st.h2)]
    if not data.decisions:
        return [*out, Paragraph(esc(t("lot.undecided")), st.body)]
    for decision in data.decisions:
        head = f"{t('lot.' + decision['decision'])} · {t('lot.' + decision['kind'])}"
        if not decision["in_force"]:
            head += f" ({t('lot.superseded')})"
        rows = [
            (t("lot.signed_by"), f"{decision['signer_name']} ({decision['signer']})"),
            (t("lot.signed_at"), decision["signed_at"]), (t("lot.meaning"), decision["meaning"]),
        ]  # fmt: skip
        if decision.get("reason"):
            rows.append((t("lot.reason"), decision["reason"]))
        if decision["basis"]:
            basis = json.dumps(decision["basis"], ensure_ascii=False, sort_keys=True)
            rows.append((t("lot.basis"), basis))
        out += [Paragraph(esc(head), st.big), _pairs(rows, st), Spacer(0, 2 * mm)]
    return out


def _flags(data: LotReportData, st: Styles, t, lang: str) -> list:
    out = [Paragraph(esc(t("lot.flags")), st.h2)]
    if not data.flags:
        return [*out, Paragraph(esc(t("lot.no_flags")), st.body)]
    for flag in data.flags:
        state = t("lot.flag_open") if flag.open else t("lot.flag_ack")
        out.append(Paragraph(esc(f"{t('lot.kind.' + flag.kind)} ({flag.uid}, {state})"), st.body))
        sentence = flag_text(lang, flag.kind, flag.figures, flag.message)
        out.append(Paragraph(esc(sentence), st.cell))
        if not flag.open:
            ack = f"{flag.acknowledged_by} · {flag.acknowledged_at} · {flag.ack_note}"
            out.append(Paragraph(esc(ack), st.small))
    return out


def day_lots_section(lots: list[dict[str, Any]], lang: str, st: Styles) -> list:
    """The daily summary PDF's "Lots of the day": one line per lot with its numbers."""
    from appraiser.reports import daily_lots

    t = lambda key: tr(lang, key)  # noqa: E731
    keys = ("lot", "lot_quantity", "lot_n", "lot_inspected", "lot_counterfeit", "lot_decision",
            "lot_flags")  # fmt: skip
    rows = [[t(f"col.{k}") for k in keys]]
    for lot in lots:
        shown = dict(zip(daily_lots.COLUMNS, daily_lots.cells(lot, lang), strict=True))
        if lot.get("lot_kind") == "override":  # an override is never shown as inspected
            shown["lot_decision"] = f"{shown['lot_decision']} · {t('lot.override')}"
        rows.append([str(shown[k]) if shown[k] is not None else "—" for k in keys])
    widths = [40 * mm, 24 * mm, 18 * mm, 22 * mm, 22 * mm, 24 * mm, WIDTH - 150 * mm]
    return [Paragraph(esc(t("day.lots")), st.h2), grid(rows, widths, st)]
