"""config.toml that is hostile or wrong is a ConfigError naming the file or the key, never
a crash (issue 14 finding 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraiser import config
from appraiser.cli.main import main
from appraiser.errors import ConfigError


def _load_text(tmp_path: Path, text: str) -> config.Settings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return config.load(path)


def test_a_folder_named_config_toml_is_refused(tmp_path: Path, capsys) -> None:
    """issue 14 finding 16: config.toml as a folder crashed every command (exit 70)."""
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigError, match="is a folder"):
        config.load(tmp_path / "config.toml")
    assert main(["--data-dir", str(tmp_path), "appraisals", "list"]) == 3
    assert "config.toml is a folder" in capsys.readouterr().err


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    """issue 14 finding 16: 5,000 nested tables raised RecursionError in tomllib."""
    with pytest.raises(ConfigError, match="nested too deeply"):
        _load_text(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        _load_text(tmp_path, "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n")


def test_a_fifo_or_device_is_never_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.symlink_to("/dev/zero")
    with pytest.raises(ConfigError, match="not a regular file"):
        config.load(path)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("station_code = 'bw 01; rm'\n", "station_code"),
        ('station_code = "BW-01\\u001b[31m"\n', "station_code"),
        ("station_code = 'ABCDEFGHIJKLMNOPQ'\n", "station_code"),
        ("resolver_domain = 'https://evil.example/x'\n", "resolver_domain"),
        ("resolver_domain = 'evil.example:8443'\n", "resolver_domain"),
        ("resolver_domain = 'localhost'\n", "resolver_domain"),
        ("resolver_domain = '-a.example.com'\n", "resolver_domain"),
        ('warehouse = "Bonded\\nWarehouse"\n', "warehouse"),
        ("institute = '" + "x" * 300 + "'\n", "institute"),
        ("printer_kind = 'lpr'\n", "printer_kind"),
        ("label_stock = '../../etc/passwd'\n", "label_stock"),
        ("min_free_disk_mb = -5\n", "min_free_disk_mb"),
        ("idle_lock_minutes = 1e400\n", "idle_lock_minutes"),
        ("idle_lock_minutes = 99999999999999999999\n", "idle_lock_minutes"),
        ("camera = ['a']\n", "camera"),
    ],
)
def test_wrong_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    """issue 14 finding 16: label domain and station code were never validated."""
    with pytest.raises(ConfigError, match=key):
        _load_text(tmp_path, text)


def test_good_values_still_load(tmp_path: Path) -> None:
    settings = _load_text(
        tmp_path,
        "station_code = 'SH-07'\nresolver_domain = 'v.acme.cn'\nlabel_stock = '2.25x1.25in'\n",
    )
    assert (settings.station_code, settings.resolver_domain) == ("SH-07", "v.acme.cn")


def test_a_5000_digit_number_is_refused(tmp_path: Path) -> None:
    """issue 14 finding 16 (found by tests/core/test_fuzz_config.py): tomllib raised
    ValueError past Python's 4,300-digit limit for int(), exit 70."""
    with pytest.raises(ConfigError, match=r"idle_lock_minutes|too long"):
        _load_text(tmp_path, "idle_lock_minutes = " + "9" * 5000 + "\n")
