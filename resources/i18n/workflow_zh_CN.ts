<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppraisalPage</name>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="123" />
        <source>{0} is now held by {1}.</source>
        <translation>{0} 现由 {1} 鉴定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="159" />
        <source>No item on the bench. Scan a barcode on any page, or open one from Today (F2).</source>
        <translation>工作台上没有商品。在任意页面扫描条码，或从“今日”(F2) 打开。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="182" />
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="201" />
        <source>This item is held by {0}; pick another item.</source>
        <translation>此商品正由 {0} 鉴定中，请选择其他商品。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="265" />
        <source>Comparison: {0}.</source>
        <translation>比对：{0}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="266" />
        <source>{0} checkpoint(s) failed.</source>
        <translation>{0} 个检查点不合格。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="308" />
        <source>“{0}” is not reachable yet.</source>
        <translation>尚不能进入“{0}”。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_no_match_flow.py" line="22" />
        <source>Added to the library's “no match” list for the library keeper.</source>
        <translation>已加入样本库的“无匹配”清单，交由样本库管理员处理。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="358" />
        <source>Scanned {0}: matches the item on the bench.</source>
        <translation>已扫描 {0}：与工作台上的商品一致。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="361" />
        <source>Scanned {0}: NOT the item on the bench ({1}). Finish or leave this case first.</source>
        <translation>已扫描 {0}：不是工作台上的商品（{1}）。请先完成或离开当前鉴定。</translation>
    </message>
</context>
<context>
    <name>CaptureStep</name>
    <message>
        <location filename="../../ui/widgets/appraisal_capture.py" line="40" />
        <source>Continue to compare (Ctrl+Enter)</source>
        <translation>继续比对 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_capture.py" line="60" />
        <source>{0} required view(s) still to shoot.</source>
        <translation>还有 {0} 个必拍视角未拍摄。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_capture.py" line="63" />
        <source>All required views are captured.</source>
        <translation>所有必拍视角均已拍摄。</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="28" />
        <source>Hand over…</source>
        <translation>转交…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="29" />
        <source>Abandon…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="32" />
        <location filename="../../ui/widgets/appraisal_actions.py" line="35" />
        <source>Hand over</source>
        <translation>转交</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="32" />
        <source>To (user name):</source>
        <translation>转交给（用户名）：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="35" />
        <source>Why?</source>
        <translation>原因？</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="41" />
        <source>Abandon appraisal</source>
        <translation>放弃鉴定</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_actions.py" line="41" />
        <source>Why? (kept in the record)</source>
        <translation>原因？（将记入档案）</translation>
    </message>
</context>
<context>
    <name>CaseHeader</name>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="90" />
        <location filename="../../ui/widgets/appraisal_header.py" line="97" />
        <source>Not started yet</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="116" />
        <source>{0} · {1} · held by {2} · {3}</source>
        <translation>{0} · {1} · 鉴定人 {2} · {3}</translation>
    </message>
</context>
<context>
    <name>ChecklistStep</name>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="191" />
        <source>Group</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="192" />
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="193" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="194" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="195" />
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="200" />
        <source>Keys: ↑/↓ move · P pass · F fail (then type the note, Enter) · N n.a. · Enter edit note · E evidence photo</source>
        <translation>按键：↑/↓ 移动 · P 合格 · F 不合格（随后输入备注并回车）· N 不适用 · 回车 编辑备注 · E 证据照片</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="203" />
        <source>Continue to verdict (Ctrl+Enter)</source>
        <translation>继续出具结论 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="274" />
        <source>{0} of {1} points answered</source>
        <translation>已完成 {0} / {1} 个检查点</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="322" />
        <source>Evidence photo</source>
        <translation>证据照片</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="322" />
        <source>Images (*.jpg *.jpeg *.png *.tif)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.tif)</translation>
    </message>
</context>
<context>
    <name>CompareStep</name>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="70" />
        <source>Compare with:</source>
        <translation>比对对象：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="72" />
        <location filename="../../ui/widgets/appraisal_compare.py" line="83" />
        <source>every version of this product (automatic)</source>
        <translation>本商品的全部版本（自动）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="73" />
        <source>Consistent (Alt+Y)</source>
        <translation>一致 (Alt+Y)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="74" />
        <source>Deviates (Alt+D)</source>
        <translation>有差异 (Alt+D)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="75" />
        <source>No reference (Alt+R)</source>
        <translation>无样本 (Alt+R)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="76" />
        <source>The engine's reading is advice: judge the match yourself.</source>
        <translation>系统比对结果仅供参考：请您自行判断是否一致。</translation>
    </message>
