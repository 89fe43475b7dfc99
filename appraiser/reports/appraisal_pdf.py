"""The appraisal report: one item's authentication, signed verdict, evidence and label.

Every section shows what was recorded, and says plainly when a part was not used for this
appraisal ("no video recorded") rather than leaving a gap or inventing content.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from appraiser.reports import report_images
from appraiser.reports.appraisal_data import ReportData
from appraiser.reports.pdf_common import (
    VERDICT_COLOURS,
    Styles,
    doc_fonts,
    esc,
    footer,
    grid,
    layout_table,
    styles,
)
from appraiser.reports.report_texts import rt
from appraiser.reports.serials import grouped

WIDTH = A4[0] - 36 * mm
ITEM_FIELDS = (
    "brand",
    "model",
    "category",
    "gtin",
    "sku",
    "declaration_no",
    "batch_lot",
    "origin",
    "merchant",
    "serial",
    "expiry",
)
PUBLIC = ("brand", "model", "category", "gtin")  # of ITEM_FIELDS, what a consumer sees


def write_report_pdf(data: ReportData, target: Path, lang: str, *, consumer: bool = False) -> None:
    """The internal report (default), or with ``consumer`` the public one of a bundle."""
    st = styles()
    t = lambda key: rt(lang, key)  # noqa: E731
    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=14 * mm,
        bottomMargin=18 * mm,
        title=f"{t('consumer.title' if consumer else 'internal.title')} {data.uid}",
        author=data.institute,
        subject=data.uid,
        **doc_fonts(st),
    )
    story = consumer_story(data, lang, st) if consumer else build_story(data, lang, st)
    mark = t("consumer.footer" if consumer else "internal.footer")
    page = footer(st.font, f"{data.institute} · {data.uid} · {mark}", t("page"))
    doc.build(story, onFirstPage=page, onLaterPages=page)


def consumer_story(data: ReportData, lang: str, st: Styles | None = None) -> list:
    """What a shopper may read (DESIGN §3.5): photos, comparison, verdict, date, station,
    the video's presence and the label's state. No people, customs data, notes, review
    history, audit internals, and nothing of the label a printer could reproduce."""
    st = st or styles()
    t = lambda key: rt(lang, key)  # noqa: E731
    story = _consumer_head(data, st, t) + _verdict_banner(data, st, t, lang, consumer=True)
    story += _consumer_item(data, st, t) + _comparison(data, st, t)
    return story + _public_label(data, st, t) + _video(data, st, t, consumer=True)


def _consumer_head(data: ReportData, st: Styles, t) -> list:
    line = f"{data.institute} · {t('station')} {data.station_code}"
    return [
        Paragraph(esc(t("consumer.title")), st.title),
        Paragraph(esc(f"{t('appraisal')} {data.uid}"), st.body),
        Paragraph(esc(line), st.small),
        Spacer(0, 3 * mm),
    ]


def _consumer_item(data: ReportData, st: Styles, t) -> list:
    item = data.item
    rows = [(t(k), t(item.get(k)) if k == "category" else str(item.get(k) or "—")) for k in PUBLIC]
    rows.append((t("signed"), data.local(data.verdict["signed_at"]) if data.verdict else "—"))
    return [Paragraph(esc(t("section.product")), st.h2), _pairs(rows, st)]


def _public_label(data: ReportData, st: Styles, t) -> list:
    out = [Paragraph(esc(t("section.label")), st.h2)]
    label = data.public_label
    if label is None:
        return [*out, Paragraph(esc(t("no_label")), st.body)]
    rows = [
        (t("label_state"), t("state." + label["state"])),
        (t("label_ending"), "…" + label["ending"]),
    ]
    return [*out, _pairs(rows, st), Paragraph(esc(t("label_check")), st.small)]


def build_story(data: ReportData, lang: str, st: Styles | None = None) -> list:
    """The internal report's flowables in order (tests read their text)."""
    st = st or styles()
    t = lambda key: rt(lang, key)  # noqa: E731
    story = _head(data, st, t) + _verdict_banner(data, st, t, lang)
    story += _item(data, st, t) + _people(data, st, t)
    story += _comparison(data, st, t) + _checklist(data, st, t, lang)
    story += _label(data, st, t) + _video(data, st, t)
    return story + _history(data, st, t) + _audit(data, st, t)


