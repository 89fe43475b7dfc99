"""Station settings in ``config.toml``: typed, defaulted, and validated with line numbers.

The file only holds what differs from the defaults, so a station keeps working when a
release adds a setting. Writes go through a temp file and ``os.replace`` so a crash never
leaves half a settings file.
"""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from appraiser import limits
from appraiser.errors import ConfigError, InvalidInput
from appraiser.fsio import read_regular, write_atomic

LANGUAGES = ("zh_CN", "en")
PRINTER_KINDS = ("system", "cups-raw", "tcp9100", "cups-pdf")  # = labels.printing.KINDS
# A station code is printed on every label and report and names backup files: short,
# capitals, digits and dashes ("BW-01").
STATION_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
# The label domain goes into every signed QR URL: a DNS host name, nothing else (no
# scheme, path, port, user or spaces), at least two labels.
_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_HOST_LABEL}(\.{_HOST_LABEL})+", re.IGNORECASE)
LABEL_STOCK = re.compile(r"[0-9A-Za-z.]{1,32}")  # a file name in resources/labels/
# What goes into labels and records (the label's QR domain, station code and date, the
# appraisal's station and day, the reports' names): kept in the audited database too, and a
# config.toml that disagrees blocks labels until an administrator confirms it (issue 14 H4;
# services/admin/settings.py). Camera, printer, label stock and language are left out: they
# change how, not what, is printed.
RECORDED = ("station_code", "resolver_domain", "timezone", "warehouse", "institute")


@dataclass(frozen=True)
class Settings:
    station_code: str = "BW-01"
    warehouse: str = "Bonded Warehouse"
    institute: str = "Appraisal Institute"
    timezone: str = "Asia/Shanghai"
    language: str = ""  # empty: follow the system locale
    resolver_domain: str = "verify.example.com"
    camera: str = "auto"  # auto | simulated | <device index> | <path or URL>
    printer: str = ""  # empty: system default
    printer_kind: str = "system"  # system (PDF via Qt) | cups-raw | tcp9100
    label_stock: str = "50x30"
    idle_lock_minutes: int = 5
    min_free_disk_mb: int = 500
    sync_every_seconds: int = 60  # background sync of an enrolled station (issue 15)

    def validate(self) -> Settings:
        """Every value checked, the key named in the refusal (issue 14 finding 16): these
        values reach signed labels, file names, printers and SQL-free but human outputs."""
        for name in ("station_code", "warehouse", "institute", "resolver_domain", "camera",
                     "printer", "label_stock", "timezone", "language"):  # fmt: skip
            _plain_text(name, getattr(self, name))
        if self.language and self.language not in LANGUAGES:
            raise ConfigError(f"language must be one of {', '.join(LANGUAGES)} or empty")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"unknown time zone {self.timezone!r}") from exc
        if not self.station_code.strip():
            raise ConfigError("station_code must not be empty")
        if not STATION_CODE.fullmatch(self.station_code):
            raise ConfigError(
                f"station_code {self.station_code!r} must be 1–16 capital letters, digits "
                "or dashes (e.g. BW-01)"
            )
        if not HOSTNAME.fullmatch(self.resolver_domain):
            raise ConfigError(
                f"resolver_domain {self.resolver_domain!r} must be a host name such as "
                "verify.example.com (no https://, path or port)"
            )
        if self.printer_kind not in PRINTER_KINDS:
            raise ConfigError(f"printer_kind must be one of {', '.join(PRINTER_KINDS)}")
        if not LABEL_STOCK.fullmatch(self.label_stock):
            raise ConfigError(f"label_stock {self.label_stock!r} is not a stock name (50x30)")
        if not 1 <= self.idle_lock_minutes <= 240:
            raise ConfigError("idle_lock_minutes must lie between 1 and 240")
        if not 0 <= self.min_free_disk_mb <= 1_000_000:
            raise ConfigError("min_free_disk_mb must lie between 0 and 1000000")
        if not 5 <= self.sync_every_seconds <= 86_400:
            raise ConfigError("sync_every_seconds must lie between 5 and 86400")
        return self

    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def _plain_text(name: str, value: str) -> None:
    if len(value) > limits.MAX_SETTING_CHARS:
        raise ConfigError(f"{name} is longer than {limits.MAX_SETTING_CHARS} characters")
    if not value.isprintable():
        raise ConfigError(f"{name} holds control characters (escape codes, tabs, newlines)")


def _coerce(raw: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r} in config.toml")
        expected = type(getattr(Settings(), key))
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"setting {key!r} must be a {expected.__name__}")
        values[key] = value
    return values


def load(path: Path) -> Settings:
    """Read settings; a malformed file raises ``ConfigError`` naming the line or the key.

    The file is read only if it is a regular file within MAX_CONFIG_BYTES (a folder, FIFO
    or device named config.toml is refused), and nesting deeper than tomllib's recursion
    is a ConfigError, not a crash (issue 14 finding 16)."""
    if not path.exists() and not path.is_symlink():
        return Settings()
    try:
        text = read_regular(path, limits.MAX_CONFIG_BYTES, str(path)).decode("utf-8")
        raw = tomllib.loads(text)
    except InvalidInput as exc:
        raise ConfigError(exc.message) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: nested too deeply to be a settings file") from exc
    except ValueError as exc:  # int() past 4,300 digits inside tomllib
        raise ConfigError(f"{path}: a number is too long to be a setting ({exc})") from exc
    return replace(Settings(), **_coerce(raw)).validate()


def save(path: Path, settings: Settings) -> None:
    settings.validate()
    defaults = asdict(Settings())
    changed = {k: v for k, v in asdict(settings).items() if v != defaults[k]}
    write_atomic(path, tomli_w.dumps(changed).encode("utf-8"))
