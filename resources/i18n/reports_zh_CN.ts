<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="140"/>
        <source>Export daily log</source>
        <translation>导出每日记录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="142"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="143"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="144"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="145"/>
        <source>Appraiser</source>
        <translation>鉴定员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="146"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="147"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="148"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="149"/>
        <source>File</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="153"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="154"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="155"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="160"/>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel 工作簿 (XLSX)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="161"/>
        <source>CSV (UTF-8, Excel)</source>
        <translation>CSV (UTF-8,可用 Excel 打开)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="162"/>
        <source>PDF summary with charts</source>
        <translation>PDF 汇总(含图表)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="168"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="175"/>
        <source>unsigned</source>
        <translation>未签署</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="207"/>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="215"/>
        <location filename="../../ui/dialogs/export_dialog.py" line="254"/>
        <source>Reading the day&apos;s appraisals…</source>
        <translation>正在读取当日鉴定记录…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="255"/>
        <source>Writing the file…</source>
        <translation>正在写入文件…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="256"/>
        <source>Signing the manifest…</source>
        <translation>正在签名清单…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="257"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="268"/>
        <source>Exported {rows} appraisals to {file}.
Signed manifest: {manifest} ({events} audit events, Merkle root {root}…)</source>
        <translation>已导出 {rows} 条鉴定记录到 {file}。
签名清单:{manifest}(审计事件 {events} 条,Merkle 根 {root}…)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="285"/>
        <source>Not exported: {}</source>
        <translation>未导出:{}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/export_dialog.py" line="287"/>
        <source>Not exported: unexpected error.</source>
        <translation>未导出:发生意外错误。</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="204"/>
        <source>Supervision</source>
        <translation>主管看板</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="205"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="206"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="210"/>
        <source>Verdicts</source>
        <translation>鉴定结论</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="211"/>
        <source>Appraisals started per hour</source>
        <translation>各小时开始的鉴定件数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="212"/>
        <source>Items per appraiser-hour</source>
        <translation>鉴定员每小时件数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="229"/>
        <source>Review queue ({})</source>
        <translation>待复核 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="230"/>
        <source>Reprints approved ({})</source>
        <translation>已批准补打 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="231"/>
        <source>Clone warnings ({})</source>
        <translation>克隆标签警告 ({})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="281"/>
        <location filename="../../ui/pages/supervisor_page.py" line="318"/>
        <source>unsigned</source>
        <translation>未签署</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="283"/>
        <source>appraisals</source>
        <translation>鉴定件数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="291"/>
        <source>inconclusive (first verdict)</source>
        <translation>无法判定率(首次结论)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="295"/>
        <source>review disagreement ({} of {})</source>
        <translation>复核分歧率({}/{})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="300"/>
        <source>items per appraiser-hour</source>
        <translation>件/人时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="302"/>
        <source>label reprints</source>
        <translation>标签补打</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="305"/>
        <source>labels issued, not yet applied ({} issued)</source>
        <translation>已发放未贴标的标签(共发放 {})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="314"/>
        <source>No appraisals on this day.</source>
        <translation>当日没有鉴定记录。</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="128"/>
        <source>Supervision</source>
        <translation>主管看板</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="57"/>
        <location filename="../../ui/pages/supervisor_page.py" line="65"/>
        <location filename="../../ui/pages/supervisor_page.py" line="76"/>
        <source>Appraisal</source>
        <translation>鉴定编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="58"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="59"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="60"/>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="61"/>
        <source>Waiting since</source>
        <translation>等待开始时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="64"/>
        <location filename="../../ui/pages/supervisor_page.py" line="73"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="66"/>
        <source>Voided serial</source>
        <translation>作废序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="67"/>
        <source>New serial</source>
        <translation>新序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="68"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="69"/>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="70"/>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="74"/>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="75"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="77"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="80"/>
        <source>scanned again at outbound</source>
        <translation>出库时重复扫描</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="81"/>
        <source>seen at several stations</source>
        <translation>在多个工位出现</translation>
    </message>
    <message>
        <location filename="../../ui/pages/supervisor_page.py" line="82"/>
        <source>voided label scanned</source>
        <translation>扫描到已作废标签</translation>
    </message>
</context>
</TS>
