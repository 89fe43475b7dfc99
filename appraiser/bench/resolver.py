"""Consumer scans on the resolver's hot path (issue 15: ≥ 1,000 requests/s on 2 cores, p99
≤ 50 ms, against a real PostgreSQL).

Seeds ``--labels`` labels through the real projection into the database given by ``--dsn``
(or ``APPRAISER_DSN``; migrated first), starts ``uvicorn`` (httptools + uvloop) on a free
port with ``--workers`` workers and the per-client rate limit off (one load generator is one
client), then drives it with ``wrk`` (Debian package) over many distinct labels:

- ``page``: ``GET /p/<token>?d&h&k&s`` — label state lookup, signature check, page;
- ``resolve``: ``GET /01/<gtin>/21/<serial>?…`` — lookup, scan log, 307.

Progress on stderr; the figures (requests/s, latency percentiles from wrk) are returned.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from psycopg.rows import dict_row

from appraiser.labels import ids, payload
from appraiser.server import db, migrations, projections


def add_arguments(parser) -> None:
    parser.add_argument("--dsn", default=None)
    parser.add_argument("--labels", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)


def run(args) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    dsn = db.resolve_dsn(args.dsn)
    seconds = 3 if args.quick else args.seconds
    paths = _seed(dsn, 200 if args.quick else args.labels)
    port = _free_port()
    with tempfile.TemporaryDirectory() as media:
        server = _serve(dsn, media, port, args.workers)
        try:
            figures = {}
            for name, urls in paths.items():
                _progress(f"wrk {name}: {seconds}s, {args.connections} connections")
                figures[name] = _wrk(port, urls, seconds, args.connections)
        finally:
            server.terminate()
            server.wait(timeout=20)
    return {"labels": len(paths["page"]), "workers": args.workers, "cores": os.cpu_count(),
            **figures}  # fmt: skip


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _seed(dsn: str, count: int) -> dict[str, list[str]]:
    _progress(f"seeding {count} labels")
    key, kid = Ed25519PrivateKey.generate(), secrets.token_hex(8)
    pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    pages, resolves = [], []
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        migrations.migrate(conn)
        with conn.transaction():
            code = f"BENCH-{secrets.token_hex(3)}"
            sid = conn.execute(
                "INSERT INTO stations (code, enrolled) VALUES (%s, now()) RETURNING id", (code,)
            ).fetchone()["id"]
            conn.execute(
                "INSERT INTO station_keys (station_id, kid, pem) VALUES (%s, %s, %s)",
                (sid, kid, pem),
            )
            station = {"id": sid, "code": code}
            for n in range(count):
                uid, serial = f"bench-{code}-{n}", ids.new_serial()
                claim = payload.make_claim(
                    "v.bench.test", serial, "09506000134352",
                    hashlib.sha256(uid.encode()).hexdigest(), "20261120", kid,
                )  # fmt: skip
                uri = payload.build(claim, key.sign(payload.canonical(claim)))
                rows = [
                    ("items", {"uid": uid, "brand": "Acme", "model": f"Tote {n}"}),
                    ("appraisals", {"uid": uid, "item_uid": uid}),
                    ("appraisal_media", {"id": 1, "appraisal_uid": uid, "role": "still",
                                         "media_sha256": hashlib.sha256(uid.encode()).hexdigest()}),
                    ("verdicts", {"appraisal_uid": uid, "verdict": "genuine",
                                  "signed_at": "2026-11-20T01:00:00Z"}),
                    ("labels", {"serial": serial, "appraisal_uid": uid, "payload": uri}),
                ]  # fmt: skip
                for table, row in rows:
                    projections.apply(conn, station, table, row)
                query = uri.split("?", 1)[1]
                token = conn.execute(
                    "SELECT page_token FROM resolver_labels WHERE serial = %s", (serial,)
                ).fetchone()["page_token"]
                pages.append(f"/p/{token}?{query}")
                resolves.append(f"/01/09506000134352/21/{serial}?{query}")
    return {"page": pages, "resolve": resolves}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(dsn: str, media: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "APPRAISER_DSN": dsn, "APPRAISER_MEDIA": media,
           "APPRAISER_RESOLVER_RATE": "0"}  # fmt: skip
    code = (
        "import uvicorn;from appraiser.server.app import ServerSettings, create_app;"
        "import os;app=create_app(ServerSettings(os.environ['APPRAISER_DSN'],"
        "os.environ['APPRAISER_MEDIA']));"
        f"uvicorn.run(app,host='127.0.0.1',port={port},loop='uvloop',http='httptools',"
        "log_level='warning',access_log=False)"
    )
    procs = []
    if workers > 1:  # several processes on one port (SO_REUSEPORT is not used by uvicorn.run)
        code = code.replace("uvicorn.run(app,", "uvicorn.Server(uvicorn.Config(app,").replace(
            "access_log=False)",
            "access_log=False)).run(sockets=[__import__('socket').fromfd(3,"
            "__import__('socket').AF_INET,__import__('socket').SOCK_STREAM)])",
        )
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(1024)
        listening = sock.fileno()
        for _ in range(workers):
            procs.append(subprocess.Popen(
                [sys.executable, "-c", code], env=env, pass_fds=(listening,),
                preexec_fn=lambda: os.dup2(listening, 3),
            ))  # fmt: skip
        sock.close()
    else:
        procs.append(subprocess.Popen([sys.executable, "-c", code], env=env))
    _wait_up(port)
    return _Group(procs)


class _Group:
    def __init__(self, procs: list[subprocess.Popen]) -> None:
        self.procs = procs

    def terminate(self) -> None:
        for p in self.procs:
            p.terminate()

    def wait(self, timeout: float) -> None:
        for p in self.procs:
            p.wait(timeout=timeout)


def _wait_up(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /.well-known/gs1resolver HTTP/1.0\r\n\r\n")
                if s.recv(16).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


_LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Language"] = "zh-CN"})
end
"""


def _wrk(port: int, urls: list[str], seconds: int, connections: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp, "paths.txt")
        listing.write_text("\n".join(urls) + "\n")
        script = Path(tmp, "paths.lua")
        script.write_text(_LUA % listing)
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    _progress(out)
    return _parse_wrk(out)


def _parse_wrk(text: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
        return round(float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 3)

    figures = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "90", "99"):
        found = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", text, re.M)
        if found:
            figures[f"p{pct}_ms"] = ms(found.group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    figures["non_2xx_3xx"] = int(errors.group(1)) if errors else 0
    return figures
