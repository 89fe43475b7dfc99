<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>LotPrintDialog</name>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="78" />
        <source>Print unit labels</source>
        <translation>打印单件标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="92" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="93" />
        <source>CUPS queue</source>
        <translation>CUPS 队列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="105" />
        <source>Thermal printer (ZPL, CUPS raw queue)</source>
        <translation>热敏打印机（ZPL，CUPS 原始队列）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="106" />
        <source>System printer (PDF)</source>
        <translation>系统打印机（PDF）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="107" />
        <source>PDF printer (cups-pdf)</source>
        <translation>PDF 打印机（cups-pdf）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="112" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="113" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="114" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="133" />
        <source>Lot {lot}: {printed} of {units} unit labels printed.</source>
        <translation>批次 {lot}：已打印 {printed} / {units} 个单件标签。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="137" />
        <source>{n} units withheld (no label).</source>
        <translation>{n} 件不发放标签。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="157" />
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="179" />
        <source>Stopping after the job being printed…</source>
        <translation>当前打印任务完成后停止…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="191" />
        <source>All {n} unit labels are printed.</source>
        <translation>全部 {n} 个单件标签已打印。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="198" />
        <location filename="../../ui/dialogs/lot_print.py" line="250" />
        <source>Resume</source>
        <translation>继续打印</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="200" />
        <source>Stopped: {done} of {total} printed. Resume to go on.</source>
        <translation>已停止：已打印 {done} / {total}。点击“继续打印”以继续。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="208" />
        <source>{printed} of {total} unit labels printed. {held} units get no label and stay in quarantine:</source>
        <translation>已打印 {printed}/{total} 张单件标签。{held} 件不发放标签，继续隔离：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="214" />
        <source>, and {n} more</source>
        <translation>，另有 {n} 件</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="215" />
        <source>{n} {why} (units {units})</source>
        <translation>{n} 件{why}（单件 {units}）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="224" />
        <source>drawn for inspection but not appraised</source>
        <translation>已抽检但未鉴定</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="226" />
        <source>in blind review</source>
        <translation>在盲审中</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="228" />
        <source>drawn for inspection, verdict not signed</source>
        <translation>已抽检，结论未签署</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="234" />
        <source>counterfeit</source>
        <translation>非正品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="234" />
        <source>inconclusive</source>
        <translation>无法判定</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="235" />
        <source>own verdict: {verdict}</source>
        <translation>本件结论：{verdict}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="238" />
        <source>The printer failed: {error}</source>
        <translation>打印机故障：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="242" />
        <source>Discard any labels of job {job} that came out (units {first}–{last}): they are void; those units get new labels.</source>
        <translation>请丢弃任务 {job} 已打出的标签（第 {first}–{last} 件）：这些标签已作废，这些单件将获得新标签。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="245" />
        <source>Fix the printer, then press Resume.</source>
        <translation>请排除打印机故障，然后点击“继续打印”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="129" />
        <location filename="../../ui/dialogs/lot_print.py" line="252" />
        <source>Nothing more was printed: {error}</source>
        <translation>未再打印任何标签：{error}</translation>
    </message>
</context>
</TS>