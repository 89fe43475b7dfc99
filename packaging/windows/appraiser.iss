; Inno Setup script for the Windows station installer (Inno Setup 6).
; Build the bundle first on Windows:  python packaging\build_bundle.py
; then:  iscc packaging\windows\appraiser.iss   ->  dist\appraiser-<version>-setup.exe
; Per-machine install into Program Files, Start-menu shortcuts, an uninstaller that keeps
; station data (it lives in each user's %LOCALAPPDATA%\appraiser, never in Program Files).

#define AppName "Appraiser"
#define AppVersion "0.1.0"
#define AppId "{{6B1F0C55-6A0E-4C8E-9D6C-5E8A3F2B7A41}"
#define Bundle "..\..\dist\appraiser"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The Appraiser contributors
AppPublisherURL=https://github.com/appraiser/appraiser
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=appraiser-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\appraiser.ico
UninstallDisplayIcon={app}\appraiser.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=auto
InfoAfterFile=camera-privacy.txt

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[CustomMessages]
en.StartGui=Start {#AppName}
zh_CN.StartGui=启动鉴定工作站
en.CameraNote=Camera access: Windows asks once whether desktop apps may use the camera (Settings > Privacy > Camera > "Let desktop apps access your camera"). Appraiser needs it to photograph and record goods under appraisal.
zh_CN.CameraNote=摄像头权限：Windows 会询问是否允许桌面应用使用摄像头（设置 > 隐私 > 摄像头 >“允许桌面应用访问你的摄像头”）。鉴定工作站需要它拍摄和录制被鉴定的商品。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\appraiser.exe"; Parameters: "gui"; \
    IconFilename: "{app}\appraiser.exe"; Comment: "Appraisal bench station"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\appraiser.exe"; Parameters: "gui"; \
    Tasks: desktopicon

[Run]
Filename: "{app}\appraiser.exe"; Parameters: "gui"; Description: "{cm:StartGui}"; \
    Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurPageChanged(CurPageID: Integer);
begin
  if CurPageID = wpReady then
    WizardForm.ReadyMemo.Lines.Add(#13#10 + CustomMessage('CameraNote'));
end;
