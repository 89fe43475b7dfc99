<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>Controller</name>
    <message>
        <location filename="../../ui/app.py" line="83" />
        <source>checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="85" />
        <source>system default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="93" />
        <source>checking</source>
        <translation>检查中</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="106" />
        <source>demo library imported</source>
        <translation>已导入演示鉴定库</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="106" />
        <source>ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="85" />
        <location filename="../../ui/dialogs/login_dialog.py" line="89" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="86" />
        <source>Appraisal station {}</source>
        <translation>鉴定工作站 {}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="87" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="88" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="180" />
        <source>Appraisal station {0}</source>
        <translation>鉴定工作站 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192" />
        <source>&amp;Station</source>
        <translation>工作站(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193" />
        <source>Lock station</source>
        <translation>锁定工作站</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194" />
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195" />
        <source>Quit</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200" />
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="201" />
        <location filename="../../ui/main_window.py" line="236" />
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228" />
        <source>{0:.1f} GB free</source>
        <translation>剩余 {0:.1f} GB</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="237" />
        <source>Appraisal station {0}
Data folder: {1}</source>
        <translation>鉴定工作站 {0}
数据文件夹：{1}</translation>
    </message>
</context>
<context>
    <name>NewPasswordDialog</name>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="139" />
        <source>Choose your password</source>
        <translation>设置您的密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="141" />
        <source>An administrator reset your password. Choose your own to continue.</source>
        <translation>管理员已重置您的密码。请设置您自己的密码后继续。</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="101" />
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="104" />
        <source>Temporary password for {}. They must choose their own at the next sign-in.</source>
        <translation>为 {} 设置临时密码。该用户下次登录时必须设置自己的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="110" />
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="111" />
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="116" />
        <source>A password needs at least {} characters.</source>
        <translation>密码至少需要 {} 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="119" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="82" />
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="83" />
        <source>New role for {}:</source>
        <translation>{} 的新角色：</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/account_dialogs.py" line="88" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
</context>
<context>
    <name>SettingsCheck</name>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="23" />
        <source>Station code</source>
        <translation>工作站代码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="24" />
        <source>Label domain</source>
        <translation>标签域名</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="25" />
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="26" />
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="27" />
        <source>Appraisal institute</source>
        <translation>鉴定机构</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="84" />
        <source>config.toml was changed outside the app</source>
        <translation>config.toml 在本程序之外被修改</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="87" />
        <source>Labels are refused until you confirm the new values or put the recorded ones back.</source>
        <translation>在您确认新值或恢复已记录的值之前，标签将被拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="90" />
        <source>Labels are refused until an administrator confirms the new values or puts the recorded ones back.</source>
        <translation>在管理员确认新值或恢复已记录的值之前，标签将被拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="93" />
        <source>Confirm the new values</source>
        <translation>确认新值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="94" />
        <source>Put the recorded values back</source>
        <translation>恢复已记录的值</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="99" />
        <source>%1: %2 (never recorded)</source>
        <translation>%1：%2（从未记录）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_check.py" line="104" />
        <source>%1: %2 in config.toml, recorded: %3</source>
        <translation>%1：config.toml 中为 %2，已记录：%3</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="30" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="98" />
        <source>System default printer</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="99" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="35" />
        <source>Station code</source>
        <translation>工作站代码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="36" />
        <source>Warehouse</source>
        <translation>保税仓库</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="37" />
        <source>Appraisal institute</source>
        <translation>鉴定机构</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="38" />
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="39" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="40" />
        <source>Resolver domain (label QR)</source>
        <translation>解析域名（标签二维码）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="41" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="42" />
        <source>Printer kind</source>
        <translation>打印机类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="43" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="44" />
        <source>Label stock</source>
        <translation>标签规格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/settings_form.py" line="45" />
        <source>Lock after inactivity</source>
        <translation>无操作自动锁定</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="66" />
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="78" />
        <source>Only an administrator can change settings.</source>
        <translation>只有管理员可以更改设置。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="111" />
        <source>The label settings agree with their record again.</source>
        <translation>标签设置已与记录一致。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="115" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="59" />
        <source>Station {0} · {1}</source>
        <translation>工作站 {0} · {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="63" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="71" />
        <source>Signed in: {0} ({1})</source>
        <translation>当前用户：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="73" />
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="129" />
        <source>Station locked</source>
        <translation>工作站已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="132" />
        <source>Locked after inactivity. {}, enter your password to continue.</source>
        <translation>因长时间无操作已锁定。{}，请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="134" />
        <source>Station locked by {}. Enter your password to continue.</source>
        <translation>工作站已由{}锁定。请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login_dialog.py" line="140" />
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>UsersBox</name>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="49" />
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="50" />
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="51" />
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="52" />
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="128" />
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="129" />
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="130" />
        <source>full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="131" />
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="134" />
        <source>Add account</source>
        <translation>添加账户</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="135" />
        <source>Change role…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="136" />
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="137" />
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="138" />
        <source>Confirm clock…</source>
        <translation>确认时钟…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="174" />
        <source>Deactivate…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="174" />
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="229" />
        <source>Deactivate {}? They can no longer sign in; their records stay.</source>
        <translation>停用 {}？该账户将无法登录，其记录保留。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="230" />
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="280" />
        <source>The station clock reads {} but the last recorded event is {}: signing and labels are blocked until an administrator confirms the clock.</source>
        <translation>工作站时钟为 {}，但最近一条记录的时间是 {}：在管理员确认时钟之前，不能签署结论，也不能发放或打印标签。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="293" />
        <source>Confirm only after checking this computer's date and time.</source>
        <translation>请先核对本机的日期和时间，再确认。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="295" />
        <source>Confirm clock</source>
        <translation>确认时钟</translation>
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
        <location filename="../../ui/errors.py" line="34" />
        <source>Station clock behind its records</source>
        <translation>工作站时钟落后于记录</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="35" />
        <source>Settings changed outside the app</source>
        <translation>设置在本程序之外被修改</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="60" />
        <source>Something went wrong inside the application. Your saved work is safe.</source>
        <translation>程序内部出现错误。已保存的工作不会丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="63" />
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="65" />
        <source>the log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="67" />
        <source>Details were written to {}. Please send that file to support.</source>
        <translation>详细信息已写入 {}。请将该文件发送给技术支持。</translation>
    </message>
</context>
<context>
    <name>nav</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="35" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="43" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="44" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="45" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/accounts_box.py" line="46" />
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>status</name>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="19" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="20" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="21" />
        <source>Library</source>
        <translation>鉴定库</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="22" />
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/status_bar.py" line="23" />
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
</context>
<context>
    <name>vocabulary</name>
    <message>
        <location filename="../../ui/vocabulary.py" line="23" />
        <source>Appraiser</source>
        <translation>鉴定师</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="24" />
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="25" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="27" />
        <source>Genuine</source>
        <translation>正品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="28" />
        <source>Counterfeit</source>
        <translation>非正品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="29" />
        <source>Inconclusive</source>
        <translation>无法判定</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="30" />
        <source>Not authentic</source>
        <translation>假冒</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="31" />
        <source>Not as described</source>
        <translation>与申报不符</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="32" />
        <source>Damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="33" />
        <source>Used</source>
        <translation>二手/使用过</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="34" />
        <source>Expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="35" />
        <source>Label non-compliant</source>
        <translation>标签不合规</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="37" />
        <source>Waiting</source>
        <translation>待鉴定</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="38" />
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="39" />
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="40" />
        <source>Awaiting review</source>
        <translation>待复核</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="41" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="42" />
        <source>Abandoned</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="44" />
        <source>Intake</source>
        <translation>收货登记</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="45" />
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="46" />
        <source>Compare</source>
        <translation>比对</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="47" />
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="48" />
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="49" />
        <source>Outcome</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="51" />
        <source>Bags</source>
        <translation>箱包</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="52" />
        <source>Shoes</source>
        <translation>鞋靴</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="53" />
        <source>Watches</source>
        <translation>腕表</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="54" />
        <source>Eyewear</source>
        <translation>眼镜</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="55" />
        <source>Apparel</source>
        <translation>服装</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="56" />
        <source>Jewellery</source>
        <translation>珠宝首饰</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="57" />
        <source>Beauty</source>
        <translation>美妆</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="58" />
        <source>Sports</source>
        <translation>运动用品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="59" />
        <source>Gifts</source>
        <translation>礼品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="60" />
        <source>Food</source>
        <translation>食品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="62" />
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="63" />
        <source>Material</source>
        <translation>材质</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="64" />
        <source>Craftsmanship</source>
        <translation>做工</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="65" />
        <source>Codes and serials</source>
        <translation>编码与序列号</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="66" />
        <source>Hardware</source>
        <translation>五金</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="67" />
        <source>Inner label</source>
        <translation>内标</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="68" />
        <source>Production date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="69" />
        <source>Shelf life</source>
        <translation>保质期</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="70" />
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="71" />
        <source>Ingredients</source>
        <translation>配料</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="72" />
        <source>Chinese back label</source>
        <translation>中文背标</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="74" />
        <source>Consistent with the reference</source>
        <translation>与正品样本一致</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="75" />
        <source>Deviates from the reference</source>
        <translation>与正品样本有差异</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="76" />
        <source>No reference to compare with</source>
        <translation>无可比对的样本</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="77" />
        <source>No reference matched</source>
        <translation>未匹配到正品样本</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="79" />
        <source>Issued, not printed</source>
        <translation>已签发，未打印</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="80" />
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="81" />
        <source>Applied to the item</source>
        <translation>已贴于商品</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="82" />
        <source>Void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="83" />
        <source>Reprinted</source>
        <translation>已补打</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="84" />
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="85" />
        <source>Bench check</source>
        <translation>鉴定台核验</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="86" />
        <source>Outbound</source>
        <translation>出库</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="87" />
        <source>Customer enquiry</source>
        <translation>消费者查询</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="88" />
        <source>Valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="89" />
        <source>Not ours</source>
        <translation>非本系统</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="90" />
        <source>Damaged code</source>
        <translation>二维码损坏</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="91" />
        <source>Unknown signer</source>
        <translation>签发方未知</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="92" />
        <source>Forged</source>
        <translation>伪造</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="93" />
        <source>Scanned at outbound more than once</source>
        <translation>出库时被扫描多于一次</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="94" />
        <source>Verified at more than one station</source>
        <translation>在多个地点被验证</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="95" />
        <source>A voided label is still in use</source>
        <translation>已作废的标签仍在使用</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="96" />
        <source>Forgery alarm: our key, a serial never issued here</source>
        <translation>伪造警报：本站密钥签名，但本站从未签发此序列号</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="99" />
        <source>Retired or revoked key</source>
        <translation>已停用或已吊销的密钥</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="101" />
        <source>Fleet: too many consumer scans</source>
        <translation>全场：消费者扫描次数过多</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="102" />
        <source>Fleet: scanned by many consumers</source>
        <translation>全场：被过多不同消费者扫描</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="103" />
        <source>Fleet: scanned after it was voided (reprinted)</source>
        <translation>全场：作废（重印）后仍被扫描</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="106" />
        <source>Fleet: claimed by two outbound scans</source>
        <translation>全场：被两次出库扫描认领</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="109" />
        <source>Fleet: withdrawn label still in circulation (not a copy)</source>
        <translation>全场：已撤回的标签仍在流通（并非复制）</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="113" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="114" />
        <source>Simulated camera</source>
        <translation>模拟摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="115" />
        <source>System printer (PDF)</source>
        <translation>系统打印机（PDF）</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="116" />
        <source>Thermal printer, CUPS raw queue (ZPL)</source>
        <translation>热敏打印机，CUPS 原始队列（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="117" />
        <source>Thermal printer on the network (ZPL, port 9100)</source>
        <translation>网络热敏打印机（ZPL，9100 端口）</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="142" />
        <source>{0} (close-up)</source>
        <translation>{0}（特写）</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="167" />
        <source>Simulated camera {0}×{1}</source>
        <translation>模拟摄像头 {0}×{1}</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="170" />
        <location filename="../../ui/vocabulary.py" line="179" />
        <source>Camera {0}</source>
        <translation>摄像头 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="172" />
        <source>Video {0}</source>
        <translation>视频 {0}</translation>
    </message>
    <message>
        <location filename="../../ui/vocabulary.py" line="189" />
        <source>default printer</source>
        <translation>默认打印机</translation>
    </message>
</context>
</TS>