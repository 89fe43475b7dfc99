"""One place for "now", so every stored timestamp is UTC ISO-8601 and tests can pin time."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def now_iso() -> str:
    """UTC with millisecond precision and a ``Z`` suffix: sorts as text, reads in any tool."""
    return utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