</context>
<context>
    <name>DatedFacts</name>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="90" />
        <source>Dated goods: label facts</source>
        <translation>有保质期商品：标签信息</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="91" />
        <source>Production date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="91" />
        <source>Shelf life (months)</source>
        <translation>保质期（月）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="92" />
        <source>Expiry date (if printed)</source>
        <translation>到期日（如有标注）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="92" />
        <source>Licence no. (e.g. SC…)</source>
        <translation>许可证号（如 SC…）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="93" />
        <source>Ingredients</source>
        <translation>配料</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="93" />
        <source>Additives</source>
        <translation>添加剂</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="98" />
        <source>Chinese back label present and compliant</source>
        <translation>中文背标齐全且合规</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="99" />
        <source>Save label facts (Ctrl+D)</source>
        <translation>保存标签信息 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="126" />
        <source>Shelf life remaining: give a production date and shelf life, or the expiry date.</source>
        <translation>剩余保质期：请填写生产日期和保质期，或到期日。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="134" />
        <source>EXPIRED on {0}: {1} days ago.</source>
        <translation>已于 {0} 过期（{1} 天前）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="136" />
        <source>Shelf life remaining: {0} days{1}, until {2}.</source>
        <translation>剩余保质期：{0} 天{1}，至 {2}。</translation>
    </message>
