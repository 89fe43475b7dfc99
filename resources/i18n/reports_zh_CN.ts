<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmendDialog</name>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="58" />
        <source>Amend verdict</source>
        <translation>更改鉴定结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="66" />
        <source>Appraisal {0}: {1}, signed by {2}.</source>
        <translation>鉴定单 {0}：{1}，签署人 {2}。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="73" />
        <source>Why is the verdict changed? (for the record)</source>
        <translation>为什么更改结论？（记入记录）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="86" />
        <source>New verdict</source>
        <translation>新结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="88" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="90" />
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="92" />
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="97" />
        <source>Sign the amendment</source>
        <translation>签署更改</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="108" />
        <source>&amp;Genuine</source>
        <translation>正品(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="108" />
        <source>&amp;Counterfeit</source>
        <translation>非正品(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="109" />
        <source>&amp;Inconclusive</source>
        <translation>无法判定(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="127" />
        <source>Reason codes (needed for counterfeit)</source>
        <translation>原因代码（判定非正品时必选）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="154" />
        <location filename="../../ui/dialogs/amend_dialog.py" line="172" />
        <source>Choose the new verdict.</source>
        <translation>请选择新结论。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="155" />
        <source>The verdict becomes {0}; the old one stays on record.</source>
        <translation>结论将改为“{0}”；原结论保留在记录中。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="160" />
        <source>The label {0} will be revoked: a scan will say NOT VALID.</source>
        <translation>标签 {0} 将被撤销：扫描时将显示“无效”。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="163" />
        <source>No label changes; a label can be issued on the Labels page.</source>
        <translation>标签不变；可在“标签”页签发标签。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="165" />
        <source>The item goes to quarantine.</source>
        <translation>该商品将送入隔离区。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="174" />
        <source>A counterfeit verdict needs at least one reason code.</source>
        <translation>判定为非正品时至少需要一个原因代码。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="176" />
        <source>Give a reason for the amendment.</source>
        <translation>请填写更改理由。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="178" />
        <source>Enter your password to sign.</source>
        <translation>请输入密码以签署。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/amend_dialog.py" line="188" />
        <source>Signing…</source>
        <translation>正在签署…</translation>
    </message>
</context>
<context>
    <name>AuditStatusRow</name>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="40" />
        <source>Check now</source>
        <translation>立即检查</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="42" />
        <location filename="../../ui/widgets/audit_status.py" line="52" />
        <source>Audit trail: checking…</source>
        <translation>审计记录：正在检查…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="68" />
        <source>Audit trail could not be checked: {0}</source>
        <translation>无法检查审计记录：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="76" />
        <source>Note: {0}</source>
        <translation>注：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="83" />
        <source>… and {0} more (appraiser audit verify lists them)</source>
        <translation>…… 另有 {0} 项（appraiser audit verify 可列出全部）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="85" />
        <source>Audit trail NOT intact: {0}</source>
        <translation>审计记录不完整：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="90" />
        <source>Audit trail intact: {0} events, no signed checkpoint yet</source>
        <translation>审计记录完整：{0} 条事件，尚无签名检查点</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/audit_status.py" line="93" />
        <source>Audit trail intact: {0} events, last checkpoint {1}</source>
        <translation>审计记录完整：{0} 条事件，最近检查点 {1}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="140" />
        <source>Export daily log</source>
        <translation>导出每日记录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="142" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="143" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="144" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="145" />
        <source>Appraiser</source>
        <translation>鉴定员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="146" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="147" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="148" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="149" />
        <source>File</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="153" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="154" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="155" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="160" />
        <source>Excel workbook (XLSX)</source>
        <translation>Excel 工作簿 (XLSX)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="161" />
        <source>CSV (UTF-8, Excel)</source>
        <translation>CSV (UTF-8,可用 Excel 打开)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="162" />
        <source>PDF summary with charts</source>
        <translation>PDF 汇总(含图表)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="168" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="175" />
        <source>unsigned</source>
        <translation>未签署</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="207" />
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="215" />
        <location filename="../../ui/dialogs/export_dialog.py" line="252" />
        <source>Reading the day's appraisals…</source>
        <translation>正在读取当日鉴定记录…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="253" />
        <source>Writing the file…</source>
        <translation>正在写入文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="254" />
        <source>Signing the manifest…</source>
        <translation>正在签名清单…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="255" />
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="266" />
        <source>Exported {rows} appraisals to {file}.
Signed manifest: {manifest} ({events} audit events, Merkle root {root}…)</source>
        <translation>已导出 {rows} 条鉴定记录到 {file}。
签名清单:{manifest}(审计事件 {events} 条,Merkle 根 {root}…)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="283" />
        <source>Not exported: {}</source>
        <translation>未导出:{}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="285" />
        <source>Not exported: unexpected error.</source>
        <translation>未导出:发生意外错误。</translation>
    </message>
</context>
<context>
    <name>SignedAppraisals</name>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="77" />
        <source>Amend verdict…</source>
        <translation>更改结论…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="79" />
        <source>Select a signed appraisal to amend its verdict (never one you signed).</source>
        <translation>选择一条已签署的鉴定以更改其结论（不能更改您本人签署的结论）。</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="213" />
        <source>Supervision</source>
        <translation>主管看板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="214" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="215" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="219" />
        <source>Verdicts</source>
        <translation>鉴定结论</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="220" />
        <source>Appraisals started per hour</source>
        <translation>各小时开始的鉴定件数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="221" />
        <source>Items per appraiser-hour</source>
        <translation>鉴定员每小时件数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="242" />
        <source>Review queue ({})</source>
        <translation>待复核 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="243" />
        <source>Reprints approved ({})</source>
        <translation>已批准补打 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="244" />
        <source>Clone warnings ({})</source>
        <translation>克隆标签警告 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="245" />
        <source>Signed appraisals ({})</source>
        <translation>已签署鉴定 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="297" />
        <location filename="../../ui/pages/supervisor_page.py" line="334" />
        <source>unsigned</source>
        <translation>未签署</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="299" />
        <source>appraisals</source>
        <translation>鉴定件数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="307" />
        <source>inconclusive (first verdict)</source>
        <translation>无法判定率(首次结论)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="311" />
        <source>review disagreement ({} of {})</source>
        <translation>复核分歧率({}/{})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="316" />
        <source>items per appraiser-hour</source>
        <translation>件/人时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="318" />
        <source>label reprints</source>
        <translation>标签补打</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="321" />
        <source>labels issued, not yet applied ({} issued)</source>
        <translation>已发放未贴标的标签(共发放 {})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="330" />
        <source>No appraisals on this day.</source>
        <translation>当日没有鉴定记录。</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="126" />
        <source>Supervision</source>
        <translation>主管看板</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="60" />
        <location filename="../../ui/pages/supervisor_page.py" line="68" />
        <location filename="../../ui/pages/supervisor_page.py" line="79" />
        <location filename="../../ui/widgets/supervisor_signed.py" line="27" />
        <source>Appraisal</source>
        <translation>鉴定编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="61" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="62" />
        <location filename="../../ui/widgets/supervisor_signed.py" line="30" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="63" />
        <location filename="../../ui/widgets/supervisor_signed.py" line="31" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="64" />
        <source>Waiting since</source>
        <translation>等待开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="67" />
        <location filename="../../ui/pages/supervisor_page.py" line="76" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="69" />
        <source>Voided serial</source>
        <translation>作废序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="70" />
        <source>New serial</source>
        <translation>新序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="71" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="72" />
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="73" />
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="77" />
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="78" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="80" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="26" />
        <source>Signed</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="28" />
        <source>Verdict</source>
        <translation>鉴定结论</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="29" />
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="32" />
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/supervisor_signed.py" line="33" />
        <source>Label state</source>
        <translation>标签状态</translation>
    </message>
</context>
</TS>