"""Consumer scans on the resolver's hot path (issue 15: ≥ 1,000 requests/s on 2 cores, p99
≤ 50 ms, against a real PostgreSQL).

Seeds ``--labels`` labels through the real projection into the database given by ``--dsn``
(or ``APPRAISER_DSN``; migrated first), starts ``uvicorn`` (httptools + uvloop) on a free
port with ``--workers`` workers and the per-client rate limit off (one load generator is one
client), then drives it with ``wrk`` (Debian package) over many distinct labels:

- ``page``: ``GET /p/<token>?d&h&k&s`` — label state lookup, signature check, page;
- ``resolve``: ``GET /01/<gtin>/21/<serial>?…`` — lookup, scan log, 307;
- ``scan``: what a phone does — the resolve of a label, then (``LAG`` requests later, the
  redirect followed) its page. With ``--labels`` about half the requests of a run each label
  is scanned about once, so every resolve misses the workers' label cache (a database round
  trip) and its page hits it: the realistic mix, unlike ``page``/``resolve`` which cycle
  over the labels many times.

Progress on stderr; the figures (requests/s, latency percentiles from wrk) are returned,
with what they cost: the CPU seconds the server's worker processes (and, when PostgreSQL
runs on this machine, the bench database's backends) spent, per request. That figure depends far
less on what else the machine runs (a busy machine inflates it somewhat: cache misses,
context switches), so it says roughly what a quiet machine would do when the latency
figures are spoiled by other load (the 1-minute load average before each run is
printed and returned next to them).
"""

from __future__ import annotations

import contextlib
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
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
    parser.add_argument("--scenarios", default="page,resolve,scan")


def run(args) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    dsn = db.resolve_dsn(args.dsn)
    seconds = 3 if args.quick else args.seconds
    count = 200 if args.quick else args.labels
    paths = _seed(dsn, count)
    if "scan" in args.scenarios:  # labels no worker has seen: every resolve a miss
        paths["scan"] = _seed(dsn, count)["scan"]
    port = _free_port()
    with tempfile.TemporaryDirectory() as media:
        server = _serve(dsn, media, port, args.workers)
        try:
            _warm(port, paths["page"])  # the hot scenarios measure labels the workers know
            figures = {}
            for name in args.scenarios.split(","):
                urls = paths[name]
                load = os.getloadavg()[0]
                _progress(f"uptime: {_uptime()}")
                _progress(f"wrk {name}: {seconds}s, {args.connections} connections")
                before = _cpu_by_pid(server.pids() + _db_pids(dsn))
                figures[name] = _wrk(port, urls, seconds, args.connections)
                after = _cpu_by_pid(server.pids() + _db_pids(dsn))
                figures[name].update(_cost(before, after, server.pids(), figures[name]))
                figures[name]["load_1m_before"] = round(load, 2)
        finally:
            server.terminate()
            server.wait(timeout=20)
    return {"labels": len(paths["page"]), "workers": args.workers, "cores": os.cpu_count(),
            "connections": args.connections,
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
    scans = [url for k in range(count) for url in (resolves[k], pages[k - LAG])]
    return {"page": pages, "resolve": resolves, "scan": scans}


LAG = 16  # label pairs between a resolve and its page in the scan scenario


# what ``server run`` serves with: httptools with the 16 KiB head cap (finding N11)
HTTP = "appraiser.server.http_limits:CappedHttpTools"


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
        f"uvicorn.run(app,host='127.0.0.1',port={port},loop='uvloop',http='{HTTP}',"
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

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]


def _warm(port: int, urls: list[str]) -> None:
    """Scan every label of the page/resolve scenarios once (8 at a time), so each worker
    has most of them in memory and their signatures checked: ``page`` and ``resolve`` then
    measure the hot path, ``scan`` (labels nobody has seen) the cold one."""
    _progress(f"warming: {len(urls)} pages")

    def get(url: str) -> None:
        with contextlib.suppress(httpx.HTTPError):
            client.get(url)

    with (
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client,
        ThreadPoolExecutor(8) as pool,
    ):
        list(pool.map(get, urls * 2))  # twice: the balancer's workers each see most of them


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _db_pids(dsn: str) -> list[int]:
    """The bench database's backends, when PostgreSQL runs here (else none are readable)."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows if Path(f"/proc/{pid}/cmdline").exists()]


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) each process has used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone, or not on this machine
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def _cost(before: dict, after: dict, servers: list[int], figures: dict) -> dict:
    """CPU milliseconds per request of the server workers and of the database backends (a
    backend that started during the run counts from zero)."""
    requests = max(1, figures["requests"])

    def spent(pids) -> float:
        return sum(after[p] - before.get(p, 0.0) for p in pids if p in after)

    server = spent(servers)
    database = spent(p for p in after if p not in servers)
    cost = (server + database) * 1000 / requests  # ms of CPU per request, all processes
    return {
        "server_cpu_s": round(server, 2),
        "server_cpu_ms_per_request": round(server * 1000 / requests, 4),
        "db_cpu_ms_per_request": round(database * 1000 / requests, 4),
        # what two quiet cores would serve if the workers and PostgreSQL had them to
        # themselves (the load generator's own CPU not counted)
        "quiet_2_core_requests_per_s": round(2000 / max(1e-6, cost)),
    }


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
    figures["requests"] = int(re.search(r"(\d+) requests in", text).group(1))
    for pct in ("50", "90", "99"):
        found = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", text, re.M)
        if found:
            figures[f"p{pct}_ms"] = ms(found.group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    figures["non_2xx_3xx"] = int(errors.group(1)) if errors else 0
    return figures
