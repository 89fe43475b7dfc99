<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <location filename="../../ui/dialogs/lot_flags.py" line="46" />
        <source>Acknowledge a flag</source>
        <translation>确认疑点</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_flags.py" line="59" />
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_flags.py" line="63" />
        <source>Flag</source>
        <translation>疑点</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_flags.py" line="65" />
        <source>Why may the lot pass? (kept in the record)</source>
        <translation>为何可以放行？（记入记录）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_flags.py" line="74" />
        <source>Write a note: what you checked and why it may pass.</source>
        <translation>请写说明：核查了什么、为何可以放行。</translation>
    </message>
</context>
<context>
    <name>LotActions</name>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="58" />
        <source>Open unit's appraisal</source>
        <translation>打开该件的鉴定</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="59" />
        <source>Sign lot decision…</source>
        <translation>签署批次结论…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="60" />
        <source>Override decision…</source>
        <translation>改判结论…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="61" />
        <source>Acknowledge flag…</source>
        <translation>确认疑点…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="62" />
        <source>Print labels for every unit…</source>
        <translation>为每件打印标签…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="63" />
        <source>Save lot report…</source>
        <translation>保存批次报告…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="98" />
        <source>Under review: no decision is signed and no unit label issued or printed until a supervisor confirms or changes the decision.</source>
        <translation>复核中：主管确认或改变结论之前，不签署结论，也不签发或打印单件标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="103" />
        <source>Every unit was appraised on its own: each carries the label of its own appraisal (Labels page), so the lot prints no unit labels.</source>
        <translation>每件均已单独鉴定，各自贴有本件鉴定的标签（标签页），本批不再打印单件标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="108" />
        <source>Not yet decidable: {0} of {1} sampled units still to appraise.</source>
        <translation>尚不能判定：{1} 件样品中还有 {0} 件待鉴定。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="112" />
        <source>Held: a unit's result awaits its review; the decision waits for it.</source>
        <translation>暂缓：有一件的结果在复核中，结论须等复核结束。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="114" />
        <source>Labels wait until every flag is acknowledged by a supervisor.</source>
        <translation>须由主管确认全部疑点后才能打印标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="116" />
        <source>Rejected: the lot is in quarantine; no labels.</source>
        <translation>已拒收：本批已隔离，不发标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_actions.py" line="128" />
        <source>Pick a unit in the list first.</source>
        <translation>请先在列表中选择一件。</translation>
    </message>
