"""Ordered schema migrations, Picard style: one decorated function per schema version.

Each ``mNNNN_*.py`` module in this package registers its steps with ``@migration(N)``;
versions must run 1, 2, 3… without gaps. The applied version lives in
``PRAGMA user_version`` and each step runs in the same transaction as its version bump.
"""

from __future__ import annotations

import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

Step = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True)
class Migration:
    version: int
    step: Step

    @property
    def summary(self) -> str:
        return (self.step.__doc__ or self.step.__name__).strip().splitlines()[0]


_REGISTRY: dict[int, Migration] = {}


def migration(version: int) -> Callable[[Step], Step]:
    def register(step: Step) -> Step:
        if version in _REGISTRY:
            raise RuntimeError(f"two migrations claim schema version {version}")
        _REGISTRY[version] = Migration(version, step)
        return step

    return register


def all_migrations() -> list[Migration]:
    """Every registered step in version order (a test checks they run 1, 2, 3… gap-free)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return [_REGISTRY[v] for v in sorted(_REGISTRY)]


def latest_version() -> int:
    known = all_migrations()
    return known[-1].version if known else 0


def migrate(conn: sqlite3.Connection) -> list[Migration]:
    """Apply every step above the stored version; returns the steps that ran."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    known = all_migrations()
    if current > latest_version():
        from appraiser.errors import DatabaseDamagedError

        raise DatabaseDamagedError(
            f"The database is at schema version {current}, newer than this program "
            f"({latest_version()}).",
            hint="Install the newer release of the station application.",
        )
    applied = []
    for item in (m for m in known if m.version > current):
        conn.execute("BEGIN IMMEDIATE")
        try:
            item.step(conn)
            conn.execute(f"PRAGMA user_version = {item.version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(item)
    return applied
