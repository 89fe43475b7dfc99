"""The verdict buttons and the tables say the same words in zh_CN (issue 14 finding 5,
slice K): the bench's and the amend dialog's buttons said 假冒/不合格 and 无法判定 while the
Today table, the charts and the signed list said 非正品 and 待定."""

from __future__ import annotations

import re

from appraiser.domain.enums import Verdict
from ui import i18n
from ui.vocabulary import display
from ui.widgets.appraisal_verdict import VerdictStep

WORDS = {"genuine": "正品", "counterfeit": "非正品", "inconclusive": "无法判定"}


def test_bench_buttons_and_table_words_agree(qtbot) -> None:
    i18n.install("zh_CN")
    step = VerdictStep()
    qtbot.addWidget(step)
    step.retranslate()
    for verdict in Verdict:
        button = re.sub(r"\(&\w\)$", "", step.choices[str(verdict)].text())
        assert button == display(str(verdict)) == WORDS[str(verdict)]
