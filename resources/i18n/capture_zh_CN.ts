<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CapturePage</name>
    <message>
        <location filename="../../ui/pages/capture_page.py" line="48" />
        <source>Appraisal:</source>
        <translation>鉴定单：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/capture_page.py" line="73" />
        <source>No open appraisal today: start one at intake first.</source>
        <translation>今天没有进行中的鉴定：请先在收货登记处开始一项。</translation>
    </message>
</context>
<context>
    <name>CaptureWidget</name>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="150" />
        <source>Capture still (Space)</source>
        <translation>拍摄照片（空格）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="151" />
        <source>Import photos…</source>
        <translation>导入照片…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="152" />
        <source>Play video</source>
        <translation>播放录像</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="153" />
        <source>Reconnect camera</source>
        <translation>重新连接摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="158" />
        <location filename="../../ui/widgets/capture_widget.py" line="169" />
        <source>Shot list — %1</source>
        <translation>拍摄清单 — %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="223" />
        <source>Camera: %1</source>
        <translation>摄像头：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="230" />
        <source>No camera picture.</source>
        <translation>没有摄像头画面。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="239" />
        <source>no new picture</source>
        <translation>无新画面</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="239" />
        <source>picture frozen</source>
        <translation>画面冻结</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="241" />
        <source>Camera lost (%1). The video was closed and the appraisal marked interrupted.</source>
        <translation>摄像头断开（%1）。录像已封存，鉴定已标记为中断。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="260" />
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_widget.py" line="363" />
        <source>All required views are captured.</source>
        <translation>所有必拍项均已完成。</translation>
    </message>
</context>
<context>
    <name>FocusControl</name>
    <message>
        <location filename="../../ui/widgets/capture_preview.py" line="58" />
        <source>Focus</source>
        <translation>对焦</translation>
    </message>
</context>
<context>
    <name>GatePanel</name>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="141" />
        <source>Retake</source>
        <translation>重拍</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="154" />
        <source>No photo checked yet.</source>
        <translation>尚未检查照片。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="167" />
        <source>Checking the photo…</source>
        <translation>正在检查照片…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="174" />
        <source>✔ Accepted for “%1”</source>
        <translation>✔ 已采用：“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="179" />
        <source>✘ Rejected — retake “%1”</source>
        <translation>✘ 不合格 — 请重拍“%1”</translation>
    </message>
</context>
<context>
    <name>PhotoImport</name>
    <message>
        <location filename="../../ui/widgets/capture_import.py" line="31" />
        <source>Import photos from a folder</source>
        <translation>从文件夹导入照片</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_import.py" line="61" />
        <source>%1 photo(s) left over: every view is taken.</source>
        <translation>剩余 %1 张照片：所有拍摄项均已完成。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_import.py" line="63" />
        <source>Some files were not imported</source>
        <translation>部分文件未导入</translation>
    </message>
</context>
<context>
    <name>ShotList</name>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="86" />
        <source> (optional)</source>
        <translation>（可选）</translation>
    </message>
</context>
<context>
    <name>VideoControl</name>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="75" />
        <location filename="../../ui/widgets/capture_video.py" line="104" />
        <source>● REC</source>
        <translation>● 录像中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="78" />
        <source>❚❚ PAUSED</source>
        <translation>❚❚ 已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="83" />
        <source>Record video</source>
        <translation>开始录像</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="84" />
        <source>Resume video</source>
        <translation>继续录像</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="84" />
        <source>Pause video</source>
        <translation>暂停录像</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="95" />
        <source>Inspection video</source>
        <translation>鉴定录像</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="96" />
        <source>No video segment is stored yet (segments close every ten seconds).</source>
        <translation>尚未保存录像片段（每十秒封存一个片段）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="108" />
        <source>Video segment %1 stored.</source>
        <translation>录像片段 %1 已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_video.py" line="114" />
        <source>Recording stopped: the disk reached its reserve. Free space, then resume.</source>
        <translation>录像已停止：磁盘已达到保留空间。请释放空间后继续。</translation>
    </message>
</context>
<context>
    <name>VideoDialog</name>
    <message>
        <location filename="../../ui/widgets/video_player.py" line="191" />
        <source>Inspection video — %1</source>
        <translation>鉴定录像 — %1</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <location filename="../../ui/widgets/video_player.py" line="124" />
        <location filename="../../ui/widgets/video_player.py" line="149" />
        <location filename="../../ui/widgets/video_player.py" line="165" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/video_player.py" line="147" />
        <location filename="../../ui/widgets/video_player.py" line="149" />
        <location filename="../../ui/widgets/video_player.py" line="158" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/video_player.py" line="178" />
        <source>Segment %1 of %2 · %3:%4</source>
        <translation>片段 %1 / %2 · %3:%4</translation>
    </message>
</context>
<context>
    <name>capture</name>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="25" />
        <source>Blurry (sharpness %1, needs %2): hold still and refocus.</source>
        <translation>照片模糊（清晰度 %1，要求 %2）：请保持稳定并重新对焦。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="28" />
        <source>Glare: %1 of the item is blown out (at most %2): tilt the item or dim the light.</source>
        <translation>反光：物品有 %1 过曝（最多 %2）：请倾斜物品或调暗灯光。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="32" />
        <source>Too dark (brightness %1, needs %2): add light.</source>
        <translation>太暗（亮度 %1，要求 %2）：请补光。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="33" />
        <source>The item fills only %1 of the frame (needs %2): move the camera closer.</source>
        <translation>物品仅占画面 %1（要求 %2）：请将镜头靠近。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/capture_shotlist.py" line="36" />
        <source>No item found in the frame: put it on the mat.</source>
        <translation>画面中未发现物品：请将物品放在垫上。</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/capture_page.py" line="26" />
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
</context>
</TS>