"""One Chinese word per verdict everywhere (issue 14 finding 5, slice K): the verdict buttons
said 假冒/不合格 and 无法判定 while tables and charts said 非正品 and 待定, and the reports
真品/非真品. The chosen set: 正品, 非正品, 无法判定 (the reason code "not authentic" is 假冒,
so a counterfeit verdict never reads "非正品 (非正品)")."""

from __future__ import annotations

import re
from pathlib import Path

from appraiser.domain.enums import Verdict
from appraiser.reports.report_texts import rt
from appraiser.reports.texts import tr

WORDS = {"genuine": "正品", "counterfeit": "非正品", "inconclusive": "无法判定"}
I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
# Words of another set that must not name a verdict anywhere.
OTHERS = ("真品", "假冒/不合格", "待定", "倾向假冒")


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for table in sorted(I18N.glob("*_zh_CN.tsv")):
        for line in table.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3 and not line.startswith("#"):
                rows.append((table.name, *parts))
    return rows


def _bare(text: str) -> str:
    """A button text without its mnemonic: "&Counterfeit" → "Counterfeit", "正品(&G)" → "正品"."""
    return re.sub(r"\(&\w\)$", "", text.replace("&", "", 1) if text.startswith("&") else text)


def test_every_zh_cn_table_words_a_verdict_the_same_way() -> None:
    found = {}
    for name, context, source, translation in _rows():
        verdict = _bare(source).lower()
        if verdict in WORDS:
            found[(name, context, source)] = _bare(translation)
    assert len(found) >= 9  # vocabulary, the bench's buttons, the amend dialog's buttons
    wrong = {k: v for k, v in found.items() if v != WORDS[_bare(k[2]).lower()]}
    assert wrong == {}


def test_no_other_verdict_word_is_left_in_any_table() -> None:
    left = [
        (name, source, translation)
        for name, _context, source, translation in _rows()
        if any(word in translation for word in OTHERS)
    ]
    assert left == []


def test_the_reports_use_the_same_words() -> None:
    for verdict in Verdict:
        assert tr("zh_CN", str(verdict)) == WORDS[str(verdict)]
        assert rt("zh_CN", str(verdict)) == WORDS[str(verdict)]
    assert "真品" not in "".join(rt("zh_CN", f"meaning.{v}") for v in Verdict)
    assert "真品" not in rt("zh_CN", "no_label")


def test_not_authentic_is_not_the_verdict_word() -> None:
    reasons = {s: t for _n, _c, s, t in _rows() if s == "Not authentic"}
    assert reasons and set(reasons.values()) == {"假冒"}
