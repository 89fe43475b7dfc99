"""End to end, by hand or before a release (issue 15 item 3): a phone opens a label's URI.

Builds everything in a temporary folder: a private PostgreSQL (``initdb``/``pg_ctl``), the
fleet server (``appraiser server init`` + ``server run`` over TLS with a self-signed
certificate), a demo station (``appraiser demo``) with one more genuine appraisal that has an
inspection video (a real H.264 segment from the simulated camera) and a label, enrolled
(``station enrol``) and synced (``sync --once``). Then headless Chromium at phone size
(390×844) opens the label's URI on the local resolver:

1. screenshots of the consumer page in zh-CN and en;
2. the video plays: driven over the Chrome DevTools protocol (``--remote-debugging-pipe``, no
   page script — the page's CSP allows none): ``readyState``, ``currentTime`` advancing, and
   the media requests answered 206;
3. the verdict is amended away from genuine on the station (``appraisals amend … --user
   supervisor``), synced again, and the same URI screenshot says revoked.

Screenshots go to ``--out``; one JSON line of findings is printed last. Chromium is not in
the test packages (a ~250 MB install for one check), so this is a script, not a CI test:
``apt-get install chromium``, then
``.venv/bin/python benchmarks/consumer_page_chromium.py --out /tmp/shots``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--ignore-certificate-errors",  # the local server's self-signed certificate
    "--autoplay-policy=no-user-gesture-required",
    "--remote-debugging-pipe",
]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def appraiser(*argv: str, env: dict, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv/bin/appraiser"), *argv],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"appraiser {argv[0]} {argv[1] if len(argv) > 1 else ''}: {done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed P-256 certificate (Chromium's TLS does not take Ed25519 ones)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def appraise_with_video(data: Path) -> tuple[str, str]:
    """One more genuine appraisal on the demo station, with photos and a recorded video
    segment, and its label; returns (appraisal uid, label URI)."""
    from zoneinfo import ZoneInfo

    from appraiser.capture.encoder import SegmentInfo, SegmentWriter
    from appraiser.capture.recorder import ClosedSegment
    from appraiser.capture.simulated import SimulatedCamera
    from appraiser.domain.enums import AppraisalState, Category, Verdict
    from appraiser.services.admin.demo import ensure_users
    from appraiser.services.admin.station import Station
    from appraiser.services.casework import appraisals, capture
    from appraiser.services.labelling import labels

    station = Station.open(data)
    store = station.store
    sessions, _ = ensure_users(station)
    who = sessions["appraiser1"]
    model = store.query(
        "SELECT i.* FROM items i JOIN appraisals a ON a.item_uid = i.uid "
        "JOIN labels l ON l.appraisal_uid = a.uid LIMIT 1"
    )[0]
    fields = {k: model[k] for k in ("gtin", "brand", "model", "category", "sku", "origin")}
    fields |= {"declaration_no": "223120261199000777", "merchant": "Secret Merchant Co"}
    item = appraisals.register_item(store, who, **fields)
    uid = appraisals.start(
        store, who, station.settings.station_code, item, Category(fields["category"]),
        station.settings.tz(),
    )  # fmt: skip
    for row in store.query(
        "SELECT m.* FROM appraisal_media m JOIN appraisals a ON a.uid = m.appraisal_uid "
        "WHERE a.item_uid = ? AND m.role = 'still'",
        (model["uid"],),
    ):
        jpeg = store.media.read(row["media_sha256"])
        appraisals.attach_media(store, who, uid, jpeg, role="still", mime="image/jpeg",
                                view=row["view"], meta={"source": "e2e"})  # fmt: skip
    folder = capture.recording_folder(store) / uid
    folder.mkdir(parents=True, exist_ok=True)
    camera = SimulatedCamera(640, 480, 30, realtime=False, seed=7)
    camera.open()
    info = SegmentInfo(uid, 1, time.time(), 30.0, 640, 480)
    base = folder / "seg-000001"
    info.write(base.with_suffix(".json"))
    writer = SegmentWriter(base.with_suffix(".mp4"), info, ZoneInfo("UTC"))
    for _ in range(150):  # five seconds
        writer.write(camera.read())
    writer.close()
    closed = ClosedSegment(writer.path, info, writer.frames, writer.duration_s)
    capture.record_segment(store, who, closed)
    appraisals.save(store, who, uid, step="checklist", data={"notes": "e2e"})
    appraisals.sign_verdict(store, who, uid, Verdict.GENUINE, "demo-appraiser1")
    appraisals.save(store, who, uid, step="verdict", state=AppraisalState.DONE)
    label = labels.issue(station, who, uid)
    station.close()
    return uid, label.payload


def _binary() -> str | None:
    """The browser itself: Debian's ``/usr/bin/chromium`` is a shell wrapper, and the pipe's
    file descriptors 3 and 4 must reach the browser process."""
    real = Path("/usr/lib/chromium/chromium")
    return str(real) if real.exists() else shutil.which("chromium")


class Chromium:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out)."""

    def __init__(self, profile: Path) -> None:
        binary = _binary()
        if binary is None:
            raise SystemExit("chromium is missing: apt-get install chromium")
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()

        def fds() -> None:  # dup2 onto itself keeps close-on-exec: clear it by hand
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            close_fds=False,  # fds 3 and 4 are made in preexec_fn, after pass_fds would act
            preexec_fn=fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf, self._id, self.events = b"", 0, []

    def _read(self) -> dict:
        while b"\0" not in self._buf:
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            self._buf += chunk
        message, self._buf = self._buf.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise SystemExit(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())
        raise SystemExit(f"no {method} within {timeout}s")

    def phone_tab(self, language: str) -> str:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", session, **PHONE)
        self.call("Network.enable", session)
        self.call("Network.setExtraHTTPHeaders", session, headers={"Accept-Language": language})
        self.call("Page.enable", session)
        return session

    def open(self, session: str, url: str) -> None:
        self.events.clear()
        self.call("Page.navigate", session, url=url)
        self.wait_event("Page.loadEventFired")

    def screenshot(self, session: str, path: Path) -> None:
        shot = self.call("Page.captureScreenshot", session, format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    def evaluate(self, session: str, expression: str):
        result = self.call(
            "Runtime.evaluate", session, expression=expression, awaitPromise=True,
            returnByValue=True,
        )  # fmt: skip
        return result["result"].get("value")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def play_video(chrome: Chromium, session: str) -> dict:
    """Start the page's first video (muted, as a phone's autoplay would) and watch it."""
    started = chrome.evaluate(
        session,
        "(async () => { const v = document.querySelector('video'); if (!v) return 'no video';"
        " v.muted = true; await v.play(); return 'playing'; })()",
    )
    first = chrome.evaluate(session, "document.querySelector('video').currentTime")
    time.sleep(2.0)
    state = chrome.evaluate(
        session,
        "(() => { const v = document.querySelector('video'); return {readyState: v.readyState,"
        " currentTime: v.currentTime, duration: v.duration, paused: v.paused,"
        " error: v.error && v.error.code}; })()",
    )
    statuses = [
        e["params"]["response"]["status"]
        for e in chrome.events
        if e.get("method") == "Network.responseReceived" and "/m/" in e["params"]["response"]["url"]
    ]
    return {"play": started, "currentTime_start": first, **state, "media_statuses": statuses}


def run(out: Path) -> dict:
    from support.postgres import PrivateCluster

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="consumer-e2e-"))
    cluster = PrivateCluster()
    cluster.start()
    server = chrome = None
    try:
        dsn = cluster.create_database("e2e")
        env = {**os.environ, "APPRAISER_DATA_DIR": str(work / "station"),
               "APPRAISER_RESOLVER_RATE": "0"}  # fmt: skip
        cert, key = certificate(work)
        port = free_port()
        appraiser("server", "init", "--dsn", dsn, env=env)
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/appraiser"), "server", "run", "--dsn", dsn,
             "--media", str(work / "media"), "--listen", f"127.0.0.1:{port}",
             "--tls-cert", str(cert), "--tls-key", str(key),
             # absolute links are built on the public origin, never Host (F14): here, this
             "--public-url", f"https://127.0.0.1:{port}"],
            env=env, stdout=subprocess.DEVNULL, stderr=(work / "server.log").open("wb"),
        )  # fmt: skip
        log("demo station…")
        appraiser("demo", env=env)
        uid, uri = appraise_with_video(work / "station")
        token = appraiser("server", "enrol-station", "BW-01", "--dsn", dsn, env=env)
        base = f"https://127.0.0.1:{port}"
        appraiser("station", "enrol", "--server", base, "--token", token.strip().splitlines()[-1],
                  "--ca", str(cert), "--user", "admin", env=env, stdin="demo-admin\n")  # fmt: skip
        log(appraiser("sync", "--once", env=env).strip())
        local = base + uri[uri.index("/01/") :]
        chrome = Chromium(work / "chrome")
        findings: dict = {"uri": uri, "local": local}
        for lang, name in (("zh-CN", "zh"), ("en", "en")):
            session = chrome.phone_tab(lang)
            chrome.open(session, local)
            chrome.screenshot(session, out / f"genuine_{name}.png")
            findings[f"status_{name}"] = chrome.evaluate(
                session, "document.querySelector('[data-status]').dataset.status"
            )
            if name == "en":
                findings["video"] = play_video(chrome, session)
                chrome.evaluate(session, "window.scrollTo(0, document.body.scrollHeight)")
                chrome.screenshot(session, out / "genuine_en_video.png")
        appraiser("appraisals", "amend", uid, "--verdict", "counterfeit",
                  "--reason", "e2e: brand confirmed the batch is not theirs",
                  "--reason-code", "NOT_AUTHENTIC", "--user", "supervisor",
                  env=env, stdin="demo-supervisor\n")  # fmt: skip
        log(appraiser("sync", "--once", env=env).strip())
        for lang, name in (("zh-CN", "zh"), ("en", "en")):
            session = chrome.phone_tab(lang)
            chrome.open(session, local)
            chrome.screenshot(session, out / f"revoked_{name}.png")
            findings[f"after_amend_{name}"] = chrome.evaluate(
                session, "document.querySelector('[data-status]').dataset.status"
            )
        return findings
    finally:
        if chrome:
            chrome.close()
        if server:
            server.terminate()
            server.wait(timeout=20)
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the screenshots")
    print(json.dumps(run(parser.parse_args().out)))


if __name__ == "__main__":
    main()
