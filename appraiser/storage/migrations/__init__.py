"""Ordered schema migrations, Picard style: one decorated function per schema version.

Each ``mNNNN_*.py`` module in this package registers its steps with ``@migration(N)``;
versions must run 1, 2, 3… without gaps. The applied version lives in
``PRAGMA user_version`` and each step runs in the same transaction as its version bump.
"""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
import sqlite3
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

Step = Callable[[sqlite3.Connection], None]
# Wraps one step inside its transaction (after BEGIN, before COMMIT): ``Store.open`` signs
# the audit checkpoint of the events a step wrote, in that same transaction.
Around = Callable[[sqlite3.Connection, int], contextlib.AbstractContextManager[None]]
_FOUND: ContextVar[int] = ContextVar("schema_found", default=0)


def found_version() -> int:
    """The schema version ``migrate`` found the database at (0: the database is being
    created now). A step that must know whether it upgrades an older station or builds a new
    one asks this: ``user_version`` itself only says the previous step's version."""
    return _FOUND.get()


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


def migrate(conn: sqlite3.Connection, *, around: Around | None = None) -> list[Migration]:
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
    applied, token = [], _FOUND.set(current)
    try:
        for item in (m for m in known if m.version > current):
            conn.execute("BEGIN IMMEDIATE")
            try:
                with around(conn, item.version) if around else contextlib.nullcontext():
                    item.step(conn)
                    conn.execute(f"PRAGMA user_version = {item.version}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            applied.append(item)
    finally:
        _FOUND.reset(token)
    return applied
