"""Opening a station: data folder, settings, database, and the station's own record."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from appraiser import config
from appraiser.clock import now_iso
from appraiser.config import Settings
from appraiser.key_ledger import start_or_warn as start_key_ledger
from appraiser.paths import DataDir, default_data_dir
from appraiser.services.admin import settings as recorded
from appraiser.services.admin.accounts import Session
from appraiser.storage.db import Store


@dataclass
class Station:
    data: DataDir
    settings: Settings
    store: Store

    @classmethod
    def open(cls, root: Path | None = None) -> Station:
        """Check and open everything, in the order that protects the data best."""
        data = DataDir(root or default_data_dir()).ensure()
        settings = config.load(data.config)
        store = Store.open(data)
        station = cls(data, settings, store)
        start_key_ledger(store)  # first open: the keys the audit trail vouches for (H3)
        recorded.ensure_recorded(station)  # first open: what config.toml holds, audited
        station._register()
        return station

    def _register(self) -> None:
        code = self.settings.station_code
        if self.store.one("SELECT 1 AS x FROM stations WHERE code = ?", (code,)):
            return
        row = {
            "code": code,
            "warehouse": self.settings.warehouse,
            "timezone": self.settings.timezone,
            "created": now_iso(),
        }
        with self.store.atomic("system") as tx:
            tx.insert("stations", row, action="station.registered")

    def save_settings(self, settings: Settings, session: Session, how: str = "saved") -> None:
        """An administrator's save (rule book), audited with old and new values; the values
        that reach labels and records are recorded (services/admin/settings.py)."""
        recorded.save(self, session, settings, how)
        self._register()

    def close(self) -> None:
        self.store.close()