def _head(data: ReportData, st: Styles, t) -> list:
    line = f"{data.institute} · {data.warehouse} · {t('station')} {data.station_code}"
    return [
        Paragraph(esc(t("internal.title")), st.title),
        Paragraph(esc(t("internal.warning")), st.small),
        Paragraph(esc(f"{t('appraisal')} {data.uid}"), st.body),
        Paragraph(esc(line), st.small),
        Spacer(0, 3 * mm),
    ]


def _verdict_banner(data: ReportData, st: Styles, t, lang: str, *, consumer: bool = False) -> list:
    verdict = data.verdict
    if verdict is None:
        word, colour, lines = t("not_signed"), VERDICT_COLOURS["unsigned"], []
    else:
        word, colour = t(verdict["verdict"]), VERDICT_COLOURS[verdict["verdict"]]
        meaning = t(f"meaning.{verdict['verdict']}") if lang == "zh_CN" else verdict["meaning"]
        lines = [f"{t('meaning')}: “{meaning}”"]
        if consumer:
            lines.append(f"{t('signed')}: {data.local(verdict['signed_at'])}")
        else:
            lines.append(
                f"{t('signed_by')}: {verdict['signer_name']} ({verdict['signer']}) · "
                f"{data.local(verdict['signed_at'])} · {t(verdict['kind'])}"
            )
        if verdict["reason_codes"] and not consumer:
            lines.append(f"{t('reasons')}: {', '.join(verdict['reason_codes'])}")
    big = Paragraph(f'<font color="white" size="20">{esc(word)}</font>', st.big)
    text = [Paragraph(f'<font color="white">{esc(x)}</font>', st.body) for x in lines]
    table = layout_table([[big, text]], [WIDTH * 0.28, WIDTH * 0.72], st)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [table]


def _pairs(rows: list[tuple[str, str]], st: Styles) -> Table:
    """Two label/value pairs per line, compact."""
    cells = []
    for i in range(0, len(rows), 2):
        chunk = rows[i : i + 2] + [("", "")] * (2 - len(rows[i : i + 2]))
        cells.append([part for pair in chunk for part in pair])
    widths = [WIDTH * 0.16, WIDTH * 0.34] * 2
    table = grid(cells, widths, st, header=False)
    table.setStyle(TableStyle([("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#6B7785"))]))
    return table


def _item(data: ReportData, st: Styles, t) -> list:
    item = data.item
    rows = [
        (t(k), t(item.get(k)) if k == "category" else str(item.get(k) or "—")) for k in ITEM_FIELDS
    ]
    return [Paragraph(esc(t("section.item")), st.h2), _pairs(rows, st)]


def _people(data: ReportData, st: Styles, t) -> list:
    verdict = data.verdict
    rows = [
        (
            t("appraiser"),
            f"{data.appraiser.get('display_name', '')} ({data.appraiser.get('username', '')})",
        ),
        (t("institute"), data.institute),
        (t("started"), data.local(data.appraisal["started"])),
        (t("signed"), data.local(verdict["signed_at"]) if verdict else "—"),
    ]
    reviewers = [v for v in data.verdicts if v["kind"] != "initial"]
    if reviewers:
        rows.append(
            (t("reviewer"), ", ".join(f"{v['signer_name']} ({t(v['kind'])})" for v in reviewers))
        )
    return [Paragraph(esc(t("section.people")), st.h2), _pairs(rows, st)]


def _picture(jpeg: bytes | None, width: float, st: Styles, caption: str) -> list:
    if not jpeg:
        return [Paragraph(esc(caption), st.small)]
    image = Image(io.BytesIO(jpeg))
    scale = width / image.imageWidth
    image.drawWidth, image.drawHeight = width, min(image.imageHeight * scale, 70 * mm)
    if image.imageHeight * scale > 70 * mm:
        image.drawWidth = image.imageWidth * (70 * mm / image.imageHeight)
    return [image, Paragraph(esc(caption), st.small)]