</context>
<context>
    <name>LotDetail</name>
    <message>
        <location filename="../../ui/widgets/lot_detail.py" line="130" />
        <source>signed by {0}, {1}</source>
        <translation>签署人 {0}，{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_detail.py" line="135" />
        <source>reason: {0}</source>
        <translation>理由：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_detail.py" line="149" />
        <source>Unit labels: {0} of {1} printed</source>
        <translation>单件标签：已打印 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_detail.py" line="151" />
        <source>{0} issued, not printed yet</source>
        <translation>{0} 个已签发、尚未打印</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_detail.py" line="160" />
        <source>Acknowledged: {0} ({1})</source>
        <translation>已确认：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_detail.py" line="162" />
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
</context>
<context>
    <name>LotsPage</name>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="109" />
        <source>Lots of</source>
        <translation>批次日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="110" />
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="111" />
        <source>Supplier scorecard</source>
        <translation>供应商评分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="148" />
        <location filename="../../ui/pages/lots_page.py" line="175" />
        <source>No lots on {0}.</source>
        <translation>{0} 没有批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="200" />
        <source>Save lot report</source>
        <translation>保存批次报告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="200" />
        <source>PDF (*.pdf)</source>
        <translation>PDF（*.pdf）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="208" />
        <source>Writing the lot report…</source>
        <translation>正在生成批次报告…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="212" />
        <source>Lot report saved: {0}</source>
        <translation>批次报告已保存：{0}</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="50" />
        <source>Override the lot decision</source>
        <translation>改判批次结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="65" />
        <source>Sign override</source>
        <translation>签署改判</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="84" />
        <source>Confirm or change the lot decision</source>
        <translation>确认或改变批次结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="88" />
        <source>Decision in force</source>
        <translation>现行结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="89" />
        <source>New decision</source>
        <translation>新结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="90" />
        <source>Reason (kept in the record)</source>
        <translation>理由（记入记录）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="91" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="101" />
        <source>Say why the decision is overridden.</source>
        <translation>请说明改判理由。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="105" />
        <source>Enter your password to sign.</source>
        <translation>请输入密码以签署。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_override.py" line="109" />
        <source>Signing…</source>
        <translation>正在签署…</translation>
    </message>
</context>
<context>
    <name>Scorecard</name>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="73" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="74" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="75" />
        <source>Export scorecard…</source>
        <translation>导出评分表…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="95" />
        <source>Export scorecard</source>
        <translation>导出评分表</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="96" />
        <source>Spreadsheet (*.csv *.xlsx)</source>
        <translation>表格（*.csv *.xlsx）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="105" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_scorecard.py" line="109" />
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
</context>
<context>
    <name>lots</name>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="20" />
        <location filename="../../ui/widgets/lot_table.py" line="45" />
        <source>GTIN</source>
        <translation>商品条码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="21" />
        <location filename="../../ui/widgets/lot_table.py" line="46" />
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="22" />
        <location filename="../../ui/widgets/lot_table.py" line="44" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="23" />
        <source>Declared</source>
        <translation>申报数量</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="24" />
        <source>Policy</source>
        <translation>检验方式</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="25" />
        <source>Plan</source>
        <translation>抽样方案</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="26" />
        <location filename="../../ui/widgets/lot_table.py" line="55" />
        <source>Switching</source>
        <translation>宽严程度</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="27" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="28" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="29" />
        <source>Flags</source>
        <translation>疑点</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="35" />
        <source>Unit</source>
        <translation>件号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="36" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="37" />
        <source>Appraisal</source>
        <translation>鉴定</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="38" />
        <source>Case</source>
        <translation>鉴定状态</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="39" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="47" />
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="50" />
        <source>Accepted by inspection</source>
        <translation>检验接收率</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="51" />
        <source>Overridden → accept</source>
        <translation>改判→接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="52" />
        <source>Overridden → reject</source>
        <translation>改判→拒收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="26" />
        <source>Accepted</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="53" />
        <source>Counterfeit</source>
        <translation>非正品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="54" />
        <source>Units inspected</source>
        <translation>已检件数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_table.py" line="56" />
        <source>Open flags</source>
        <translation>未确认疑点</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="22" />
        <source>Pending</source>
        <translation>待检</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="23" />
        <source>Held</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="24" />
        <source>To sign: accept</source>
        <translation>待签署：接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="25" />
        <source>To sign: reject</source>
        <translation>待签署：拒收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="27" />
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="28" />
        <source>Overridden</source>
        <translation>已改判</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="29" />
        <source>Under review</source>
        <translation>复核中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="31" />
        <source>Every unit</source>
        <translation>逐件检验</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="32" />
        <source>Sampling</source>
        <translation>抽样检验</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="34" />
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="35" />
        <source>Tightened</source>
        <translation>加严</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="36" />
        <source>Reduced</source>
        <translation>放宽</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="37" />
        <source>Discontinued</source>
        <translation>暂停检验</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="39" />
        <source>Critical</source>
        <translation>致命</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="40" />
        <source>Major</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="41" />
        <source>Minor</source>
        <translation>轻微</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="43" />
        <source>From the sample</source>
        <translation>按样品判定</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="44" />
        <source>Supervisor's override</source>
        <translation>主管改判</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="46" />
        <source>carton {0}, unit {1}</source>
        <translation>第{0}箱 第{1}件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="47" />
        <source>{0}/{1} appraised</source>
        <translation>已鉴定 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="48" />
        <source>lot unit {0}: pull {1}</source>
        <translation>批次第 {0} 件：取{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="49" />
        <source>lot · {0} of {1} sampled appraised</source>
        <translation>批次 · 样品已鉴定 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="50" />
        <source>lot · {0}/{1} sampled</source>
        <translation>批次 · 样品 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="51" />
        <source>{0} — next: {1}</source>
        <translation>{0} — 下一件：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="53" />
        <source>lot accepted</source>
        <translation>批次已接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="54" />
        <source>lot rejected</source>
        <translation>批次已拒收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="57" />
        <source>overridden: accepted</source>
        <translation>已改判：接收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="58" />
        <source>overridden: rejected</source>
        <translation>已改判：拒收</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="60" />
        <source>lot under review</source>
        <translation>批次复核中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="61" />
        <source>{0} (overridden)</source>
        <translation>{0}（已改判）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="62" />
        <source>{0} — in quarantine</source>
        <translation>{0}，已隔离</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="63" />
        <source>{0} — unit labels: {1} of {2} printed</source>
        <translation>{0} — 单件标签：已打印 {1} / {2}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="64" />
        <source>{0}/{1} printed</source>
        <translation>已打印 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="65" />
        <source>in quarantine</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="66" />
        <source>on hold</source>
        <translation>暂停发放</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="67" />
        <source>{0}: AQL {1}, n {2}, Ac {3} / Re {4}</source>
        <translation>{0}：AQL {1}，n {2}，Ac {3} / Re {4}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="68" />
        <source>Code letter {0}, sample {1} of {2}</source>
        <translation>字码 {0}，从 {2} 件中抽 {1} 件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="69" />
        <source>All {0} units</source>
        <translation>全部 {0} 件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="70" />
        <source>A unit's verdict was amended after the decision: the units now read {0} (before: {1}).</source>
        <translation>判定后有一件的鉴定结论被更改：按现有各件结果应为「{0}」（此前为「{1}」）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="74" />
        <source>{0} unit labels revoked.</source>
        <translation>已吊销 {0} 个单件标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="75" />
        <source>The lot is held in quarantine.</source>
        <translation>本批已隔离。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lot_text.py" line="76" />
        <source>A supervisor who did not amend it confirms or changes the decision (Override).</source>
        <translation>须由未更改该结论的主管确认或改变批次结论（改判）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_decide.py" line="22" />
        <source>Sign the lot decision</source>
        <translation>签署批次结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_decide.py" line="23" />
        <source>Decision</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lot_decide.py" line="24" />
        <source>Your signature is recorded with this lot decision.</source>
        <translation>您的签名将与本批次结论一并记录。</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/lots_page.py" line="50" />
        <source>Lots</source>
        <translation>批次</translation>
    </message>
</context>
</TS>