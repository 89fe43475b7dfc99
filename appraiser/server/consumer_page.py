"""The consumer page (DESIGN §3.5): what a shopper sees after scanning a label.

Rendered from a ``PageView`` that holds *only* what a consumer may see — status, serial,
product, appraisal day, station, a lot's sampling figures, links to the public media — so
nothing internal can leak by accident: the declaration number, merchant, logins, notes,
review history and the signed payload never reach this module at all.

Mobile first, one self-contained HTML document: inline CSS, no scripts, no web fonts, no
external assets (a Content-Security-Policy says so to the browser too). The status banner
is the largest thing on the screen, coloured and worded so it cannot be misread.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from appraiser.server.consumer_page_texts import Status, text

# Headers every consumer response carries: nothing loads from elsewhere, the URL (which
# carries the label's query) is never sent on as a referrer, search engines keep out.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; "
    "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Vary": "Accept-Language",
}

_COLOURS = {
    Status.GENUINE: ("#0b6b2f", "#e7f6ec", "✓"),
    Status.REVOKED: ("#a50e0e", "#fdecea", "✗"),
    Status.VOIDED: ("#a50e0e", "#fdecea", "✗"),
    Status.UNKNOWN: ("#a50e0e", "#fdecea", "✗"),
    Status.PENDING: ("#6b3f00", "#fff3cd", "…"),  # amber: neither valid nor forged (B2)
    Status.BAD_SIGNATURE: ("#a50e0e", "#fdecea", "✗"),
    Status.MALFORMED: ("#a50e0e", "#fdecea", "✗"),
    Status.UNAVAILABLE: ("#1f3f77", "#eaf0fa", "…"),
    Status.UNSCANNED: ("#1f3f77", "#eaf0fa", "ⓘ"),
    Status.BUSY: ("#1f3f77", "#eaf0fa", "…"),
}
# Statuses about no label at all: nothing but the banner.
_BARE = frozenset(
    {
        Status.UNKNOWN,
        Status.PENDING,
        Status.MALFORMED,
        Status.UNAVAILABLE,
        Status.UNSCANNED,
        Status.BUSY,
    }
)

_CSS = """
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"PingFang SC",
"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#f6f6f4}
main{max-width:40rem;margin:0 auto;padding:1rem}
.status{border:3px solid var(--c);background:var(--b);color:var(--c);border-radius:12px;
padding:1rem 1.1rem;margin:0 0 1rem}
.status h1{font-size:1.45rem;line-height:1.25;margin:0 0 .4rem;display:flex;gap:.6rem}
.status .mark{font-size:2rem;line-height:1}.status p{margin:0;color:#1b1b1b}
.since{font-weight:600;margin-top:.4rem!important}
dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem .9rem;background:#fff;
border-radius:12px;padding:.9rem 1rem;margin:0 0 1rem}dt{color:#555}dd{margin:0;
font-weight:600;overflow-wrap:anywhere}
.lot{background:#fff8e1;border-left:5px solid #b26a00;border-radius:8px;padding:.7rem .9rem;
margin:0 0 1rem}.lot strong{display:block}
h2{font-size:1.05rem;margin:1.2rem 0 .5rem}
.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem}
.photos img,video{width:100%;border-radius:8px;background:#ddd;display:block}
video{margin:0 0 .3rem}.part{color:#555;font-size:.85rem;margin:0 0 .8rem}
footer{color:#666;font-size:.8rem;margin:1.5rem 0 .5rem}
.caution{border:3px solid #b26a00;background:#fff3cd;color:#6b3f00;border-radius:12px;
padding:.8rem 1rem;margin:0 0 1rem}.caution strong{display:block;font-size:1.1rem}
"""


@dataclass(frozen=True)
class Medium:
    url: str  # a path on this server (``/m/<token>/<sha256>``)
    mime: str
    view: str | None = None


@dataclass(frozen=True)
class PageView:
    """Everything the page may show; built by the resolver from the label projection."""

    status: Status
    serial: str | None = None  # grouped form, as printed
    product: str | None = None  # brand and model
    appraised_on: str | None = None  # YYYY-MM-DD
    station: str | None = None
    state_day: str | None = None  # when a revoked/voided label ended (day only)
    lot: tuple[int, int] | None = None  # (units appraised n, lot size N)
    photos: tuple[Medium, ...] = field(default_factory=tuple)
    videos: tuple[Medium, ...] = field(default_factory=tuple)
    # An open clone flag on the serial (issue 15 finding F5): the buyer is told to check the
    # tag, without saying which rule fired or any count.
    caution: bool = False
    # A revoked lot unit label whose LOT's decision changed (not its own appraisal): the page
    # says "withdrawn: the batch was re-examined" instead of "the appraisal was changed".
    lot_withdrawn: bool = False


def render(view: PageView, lang: str) -> bytes:
    """The page as UTF-8 HTML in ``lang`` (``en`` or ``zh-CN``)."""
    fg, bg, mark = _COLOURS[view.status]
    parts = [
        "<!doctype html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(text(lang, 'title'))}</title><style>{_CSS}</style></head><body><main>",
        _status(view, lang, fg, bg, mark),
        _caution(view, lang),
    ]
    if view.status not in _BARE:
        parts.append(_facts(view, lang))
        parts.append(_lot(view, lang))
        parts.append(_media(view, lang))
    parts.append(f"<footer>{_e(text(lang, 'footer'))}</footer></main></body></html>")
    return "".join(parts).encode("utf-8")


def render_product(lang: str) -> bytes:
    """The product level's page (``/i/product``, the default link of ``/01/<GTIN>``): a GTIN
    names a product, not an appraised item; neutral colours, it is neither valid nor not."""
    return "".join(
        [
            "<!doctype html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width,initial-scale=1">',
            f"<title>{_e(text(lang, 'title'))}</title><style>{_CSS}</style></head><body><main>",
            '<section class="status" style="--c:#1f3f77;--b:#eaf0fa" data-status="product">',
            f"<h1><span>{_e(text(lang, 'product.head'))}</span></h1>",
            f"<p>{_e(text(lang, 'product.body'))}</p></section>",
            f"<footer>{_e(text(lang, 'footer'))}</footer></main></body></html>",
        ]
    ).encode("utf-8")


def _status(view: PageView, lang: str, fg: str, bg: str, mark: str) -> str:
    key = str(view.status)
    words = "revoked.lot" if view.status is Status.REVOKED and view.lot_withdrawn else key
    since = ""
    if view.state_day and view.status in (Status.REVOKED, Status.VOIDED):
        since = f'<p class="since">{_e(text(lang, "since", day=view.state_day))}</p>'
    return (
        f'<section class="status" style="--c:{fg};--b:{bg}" role="status" '
        f'data-status="{key}"><h1><span class="mark" aria-hidden="true">{mark}</span>'
        f"<span>{_e(text(lang, words + '.head'))}</span></h1>"
        f"<p>{_e(text(lang, words + '.body'))}</p>{since}</section>"
    )


def _caution(view: PageView, lang: str) -> str:
    """The probable-clone warning, shown under a banner that would otherwise reassure."""
    if not view.caution or view.status is not Status.GENUINE:
        return ""
    return (
        f'<section class="caution" role="alert" data-caution="clone">'
        f"<strong>⚠ {_e(text(lang, 'caution.head'))}</strong>"
        f"{_e(text(lang, 'caution.body'))}</section>"
    )


def _facts(view: PageView, lang: str) -> str:
    rows = [
        ("serial", view.serial),
        ("product", view.product),
        ("appraised", view.appraised_on),
        ("station", view.station),
    ]
    cells = "".join(
        f"<dt>{_e(text(lang, key))}</dt><dd>{_e(value)}</dd>" for key, value in rows if value
    )
    return f"<dl>{cells}</dl>" if cells else ""


def _lot(view: PageView, lang: str) -> str:
    if view.lot is None:
        return ""
    if view.lot_withdrawn:  # never "accepted by sampling" under a withdrawn verdict (N4)
        head = (
            text(lang, "lot.withdrawn", day=view.state_day)
            if view.state_day
            else text(lang, "lot.withdrawn.undated")
        )
        return (
            f'<section class="lot" data-lot="withdrawn"><strong>{_e(head)}</strong>'
            f"{_e(text(lang, 'lot.withdrawn.note'))}</section>"
        )
    n, total = view.lot
    return (
        f'<section class="lot"><strong>{_e(text(lang, "lot", n=n, N=total))}</strong>'
        f"{_e(text(lang, 'lot.note'))}</section>"
    )


def _media(view: PageView, lang: str) -> str:
    if view.status is not Status.GENUINE:
        return ""  # a label that is not valid shows no pictures that could reassure anyone
    if not view.photos and not view.videos:
        return f"<p>{_e(text(lang, 'no_media'))}</p>"
    out = []
    if view.videos:
        out.append(f"<h2>{_e(text(lang, 'video'))}</h2>")
        count = len(view.videos)
        for i, clip in enumerate(view.videos, 1):
            out.append(
                f'<video controls playsinline preload="metadata" src="{_e(clip.url)}" '
                f'type="{_e(clip.mime)}"></video>'
            )
            if count > 1:
                out.append(f'<p class="part">{_e(text(lang, "video.part", i=i, n=count))}</p>')
    if view.photos:
        out.append(f'<h2>{_e(text(lang, "photos"))}</h2><div class="photos">')
        for photo in view.photos:
            alt = _e(photo.view or text(lang, "photos"))
            out.append(f'<img loading="lazy" src="{_e(photo.url)}" alt="{alt}">')
        out.append("</div>")
    return "".join(out)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)
