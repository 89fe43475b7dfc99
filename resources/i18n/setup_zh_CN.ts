<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="35" />
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="36" />
        <source>The administrator sets the station up and creates the accounts of appraisers and supervisors.</source>
        <translation>管理员负责设置本工作站，并为鉴定员和主管创建账户。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="45" />
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="46" />
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="47" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="48" />
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="56" />
        <source>A user name needs letters or digits and no spaces.</source>
        <translation>用户名须由字母或数字组成，不能含空格。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="58" />
        <source>A password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="60" />
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>BackupBox</name>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="117" />
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="120" />
        <source>A backup holds the database, photos and videos, the reference library, the settings and the station's private signing key, sealed with a passphrase you choose. It is signed by this station, so a changed backup is refused. Keep it offline and the passphrase apart from it.</source>
        <translation>备份包含数据库、照片和视频、参考库、设置以及本工作站的签名私钥，私钥用您设定的口令加密。备份由本工作站签名，被改动的备份会被拒绝。请离线保存备份，并将口令与备份分开保管。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="126" />
        <source>Create backup…</source>
        <translation>创建备份…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="127" />
        <source>Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="135" />
        <source>Save backup</source>
        <translation>保存备份</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="135" />
        <location filename="../../ui/widgets/backup_box.py" line="144" />
        <source>Backup archive (*.zip)</source>
        <translation>备份文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="142" />
        <location filename="../../ui/widgets/backup_box.py" line="186" />
        <location filename="../../ui/widgets/backup_box.py" line="278" />
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="158" />
        <source>Replace ALL data of this station with the backup of station {code} made on {created} ({files} files, {events} audit events)?

Signed by key {kid}, fingerprint:
{fp}
{trust}{changes}

The backup is checked completely first. The current data folder is kept beside the restored one. The application then closes; start it again to work on the restored data.</source>
        <translation>用工作站 {code} 于 {created} 制作的备份（{files} 个文件，{events} 条审计记录）替换本工作站的全部数据吗？

签名密钥 {kid}，指纹：
{fp}
{trust}{changes}

恢复前会先完整校验备份。当前数据文件夹会保留在恢复后的文件夹旁边。随后程序将关闭；请重新启动以使用恢复后的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="170" />
        <source>This station trusts that key.</source>
        <translation>本工作站信任该密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="173" />
        <source>This station does NOT trust that key: compare the fingerprint with the station that made the backup before you answer Yes.</source>
        <translation>本工作站不信任该密钥：回答“是”之前，请与制作备份的工作站核对指纹。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="178" />
        <source>{setting} changes from {now} to {new}.</source>
        <translation>{setting} 将从 {now} 改为 {new}。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="228" />
        <source>Backup written and verified: {path} ({size:.1f} MB, {media} media files), signed by key {fp}. Its private key is sealed with your passphrase.</source>
        <translation>备份已写入并校验：{path}（{size:.1f} MB，{media} 个媒体文件），签名密钥指纹 {fp}。其中的私钥已用您的口令加密。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="214" />
        <source>Writing and verifying the backup…</source>
        <translation>正在写入并校验备份…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="242" />
        <source>Reading the backup…</source>
        <translation>正在读取备份…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="260" />
        <source>Checking and unpacking the backup…</source>
        <translation>正在校验并解开备份…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="270" />
        <source>The backup is ready; restart to finish the restore.</source>
        <translation>备份已准备就绪；重新启动程序以完成恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="279" />
        <source>The backup was checked and unpacked. The application will now close; start it again to finish the restore.</source>
        <translation>备份已校验并解开。程序现在将关闭；再次启动即可完成恢复。</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="43" />
        <location filename="../../ui/dialogs/wizard_devices.py" line="59" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="45" />
        <source>Choose the bench camera and check the picture: goods are photographed and recorded with it. The simulated camera needs no hardware.</source>
        <translation>选择鉴定台摄像头并检查画面：商品的拍照和录像都使用它。模拟摄像头无需任何硬件。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="51" />
        <source>Automatic (first camera found)</source>
        <translation>自动（找到的第一个摄像头）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="52" />
        <source>Simulated camera (training, no hardware)</source>
        <translation>模拟摄像头（培训用，无需硬件）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="67" />
        <source>Camera lost.</source>
        <translation>摄像头已断开。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="89" />
        <source>Opening the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="94" />
        <source>Camera ready: {name}</source>
        <translation>摄像头就绪：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="99" />
        <source>The camera did not open: {reason}</source>
        <translation>摄像头未能打开：{reason}</translation>
    </message>
