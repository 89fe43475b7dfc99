"""Fill a Qt Linguist .ts file from a ``source<TAB>translation`` table, then compile it.

``python packaging/i18n_fill.py AREA [SOURCE.py …]`` first refreshes ``AREA_zh_CN.ts``
from the given sources with ``pyside6-lupdate`` (if any are given), then writes the
reviewed translations from ``resources/i18n/AREA_zh_CN.tsv`` (easy to diff) into it,
compiles the ``.qm`` and lists any source text still untranslated (exit 1).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def load_table(path: Path) -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise SystemExit(f"{path}:{number}: expected context<TAB>source<TAB>translation")
        context, source, translation = (p.replace("\\n", "\n") for p in parts)
        table[(context, source)] = translation
    return table


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _translate(message: ET.Element, translation: ET.Element, text: str) -> None:
    """Write ``text`` into a message; a plural message (``%n``) gets it as its one
    numerus form, Chinese having a single plural form."""
    translation.attrib.pop("type", None)
    if message.get("numerus") != "yes":
        translation.text = text
        return
    for form in list(translation):
        translation.remove(form)
    translation.text = None
    ET.SubElement(translation, "numerusform").text = text


def fill(area: str, sources: list[str]) -> list[str]:
    ts_path = I18N / f"{area}_zh_CN.ts"
    if sources:
        subprocess.run(
            [_tool("pyside6-lupdate"), *sources, "-ts", str(ts_path), "-no-obsolete"],
            check=True,
            capture_output=True,
        )
    table = load_table(I18N / f"{area}_zh_CN.tsv")
    tree = ET.parse(ts_path)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            text = table.get((name, source))
            if text is None:
                missing.append(f"{name}\t{source}")
                continue
            _translate(message, translation, text)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    qm = ts_path.with_suffix(".qm")
    subprocess.run(
        [_tool("pyside6-lrelease"), str(ts_path), "-qm", str(qm)], check=True, capture_output=True
    )
    return missing


if __name__ == "__main__":
    gaps = fill(sys.argv[1], sys.argv[2:])
    for gap in gaps:
        print("untranslated:", gap, file=sys.stderr)
    sys.exit(1 if gaps else 0)
