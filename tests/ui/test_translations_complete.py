"""Every text the UI can show has its Chinese translation, and the translation files are
whole (issue 16 leftovers: the lots areas lots, lot_print, labels and workflow grew fast,
refreshed by several hands at once).

- ``pyside6-lupdate`` over every ``ui/`` source finds each ``self.tr`` / ``QT_TRANSLATE_NOOP``
  text; each must be translated (finished) in some committed ``resources/i18n/*_zh_CN.ts``
  (the app loads them all), so a new file or a new area is covered without listing it;
- no committed ``.ts`` keeps an unfinished, vanished or obsolete entry, or an empty one;
- each ``.qm`` is the compilation of its ``.ts`` (a half-refreshed area fails here);
- the reviewed ``.tsv`` table and the ``.ts`` agree, and a translation keeps its source's
  placeholders (``{uid}``, ``{0}``, ``%n``), or ``str.format`` would drop or break them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
AREAS = sorted(I18N.glob("*_zh_CN.ts"))
_PLACEHOLDER = re.compile(r"\{[A-Za-z_0-9]*\}|%n|%\d")
_DEAD = ("unfinished", "vanished", "obsolete")

Key = tuple[str, str]  # (context, source)


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _text(translation: ET.Element | None) -> str:
    if translation is None:
        return ""
    forms = [f.text or "" for f in translation.iter("numerusform")]
    return translation.text or "".join(forms)


def _messages(path: Path) -> dict[Key, ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _finished(message: ET.Element) -> bool:
    translation = message.find("translation")
    return (
        translation is not None
        and translation.get("type") not in _DEAD
        and bool(_text(translation).strip())
    )


def test_the_lots_areas_are_among_the_checked_files():
    names = {p.name.removesuffix("_zh_CN.ts") for p in AREAS}
    assert {"lots", "lot_print", "labels", "workflow"} <= names


def test_every_ui_text_has_a_finished_chinese_translation(tmp_path):
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    scanned = tmp_path / "all_zh_CN.ts"
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(scanned)], check=True,
                   capture_output=True)  # fmt: skip
    wanted = set(_messages(scanned))
    assert len(wanted) > 500  # lupdate found the UI's texts at all
    translated = {
        key for area in AREAS for key, message in _messages(area).items() if _finished(message)
    }
    missing = sorted(wanted - translated)
    assert not missing, f"{len(missing)} UI texts without a zh_CN translation: {missing[:20]}"


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.stem)
def test_no_entry_is_left_unfinished_or_empty(area):
    left = [key for key, message in _messages(area).items() if not _finished(message)]
    assert not left, f"{area.name}: {left[:20]}"


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.stem)
def test_the_compiled_file_is_the_translation_file(area, tmp_path):
    compiled = tmp_path / f"{area.stem}.qm"
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(area), "-qm", str(compiled)],
                   check=True, capture_output=True)  # fmt: skip
    committed = area.with_suffix(".qm")
    assert committed.read_bytes() == compiled.read_bytes(), (
        f"{committed.name} is not compiled from {area.name}: run packaging/i18n_fill.py"
    )


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.stem)
def test_table_and_translation_file_agree_and_keep_placeholders(area):
    messages = _messages(area)
    table = area.with_suffix(".tsv")
    for number, line in enumerate(table.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        context, source, wanted = (p.replace("\\n", "\n") for p in line.split("\t"))
        message = messages.get((context, source))
        if message is not None:  # a row for a text no longer shown may stay in the table
            shown = _text(message.find("translation"))
            assert shown == wanted, f"{table.name}:{number}: the .ts says {shown!r}"
    for (context, source), message in messages.items():
        expected = set(_PLACEHOLDER.findall(source))
        got = set(_PLACEHOLDER.findall(_text(message.find("translation"))))
        assert got == expected, f"{area.name} {context}: {source!r} has {sorted(got)}"
