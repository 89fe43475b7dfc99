"""``appraiser server init|enrol-station|approve-key|revoke-station|stations|run``: the fleet
server (``appraiser/server/CONTRACT.md``)."""

from __future__ import annotations

import argparse
import os
from datetime import timedelta
from pathlib import Path

from appraiser.cli.common import EXIT_OK, emit_json, progress
from appraiser.errors import InvalidInput
from appraiser.server import db, migrations


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("server", help="the fleet server on PostgreSQL (issue 15)")
    commands = parser.add_subparsers(dest="server_command", metavar="SUBCOMMAND", required=True)
    init = commands.add_parser("init", help="create or migrate the server's schema (idempotent)")
    _dsn(init)
    init.set_defaults(func=run_init)
    enrol = commands.add_parser("enrol-station", help="print a one-time enrolment token")
    enrol.add_argument("code", help="the station's code (its station_code setting)")
    enrol.add_argument("--valid-hours", type=float, default=24.0, help="token lifetime (24)")
    _dsn(enrol)
    enrol.set_defaults(func=run_enrol)
    approve = commands.add_parser(
        "approve-key", help="accept a station's new key (after a rotation) by its fingerprint"
    )
    approve.add_argument("code", help="the station's code")
    approve.add_argument("fingerprint", help="as `appraiser keys list` shows it on the station")
    _dsn(approve)
    approve.set_defaults(func=run_approve)
    revoke = commands.add_parser(
        "revoke-station", help="end a station's enrolment (its records stay; it may enrol again)"
    )
    revoke.add_argument("code", help="the station's code")
    revoke.add_argument("--reason", help="one line kept with the alarm (e.g. 'bench stolen')")
    _dsn(revoke)
    revoke.set_defaults(func=run_revoke)
    listing = commands.add_parser("stations", help="list stations with their enrolment state")
    listing.add_argument("--json", action="store_true")
    _dsn(listing)
    listing.set_defaults(func=run_stations)
    gc = commands.add_parser(
        "gc-uploads", help="remove abandoned staged uploads (and S3 multipart uploads) now"
    )
    gc.add_argument("--media", required=True, help="the media folder, or s3://bucket[/prefix]")
    gc.add_argument(
        "--older-than", type=float, default=24.0, metavar="H", help="untouched for H hours (24)"
    )
    _dsn(gc)
    gc.set_defaults(func=run_gc_uploads)
    serve = commands.add_parser(
        "run",
        help="serve sync, resolver and pages (uvicorn)",
        description="Behind a reverse proxy that appends X-Forwarded-For (nginx"
        " $proxy_add_x_forwarded_for) set APPRAISER_TRUST_PROXY=1 and"
        " APPRAISER_TRUSTED_PROXIES=<the proxy's addresses or networks, comma-separated;"
        " default loopback>; the rate limits and the scan log then count the right-most hop"
        " that is not a trusted proxy. Without it the client is the TCP peer. The trust in"
        " effect is printed at start.",
    )
    _dsn(serve)
    serve.add_argument("--media", required=True, help="media folder, or s3://bucket[/prefix]")
    serve.add_argument("--listen", default="127.0.0.1:8443", help="HOST:PORT (127.0.0.1:8443)")
    serve.add_argument("--tls-cert", type=Path, help="PEM certificate (TLS when given)")
    serve.add_argument("--tls-key", type=Path, help="PEM private key of the certificate")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (1)")
    serve.add_argument(
        "--public-url",
        help="the resolver's public origin, e.g. https://v.acme.cn (absolute links are built "
        "on it, never on the request's Host; default: the first enrolled station's resolver "
        "domain, or $APPRAISER_RESOLVER_PUBLIC_URL)",
    )
    serve.set_defaults(func=run_serve)
    from appraiser.cli import server_export  # issue 15 F3: export daily, add-supervisor

    server_export.add_verbs(commands)


