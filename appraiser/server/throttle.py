"""Rate limits of enrolment, sign-in and sync (429 + ``Retry-After``), per address and station.

Two groups of endpoints, each limited per client address *and* per station:

- ``auth``: ``/enrol/v1``, ``/sync/v1/challenge``, ``/sync/v1/session`` — cheap to call and
  each one writes a row or checks a signature, so they are what a flood or a token guesser
  would hit. The station is the ``station`` code the body names.
- ``sync``: the signed-in endpoints. The address limit is checked before the bearer token is
  (a flood of made-up tokens never reaches PostgreSQL at full speed); the station limit after
  it, so one busy station never slows the others behind the same NAT.

Buckets live in each worker's memory (workers stay stateless: a limit is a brake, not a
record), so N workers admit up to N times the rate. The station's sync client waits as told
by ``Retry-After`` and goes on (``services/fleet/link.call``). Settings by environment, in
requests per second and burst size (0 = no limit): ``APPRAISER_AUTH_RATE`` (10) /
``…_BURST`` (100) per address, ``APPRAISER_AUTH_STATION_RATE`` (1) / ``…_BURST`` (20),
``APPRAISER_SYNC_RATE`` (500) / ``…_BURST`` (5000) per address,
``APPRAISER_SYNC_STATION_RATE`` (100) / ``…_BURST`` (1000). The client address is taken from
``X-Forwarded-For`` only with ``APPRAISER_TRUST_PROXY=1`` (or the resolver's
``APPRAISER_RESOLVER_TRUST_PROXY=1``), read as ``client_address`` says (right-most hop that is
not a trusted proxy).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from starlette.requests import Request

from appraiser.server.scans import RateLimiter

_DEFAULTS = {
    "AUTH": (10.0, 100),
    "AUTH_STATION": (1.0, 20),
    "SYNC": (500.0, 5000),
    "SYNC_STATION": (100.0, 1000),
}


class Limited(Exception):
    """Past a rate: answer 429 with ``Retry-After: seconds``."""

    def __init__(self, seconds: int, who: str) -> None:
        super().__init__(f"Too many requests from this {who}; try again in {seconds} s.")
        self.seconds = seconds


class _Locked:
    """A ``RateLimiter`` shared by the event loop and the thread pool's endpoints."""

    def __init__(self, rate: float, burst: int) -> None:
        self._limiter = RateLimiter(rate, burst)
        self._lock = threading.Lock()

    def take(self, key: str, who: str) -> None:
        with self._lock:
            wait = self._limiter.retry_after(key)
        if wait:
            raise Limited(wait, who)


@dataclass(frozen=True)
class Throttle:
    auth: _Locked
    auth_station: _Locked
    sync: _Locked
    sync_station: _Locked
    trust_proxy: bool

    @classmethod
    def from_env(cls) -> Throttle:
        env = os.environ

        def limiter(name: str) -> _Locked:
            rate, burst = _DEFAULTS[name]
            return _Locked(
                float(env.get(f"APPRAISER_{name}_RATE", rate)),
                int(env.get(f"APPRAISER_{name}_BURST", burst)),
            )

        trust = "1" in (env.get("APPRAISER_TRUST_PROXY"), env.get("APPRAISER_RESOLVER_TRUST_PROXY"))
        names = ("AUTH", "AUTH_STATION", "SYNC", "SYNC_STATION")
        return cls(*(limiter(name) for name in names), trust_proxy=trust)

    def address(self, request: Request) -> str:
        """The right-most untrusted hop (``client_address``, issue 15 finding F6)."""
        from appraiser.server import client_address

        proxies = client_address.from_env(trust=self.trust_proxy)
        return client_address.client_address(request, proxies)

    def check_address(self, request: Request, group: str) -> None:
        limiter = self.auth if group == "auth" else self.sync
        limiter.take(self.address(request), "address")

    def check_station(self, group: str, station: object) -> None:
        """``station`` as the body names it (auth) or as signed in (sync); a body without a
        usable code is refused later by the endpoint itself."""
        if not isinstance(station, str) or not station or len(station) > 64:
            return
        limiter = self.auth_station if group == "auth" else self.sync_station
        limiter.take(station, "station")


def of(request: Request) -> Throttle:
    """The worker's throttle, made on first use (on the event loop: no race)."""
    state = request.app.state
    throttle = getattr(state, "throttle", None)
    if throttle is None:
        throttle = state.throttle = Throttle.from_env()
    return throttle
