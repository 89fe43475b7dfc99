<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>LabelPreview</name>
    <message>
        <location filename="../../ui/widgets/label_preview.py" line="66" />
        <source>Select a label to preview it.</source>
        <translation>选择一个标签以预览。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_preview.py" line="70" />
        <source>Rendering…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_preview.py" line="87" />
        <source>{0} label, shown enlarged</source>
        <translation>{0} 标签（放大显示）</translation>
    </message>
</context>
<context>
    <name>LabelResult</name>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="34" />
        <source>GENUINE LABEL</source>
        <translation>正品标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="35" />
        <source>PROBABLE CLONED LABEL</source>
        <translation>疑似复制标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="36" />
        <source>VALID SIGNATURE</source>
        <translation>签名有效</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="37" />
        <source>NOT VALID — VOIDED LABEL</source>
        <translation>无效 — 已作废的标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="38" />
        <source>NOT VALID — REVOKED LABEL</source>
        <translation>无效 — 已撤销的标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="39" />
        <source>NOT VALID — FORGERY ALARM</source>
        <translation>无效 — 伪造警报</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="40" />
        <source>NOT VALID — RETIRED KEY</source>
        <translation>无效 — 密钥已停用</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="41" />
        <source>NOT ONE OF OUR LABELS</source>
        <translation>非本系统标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="42" />
        <source>DAMAGED OR ALTERED CODE</source>
        <translation>二维码损坏或被改动</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="43" />
        <source>UNKNOWN SIGNER</source>
        <translation>签发方未知</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="44" />
        <source>FORGED OR ALTERED LABEL</source>
        <translation>伪造或被篡改的标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="47" />
        <source>The signature is valid.</source>
        <translation>签名验证通过。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="48" />
        <source>This code was not issued by our system.</source>
        <translation>此二维码不是本系统签发的。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="49" />
        <source>The code is truncated, damaged or was changed.</source>
        <translation>二维码内容不完整、损坏或被改动。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="50" />
        <source>Signed by a key this station does not know: another operator's label, or a forgery.</source>
        <translation>签名密钥不为本工作站所知：可能是其他机构的标签，或为伪造。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="54" />
        <source>The signature does not match the content: the label was altered or forged.</source>
        <translation>签名与内容不符：标签被篡改或伪造。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="59" />
        <source>NOT VALID — this label was voided on {0} (replaced by {1}).</source>
        <translation>无效 — 此标签已于 {0} 作废（由 {1} 取代）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="62" />
        <source>NOT VALID — this label was voided on {0}: {1}</source>
        <translation>无效 — 此标签已于 {0} 作废：{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="63" />
        <source>NOT VALID — revoked on {0}: the verdict was amended.</source>
        <translation>无效 — 已于 {0} 撤销：鉴定结论已更改。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="67" />
        <source>NOT VALID — revoked on {0}: the lot's decision was changed to reject.</source>
        <translation>无效 — 已于 {0} 撤销：该批次的结论已改判为拒收。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="70" />
        <source>NOT VALID — revoked on {0}: the lot's decision was put under review.</source>
        <translation>无效 — 已于 {0} 撤销：该批次的结论已转入复核。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="73" />
        <source>NOT VALID — FORGERY: signed with this station's key but never issued here; the station key may be compromised. Hold the item and call a supervisor.</source>
        <translation>无效 — 伪造：使用本工作站的密钥签名，但本站从未签发此标签；本站密钥可能已泄露。请扣留商品并通知主管。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="80" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="81" />
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="82" />
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="83" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="158" />
        <source>Scan a label</source>
        <translation>请扫描标签</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="160" />
        <source>Use the hand scanner, open a photo, or start the camera.</source>
        <translation>使用扫码枪、打开照片或启动摄像头。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="262" />
        <source>It was issued by another station of this operator.</source>
        <translation>该标签由本机构的其他工作站签发。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="190" />
        <source>⚠ Clone warning: {0}. Hold the item and call a supervisor.</source>
        <translation>⚠ 复制标签警告：{0}。请扣留商品并通知主管。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="202" />
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="204" />
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="207" />
        <source>GTIN</source>
        <translation>GTIN 商品条码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="208" />
        <source>Verdict</source>
        <translation>鉴定结论</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="209" />
        <source>Signed</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="210" />
        <source>Appraisal</source>
        <translation>鉴定单</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="211" />
        <source>Issued</source>
        <translation>签发日期</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="212" />
        <source>Issuing station</source>
        <translation>签发工作站</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="213" />
        <source>Label state</source>
        <translation>标签状态</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="215" />
        <source>This scan</source>
        <translation>本次扫描</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/label_result.py" line="237" />
        <source>Scans of this serial ({0}):</source>
        <translation>该序列号的扫描记录（{0} 次）：</translation>
    </message>
</context>
<context>
    <name>LabelsPage</name>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="41" />
        <location filename="../../ui/pages/labels_page.py" line="50" />
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="42" />
        <source>Appraisal</source>
        <translation>鉴定单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="43" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="44" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="45" />
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="46" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="51" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="52" />
        <source>Seen at</source>
        <translation>出现地点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="47" />
        <source>Issued</source>
        <translation>签发时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="53" />
        <source>Flagged</source>
        <translation>标记时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="108" />
        <source>Appraisal labels</source>
        <translation>鉴定标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="109" />
        <source>Lot units</source>
        <translation>批次单件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="111" />
        <source>Labels of single appraisals, or the unit labels of accepted lots</source>
        <translation>单件鉴定的标签，或已接收批次的单件标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="113" />
        <source>Genuine, no label yet:</source>
        <translation>正品待贴标：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="114" />
        <source>Issue label</source>
        <translation>签发标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="115" />
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="116" />
        <source>Print batch…</source>
        <translation>整批打印…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="117" />
        <source>Reprint…</source>
        <translation>补打…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="118" />
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="120" />
        <source>Scan the printed label here to confirm it is on the item</source>
        <translation>在此扫描已打印的标签，确认已贴于商品</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="122" />
        <source>Probable cloned labels</source>
        <translation>疑似复制标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="261" />
        <source>, approved by {0}</source>
        <translation>，批准人 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="287" />
        <source>Label {0} issued for {1}.</source>
        <translation>已为 {1} 签发标签 {0}。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="317" />
        <source>No batches with items yet.</source>
        <translation>暂无包含商品的批次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="320" />
        <source>Print batch</source>
        <translation>整批打印</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="320" />
        <source>Batch / lot to print:</source>
        <translation>要打印的批次：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="339" />
        <source>Every label of this batch is already printed.</source>
        <translation>该批次的所有标签均已打印。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="350" />
        <source>New label {0} issued; the old one is void.</source>
        <translation>已签发新标签 {0}，旧标签已作废。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="352" />
        <source>Label voided.</source>
        <translation>标签已作废。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="371" />
        <source>Label {0} confirmed on the item.</source>
        <translation>已确认标签 {0} 贴于商品。</translation>
    </message>
</context>
<context>
    <name>PrintLabelsDialog</name>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="164" />
        <source>System printer (PDF path)</source>
        <translation>系统打印机（PDF 方式）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="165" />
        <source>Thermal printer, CUPS (ZPL)</source>
        <translation>热敏打印机，CUPS（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="168" />
        <source>Network thermal printer, port 9100 (ZPL)</source>
        <translation>网络热敏打印机，9100 端口（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="181" />
        <source>Print labels</source>
        <translation>打印标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="190" />
        <source>Labels to print: {0}</source>
        <translation>待打印标签：{0} 张</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="209" />
        <source>Printer type</source>
        <translation>打印机类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="210" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="211" />
        <source>Label stock</source>
        <translation>标签纸规格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="212" />
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="225" />
        <source>Labels in this job</source>
        <translation>本次打印的标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="239" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="241" />
        <source>Print preview…</source>
        <translation>打印预览…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="252" />
        <source>host or host:port</source>
        <translation>主机名或 主机:端口</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="255" />
        <source>default printer</source>
        <translation>默认打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="331" />
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="342" />
        <source>All labels printed ({0}).</source>
        <translation>全部标签已打印（{0} 张）。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="347" />
        <source>The printer stopped: {0} printed, {1} not printed. {2}
Labels not printed stay ready; print them again once the printer is back.</source>
        <translation>打印机中断：已打印 {0} 张，未打印 {1} 张。{2}
未打印的标签保持待打印状态；打印机恢复后请再次打印。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_labels.py" line="373" />
        <source>Nothing was printed: {0}</source>
        <translation>未打印任何标签：{0}</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="35" />
        <source>Label damaged while applying</source>
        <translation>贴标时标签损坏</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="36" />
        <source>Printout unreadable</source>
        <translation>打印内容无法识读</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="37" />
        <source>Printer jammed; label not printed</source>
        <translation>打印机卡纸，标签未打出</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="38" />
        <source>Label lost</source>
        <translation>标签遗失</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="75" />
        <source>Reprint label</source>
        <translation>补打标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="75" />
        <source>Void label</source>
        <translation>作废标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="79" />
        <source>The label {0} will be voided and a new label with a new serial issued for the same item. A supervisor must approve.</source>
        <translation>标签 {0} 将被作废，并为同一商品签发带新序列号的新标签。须经主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="83" />
        <source>The label {0} will be voided for good. A supervisor must approve.</source>
        <translation>标签 {0} 将被永久作废。须经主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="88" />
        <source>Why is this needed?</source>
        <translation>请说明原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="90" />
        <source>A supervisor other than you</source>
        <translation>另一位主管（不能是您本人）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="99" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="100" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="101" />
        <source>Supervisor password</source>
        <translation>主管密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="117" />
        <source>Give a reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/print_reprint.py" line="120" />
        <source>A supervisor must enter their name and password.</source>
        <translation>须由主管输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="37" />
        <source>Bench check</source>
        <translation>鉴定台核验</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="38" />
        <source>Outbound (item leaves)</source>
        <translation>出库（商品离库）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="39" />
        <source>Customer enquiry</source>
        <translation>消费者查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="135" />
        <source>Verify a label</source>
        <translation>标签验证</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="136" />
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="140" />
        <source>Scan the label's QR code with the hand scanner, or paste its link, then Enter</source>
        <translation>用扫码枪扫描标签二维码，或粘贴其链接，然后按回车</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="142" />
        <source>Open photo…</source>
        <translation>打开照片…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="144" />
        <location filename="../../ui/pages/verify_page.py" line="202" />
        <source>Stop camera</source>
        <translation>关闭摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="144" />
        <location filename="../../ui/pages/verify_page.py" line="202" />
        <source>Use camera</source>
        <translation>使用摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="163" />
        <source>Photo of a label</source>
        <translation>标签照片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="165" />
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="205" />
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/labels_page.py" line="92" />
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../ui/pages/verify_page.py" line="76" />
        <source>Verify label</source>
        <translation>标签验证</translation>
    </message>
</context>
</TS>