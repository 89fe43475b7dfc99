"""How responsive the UI thread stays: a 5 ms precise timer records how late each tick
arrives. Benchmarks run it beside the work they measure (capture, export, workflow)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

PROBE_MS = 5


class StallProbe:
    def __init__(self) -> None:
        self.late_ms: list[float] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=PROBE_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.last = 0

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.late_ms.append(max(0.0, (now - self.last) / 1e6 - PROBE_MS))
        self.last = now

    def percentile(self, q: float) -> float:
        ordered = sorted(self.late_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    def figures(self) -> dict:
        return {
            "ticks": len(self.late_ms),
            "stall_p99_ms": round(self.percentile(0.99), 2),
            "stall_p50_ms": round(self.percentile(0.5), 2),
            "stall_max_ms": round(max(self.late_ms, default=0.0), 2),
        }
