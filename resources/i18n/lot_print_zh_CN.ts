<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>LotPrintDialog</name>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="73" />
        <source>Print unit labels</source>
        <translation>打印单件标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="87" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="88" />
        <source>CUPS queue</source>
        <translation>CUPS 队列</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="100" />
        <source>Thermal printer (ZPL, CUPS raw queue)</source>
        <translation>热敏打印机（ZPL，CUPS 原始队列）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="101" />
        <source>System printer (PDF)</source>
        <translation>系统打印机（PDF）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="102" />
        <source>PDF printer (cups-pdf)</source>
        <translation>PDF 打印机（cups-pdf）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="107" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="108" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="109" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="125" />
        <source>Lot {lot}: {printed} of {units} unit labels printed.</source>
        <translation>批次 {lot}：已打印 {printed} / {units} 个单件标签。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="144" />
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="157" />
        <source>Stopping after the job being printed…</source>
        <translation>当前打印任务完成后停止…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="168" />
        <source>All {n} unit labels are printed.</source>
        <translation>全部 {n} 个单件标签已打印。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="171" />
        <location filename="../../ui/dialogs/lot_print.py" line="190" />
        <source>Resume</source>
        <translation>继续打印</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="173" />
        <source>Stopped: {done} of {total} printed. Resume to go on.</source>
        <translation>已停止：已打印 {done} / {total}。点击“继续打印”以继续。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="179" />
        <source>The printer failed: {error}</source>
        <translation>打印机故障：{error}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="183" />
        <source>Discard any labels of job {job} that came out (units {first}–{last}): they are void; those units get new labels.</source>
        <translation>请丢弃任务 {job} 已打出的标签（第 {first}–{last} 件）：这些标签已作废，这些单件将获得新标签。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="186" />
        <source>Fix the printer, then press Resume.</source>
        <translation>请排除打印机故障，然后点击“继续打印”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_print.py" line="192" />
        <source>Nothing more was printed: {error}</source>
        <translation>未再打印任何标签：{error}</translation>
    </message>
</context>
</TS>