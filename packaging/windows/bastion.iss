; SPDX-License-Identifier: GPL-3.0-or-later
; Inno Setup script for the Windows installer. NOT RUN HERE: only the release workflow
; (.github/workflows/release-builds.yml) runs it, on a Windows runner, after PyInstaller made
; dist\bastion\ (Bastion.exe for the window, bastion-cli.exe for the command line).
;   iscc /DVersion=0.1.0 /DSource=dist\bastion /DOutput=dist packaging\windows\bastion.iss
; Installs per user by default (no administrator needed on a shared or borrowed computer);
; leaves nothing in the vault's folder on uninstall: the vault is the person's, not the app's.

#ifndef Version
  #error Pass /DVersion=X.Y.Z
#endif

[Setup]
AppId={{6C1B9E0B-6F0A-4C8F-9B7E-3A5E2D7C1B42}
AppName=Bastion
AppVersion={#Version}
AppPublisher=The Bastion contributors
DefaultDirName={autopf}\Bastion
DefaultGroupName=Bastion
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#Output}
OutputBaseFilename=bastion-{#Version}-windows-x86_64-setup
SetupIconFile=..\..\build\pyinstaller\bastion.ico
UninstallDisplayIcon={app}\Bastion.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ar"; MessagesFile: "compiler:Languages\Arabic.isl"
; Persian and Hindi are not among Inno Setup's official translations: the installer shows English
; for them (the app itself is translated).

[Files]
Source: "{#Source}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Bastion"; Filename: "{app}\Bastion.exe"
Name: "{autodesktop}\Bastion"; Filename: "{app}\Bastion.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Run]
Filename: "{app}\Bastion.exe"; Description: "{cm:LaunchProgram,Bastion}"; Flags: nowait postinstall skipifsilent
