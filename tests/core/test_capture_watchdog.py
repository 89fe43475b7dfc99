"""The watchdog declares a camera lost within 2 s of its last good frame."""

from __future__ import annotations

import numpy as np

from appraiser.capture.simulated import SimulatedCamera
from appraiser.capture.watchdog import FROZEN, STALLED, Watchdog

CHECK_EVERY = 0.1  # the UI checks every 100 ms


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _detect(dog: Watchdog, clock: FakeClock, feed) -> tuple[str, float]:
    """Advance time in 1/30 s steps; return (reason, seconds after the last good frame)."""
    last_good = clock.now
    next_check = clock.now
    for step in range(300):
        clock.now += 1 / 30
        image = feed(step)
        if image is not None:
            dog.feed(image)
        if clock.now >= next_check:
            next_check += CHECK_EVERY
            reason = dog.check()
            if reason:
                return reason, clock.now - last_good
    raise AssertionError("the camera was never declared lost")


def _camera(**kwargs) -> SimulatedCamera:
    camera = SimulatedCamera(160, 90, 30, realtime=False, **kwargs)
    camera.open()
    return camera


def test_a_healthy_camera_is_never_lost() -> None:
    clock, camera = FakeClock(), _camera()
    dog = Watchdog(clock=clock)
    for _ in range(300):
        clock.now += 1 / 30
        dog.feed(camera.read().image)
        assert dog.check() is None


def test_a_camera_that_stops_is_lost_within_two_seconds() -> None:
    clock, camera = FakeClock(), _camera()
    dog = Watchdog(clock=clock)
    reason, after = _detect(dog, clock, lambda step: camera.read().image if step < 10 else None)
    assert reason == STALLED
    assert after - 10 / 30 <= 2.0


def test_a_frozen_camera_is_lost_within_two_seconds() -> None:
    clock, camera = FakeClock(), _camera(fault=("freeze", 10))
    dog = Watchdog(clock=clock)
    reason, after = _detect(dog, clock, lambda _step: camera.read().image)
    assert reason == FROZEN
    assert after - 10 / 30 <= 2.0


def test_a_camera_that_opens_but_never_delivers_is_lost() -> None:
    clock = FakeClock()
    dog = Watchdog(clock=clock)
    reason, after = _detect(dog, clock, lambda _step: None)
    assert reason == STALLED
    assert after <= 2.0


def test_repeats_are_allowed_for_sources_that_may_repeat() -> None:
    clock = FakeClock()
    dog = Watchdog(clock=clock, check_repeats=False)
    still = np.zeros((90, 160, 3), np.uint8)
    for _ in range(120):
        clock.now += 1 / 30
        dog.feed(still)
    assert dog.check() is None
