; Inno Setup script: the Windows installer of FocusDesk, from the app folder that
; packaging/build.py made (dist\FocusDesk\).
;
;   python packaging\build.py --selftest
;   iscc /DAppVersion=0.1.0 packaging\FocusDesk.iss
;       -> dist\FocusDesk-0.1.0-setup.exe
;
; Installs for the current user without administrator rights by default (controllers'
; desktops are often locked down), or for all users when run as administrator or when
; the user picks it; Start-menu shortcut, optional desktop shortcut, .focus files open
; with FocusDesk, a clean uninstaller. Not signed (see packaging/README.md).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "FocusDesk"
#define AppExe "FocusDesk.exe"
#define ProgId "FocusDesk.Workbook"

[Setup]
; AppId identifies the app to Windows for upgrades and uninstall: never change it.
AppId={{3FB06E9C-757C-4867-AE42-723274F90DB8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=FocusDesk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
SourceDir=..
OutputDir=dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=packaging\FocusDesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole app folder: no stale module of an older version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "dist\FocusDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .focus workbooks open in FocusDesk (per user, or for all users in an admin install).
Root: HKA; Subkey: "Software\Classes\.focus\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.focus"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "FocusDesk Workbook"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".focus"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