def _comparison(data: ReportData, st: Styles, t) -> list:
    out = [Paragraph(esc(t("section.compare")), st.h2)]
    ref = data.reference
    compared = ref.photo_sha if ref else None
    front = (
        next((p for p in data.photos if p.sha256 == compared), None)
        or next((p for p in data.photos if p.view == "front"), None)
        or (data.photos[0] if data.photos else None)
    )
    if ref is None:
        out.append(Paragraph(esc(t("no_reference")), st.body))
    else:
        col = WIDTH / 3 - 4
        item_img = report_images.thumbnail(front.path, 700) if front else None
        ref_img = report_images.thumbnail(ref.path, 700) if ref.path else None
        heat = _heat(ref)
        cells = [
            _picture(item_img, col, st, f"{t('item_photo')} · {front.view if front else ''}"),
            _picture(ref_img, col, st, f"{t('reference')} · {ref.title}"),
            _picture(heat, col, st, t("heatmap") if heat else _no_heat(ref, t)),
        ]
        table = layout_table([cells], [WIDTH / 3] * 3, st)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        reading = t(f"reading.{ref.reading}") if ref.reading else "—"
        deviation = f"{ref.deviation:.2f}" if ref.deviation is not None else "—"
        out += [
            table,
            Spacer(0, 1.5 * mm),
            Paragraph(esc(f"{t('reading')}: {reading} · {t('deviation')}: {deviation}"), st.body),
            *_text_findings(ref, st, t),
            *_not_inspected(ref, st, t),
        ]
        if heat:
            out.append(Paragraph(esc(t("heatmap_note")), st.small))
    return out + _photo_strip(data, st, t, skip=front if ref else None)


def _text_findings(ref, st: Styles, t) -> list:
    """Printed text that reads differently from the genuine reference, both readings
    named (the ``text`` of a stored ``match --json`` region, issue 13 item 5)."""
    pairs = [r.get("text") for r in ref.regions if isinstance(r, dict)]
    lines = [
        t("text_reading").format(p.get("photo", ""), p.get("reference", ""))
        for p in pairs
        if isinstance(p, dict)
    ]
    return [Paragraph(esc(line), st.body) for line in lines]


HIDDEN_REASONS = ("hand", "glare", "shadow", "out_of_frame", "occluded")  # match --json


def _not_inspected(ref, st: Styles, t) -> list:
    """The areas the automatic comparison left out (a hand, glare, out of frame): the
    reader must know which parts of the item no deviation could have been found in."""
    out = []
    for area in ref.not_inspected:
        box = area.get("box") or [0, 0, 0, 0]
        if len(box) != 4:
            continue
        reason = area.get("reason")
        reason = reason if reason in HIDDEN_REASONS else "occluded"
        share = round(100 * float(area.get("share") or 0))
        words = t(f"not_inspected.{reason}")
        line = t("not_inspected").format(words, share, *(int(v) for v in box))
        out.append(Paragraph(esc(line), st.body))
    return out


def _no_heat(ref, t) -> str:
    return t("no_regions") if ref.deviation is not None else t("no_heatmap")


def _heat(ref) -> bytes | None:
    if ref.heatmap is not None:
        return report_images.thumbnail(ref.heatmap, 700)
    if ref.path is None or not ref.regions:
        return None
    size = report_images.image_size(ref.path)
    return report_images.heat_overlay(ref.path, ref.regions, size, 700) if size else None


def _photo_strip(data: ReportData, st: Styles, t, skip) -> list:
    photos = [p for p in data.photos if p is not skip][:8]
    out = [Paragraph(esc(t("section.photos")), st.h2)]
    if not data.photos:
        return [*out, Paragraph(esc(t("no_photos")), st.body)]
    if not photos:
        return []
    col = WIDTH / 4 - 4
    cells = [_picture(report_images.thumbnail(p.path, 500), col, st, p.view) for p in photos]
    rows = [cells[i : i + 4] + [""] * (4 - len(cells[i : i + 4])) for i in range(0, len(cells), 4)]
    table = layout_table(rows, [WIDTH / 4] * 4, st)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [KeepTogether([*out, table])]


def _checklist(data: ReportData, st: Styles, t, lang: str) -> list:
    out = [Paragraph(esc(t("section.checklist")), st.h2)]
    answered = [p for p in data.checklist if p.get("result")]
    if not answered:
        return [*out, Paragraph(esc(t("no_checklist")), st.body), *_facts(data.dated, st, t)]
    head = [t("checkpoint"), t("result"), t("note")]
    rows = [head] + [
        [
            p["title_zh"] if lang == "zh_CN" else p["title_en"],
            t(f"result.{p.get('result') or 'none'}"),
            p.get("note") or "",
        ]
        for p in data.checklist
    ]
    table = grid(rows, [WIDTH * 0.38, WIDTH * 0.14, WIDTH * 0.48], st)
    fails = [i for i, p in enumerate(data.checklist, start=1) if p.get("result") == "fail"]
    for i in fails:
        table.setStyle(TableStyle([("BACKGROUND", (1, i), (1, i), colors.HexColor("#FDE2E1"))]))
    return [*out, table, *_facts(data.dated, st, t)]


