"""The consumer page's HTML: one self-contained file, readable on a phone, no script.

It shows what DESIGN §3.5 allows a consumer to see — photos, comparison, video, verdict,
date, station, the label's state — and nothing of the label a printer could reproduce."""

from __future__ import annotations

import html
from typing import Any

from appraiser.reports.appraisal_data import ReportData
from appraiser.reports.report_texts import rt

COLOURS = {
    "genuine": "#2E7D32",
    "counterfeit": "#C62828",
    "inconclusive": "#EF8F00",
    None: "#607D8B",
}

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 -apple-system, "PingFang SC", "Microsoft YaHei",
  "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  color: #1F2933; background: #F3F5F8; }
main { max-width: 760px; margin: 0 auto; padding: 16px; }
header p { margin: 0; color: #6B7785; font-size: 14px; }
h1 { font-size: 22px; margin: 4px 0 12px; }
h2 { font-size: 17px; margin: 0 0 8px; color: #1F4E79; }
.verdict { color: #fff; border-radius: 14px; padding: 18px 20px; margin-bottom: 14px; }
.verdict strong { display: block; font-size: 30px; line-height: 1.2; }
.verdict span { display: block; opacity: .95; font-size: 14px; margin-top: 6px; }
section { background: #fff; border-radius: 14px; padding: 16px; margin-bottom: 14px;
  box-shadow: 0 1px 3px rgba(0,0,0,.06); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dt { color: #6B7785; } dd { margin: 0; word-break: break-all; }
.compare { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
  gap: 10px; }
figure { margin: 0; } figure img, video { width: 100%; border-radius: 10px; display: block;
  background: #E3E8EE; }
figcaption { font-size: 13px; color: #6B7785; margin-top: 4px; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(110px, 1fr));
  gap: 8px; }
.note { color: #6B7785; font-size: 14px; }
a.button { display: block; text-align: center; background: #1F4E79; color: #fff;
  text-decoration: none; padding: 12px; border-radius: 10px; font-weight: 600; }
footer { color: #6B7785; font-size: 12px; text-align: center; padding: 8px 0 24px; }
"""


def esc(text: Any) -> str:
    return html.escape(str(text if text is not None else ""))


def render_page(
    data: ReportData,
    lang: str,
    pictures: dict[str, Any],
    *,
    has_video: bool,
    basis: dict[str, Any] | None = None,
) -> str:
    """``basis``: for a unit of a lot, its unit label and what vouches for it
    (``bundle.lot_basis``): "this unit appraised" or "batch accepted by sampling"."""
    t = lambda key: rt(lang, key)  # noqa: E731
    parts = [
        _verdict(data, t, lang),
        _item(data, t),
        _comparison(data, t, pictures),
        _gallery(t, pictures),
        _video(t, has_video),
        _label(data, t, basis, lang),
        _report(t),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh_CN" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="robots" content="noindex">\n<title>{esc(t("bundle.title"))} · '
        f"{esc(data.uid)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<header><p>{esc(data.institute)}</p><h1>{esc(t('bundle.title'))}</h1></header>\n"
        + "\n".join(parts)
        + f"\n<footer>{esc(data.institute)} · {esc(data.warehouse)} · {esc(data.uid)}<br>"
        f"{esc(t('bundle.verify'))}</footer>\n</main>\n</body>\n</html>\n"
    )


def _verdict(data: ReportData, t, lang: str) -> str:
    verdict = data.verdict
    key = verdict["verdict"] if verdict else None
    word = t(key) if key else t("not_signed")
    lines = ""
    if verdict:
        meaning = t(f"meaning.{key}") if lang == "zh_CN" else verdict["meaning"]
        lines = (  # the date and the station, never who signed (DESIGN §3.5)
            f"<span>“{esc(meaning)}”</span><span>{esc(data.local(verdict['signed_at']))} · "
            f"{esc(t('station'))} {esc(data.station_code)}</span>"
        )
    return (
        f'<div class="verdict" style="background:{COLOURS[key]}">'
        f"<strong>{esc(word)}</strong>{lines}</div>"
    )


def _item(data: ReportData, t) -> str:
    item = data.item
    rows = [
        ("brand", item.get("brand")),
        ("model", item.get("model")),
        ("category", t(item.get("category") or "")),
        ("gtin", item.get("gtin")),
        ("appraisal", data.uid),
        ("signed", data.local(data.verdict["signed_at"]) if data.verdict else "—"),
    ]
    cells = "".join(f"<dt>{esc(t(k))}</dt><dd>{esc(v or '—')}</dd>" for k, v in rows)
    return f"<section><h2>{esc(t('section.product'))}</h2><dl>{cells}</dl></section>"


def _figure(src: str | None, caption: str) -> str:
    if not src:
        return f'<figure><p class="note">{esc(caption)}</p></figure>'
    return (
        f'<figure><img src="{esc(src)}" alt="{esc(caption)}" loading="lazy">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def _comparison(data: ReportData, t, pictures: dict[str, Any]) -> str:
    ref = data.reference
    if ref is None:
        body = f'<p class="note">{esc(t("no_reference"))}</p>'
    else:
        item = pictures["item"]
        heat_caption = (
            t("heatmap")
            if pictures["heatmap"]
            else (t("no_regions") if ref.deviation is not None else t("no_heatmap"))
        )
        reading = t(f"reading.{ref.reading}") if ref.reading else "—"
        body = (
            '<div class="compare">'
            + _figure(item[0] if item else None, t("item_photo"))
            + _figure(pictures["reference"], f"{t('reference')} · {ref.title}")
            + _figure(pictures["heatmap"], heat_caption)
            + f"</div><p>{esc(t('reading'))}: {esc(reading)}</p>"
        )
    return f"<section><h2>{esc(t('section.compare'))}</h2>{body}</section>"


def _gallery(t, pictures: dict[str, Any]) -> str:
    if not pictures["photos"]:
        return (
            f"<section><h2>{esc(t('section.photos'))}</h2>"
            f'<p class="note">{esc(t("no_photos"))}</p></section>'
        )
    figures = "".join(_figure(name, view) for name, view in pictures["photos"])
    title = esc(t("section.photos"))
    return f'<section><h2>{title}</h2><div class="gallery">{figures}</div></section>'


def _video(t, has_video: bool) -> str:
    if not has_video:
        body = f'<p class="note">{esc(t("no_video"))}</p>'
    else:  # silent bench footage: muted autoplay is allowed on phones and loops like a clip
        body = (
            '<video src="video.mp4" controls muted autoplay loop playsinline '
            f'preload="metadata">{esc(t("bundle.no_video_browser"))}</video>'
        )
    return f"<section><h2>{esc(t('bundle.video'))}</h2>{body}</section>"


def _label(data: ReportData, t, basis: dict[str, Any] | None = None, lang: str = "en") -> str:
    """The label's state and the last symbols of its serial: a shopper can match the label
    in hand, nobody can print one from this page (no serial with its check, no payload).
    A lot's unit shows its unit label and that label's basis (counts only)."""
    label = basis["label"] if basis else data.public_label
    if label is None:
        head = f"<section><h2>{esc(t('section.label'))}</h2>"
        return f'{head}<p class="note">{esc(t("no_label"))}</p></section>'
    vouched = ""
    if basis and basis.get("kind"):
        from appraiser.services.lots.unit_labels import basis_text

        vouched = f'<p class="basis">{esc(basis_text(basis, lang))}</p>'
    return (
        f"<section><h2>{esc(t('section.label'))}</h2>{vouched}<dl>"
        f"<dt>{esc(t('label_state'))}</dt><dd>{esc(t('state.' + label['state']))}</dd>"
        f"<dt>{esc(t('label_ending'))}</dt><dd>…{esc(label['ending'])}</dd></dl>"
        f'<p class="note">{esc(t("label_check"))}</p></section>'
    )


def _report(t) -> str:
    return f'<section><a class="button" href="report.pdf">{esc(t("bundle.pdf"))}</a></section>'