def _dsn(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dsn", help=f"postgresql://… (default: ${db.DSN_ENV})")


def _public_url(given: str | None) -> None:
    """Check ``--public-url`` (or the environment's) once, here, and hand it to the workers
    through the environment (issue 15 finding F14)."""
    from appraiser.server.resolver_runtime import PUBLIC_URL_ENV, public_origin

    origin = public_origin(given if given is not None else os.environ.get(PUBLIC_URL_ENV, ""))
    if origin:
        os.environ[PUBLIC_URL_ENV] = origin


def run_init(args: argparse.Namespace) -> int:
    with db.connect(db.resolve_dsn(args.dsn)) as conn:
        applied = migrations.migrate(conn)
    for step in applied:
        progress(f"server schema {step.version}: {step.doc}")
    print(f"server schema current ({len(applied)} step(s) applied)")
    return EXIT_OK


def run_enrol(args: argparse.Namespace) -> int:
    from appraiser.config import STATION_CODE
    from appraiser.server import enrolment

    if not STATION_CODE.fullmatch(args.code):
        raise InvalidInput(f"{args.code!r} is not a station code (capital letters, digits, '-').")
    if not 0 < args.valid_hours <= 24 * 30:
        raise InvalidInput("--valid-hours must be between 0 and 720.")
    from appraiser.server.stations import revoked_day

    with db.connect(db.resolve_dsn(args.dsn)) as conn, conn.transaction():
        _require_current(conn)
        revoked = revoked_day(conn, args.code)
        token = enrolment.issue_token(conn, args.code, timedelta(hours=args.valid_hours))
    if revoked is not None:  # issue 15 finding B6: the old key never enrols again
        progress(
            f"station {args.code}'s enrolment was revoked on {revoked}, which retired its keys:"
            " it must enrol with a NEW key (run `appraiser keys rotate` on the station first)."
        )
    progress(f"one-time token for station {args.code}, valid {args.valid_hours:g} h:")
    print(token)
    return EXIT_OK


def run_approve(args: argparse.Namespace) -> int:
    from appraiser.server import auth

    with db.connect(db.resolve_dsn(args.dsn)) as conn, conn.transaction():
        _require_current(conn)
        kid = auth.approve_key(conn, args.code, args.fingerprint)
    print(f"key {kid} of station {args.code} approved")
    return EXIT_OK


def run_revoke(args: argparse.Namespace) -> int:
    from appraiser.server import stations

    with db.connect(db.resolve_dsn(args.dsn)) as conn, conn.transaction():
        _require_current(conn)
        done = stations.revoke(conn, args.code, args.reason)
    when = done["revoked"].strftime("%Y-%m-%d %H:%M UTC")
    if done["already"]:
        print(f"station {args.code} was already revoked on {when}")
    else:
        print(
            f"station {args.code} revoked on {when}: {done['sessions']} session(s) ended;"
            " its records stay; `server enrol-station` issues a token to enrol it again"
        )
    return EXIT_OK


def run_stations(args: argparse.Namespace) -> int:
    from appraiser.server import stations

    with db.connect(db.resolve_dsn(args.dsn)) as conn:
        _require_current(conn)
        rows = stations.listing(conn)
    if args.json:
        emit_json([{k: _plain(v) for k, v in row.items()} for row in rows])
        return EXIT_OK
    print(f"{'STATION':<16} {'STATE':<13} {'EVENTS':>8} {'KEYS':>4}  LAST PUSH         NOTE")
    for row in rows:
        note = f"revoked: {row['revoked_reason']}" if row["revoked_reason"] else ""
        if row["proposed"]:
            note = (note + f" {row['proposed']} key(s) to approve").strip()
        print(
            f"{row['code']:<16} {row['state']:<13} {row['events_head']:>8} {row['keys']:>4}"
            f"  {_stamp(row['last_push']):<17} {note}".rstrip()
        )
    return EXIT_OK


def run_gc_uploads(args: argparse.Namespace) -> int:
    from appraiser.server import media_gc
    from appraiser.server.media import open_media

    if not 0 <= args.older_than <= 24 * 365:
        raise InvalidInput("--older-than must be between 0 and 8760 hours.")
    store = open_media(args.media)
    with db.connect(db.resolve_dsn(args.dsn)) as conn:
        _require_current(conn)
        freed = media_gc.collect(conn, store, timedelta(hours=args.older_than))
    for name, size in freed.files:
        print(f"freed {name} ({size} bytes)")
    for key in freed.multipart:
        print(f"aborted S3 multipart upload {key}")
    print(
        f"freed {len(freed.files)} staged upload(s), {freed.bytes} bytes;"
        f" aborted {len(freed.multipart)} S3 multipart upload(s)"
        + (f"; {freed.skipped} in use, kept" if freed.skipped else "")
    )
    return EXIT_OK


def _proxy_trust() -> str:
    """The proxy trust line, or a refusal naming the setting it cannot read (issue 15
    finding N1: the README's variable was silently ignored)."""
    from appraiser.server import client_address

    try:
        return client_address.describe()
    except ValueError as exc:
        raise InvalidInput(str(exc)) from exc


def _stamp(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _require_current(conn) -> None:
    if migrations.pending(conn):
        raise InvalidInput(
            "The server database is not initialised or behind: run `appraiser server init` first."
        )


def _listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InvalidInput(f"--listen {text!r} must be HOST:PORT.")
    return host.strip("[]"), int(port)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from appraiser.server.app import MEDIA_ENV
    from appraiser.server.media import open_media

    dsn = db.resolve_dsn(args.dsn)
    host, port = _listen(args.listen)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise InvalidInput("TLS needs both --tls-cert and --tls-key.")
    for path in filter(None, (args.tls_cert, args.tls_key)):
        if not path.is_file():
            raise InvalidInput(f"{path} is not a readable file.")
    _public_url(args.public_url)
    trust = _proxy_trust()
    with db.connect(dsn) as conn:
        _require_current(conn)
    open_media(args.media)  # a bad --media fails here, in one line, not in every worker
    os.environ[db.DSN_ENV], os.environ[MEDIA_ENV] = dsn, args.media
    scheme = "https" if args.tls_cert else "http"
    progress(f"fleet server on {scheme}://{args.listen} (health: /healthz)")
    progress(trust)
    uvicorn.run(
        "appraiser.server.app:from_env",
        factory=True,
        host=host,
        port=port,
        workers=max(1, args.workers),
        ssl_certfile=str(args.tls_cert) if args.tls_cert else None,
        ssl_keyfile=str(args.tls_key) if args.tls_key else None,
        log_level="warning",
        access_log=False,
        proxy_headers=False,  # X-Forwarded-For is read by server/client_address.py only (F6)
        # F9/N11: headers past 16 KiB are refused (431) — uvicorn caps only h11, so httptools
        # runs with our cap; idle keep-alive connections closed after 5 s. uvicorn has no
        # header-read timeout: put a proxy with timeouts in front of 0.0.0.0.
        http="appraiser.server.http_limits:CappedHttpTools",
        h11_max_incomplete_event_size=16 * 1024,
        timeout_keep_alive=5,
    )
    return EXIT_OK
