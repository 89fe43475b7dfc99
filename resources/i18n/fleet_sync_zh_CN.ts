<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>FleetSync</name>
    <message>
        <location filename="../../ui/fleet_sync.py" line="138" />
        <source>synced</source>
        <translation>已同步</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/fleet_sync.py" line="140" />
        <location filename="../../ui/fleet_sync.py" line="146" />
        <location filename="../../ui/fleet_sync.py" line="150" />
        <source>%n pending</source>
        <translation><numerusform>%n 条待同步</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="142" />
        <source>unavailable since {0} — it resumes by itself</source>
        <translation>自 {0} 起暂不可用 — 会自动恢复</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="148" />
        <source>offline since {0}</source>
        <translation>自 {0} 起离线</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="153" />
        <source>Server: {0}</source>
        <translation>服务器：{0}</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="168" />
        <source>sync refused: fork alarm — call the site administrator</source>
        <translation>同步被拒：历史分叉告警 — 请联系场站管理员</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="169" />
        <source>sync refused: new station key — the server must approve it</source>
        <translation>同步被拒：工作站密钥已更换 — 需服务器批准</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="170" />
        <source>sync refused: enrolment missing — enrol the station again</source>
        <translation>同步被拒：未登记或登记损坏 — 请重新登记工作站</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="171" />
        <source>sync refused: enrolment revoked — call the site administrator</source>
        <translation>同步被拒：服务器已撤销本工作站的登记 — 请联系场站管理员</translation>
    </message>
    <message>
        <location filename="../../ui/fleet_sync.py" line="173" />
        <source>sync refused — ask the site administrator: {0}</source>
        <translation>同步被拒 — 请询问场站管理员：{0}</translation>
    </message>
</context>
</TS>