def _facts(dated: dict, st: Styles, t) -> list:
    """The dated goods' label facts as recorded at the bench, days remaining as computed
    on the day of the appraisal (what the appraiser judged on)."""
    if not dated:
        return []
    rows = [
        (t("fact.production_date"), dated.get("production_date") or "—"),
        (t("fact.shelf_life"), _shelf_life(dated, t)),
        (t("fact.expiry"), dated.get("computed_expiry") or dated.get("expiry") or "—"),
        (t("fact.remaining"), _remaining(dated, t)),
        (t("fact.licence_no"), dated.get("licence_no") or "—"),
        (t("fact.back_label"), t("fact.present" if dated.get("back_label") else "fact.absent")),
        (t("fact.ingredients"), dated.get("ingredients") or "—"),
        (t("fact.additives"), dated.get("additives") or "—"),
    ]
    return [Spacer(0, 2 * mm), Paragraph(esc(t("facts")), st.body), _pairs(rows, st)]


def _shelf_life(dated: dict, t) -> str:
    parts = [
        f"{dated[key]} {t(word)}"
        for key, word in (("shelf_months", "fact.months"), ("shelf_days", "fact.days"))
        if dated.get(key)
    ]
    return " ".join(parts) or "—"


def _remaining(dated: dict, t) -> str:
    days = dated.get("remaining_days")
    if days is None:
        return "—"
    on = dated.get("computed_on", "")
    return t("fact.expired").format(-days, on) if days < 0 else t("fact.days_on").format(days, on)


def _label(data: ReportData, st: Styles, t) -> list:
    """The live label by its grouped serial, state and signing key, never its payload or a
    QR of it: a printout of this page must not be a working label that no print job
    recorded (issue 14 finding 3). The signed QR exists only on the printed label."""
    out = [Paragraph(esc(t("section.label")), st.h2)]
    label = data.label
    if label is None:
        return [*out, Paragraph(esc(t("no_label")), st.body)]
    rows = [
        (t("label_serial"), grouped(label["serial"])),
        (t("label_state"), t("state." + label["state"])),
        (t("label_key"), label["key_id"]),
    ]
    return [*out, KeepTogether([_pairs(rows, st), Paragraph(esc(t("label_scan")), st.small)])]


def _video(data: ReportData, st: Styles, t, *, consumer: bool = False) -> list:
    out = [Paragraph(esc(t("section.video")), st.h2)]
    video = data.video
    if video is None:
        return [*out, Paragraph(esc(t("no_video")), st.body)]
    rows = [
        (t("video_segments"), str(len(video.segments))),
        (t("video_length"), f"{video.seconds} {t('seconds')}"),
        (t("video_digest"), video.digest),
    ]
    if consumer:
        rows.append((t("video_link"), t("video_on_page")))
    elif data.public_url:  # published: where the consumer page plays it
        rows.append((t("video_link"), data.public_url + "video.mp4"))
    return [*out, _pairs(rows, st)]


def _history(data: ReportData, st: Styles, t) -> list:
    if not data.verdicts:
        return []
    head = [t("kind"), t("verdict"), t("signed_by"), t("signed"), t("reasons"), t("note")]
    rows = [head] + [
        [
            t(v["kind"]),
            t(v["verdict"]),
            v["signer_name"],
            data.local(v["signed_at"]),
            ", ".join(v["reason_codes"]),
            v["note"] or v["reason"] or "",
        ]
        for v in data.verdicts
    ]
    widths = [WIDTH * w for w in (0.11, 0.11, 0.19, 0.19, 0.18, 0.22)]
    return [Paragraph(esc(t("section.history")), st.h2), grid(rows, widths, st)]


def _audit(data: ReportData, st: Styles, t) -> list:
    audit = data.audit
    if audit is None:
        return []
    rows = [
        (t("audit_events"), str(audit.events)),
        (t("audit_last"), str(audit.last_seq or "—")),
        (t("audit_root"), audit.merkle_root),
    ]
    return [
        Paragraph(esc(t("section.audit")), st.h2),
        _pairs(rows, st),
        Paragraph(esc(t("audit_note")), st.small),
    ]