</context>
<context>
    <name>InboundDialog</name>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="74" />
        <source>Import inbound list</source>
        <translation>导入入库清单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="76" />
        <source>No file chosen.</source>
        <translation>未选择文件。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="77" />
        <source>Choose file… (Ctrl+O)</source>
        <translation>选择文件… (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="101" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="104" />
        <source>Rows to import ({0})</source>
        <translation>待导入行（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="105" />
        <source>Bad rows ({0})</source>
        <translation>错误行（{0}）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="109" />
        <source>Inbound list</source>
        <translation>入库清单</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="109" />
        <source>Inbound lists (*.csv *.xlsx)</source>
        <translation>入库清单 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="117" />
        <source>Reading the list…</source>
        <translation>正在读取清单…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="136" />
        <source>already queued</source>
        <translation>已在队列中</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="136" />
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="143" />
        <source>Import {0} rows</source>
        <translation>导入 {0} 行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="148" />
        <source>This file was imported before; importing it again adds nothing.</source>
        <translation>此文件已导入过，再次导入不会新增任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="149" />
        <source>{0} rows will be queued for {1}.</source>
        <translation>将为 {1} 加入 {0} 行到工作队列。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="151" />
        <source>{0} bad rows are left out (see the list).</source>
        <translation>{0} 个错误行不会导入（见列表）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="155" />
        <source>{0} rows are already in today's queue.</source>
        <translation>{0} 行已在今日队列中。</translation>
    </message>
</context>
<context>
    <name>IntakeStep</name>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="78" />
        <source>Category (picks the checklist)</source>
        <translation>品类（决定检查清单）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="78" />
        <source>GTIN</source>
        <translation>商品条码 (GTIN)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="79" />
        <source>SKU</source>
        <translation>货号 (SKU)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="79" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="79" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="80" />
        <source>Customs declaration no.</source>
        <translation>报关单号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="81" />
        <source>Batch / lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="81" />
        <source>Expiry (YYYY-MM-DD)</source>
        <translation>到期日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="82" />
        <source>Serial no.</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="82" />
        <source>Origin</source>
        <translation>原产地</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="83" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="87" />
        <source>Check the item against its papers and the library.</source>
        <translation>请对照单证和样本库核对商品信息。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="179" />
        <source>Add to the library's “no match” list</source>
        <translation>加入样本库“无匹配”清单</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="89" />
        <source>Start appraisal (Ctrl+Enter)</source>
        <translation>开始鉴定 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="119" />
        <source>Known in the library: {0} {1} ({2}), {3} version(s).</source>
        <translation>样本库已收录：{0} {1}（{2}），共 {3} 个版本。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="126" />
        <source>GTIN {0} is not in the library: enter the details by hand.</source>
        <translation>样本库中没有条码 {0}：请手工录入信息。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="132" />
        <source>No GTIN: enter the details by hand.</source>
        <translation>无商品条码：请手工录入信息。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="152" />
        <source>Unit {0} of lot {1}</source>
        <translation>批次 {1} 的第 {0} 件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="154" />
        <source>A unit of lot {0}</source>
        <translation>批次 {0} 中的一件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="158" />
        <source>{0}: its GTIN, category, batch, brand, model, merchant and declaration number are the lot's and cannot be changed here. If the unit is not the lot's product, sign it counterfeit with “Not as described”: it counts as a defect of the lot.</source>
        <translation>{0}：其商品条码、品类、批号、品牌、型号、商家和报关单号均以批次为准，此处不能修改。如果该件实物不是本批次的商品，请鉴定为非正品并选择“与描述不符”：它将计为本批次的不合格品。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_intake.py" line="177" />
        <source>On the library's “no match” list</source>
        <translation>已在样本库“无匹配”清单中</translation>
    </message>
</context>
<context>
    <name>LabelResult</name>
    <message>
        <location filename="../../ui/pages/review_page.py" line="45" />
        <source>Item</source>
        <translation>商品</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <location filename="../../ui/lock_screen.py" line="45" />
        <source>Station locked</source>
        <translation>工作站已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="46" />
        <source>Enter your password to continue where you left off.</source>
        <translation>输入密码，从离开的地方继续。</translation>
    </message>
</context>
<context>
    <name>ManualItemDialog</name>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="13" />
        <source>Add an item by hand</source>
        <translation>手工添加商品</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="15" />
        <source>GTIN / EAN</source>
        <translation>商品条码 (GTIN/EAN)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="16" />
        <source>SKU</source>
        <translation>货号 (SKU)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="17" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="18" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="19" />
        <source>Customs declaration no.</source>
        <translation>报关单号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="20" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_manual.py" line="24" />
        <source>Give at least a GTIN, a SKU or a brand.</source>
        <translation>请至少填写商品条码、货号或品牌之一。</translation>
    </message>
</context>
<context>
    <name>OutcomeStep</name>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="80" />
        <source>Print label (Ctrl+P)</source>
        <translation>打印标签 (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="81" />
        <source>Open report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="82" />
        <source>Next item (Ctrl+Enter)</source>
        <translation>下一件 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="100" />
        <source>Verdict: {0}</source>
        <translation>结论：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="106" />
        <source>Reasons: {0}</source>
        <translation>原因：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="109" />
        <source>Label issued: {0}</source>
        <translation>已签发标签：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="118" />
        <source>No label yet: this is unit {0} drawn from lot {1}; it gets its label with the lot's unit labels once the lot is accepted.</source>
        <translation>尚未签发标签：这是从批次 {1} 抽取的第 {0} 件；批次接收后，随批次的逐件标签一并签发。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="123" />
        <source>No label yet: {0}</source>
        <translation>尚未签发标签：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="126" />
        <source>Quarantine record {0}: move the goods to the quarantine area.</source>
        <translation>隔离记录 {0}：请将货物移至隔离区。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="131" />
        <source>Sent to the review queue: a second appraiser decides blind.</source>
        <translation>已送入复核队列：由另一位鉴定师盲审。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="143" />
        <source>Writing the appraisal report…</source>
        <translation>正在生成鉴定报告…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="153" />
        <source>Appraisal report: {0}</source>
        <translation>鉴定报告：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_outcome.py" line="156" />
        <source>The report could not be written: {0}</source>
        <translation>报告未能生成：{0}</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="169" />
        <source>Scan or type a barcode, then Enter (F6)</source>
        <translation>扫描或输入条码，然后回车 (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="170" />
        <source>Read with camera (Ctrl+B)</source>
        <translation>摄像头识读 (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="171" />
        <source>Import inbound list… (Ctrl+I)</source>
        <translation>导入入库清单… (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="172" />
        <source>Add by hand… (Ctrl+N)</source>
        <translation>手工添加… (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="173" />
        <source>Open selected (Enter)</source>
        <translation>打开所选 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="174" />
        <source>Resume (Ctrl+R)</source>
        <translation>继续 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="175" />
        <source>Abandon…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="199" />
        <source>{0}: nothing queued yet today.</source>
        <translation>{0}：今日队列为空。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="203" />
        <source>{0}: {1} items — {2}</source>
        <translation>{0}：共 {1} 件 — {2}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="243" />
        <source>Hold the barcode under the camera…</source>
        <translation>请将条码置于摄像头下…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="253" />
        <source>No barcode found in the camera picture.</source>
        <translation>摄像头画面中未找到条码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="271" />
        <source>The appraisal bench is not available.</source>
        <translation>鉴定工作台不可用。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="294" />
        <source>{0} items from the inbound list queued.</source>
        <translation>已从入库清单加入 {0} 件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="348" />
        <source>{0} appraisal(s) were interrupted (the application closed). First: {1} ({2}), saved at step “{3}”.</source>
        <translation>有 {0} 个鉴定被中断（程序曾关闭）。第一个：{1}（{2}），保存于“{3}”步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="367" />
        <source>Abandon appraisal</source>
        <translation>放弃鉴定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="368" />
        <source>Why is {0} abandoned? (kept in the record)</source>
        <translation>为什么放弃 {0}？（原因将记入档案）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="387" />
        <source>{0} abandoned; its record is kept.</source>
        <translation>{0} 已放弃，档案保留。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/pages/review_page.py" line="135" />
        <source>Decide without the first verdict: it is hidden on purpose (blind review).</source>
        <translation>请在看不到初审结论的情况下作出判断（盲审，初审结论已刻意隐藏）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="140" />
        <location filename="../../ui/pages/review_page.py" line="148" />
        <source>Choose a case from the list.</source>
        <translation>请从列表中选择一个案件。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="202" />
        <source>Declaration no.</source>
        <translation>报关单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="202" />
        <source>Batch</source>
        <translation>批号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="203" />
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="203" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="210" />
        <source>No photos were taken of this item.</source>
        <translation>此商品没有拍摄照片。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="218" />
        <source>Checklist: {0} points answered, {1} failed.</source>
        <translation>检查清单：已完成 {0} 项，{1} 项不合格。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="221" />
        <source>Failed: {0}</source>
        <translation>不合格：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="224" />
        <source>Comparison reading: {0}</source>
        <translation>比对结果：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="241" />
        <source>Review signed: {0}.</source>
        <translation>复核已签署：{0}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="243" />
        <source>Label {0} issued.</source>
        <translation>已签发标签 {0}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="245" />
        <source>Quarantine record {0}.</source>
        <translation>隔离记录 {0}。</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="73" />
        <source>Sign the verdict</source>
        <translation>签署结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="85" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="87" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="88" />
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="89" />
        <source>Signed by</source>
        <translation>签署人</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="90" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="91" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="96" />
        <source>Sign</source>
        <translation>签署</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="100" />
        <source>Your signature is recorded with this verdict.</source>
        <translation>您的签名将与此结论一同记录。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="109" />
        <source>Enter your password to sign.</source>
        <translation>请输入密码以签署。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="112" />
        <source>Signing…</source>
        <translation>正在签署…</translation>
    </message>
</context>
<context>
    <name>VerdictStep</name>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="105" />
        <source>&amp;Genuine</source>
        <translation>正品(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="105" />
        <source>&amp;Counterfeit</source>
        <translation>非正品(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="106" />
        <source>&amp;Inconclusive</source>
        <translation>无法判定(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="109" />
        <source>Reason codes (needed for counterfeit)</source>
        <translation>原因代码（判定非正品时必选）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="112" />
        <source>Your leaning (hidden from the reviewer):</source>
        <translation>您的倾向（复核人看不到）：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="115" />
        <source>no leaning</source>
        <translation>无倾向</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="116" />
        <source>probably genuine</source>
        <translation>倾向正品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="117" />
        <source>probably counterfeit</source>
        <translation>倾向非正品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="119" />
        <source>Note (what you saw; for the report)</source>
        <translation>备注（所见情况，写入报告）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="120" />
        <source>Sign… (Ctrl+S)</source>
        <translation>签署… (Ctrl+S)</translation>
    </message>
</context>
<context>
    <name>bench</name>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="19" />
        <source>Intake</source>
        <translation>收货登记</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="20" />
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="21" />
        <source>Compare</source>
        <translation>比对</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="22" />
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="23" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_header.py" line="24" />
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="36" />
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="37" />
        <source>Material</source>
        <translation>材质</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="38" />
        <source>Craftsmanship</source>
        <translation>做工</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="39" />
        <source>Codes and serials</source>
        <translation>编码与序列号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="40" />
        <source>Hardware</source>
        <translation>五金</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="41" />
        <source>Inner label</source>
        <translation>内标</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="42" />
        <source>Production date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="43" />
        <source>Shelf life</source>
        <translation>保质期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="44" />
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="45" />
        <source>Ingredients</source>
        <translation>配料</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="46" />
        <source>Chinese back label</source>
        <translation>中文背标</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="49" />
        <source>✔ pass</source>
        <translation>✔ 合格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="50" />
        <source>✘ fail</source>
        <translation>✘ 不合格</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_checklist.py" line="51" />
        <source>– n.a.</source>
        <translation>– 不适用</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="31" />
        <source>Not authentic</source>
        <translation>假冒</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="32" />
        <source>Not as described</source>
        <translation>与申报不符</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="33" />
        <source>Damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="34" />
        <source>Used</source>
        <translation>二手/使用过</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="35" />
        <source>Expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_verdict.py" line="36" />
        <source>Label non-compliant</source>
        <translation>标签不合规</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="21" />
        <source>consistent with the reference</source>
        <translation>与正品样本一致</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="22" />
        <source>deviates from the reference</source>
        <translation>与正品样本有差异</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_compare.py" line="23" />
        <source>no reference to compare with</source>
        <translation>无可比对的样本</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="137" />
        <source>The expiry date {value} is not a date in the form YYYY-MM-DD.</source>
        <translation>有效期 {value} 不是 YYYY-MM-DD 格式的日期。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="143" />
        <source>The production date {value} is not a date in the form YYYY-MM-DD.</source>
        <translation>生产日期 {value} 不是 YYYY-MM-DD 格式的日期。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="149" />
        <source>Type year-month-day, e.g. 2027-06-30 for 30 June 2027.</source>
        <translation>请按 年-月-日 输入，例如 2027-06-30 表示 2027 年 6 月 30 日。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="27" />
        <source>The barcode {code} has a wrong check digit; it was probably misread.</source>
        <translation>条码 {code} 校验位错误，可能识读有误。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="21" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="33" />
        <source>The barcode {code} has {n} digits; a GTIN has 8, 12, 13 or 14.</source>
        <translation>条码 {code} 有 {n} 位数字；商品条码应为 8、12、13 或 14 位。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="39" />
        <source>The barcode {code} is neither a GS1 code nor an EAN/UPC product number.</source>
        <translation>条码 {code} 既不是 GS1 码，也不是 EAN/UPC 商品条码。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="45" />
        <source>The GS1 barcode {code} carries no product number (GTIN).</source>
        <translation>GS1 条码 {code} 不含商品条码 (GTIN)。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="49" />
        <source>The barcode text {code} is not valid GS1.</source>
        <translation>条码内容 {code} 不是有效的 GS1 格式。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="51" />
        <source>The barcode is empty.</source>
        <translation>条码为空。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="54" />
        <source>{name} is not a readable image.</source>
        <translation>{name} 不是可读取的图片。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="58" />
        <source>Choose a JPEG, PNG, WebP or BMP photo; the content decides, not the file name.</source>
        <translation>请选择 JPEG、PNG、WebP 或 BMP 照片；以文件内容为准，而非文件名。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="65" />
        <source>Scan the code again, or type the digits printed under the bars.</source>
        <translation>请重新扫描，或输入条码下方印刷的数字。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="71" />
        <source>Scan the product's EAN/UPC or GS1 barcode, or enter the item by hand.</source>
        <translation>请扫描商品的 EAN/UPC 或 GS1 条码，或手工录入。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="78" />
        <source>This item is held by {who} (since {at}) until they finish it.</source>
        <translation>此商品正由 {who} 鉴定（自 {at} 起），完成前他人不能操作。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="84" />
        <source>Two appraisers cannot work on one item; pick another from the queue.</source>
        <translation>两位鉴定师不能同时鉴定同一件商品，请从队列中选择其他商品。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="90" />
        <source>Ask them or a supervisor to hand it over to you.</source>
        <translation>请让该鉴定师或主管将其转交给您。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="94" />
        <source>Unknown user name or wrong password.</source>
        <translation>用户名不存在或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="98" />
        <source>Wrong password. The account is locked for {n} s.</source>
        <translation>密码错误。账户已锁定 {n} 秒。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="102" />
        <source>Too many failed attempts: try again in {n} s.</source>
        <translation>失败次数过多：请在 {n} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="106" />
        <source>A counterfeit verdict needs at least one reason code.</source>
        <translation>判定为非正品时至少需要一个原因代码。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="110" />
        <source>A failed checkpoint needs a note saying what is wrong.</source>
        <translation>不合格的检查点需要备注说明问题。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="114" />
        <source>customs declaration no. is empty</source>
        <translation>报关单号为空</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="118" />
        <source>neither GTIN nor SKU is given</source>
        <translation>未提供商品条码或货号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="122" />
        <source>quantity {q} is not a whole number ≥ 1</source>
        <translation>数量 {q} 不是 ≥1 的整数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="126" />
        <source>repeats row {row} (same declaration and product)</source>
        <translation>与第 {row} 行重复（相同报关单和商品）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="130" />
        <source>{col} was stored as a number and lost digits; format that column as text</source>
        <translation>{col} 以数字格式保存，丢失了位数；请将该列设为文本格式</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="134" />
        <source>GTIN: {rest}</source>
        <translation>商品条码：{rest}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="153" />
        <source>Not every required view is photographed yet: {views}.</source>
        <translation>必拍项尚未全部拍摄：{views}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="157" />
        <source>Shoot the missing views on the capture step first.</source>
        <translation>请先在拍摄步骤补拍缺少的项目。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="161" />
        <source>This needs a supervisor's approval.</source>
        <translation>此操作需要主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/appraisal_text.py" line="165" />
        <source>Ask a supervisor or administrator.</source>
        <translation>请联系主管或管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="15" />
        <source>an appraiser</source>
        <translation>鉴定师</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="16" />
        <source>a supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="17" />
        <source>an administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="19" />
        <source> or </source>
        <translation>或</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="35" />
        <source>Sign in first: this needs {who}.</source>
        <translation>请先登录：此操作需要{who}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="40" />
        <source>{user} ({role}) may not do this: it needs {who}.</source>
        <translation>{user}（{role}）无权执行此操作：需要{who}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="42" />
        <source>Ask {who}.</source>
        <translation>请{who}来办理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="46" />
        <source>You signed this verdict: you cannot amend your own; another supervisor must.</source>
        <translation>此结论由您签署：不能更改自己的结论，须由另一位主管更改。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="53" />
        <source>Appraisal {uid} is awaiting blind review: the review decides it, not an amendment.</source>
        <translation>鉴定单 {uid} 正在等待盲审：由复核决定结论，不能通过更改结论处理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="60" />
        <source>There is no signed verdict to amend.</source>
        <translation>没有可更改的已签署结论。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="64" />
        <source>An amendment needs a reason.</source>
        <translation>更改结论必须填写理由。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="68" />
        <source>This appraisal is signed; change it with an amendment.</source>
        <translation>此鉴定已签署；如需修改，请由主管更改结论。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="72" />
        <source>Appraisal {uid} has no signed verdict.</source>
        <translation>鉴定单 {uid} 尚无已签署的结论。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="76" />
        <source>A second appraiser or a supervisor must review this item.</source>
        <translation>须由另一位鉴定师或主管复核此商品。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="80" />
        <source>Only the appraiser who holds this item can sign it.</source>
        <translation>只有持有此商品的鉴定师才能签署。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="84" />
        <source>Appraisal {uid} is in blind review: it gets no label until the review ends.</source>
        <translation>鉴定单 {uid} 正在盲审：复核结束前不能签发标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="91" />
        <source>Only the appraiser who signed the genuine verdict of {uid}, or a supervisor, may issue or first print its label.</source>
        <translation>只有签署 {uid} 正品结论的鉴定师或主管才能签发或首次打印其标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="99" />
        <source>A reprint needs a supervisor's approval.</source>
        <translation>重印需要主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="103" />
        <source>A void needs a supervisor's approval.</source>
        <translation>作废需要主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="108" />
        <source>{user} cannot approve their own reprint request: another supervisor must approve it (four eyes).</source>
        <translation>{user} 不能批准自己的重印申请：须由另一位主管批准（双人复核）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="117" />
        <source>{user} cannot approve their own void request: another supervisor must approve it (four eyes).</source>
        <translation>{user} 不能批准自己的作废申请：须由另一位主管批准（双人复核）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="127" />
        <source>Line {uid} is {known} (the line's category); it cannot be confirmed as {chosen}.</source>
        <translation>入库单行 {uid} 的品类为{known}（清单所列品类），不能确认为{chosen}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="135" />
        <source>Line {uid} is {known} (its GTIN's category in the library); it cannot be confirmed as {chosen}.</source>
        <translation>入库单行 {uid} 的品类为{known}（参考库中该商品条码的品类），不能确认为{chosen}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="141" />
        <source>Choose {known}.</source>
        <translation>请选择{known}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="145" />
        <source>{chosen} is inspected less strictly than other categories, and nothing names line {uid}'s category: a supervisor must confirm it as {chosen}.</source>
        <translation>{chosen}的检验比其他品类宽松，且没有任何资料注明入库单行 {uid} 的品类：须由主管确认为{chosen}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="153" />
        <source>A supervisor confirms it, or choose one of: {choices}.</source>
        <translation>请主管确认，或选择以下品类之一：{choices}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="158" />
        <source>Another supervisor must do this.</source>
        <translation>须由另一位主管办理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="162" />
        <source>Another appraiser or supervisor must do this.</source>
        <translation>须由另一位鉴定师或主管办理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="166" />
        <source>Another supervisor or administrator must do this.</source>
        <translation>须由另一位主管或管理员办理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="170" />
        <source>Another administrator must do this.</source>
        <translation>须由另一位管理员办理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="176" />
        <source>Label {serial} is {state}; a label prints once. Ask a supervisor for a reprint.</source>
        <translation>标签 {serial} 的状态为“{state}”；每张标签只能打印一次。如需补打，请联系主管。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="183" />
        <source>Label {serial} is already {state}.</source>
        <translation>标签 {serial} 的状态已是“{state}”。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="187" />
        <source>There are no labels to print.</source>
        <translation>没有要打印的标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="191" />
        <source>Appraisal {uid} is {state}; it can no longer be changed.</source>
        <translation>鉴定单 {uid} 状态为“{state}”，已不能再修改。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="195" />
        <source>This case has a signed verdict; it can only be finished.</source>
        <translation>此鉴定已签署结论，只能完成，不能放弃。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="199" />
        <source>Abandoning an appraisal needs a reason.</source>
        <translation>放弃鉴定必须填写理由。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="205" />
        <source>The station clock reads {now} but the last recorded event is {newest}; an administrator must confirm the clock.</source>
        <translation>工作站时钟显示 {now}，但最近一条记录的时间是 {newest}；须由管理员确认时钟。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="214" />
        <source>Check the date and time of this computer; an administrator confirms the clock in Settings (Confirm clock) or with: appraiser accounts confirm-clock --user ADMIN.</source>
        <translation>请检查本机的日期和时间；管理员可在“设置”中确认时钟（确认时钟），或运行：appraiser accounts confirm-clock --user ADMIN。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="224" />
        <source>trigger {name} is missing</source>
        <translation>触发器 {name} 缺失</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="228" />
        <source>trigger {name} was altered</source>
        <translation>触发器 {name} 被修改</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="232" />
        <source>trigger {name} was added outside the app</source>
        <translation>触发器 {name} 是在程序之外添加的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="236" />
        <source>audit event {n} is missing (next is {m})</source>
        <translation>审计事件 {n} 缺失（下一条为 {m}）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="240" />
        <source>audit event {n}: link to event {m} is broken</source>
        <translation>审计事件 {n}：与事件 {m} 的链接已断开</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="244" />
        <source>audit event {n} ({action}) was altered</source>
        <translation>审计事件 {n}（{action}）被修改</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="248" />
        <source>{table} row {key} has no audit event (added outside the app?)</source>
        <translation>{table} 第 {key} 行没有审计事件（是否在程序之外添加？）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="253" />
        <source>{table} row {key} differs from audit event {n} ({action})</source>
        <translation>{table} 第 {key} 行与审计事件 {n}（{action}）不符</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="257" />
        <source>{table} row {key} named by audit event {n} is gone</source>
        <translation>审计事件 {n} 所记录的 {table} 第 {key} 行已不存在</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="261" />
        <source>checkpoint line {n} has a bad signature</source>
        <translation>检查点第 {n} 行签名无效</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="265" />
        <source>checkpoint line {n} is damaged</source>
        <translation>检查点第 {n} 行已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="270" />
        <source>audit events {n} have no signed checkpoint (added outside the app)</source>
        <translation>审计事件 {n} 没有签名检查点（在程序之外添加）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="277" />
        <source>the checkpoint file {name} is missing or empty, though checkpoints have been kept since audit event {n}</source>
        <translation>检查点文件 {name} 缺失或为空，但自审计事件 {n} 起一直保存检查点</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="290" />
        <source>audit events {n} predate the signed checkpoints (started {day}, at the upgrade from schema version {v}); only the chain vouches for them: check them against the daily exports kept off the station: appraiser audit verify --exports DIR</source>
        <translation>审计事件 {n} 早于签名检查点（{day} 从数据库结构版本 {v} 升级时开始）；只有哈希链为其作证：请用保存在工作站以外的每日导出核对：appraiser audit verify --exports DIR</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="299" />
        <source>no audit event records when checkpoints started (it was removed)</source>
        <translation>没有审计事件记录检查点何时开始（该事件已被删除）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="307" />
        <source>checkpoints started at audit event {n}, after {m} older events, on a station that was created with checkpoints (they must cover it from audit event 1): the events before it were rewritten</source>
        <translation>检查点在审计事件 {n} 处才开始（此前有 {m} 条较早事件），但本工作站创建时即保存检查点（应从审计事件 1 起覆盖）：此前的事件被改写过</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="316" />
        <source>the checkpoint file {name} is not a regular file</source>
        <translation>检查点文件 {name} 不是普通文件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="320" />
        <source>view {name} is missing</source>
        <translation>视图 {name} 缺失</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="324" />
        <source>view {name} was altered</source>
        <translation>视图 {name} 被修改</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="328" />
        <source>view {name} was added outside the app</source>
        <translation>视图 {name} 是在程序之外添加的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="332" />
        <source>table {name} is missing</source>
        <translation>表 {name} 缺失</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="336" />
        <source>table {name} was altered</source>
        <translation>表 {name} 被修改</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="340" />
        <source>table {name} was added outside the app</source>
        <translation>表 {name} 是在程序之外添加的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="344" />
        <source>index {name} is missing</source>
        <translation>索引 {name} 缺失</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="348" />
        <source>index {name} was altered</source>
        <translation>索引 {name} 被修改</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="352" />
        <source>index {name} was added outside the app</source>
        <translation>索引 {name} 是在程序之外添加的</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="357" />
        <source>label {serial} was issued (audit event {n}) while the verdict in force for appraisal {uid} was {state} (audit event {m})</source>
        <translation>标签 {serial} 签发于审计事件 {n}，当时鉴定 {uid} 的有效结论为“{state}”（审计事件 {m}）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="366" />
        <source>label {serial} of appraisal {uid} is not revoked, though its verdict was amended to {state} at audit event {n}</source>
        <translation>鉴定 {uid} 的标签 {serial} 未被撤销，但其结论已在审计事件 {n} 更改为“{state}”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="375" />
        <source>The account {name} was changed outside the app; an administrator must look at the audit trail ('appraiser audit verify') before it can sign in.</source>
        <translation>账户 {name} 在程序之外被修改；须由管理员检查审计记录（appraiser audit verify）后才能登录。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/trust_text.py" line="383" />
        <source>The database schema was altered outside the app: {rest}. Nothing was saved.</source>
        <translation>数据库结构在程序之外被修改：{rest}。未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>inbound</name>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="35" />
        <location filename="../../ui/dialogs/inbound_dialog.py" line="46" />
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="36" />
        <source>Declaration no.</source>
        <translation>报关单号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="37" />
        <source>GTIN</source>
        <translation>商品条码 (GTIN)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="38" />
        <source>SKU</source>
        <translation>货号 (SKU)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="39" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="40" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="41" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="42" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="43" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="47" />
        <source>What is wrong</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/inbound_dialog.py" line="48" />
        <source>Values in the file</source>
        <translation>文件中的值</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="86" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/appraisal_page.py" line="63" />
        <source>Bench</source>
        <translation>鉴定台</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review_page.py" line="88" />
        <source>Review</source>
        <translation>复核</translation>
    </message>
</context>
<context>
    <name>queue</name>
    <message>
        <location filename="../../ui/models/queue_rows.py" line="19" />
        <source>{0} of {1} appraised</source>
        <translation>已鉴定 {0} / {1}</translation>
    </message>
    <message>
        <location filename="../../ui/models/queue_rows.py" line="20" />
        <source>{0} ({1} of {2} appraised)</source>
        <translation>{0}（已鉴定 {1} / {2}）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="43" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="44" />
        <source>Declaration no.</source>
        <translation>报关单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="45" />
        <source>GTIN</source>
        <translation>商品条码 (GTIN)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="46" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="47" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="48" />
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="49" />
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="50" />
        <source>Appraisal</source>
        <translation>鉴定编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="51" />
        <source>Appraiser</source>
        <translation>鉴定师</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="52" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="53" />
        <source>Label</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <location filename="../../ui/pages/review_page.py" line="43" />
        <source>Appraisal</source>
        <translation>鉴定编号</translation>
    </message>
</context>
<context>
    <name>sign</name>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="35" />
        <source>I have inspected this item and judge it genuine.</source>
        <translation>本人已检验此商品，判定为正品。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="36" />
        <source>I have inspected this item and judge it not acceptable as genuine.</source>
        <translation>本人已检验此商品，判定其不能作为正品接受。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/sign_dialog.py" line="39" />
        <source>I cannot decide this item; it goes to a second appraiser.</source>
        <translation>本人无法判定此商品，交由另一位鉴定师复核。</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <location filename="../../ui/pages/review_page.py" line="44" />
        <source>Waiting since</source>
        <translation>等待开始时间</translation>
    </message>
</context>
</TS>