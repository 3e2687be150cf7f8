; counterapp's Windows installer (NSIS 3). Build: ./dev nsis  (makensis, Debian package nsis)
;   makensis -DBUNDLE_DIR=<PyInstaller one-folder bundle> -DVERSION=x.y.z installer/counterapp.nsi
; The bundle must be the Windows one (PyInstaller builds for the OS it runs on).
;
; Installs per machine (Program Files, Start-menu entry for all users, an entry
; in Apps & features). Uninstalling keeps the data folder (%LOCALAPPDATA%\counterapp,
; or COUNTERAPP_HOME): the database, its backups, the logs and the station's credential.
;
; Unattended (mass roll-out), with the same set-up `counterapp setup` runs:
;   counterapp-setup.exe /S /SERVER=https://counter.town.ca /STATION=WHB-02 /CODE=ABCD-EFGH-JKMN
;       [/LANGUAGE=fr] [/PRINTER=COM3] [/DATADIR=C:\ProgramData\counterapp]
;   counterapp-setup.exe /S /STANDALONE /REFERENCE=C:\path\reference.json [/DATADIR=…]
; A silent install runs as the deploying account (often SYSTEM), whose
; %LOCALAPPDATA% is not the counter user's: give /DATADIR, which is also set as
; COUNTERAPP_HOME for every user of the PC. The installer's exit code is the
; set-up's: 0 set up, 1 refused or unreachable (see the log), 2 a wrong parameter.

Unicode true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE_DIR
  !define BUNDLE_DIR "..\build\dist\counterapp"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\build\counterapp-setup-${VERSION}.exe"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\counterapp"
!define ENV_KEY "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"

Name "counterapp ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel admin
InstallDir "$PROGRAMFILES64\counterapp"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\counterapp.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "French"

Var Server
Var Station
Var Code
Var UiLanguage
Var Printer
Var DataDir
Var Reference
Var Standalone

Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  SetShellVarContext all
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVER=" $Server
  ${GetOptions} $R0 "/STATION=" $Station
  ${GetOptions} $R0 "/CODE=" $Code
  ${GetOptions} $R0 "/LANGUAGE=" $UiLanguage
  ${GetOptions} $R0 "/PRINTER=" $Printer
  ${GetOptions} $R0 "/DATADIR=" $DataDir
  ${GetOptions} $R0 "/REFERENCE=" $Reference
  StrCpy $Standalone ""
  ClearErrors
  ${GetOptions} $R0 "/STANDALONE" $R1
  ${IfNot} ${Errors}
    StrCpy $Standalone "1"
  ${EndIf}
  ${If} $UiLanguage == ""
    StrCpy $UiLanguage "en"
  ${EndIf}
FunctionEnd

Section "counterapp" SecMain
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\counterapp"
  CreateShortcut "$SMPROGRAMS\counterapp\counterapp.lnk" "$INSTDIR\counterapp.exe"
  CreateShortcut "$SMPROGRAMS\counterapp\Uninstall counterapp.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "counterapp"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "counterapp"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\counterapp.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

  ${If} $DataDir != ""
    ; Every user of this PC (the counter's) uses this data folder.
    WriteRegExpandStr HKLM "${ENV_KEY}" "COUNTERAPP_HOME" "$DataDir"
    SendMessage ${HWND_BROADCAST} ${WM_WININICHANGE} 0 "STR:Environment" /TIMEOUT=5000
    StrCpy $R2 '--data-dir "$DataDir" '
  ${Else}
    StrCpy $R2 ""
  ${EndIf}

  ${If} ${Silent}
    ${If} $Standalone == "1"
      StrCpy $R3 '--standalone --reference "$Reference"'
    ${ElseIf} $Station != ""
      StrCpy $R3 '--server "$Server" --station "$Station" --code "$Code"'
    ${Else}
      StrCpy $R3 ""
    ${EndIf}
    ${If} $R3 != ""
      ${If} $Printer != ""
        StrCpy $R3 '$R3 --receipt-printer "$Printer"'
      ${EndIf}
      DetailPrint "counterapp setup $R3"
      ExecWait '"$INSTDIR\counterapp.exe" $R2setup $R3 --language $UiLanguage' $0
      ${If} $0 != 0
        DetailPrint "counterapp setup did not finish (exit code $0)"
        SetErrorLevel $0
      ${EndIf}
    ${EndIf}
  ${EndIf}
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  Delete "$SMPROGRAMS\counterapp\counterapp.lnk"
  Delete "$SMPROGRAMS\counterapp\Uninstall counterapp.lnk"
  RMDir "$SMPROGRAMS\counterapp"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; Kept on purpose: the data folder (database, backups, logs, credential) and
  ; COUNTERAPP_HOME, so reinstalling finds the station as it was.
SectionEnd