</context>
<context>
    <name>KeyPage</name>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="76" />
        <source>Back up the station key</source>
        <translation>备份工作站密钥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="77" />
        <source>Labels are signed with this station's private key.</source>
        <translation>标签由本工作站的私钥签名。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="80" />
        <source>&lt;b&gt;Save the private key backup to a USB drive and lock it away.&lt;/b&gt; If this computer's disk fails without it, labels printed from then on cannot carry this station's signature. The backup is encrypted with the passphrase you choose here; keep the passphrase apart from the drive, because whoever holds both can sign labels as this station. Give the public key to the resolver operator and to other stations; it is not secret.</source>
        <translation>&lt;b&gt;请把私钥备份保存到 U 盘并锁好。&lt;/b&gt;如果本机硬盘损坏而没有这份备份，此后打印的标签将无法再带有本工作站的签名。备份用您在此设定的口令加密；请将口令与 U 盘分开保管，因为同时持有两者的人可以冒用本工作站签发标签。公钥并非机密，请交给解析服务运营方和其他工作站。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="91" />
        <source>Save public key…</source>
        <translation>保存公钥…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="93" />
        <source>Save private key backup…</source>
        <translation>保存私钥备份…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="101" />
        <source>I have stored the private key backup offline, in a safe place.</source>
        <translation>我已将私钥备份离线存放在安全的地方。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="110" />
        <source>Backup passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="111" />
        <source>Repeat passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="132" />
        <source>Key id: {kid}</source>
        <translation>密钥编号：{kid}</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="137" />
        <source>The passphrase needs at least {n} characters.</source>
        <translation>口令至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="139" />
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="145" />
        <source>Write the passphrase down and keep it apart from the drive: it is asked when the key is restored.</source>
        <translation>请记下口令并与 U 盘分开保管：恢复密钥时需要输入。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="156" />
        <source>PEM key (*.pem)</source>
        <translation>PEM 密钥 (*.pem)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="162" />
        <source>Save public key</source>
        <translation>保存公钥</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="172" />
        <source>Save private key backup</source>
        <translation>保存私钥备份</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="183" />
        <source>Private key backup saved to {path}.</source>
        <translation>私钥备份已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="185" />
        <source>Public key saved to {path}.</source>
        <translation>公钥已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_accounts.py" line="189" />
        <source>Could not save: {reason}</source>
        <translation>无法保存：{reason}</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="49" />
        <source>Backup passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="62" />
        <source>Encrypts the station's private key inside the backup. Keep it apart from the backup file: it is asked again to restore.</source>
        <translation>用于加密备份中的工作站私钥。请与备份文件分开保管：恢复时需要再次输入。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="64" />
        <source>The passphrase given when this backup was made.</source>
        <translation>制作此备份时设定的口令。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="68" />
        <source>Passphrase (12 characters or more)</source>
        <translation>口令（至少 12 个字符）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/backup_box.py" line="70" />
        <source>Same passphrase again</source>
        <translation>再次输入口令</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="149" />
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="150" />
        <source>Choose the printer and the label stock, then print a test label to check size and position.</source>
        <translation>选择打印机和标签纸规格，然后打印一张测试标签，检查尺寸和位置。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="161" />
        <source>Print test label</source>
        <translation>打印测试标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="164" />
        <source>Printer kind</source>
        <translation>打印机类型</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="165" />
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="166" />
        <source>Label stock</source>
        <translation>标签纸规格</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="167" />
        <source>Test label</source>
        <translation>测试标签</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="181" />
        <source>System printer</source>
        <translation>系统打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="182" />
        <source>Thermal printer, CUPS raw queue (ZPL)</source>
        <translation>热敏打印机，CUPS 原始队列（ZPL）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="183" />
        <source>Thermal printer on the network (ZPL, port 9100)</source>
        <translation>网络热敏打印机（ZPL，端口 9100）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="191" />
        <source>system default printer</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="193" />
        <source>CUPS queue name</source>
        <translation>CUPS 队列名称</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="224" />
        <source>Printing a test label…</source>
        <translation>正在打印测试标签…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="246" />
        <source>Test label sent ({where}). Check that it sits straight on the label and that the QR code scans.</source>
        <translation>测试标签已发送（{where}）。请检查内容是否端正地印在标签上，二维码能否扫描。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_devices.py" line="254" />
        <source>Test print failed: {reason}</source>
        <translation>测试打印失败：{reason}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="91" />
        <location filename="../../ui/dialogs/setup_wizard.py" line="129" />
        <source>Set up this station</source>
        <translation>设置本工作站</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="160" />
        <source>Setting the station up…</source>
        <translation>正在设置工作站…</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <location filename="../../ui/dialogs/wizard_station.py" line="24" />
        <source>This station</source>
        <translation>本工作站</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_station.py" line="27" />
        <source>Name the station and where it works. The station code is printed on every label and report; the resolver domain is where label QR codes point.</source>
        <translation>填写工作站名称和所在地点。工作站代码会印在每张标签和每份报告上；解析域名是标签二维码指向的网址。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/wizard_station.py" line="55" />
        <source>The resolver domain must be a domain name.</source>
        <translation>解析域名必须是一个域名。</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="65" />
        <source>Welcome to Appraiser</source>
        <translation>欢迎使用鉴定工作站</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/setup_wizard.py" line="68" />
        <source>&lt;p&gt;This station has not been set up yet. In five short steps you will name the station, check the camera and the label printer, create the administrator account and back up the station's signing key.&lt;/p&gt;&lt;p&gt;Have ready: the station code your institute assigned, the label printer (switched on, with labels loaded) and a USB drive for the key backup.&lt;/p&gt;&lt;p&gt;Every answer can be changed later under Settings.&lt;/p&gt;</source>
        <translation>&lt;p&gt;本工作站尚未设置。只需五个简短步骤：命名工作站，检查摄像头和标签打印机，创建管理员账户，并备份工作站的签名密钥。&lt;/p&gt;&lt;p&gt;请准备好：鉴定机构分配的工作站代码、标签打印机（已开机并装好标签纸），以及一个用于备份密钥的 U 盘。&lt;/p&gt;&lt;p&gt;所有选项以后都可以在“设置”中修改。&lt;/p&gt;</translation>
    </message>
</context>
</TS>