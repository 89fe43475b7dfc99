<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../../ui/pages/compare_page.py" line="43" />
        <source>Open bench photo…</source>
        <translation>打开工作台照片…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/compare_page.py" line="44" />
        <source>Compare only with:</source>
        <translation>仅比对：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/compare_page.py" line="45" />
        <source>version id (optional)</source>
        <translation>版本编号（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/compare_page.py" line="46" />
        <source>GTIN (optional)</source>
        <translation>GTIN（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/compare_page.py" line="50" />
        <source>Bench photo</source>
        <translation>工作台照片</translation>
    </message>
</context>
<context>
    <name>CompareWidget</name>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="112" />
        <source>Bench photo</source>
        <translation>工作台照片</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="113" />
        <source>Genuine reference (photo overlaid after alignment)</source>
        <translation>正品参照（照片对齐后叠加）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="114" />
        <source>Aligned overlay</source>
        <translation>对齐叠加</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="115" />
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="116" />
        <source>Flicker</source>
        <translation>闪烁对比</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="117" />
        <source>Deviation heatmap</source>
        <translation>差异热图</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="118" />
        <source>Regions to inspect (click to zoom)</source>
        <translation>待查区域（点击放大）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="125" />
        <source>Choose a bench photo to compare it with the genuine references.</source>
        <translation>请选择一张工作台照片，与正品参照进行比对。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="136" />
        <location filename="../../ui/widgets/compare_widget.py" line="156" />
        <source>Comparing with the genuine references…</source>
        <translation>正在与正品参照比对…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="204" />
        <source>This appraisal has no photo yet.</source>
        <translation>本次鉴定尚无照片。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="121" />
        <source>On the library's “no match” list</source>
        <translation>已在样本库“无匹配”清单中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="120" />
        <source>Add to the library's “no match” list</source>
        <translation>加入样本库“无匹配”清单</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="228" />
        <source>Advice: no genuine reference matched this photo. Try another view or choose the version by hand; if the product is missing from the library, put it on the library's “no match” list for the library keeper.</source>
        <translation>建议：没有正品参照与这张照片匹配。请换一个角度拍摄，或手动选择版本；如果库中缺少该商品，请将其加入样本库“无匹配”清单，交由样本库管理员处理。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="245" />
        <source>The photo reads “%1” where the closest genuine version %2 prints “%3”: another product.</source>
        <translation>照片上印的是“%1”，而最接近的正品版本 %2 此处印的是“%3”：应是另一件商品。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="264" />
        <source>The comparison could not run: %1</source>
        <translation>无法进行比对：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="291" />
        <source>Region %1 — deviation %2</source>
        <translation>区域 %1 — 差异 %2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="298" />
        <source>reads “%1”, genuine “%2”</source>
        <translation>印刷文字识读为“%1”，正品为“%2”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="308" />
        <source>hand</source>
        <translation>手</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="309" />
        <source>glare</source>
        <translation>反光</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="310" />
        <source>shadow</source>
        <translation>阴影</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="311" />
        <source>out of frame</source>
        <translation>画面外</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="312" />
        <source>covered</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="324" />
        <source>Not inspected (hatched): %1</source>
        <translation>未检查区域（斜线）：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="233" />
        <source>Advice: no genuine reference matched this photo. Try another view or choose the version by hand; if the product is missing from the library, tell the library keeper.</source>
        <translation>建议：没有正品参照与这张照片匹配。请换一个角度拍摄，或手动选择版本；如果库中缺少该商品，请告知鉴定库管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="339" />
        <source>Advice: too much of the item is hidden (hatched) to compare it with the genuine reference %1. Retake the photo with the whole item in view, no hand over it and no glare.</source>
        <translation>建议：物品被遮挡的部分（斜线）过多，无法与正品参照 %1 比对。请重新拍摄：物品完整入画，不要用手遮挡，避免反光。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="345" />
        <source>Advice: the photo deviates from the genuine reference %1 in the marked regions. Inspect them on the item itself; the decision is yours.</source>
        <translation>建议：照片在标出的区域与正品参照 %1 存在差异。请在实物上逐一查看这些区域；结论由您作出。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="351" />
        <source>Advice: the photo looks consistent with the genuine reference %1. Still check the item yourself before you decide.</source>
        <translation>建议：照片与正品参照 %1 看起来一致。作出结论前，请仍亲自检查实物。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/compare_widget.py" line="357" />
        <source>Match score %1 (%2 matching points) · deviation %3 · %4 ms</source>
        <translation>匹配分 %1（%2 个匹配点）· 差异 %3 · %4 毫秒</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="40" />
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="41" />
        <source>Zip file…</source>
        <translation>Zip 文件…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="48" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="60" />
        <source>Reference pack (folder with manifest.json, or a .zip of it):</source>
        <translation>参照包（含 manifest.json 的文件夹，或其 .zip 压缩包）：</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="66" />
        <source>Import reference pack</source>
        <translation>导入参照包</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="70" />
        <source>Pack folder</source>
        <translation>参照包文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="76" />
        <source>Pack archive</source>
        <translation>参照包压缩文件</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="76" />
        <source>Zip archives (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="84" />
        <source>Choose a pack folder or .zip first.</source>
        <translation>请先选择参照包文件夹或 .zip 文件。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="88" />
        <source>Checking the whole pack before importing…</source>
        <translation>导入前正在检查整个参照包…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="110" />
        <source>Checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="111" />
        <source>Importing</source>
        <translation>导入中</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="112" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="119" />
        <source>%1: %2 added, %3 unchanged, %4 restored.</source>
        <translation>%1：新增 %2 个，未变 %3 个，恢复 %4 个。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_import.py" line="132" />
        <source>Nothing was imported. %1</source>
        <translation>未导入任何内容。%1</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <location filename="../../ui/pages/library_page.py" line="126" />
        <source>Search brand, model, GTIN or region</source>
        <translation>搜索品牌、型号、GTIN 或地区</translation>
    </message>
    <message>
        <location filename="../../ui/pages/library_page.py" line="127" />
        <source>Import pack…</source>
        <translation>导入参照包…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/library_page.py" line="128" />
        <source>Remove version…</source>
        <translation>移除版本…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/pages/library_page.py" line="164" />
        <source>%n version(s)</source>
        <translation><numerusform>%n 个版本</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/pages/library_page.py" line="185" />
        <source>%1 %2 · region %3 · GTIN %4 · pack “%5”</source>
        <translation>%1 %2 · 地区 %3 · GTIN %4 · 参照包“%5”</translation>
    </message>
    <message>
        <location filename="../../ui/pages/library_page.py" line="226" />
        <source>Remove version</source>
        <translation>移除版本</translation>
    </message>
    <message>
        <location filename="../../ui/pages/library_page.py" line="227" />
        <source>Why is %1 taken out of the library? (kept in the audit trail)</source>
        <translation>为什么要将 %1 移出鉴定库？（将记入审计记录）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="14" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="15" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="16" />
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="17" />
        <source>GTIN</source>
        <translation>GTIN</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="18" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="19" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/library_model.py" line="20" />
        <source>Images</source>
        <translation>图片数</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/library_page.py" line="69" />
        <source>Library</source>
        <translation>鉴定库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/compare_page.py" line="20" />
        <source>Compare</source>
        <translation>比对</translation>
    </message>
</context>
</TS>