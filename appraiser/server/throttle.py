"""Rate limits of enrolment, sign-in and sync (429 + ``Retry-After``), per address and station.

Two groups of endpoints, each limited per client address *and* per station:

- ``auth``: ``/enrol/v1``, ``/sync/v1/challenge``, ``/sync/v1/session`` — cheap to call,
  so they are what a flood or a token guesser would hit. Only enrolment also counts against
  the ``station`` code its body names (token guessing): a station's code is public, so a
  per-station limit on challenge/session would let strangers hold back its own sign-in
  (issue 15 finding B9); those two are limited per address only.
- ``sync``: the signed-in endpoints. The address limit is checked before the bearer token is
  (a flood of made-up tokens never reaches PostgreSQL at full speed); the station limit after
  it, so one busy station never slows the others behind the same NAT.

Each limit is site-wide (``site_limits``: issue 15 F19/F12): a worker decides in memory and
adds its counts to PostgreSQL's ``rate_counts`` every half second, so N workers and more hosts
admit the budget once (plus one sync interval of slack), not N times. The station's sync
client waits as told by ``Retry-After`` and goes on (``services/fleet/link.call``). Settings
by environment, in requests per second and burst size (0 = no limit):
``APPRAISER_AUTH_RATE`` (10) / ``…_BURST`` (100) per address,
``APPRAISER_AUTH_STATION_RATE`` (1) / ``…_BURST`` (20),
``APPRAISER_SYNC_RATE`` (500) / ``…_BURST`` (5000) per address,
``APPRAISER_SYNC_STATION_RATE`` (100) / ``…_BURST`` (1000). The client address is taken from
``X-Forwarded-For`` only with ``APPRAISER_TRUST_PROXY=1`` (or the resolver's
``APPRAISER_RESOLVER_TRUST_PROXY=1``), read as ``client_address`` says (right-most hop that is
not a trusted proxy). Window and exchange interval: ``site_limits``.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from dataclasses import dataclass

from starlette.requests import Request

from appraiser.server import site_limits
from appraiser.server.site_limits import SiteLimiter

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
    """A site-wide limiter (thread-safe itself) keyed by a digest of the address or code, so
    ``rate_counts`` holds no client address."""

    def __init__(self, scope: str, rate: float, burst: int) -> None:
        self.limiter = SiteLimiter(scope, rate, burst)

    def take(self, key: str, who: str) -> None:
        digest = hashlib.sha256(f"{self.limiter.scope}\n{key}".encode()).hexdigest()[:32]
        wait = self.limiter.retry_after(digest)
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
                name.lower(),
                float(env.get(f"APPRAISER_{name}_RATE", rate)),
                int(env.get(f"APPRAISER_{name}_BURST", burst)),
            )

        from appraiser.server.client_address import trusts_proxy

        trust = trusts_proxy(env)  # APPRAISER_TRUST_PROXY or its older name (N1)
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

    def limiters(self) -> tuple[SiteLimiter, ...]:
        groups = (self.auth, self.auth_station, self.sync, self.sync_station)
        return tuple(group.limiter for group in groups)


def of(request: Request) -> Throttle:
    """The worker's throttle, made on first use (on the event loop: no race), and the task
    that exchanges its counts with the other workers (one per app; it reads the current
    ``state.throttle`` each time, so a throttle made again from the environment is used)."""
    state = request.app.state
    throttle = getattr(state, "throttle", None)
    if throttle is None:
        throttle = state.throttle = Throttle.from_env()
    if getattr(state, "throttle_task", None) is None:
        state.throttle_task = site_limits.start(state.settings.dsn, lambda: _now(state))
    return throttle


def _now(state) -> tuple[SiteLimiter, ...]:
    throttle = getattr(state, "throttle", None)
    return throttle.limiters() if throttle is not None else ()


async def shutdown(app) -> None:
    """Stop the exchange task (the app's shutdown, through ``ingest_routes.shutdown``)."""
    task: asyncio.Task | None = getattr(app.state, "throttle_task", None)
    app.state.throttle_task = None
    await site_limits.stop(task)
