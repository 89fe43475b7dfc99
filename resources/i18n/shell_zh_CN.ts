<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Controller</name>
    <message>
        <location filename="../../ui/app.py" line="77" />
        <source>checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="79" />
        <source>system default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="87" />
        <source>checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="92" />
        <source>demo library imported</source>
        <translation>已导入演示鉴定库</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="93" />
        <source>ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="133" />
        <source>Create the administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="136" />
        <source>Welcome. This station has no accounts yet: create the administrator account first.</source>
        <translation>欢迎使用。本工作站尚无账户，请先创建管理员账户。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="141" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="142" />
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="143" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="144" />
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="145" />
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="149" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="76" />
        <location filename="../../ui/dialogs/login_dialog.py" line="80" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="77" />
        <source>Appraisal station {}</source>
        <translation>鉴定工作站 {}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="78" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="79" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="168" />
        <source>Appraisal station {0}</source>
        <translation>鉴定工作站 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180" />
        <source>&amp;Station</source>
        <translation>工作站(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181" />
        <source>Lock station</source>
        <translation>锁定工作站</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182" />
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183" />
        <source>Quit</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="184" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="186" />
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187" />
        <location filename="../../ui/main_window.py" line="214" />
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206" />
        <source>{0:.1f} GB free</source>
        <translation>剩余 {0:.1f} GB</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215" />
        <source>Appraisal station {0}
Data folder: {1}</source>
        <translation>鉴定工作站 {0}
数据文件夹：{1}</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="68" />
        <source>{0}: {1} appraisals, {2} with a verdict</source>
        <translation>{0}：共 {1} 件鉴定，{2} 件已出结论</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="72" />
        <source>{0}: no appraisals yet today.</source>
        <translation>{0}：今日尚无鉴定。</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="32" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="41" />
        <source>System default printer</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="44" />
        <source>System printer (PDF)</source>
        <translation>系统打印机（PDF）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="45" />
        <source>Thermal printer, CUPS raw queue (ZPL)</source>
        <translation>热敏打印机，CUPS 原始队列（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="46" />
        <source>Thermal printer on the network (ZPL, port 9100)</source>
        <translation>网络热敏打印机（ZPL，9100 端口）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="52" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="56" />
        <source>Station code</source>
        <translation>工作站代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="57" />
        <source>Warehouse</source>
        <translation>保税仓库</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="58" />
        <source>Appraisal institute</source>
        <translation>鉴定机构</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="59" />
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="60" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="61" />
        <source>Resolver domain (label QR)</source>
        <translation>解析域名（标签二维码）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="62" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="63" />
        <source>Printer kind</source>
        <translation>打印机类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="64" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="65" />
        <source>Label stock</source>
        <translation>标签规格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="66" />
        <source>Lock after inactivity</source>
        <translation>无操作自动锁定</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="106" />
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="146" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="49" />
        <source>Station {0} · {1}</source>
        <translation>工作站 {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="53" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="58" />
        <source>Signed in: {0} ({1})</source>
        <translation>当前用户：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="60" />
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="105" />
        <source>Station locked</source>
        <translation>工作站已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="107" />
        <source>Locked after inactivity. {}, enter your password to continue.</source>
        <translation>因长时间无操作已锁定。{}，请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="115" />
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>UsersBox</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="44" />
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="50" />
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="51" />
        <source>full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="54" />
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="60" />
        <source>Add account</source>
        <translation>添加账户</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="22" />
        <source>Settings file problem</source>
        <translation>设置文件有误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="23" />
        <source>Data folder unusable</source>
        <translation>数据文件夹不可用</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="24" />
        <source>Database damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="25" />
        <source>Database busy</source>
        <translation>数据库被占用</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="26" />
        <source>Disk full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="27" />
        <source>Camera problem</source>
        <translation>摄像头故障</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="28" />
        <source>Printer problem</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="29" />
        <source>Sign-in refused</source>
        <translation>登录被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="30" />
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="31" />
        <source>Invalid input</source>
        <translation>输入无效</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="32" />
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="33" />
        <source>Already running</source>
        <translation>程序已在运行</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="53" />
        <source>Something went wrong inside the application. Your saved work is safe.</source>
        <translation>程序内部出现错误。已保存的工作不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="56" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="58" />
        <source>the log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="60" />
        <source>Details were written to {}. Please send that file to support.</source>
        <translation>详细信息已写入 {}。请将该文件发送给技术支持。</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="34" />
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="96" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>queue</name>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="19" />
        <source>Appraisal</source>
        <translation>鉴定编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="20" />
        <source>Started (UTC)</source>
        <translation>开始时间（UTC）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="21" />
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="22" />
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="23" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="24" />
        <source>GTIN</source>
        <translation>商品条码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="25" />
        <source>Appraiser</source>
        <translation>鉴定师</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="26" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="27" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/pages/queue_page.py" line="28" />
        <source>Label</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="32" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="33" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="34" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="14" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="15" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="16" />
        <source>Library</source>
        <translation>鉴定库</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="17" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="18" />
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
</context>
<context>
    <name>vocabulary</name>
    <message>
        <location filename="../../ui/vocabulary.py" line="11" />
        <source>appraiser</source>
        <translation>鉴定师</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="12" />
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="13" />
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="14" />
        <source>genuine</source>
        <translation>正品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="15" />
        <source>counterfeit</source>
        <translation>非正品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="16" />
        <source>inconclusive</source>
        <translation>待定</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="17" />
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="18" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="19" />
        <source>awaiting review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="20" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="21" />
        <source>abandoned</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="22" />
        <source>bags</source>
        <translation>箱包</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="23" />
        <source>shoes</source>
        <translation>鞋靴</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="24" />
        <source>watches</source>
        <translation>腕表</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="25" />
        <source>eyewear</source>
        <translation>眼镜</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="26" />
        <source>apparel</source>
        <translation>服装</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="27" />
        <source>jewelry</source>
        <translation>珠宝首饰</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="28" />
        <source>beauty</source>
        <translation>美妆</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="29" />
        <source>sports</source>
        <translation>运动用品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="30" />
        <source>gifts</source>
        <translation>礼品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="31" />
        <source>food</source>
        <translation>食品</translation>
    </message>
</context>
</TS>