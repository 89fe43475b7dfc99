"""The read-only supervisor web page: HTML from the site read model (``site.SiteDay``).

One self-contained page (inline CSS, no script, no external asset; CSP ``default-src
'none'``): the site's totals, one row per station (appraisals, verdict mix, items per
appraiser-hour, last sync and lag, alarms), appraisals started per hour per station, and
the clone flags. Everything shown is escaped; nothing here writes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from appraiser.server.supervisor_page_texts import text

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Vary": "Accept-Language, Cookie",
}
STALE_SECONDS = 15 * 60  # a station not heard from for this long is shown as behind
VERDICTS = ("genuine", "counterfeit", "inconclusive", "unsigned")
_COLOURS = {"genuine": "#2E7D32", "counterfeit": "#C62828", "inconclusive": "#EF8F00"}
_CSS = """
body{font:15px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
header{background:#1b3a57;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;gap:12px;
align-items:center}header h1{font-size:19px;margin:0;flex:1}
main{padding:12px 16px;max-width:1200px}section{background:#fff;border-radius:6px;
padding:10px 14px;margin:0 0 12px;box-shadow:0 1px 2px #0002}h2{font-size:16px;margin:4px 0 8px}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #e3e6ea;
text-align:right;white-space:nowrap}th:first-child,td:first-child{text-align:left}
.tiles{display:flex;flex-wrap:wrap;gap:8px}.tile{flex:1;min-width:110px;background:#fff;
border-radius:6px;padding:8px 12px;box-shadow:0 1px 2px #0002}.tile b{display:block;font-size:24px}
.stale{color:#C62828;font-weight:bold}.bar{display:inline-block;height:10px;background:#1b3a57}
form{display:inline}input,button{font:inherit;padding:3px 8px}.muted{color:#5f6b77;font-size:13px}
.login{max-width:360px;margin:40px auto}.login label{display:block;margin:8px 0 2px}
.login input{width:100%;box-sizing:border-box}.err{color:#C62828}
"""


def _page(lang: str, title: str, body: str) -> bytes:
    html_lang = "zh-CN" if lang == "zh-CN" else "en"
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>"
    ).encode()


def login_page(lang: str, csrf: str, error: str | None = None) -> bytes:
    t = lambda key, **v: escape(text(lang, key, **v))  # noqa: E731
    problem = f'<p class="err">{t(error)}</p>' if error else ""
    body = (
        f'<main class="login"><section><h1>{t("title")}</h1><p class="muted">'
        f'{t("sign_in_intro")}</p>{problem}<form method="post" action="/site/login">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f'<label for="name">{t("name")}</label><input id="name" name="name" '
        'autocomplete="username" required maxlength="64">'
        f'<label for="key">{t("key")}</label><input id="key" name="key" type="password" '
        'autocomplete="current-password" required maxlength="128">'
        f'<p><button type="submit">{t("sign_in")}</button></p></form></section></main>'
    )
    return _page(lang, text(lang, "sign_in"), body)


def message_page(lang: str, key: str) -> bytes:
    body = (
        f'<main class="login"><section><p class="err">{escape(text(lang, key))}</p>'
        f'<p><a href="/site/">{escape(text(lang, "title"))}</a></p></section></main>'
    )
    return _page(lang, text(lang, "title"), body)


def lag_words(lang: str, seconds: float | None) -> str:
    if seconds is None:
        return text(lang, "never")
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return text(lang, f"lag.{unit}", n=int(seconds // size))
    return text(lang, "lag.s", n=int(seconds))


def site_page(lang: str, view: dict[str, Any], name: str, csrf: str) -> bytes:
    """The whole page for one ``SiteDay.as_dict()``."""
    t = lambda key, **v: escape(text(lang, key, **v))  # noqa: E731
    read_at = datetime.fromisoformat(view["read_at"]).astimezone(UTC).strftime("%H:%M:%S")
    header = (
        f"<header><h1>{t('title')} · {escape(view['day'])}</h1>"
        f'<form method="get" action="/site/"><label>{t("day")} <input type="date" name="date" '
        f'value="{escape(view["day"])}"></label> <button>{t("show")}</button></form>'
        f'<span>{t("signed_in_as", name=name)}</span><form method="post" action="/site/logout">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}"><button>{t("sign_out")}'
        f"</button></form></header>"
    )
    body = (
        header
        + "<main>"
        + f'<p class="muted">{t("read_at", time=read_at)}</p>'
        + _tiles(lang, view["totals"])
        + _stations(lang, view["stations"])
        + _throughput(lang, view["stations"])
        + _flags(lang, view["clone_flags"])
        + _withdrawn(lang, view.get("withdrawn_in_circulation") or [])
        + "</main>"
    )
    return _page(lang, f"{text(lang, 'title')} {view['day']}", body)


def _tiles(lang: str, totals: dict[str, Any]) -> str:
    items = [("appraisals", totals["appraisals"]), ("signed", totals["signed"])]
    items += [(v, totals["by_verdict"].get(v, 0)) for v in VERDICTS]
    tiles = "".join(
        f'<div class="tile" id="total-{key}"><b style="color:{_COLOURS.get(key, "#1b1f24")}">'
        f"{n:,}</b>{escape(text(lang, key))}</div>"
        for key, n in items
    )
    return f'<section class="tiles">{tiles}</section>'


def _stations(lang: str, stations: list[dict[str, Any]]) -> str:
    t = lambda key: escape(text(lang, key))  # noqa: E731
    if not stations:
        return f"<section><h2>{t('stations')}</h2><p>{t('no_stations')}</p></section>"
    heads = ["station", "appraisals", "signed", *VERDICTS, "per_hour", "last_push", "lag"]
    head = "".join(f"<th>{t(h)}</th>" for h in [*heads, "alarms"])
    rows = "".join(_station_row(lang, s) for s in stations)
    return (
        f'<section><h2>{t("stations")}</h2><table id="stations"><thead><tr>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _station_row(lang: str, s: dict[str, Any]) -> str:
    lag = s["lag_seconds"]
    stale = lag is None or lag > STALE_SECONDS
    lag_cell = escape(lag_words(lang, lag)) + (
        f' <span class="stale">{escape(text(lang, "stale"))}</span>' if stale else ""
    )
    alarm_class = ' class="stale"' if s["alarms"] else ""
    pushed = s["last_push"][:19].replace("T", " ") if s["last_push"] else text(lang, "never")
    cells = [
        f"<td>{escape(s['station'])}</td>",
        f"<td>{s['appraisals']:,}</td>",
        f"<td>{s['signed']:,}</td>",
        *(f"<td>{s['by_verdict'].get(v, 0):,}</td>" for v in VERDICTS),
        f"<td>{s['per_appraiser_hour'] if s['per_appraiser_hour'] is not None else '—'}</td>",
        f"<td>{escape(pushed)}</td>",
        f"<td>{lag_cell}</td>",
        f"<td{alarm_class}>{s['alarms']}</td>",
    ]
    return f'<tr data-station="{escape(s["station"])}">{"".join(cells)}</tr>'


def _throughput(lang: str, stations: list[dict[str, Any]]) -> str:
    hours = [h for h in range(24) if any(s["by_hour"][h] for s in stations)]
    if not hours:
        return ""
    span = range(min(hours), max(hours) + 1)
    top = max(max(s["by_hour"]) for s in stations) or 1
    head = "".join(f"<th>{escape(s['station'])}</th>" for s in stations)
    rows = "".join(
        f"<tr><td>{h:02d}</td>"
        + "".join(_hour_cell(s["by_hour"][h], top) for s in stations)
        + "</tr>"
        for h in span
    )
    return (
        f'<section><h2>{escape(text(lang, "throughput"))}</h2><table id="throughput"><thead>'
        f"<tr><th>{escape(text(lang, 'hour'))}</th>{head}</tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def _hour_cell(n: int, top: int) -> str:
    return f'<td>{n} <span class="bar" style="width:{60 * n // top}px"></span></td>'


def _flags(lang: str, flags: list[dict[str, Any]]) -> str:
    t = lambda key: escape(text(lang, key))  # noqa: E731
    if not flags:
        return f"<section><h2>{t('clone_flags')}</h2><p>{t('no_flags')}</p></section>"
    head = "".join(f"<th>{t(k)}</th>" for k in ("raised", "serial", "rule", "station", "detail"))
    rows = "".join(
        f"<tr><td>{escape(f['raised'][:19].replace('T', ' '))}</td><td>{escape(f['serial'])}</td>"
        f"<td>{escape(text(lang, 'rule.' + f['rule']))}</td><td>{escape(f['station'] or '—')}"
        f"</td><td>{escape(', '.join(f'{k}: {v}' for k, v in f['detail'].items()))}</td></tr>"
        for f in flags
    )
    return (
        f'<section><h2>{t("clone_flags")} ({len(flags)})</h2><table id="flags"><thead><tr>'
        f"{head}</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _withdrawn(lang: str, groups: list[dict[str, Any]]) -> str:
    """Withdrawn labels still scanned, one row per lot, below the clone flags (N6): the
    labels are on real items; a supervisor may want the lot's buyers told, no more."""
    if not groups:
        return ""
    t = lambda key: escape(text(lang, key))  # noqa: E731
    head = "".join(f"<th>{t(k)}</th>" for k in ("station", "lot", "labels", "scans", "last_scan"))
    rows = "".join(
        f"<tr><td>{escape(g['station'] or '—')}</td><td>{escape(g['lot'] or g['serials'][0])}"
        f"</td><td>{int(g['labels'])}</td><td>{int(g['scans'])}</td>"
        f"<td>{escape(str(g['last_scan'])[:19].replace('T', ' '))}</td></tr>"
        for g in groups
    )
    count = sum(int(g["labels"]) for g in groups)
    return (
        f"<section><h2>{t('withdrawn')} ({count})</h2><p>{t('withdrawn_note')}</p>"
        f'<table id="withdrawn"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        "</section>"
    )
