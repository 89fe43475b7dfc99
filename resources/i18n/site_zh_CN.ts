<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>SiteViewPanel</name>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="25" />
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="26" />
        <source>Appraisals</source>
        <translation>鉴定数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="27" />
        <source>Signed</source>
        <translation>已签署</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="28" />
        <source>Genuine</source>
        <translation>正品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="29" />
        <source>Counterfeit</source>
        <translation>非正品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="30" />
        <source>Inconclusive</source>
        <translation>无法判定</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="31" />
        <source>Unsigned</source>
        <translation>未签署</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="32" />
        <source>Items per appraiser-hour</source>
        <translation>每鉴定员小时件数</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="33" />
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="34" />
        <source>Sync lag</source>
        <translation>同步延迟</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="35" />
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="75" />
        <source>Site ({} stations)</source>
        <translation>全场（{} 个工作站）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="78" />
        <source>Refresh site</source>
        <translation>刷新全场</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="87" />
        <source>Reading the site view from the fleet server…</source>
        <translation>正在从中心服务器读取全场视图…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="110" />
        <source>The fleet server refused: {}</source>
        <translation>中心服务器拒绝了请求：{}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="119" />
        <source>Site view read {}.</source>
        <translation>全场视图读取于 {}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="122" />
        <source>Fleet server offline — showing the site view read {}.</source>
        <translation>中心服务器离线——显示的是 {} 读取的全场视图。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="125" />
        <source>Fleet server offline — no site view was read yet.</source>
        <translation>中心服务器离线——尚未读取过全场视图。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="128" />
        <source>Clone flags on the site: {}</source>
        <translation>全场复制标签警告：{}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="133" />
        <source>Withdrawn labels still in circulation: {0} ({1} lots or single labels) — on the real items, not copies</source>
        <translation>已撤回但仍在流通的标签：{0} 个（{1} 个批次或单个标签）— 仍贴在原物品上，并非复制</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="148" />
        <location filename="../../ui/widgets/site_view.py" line="155" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="157" />
        <source>{} s</source>
        <translation>{} 秒</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="159" />
        <source>{} min</source>
        <translation>{} 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/site_view.py" line="160" />
        <source>{} h</source>
        <translation>{} 小时</translation>
    </message>
</context>
</TS>