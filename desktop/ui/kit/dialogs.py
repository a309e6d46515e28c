# SPDX-License-Identifier: GPL-3.0-or-later
"""Dialogs that ask the person something: a yes-or-no confirmation, and the file dialogs.

Confirmations show everything as plain text (they may quote an entry's title or an
organisation's name, which are untrusted) with Cancel as the default.

The file dialogs leave no trace of which files were opened or where copies went. Native
dialogs add what they open or save to the desktop's "recent files". Qt's own dialog does not,
but when it closes it writes the folders it visited (`history`, `lastVisited`) to Qt's
settings in the user's profile (QtProject.conf, the registry on Windows, CFPreferences on
macOS), and nothing in Qt turns that off. Each file dialog here is Qt's own. On Linux and the
BSDs Qt's settings are pointed at a place no file can be created (under /dev/null), so the
dialog's write fails and nothing about browsing reaches the disk, not even briefly. On Windows
and macOS that path cannot be moved; there Qt's settings are put back exactly as they were
right after the dialog (the folders stay in the registry or preferences for those
milliseconds: docs/threat-model.md). Every file dialog in the app goes through here (called as
`dialogs.choose_files`, so tests can stand in for them).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    # Imported where used: PySide6 makes each class (and its enums) at first access, which
    # for these two took ~2.5 ms of every start, before any dialog can be needed.
    from PySide6.QtWidgets import QFileDialog, QMessageBox

log = logging.getLogger(__name__)


def confirm(
    parent: QWidget,
    *,
    title: str,
    text: str,
    accept_label: str,
    accept: QMessageBox.StandardButton | None = None,
    cancel_label: str = "",
) -> bool:
    """Ask a yes-or-no question; Cancel is the default. True when `accept` (Yes unless
    given) was chosen.

    Everything is in the main text, shown as plain text: it may quote an entry's title,
    which is untrusted (QMessageBox's informative text would be read as rich text).
    """
    from PySide6.QtWidgets import QMessageBox

    if accept is None:
        accept = QMessageBox.StandardButton.Yes
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(accept | QMessageBox.StandardButton.Cancel)
    box.button(accept).setText(accept_label)
    box.button(accept).setAccessibleName(accept_label)
    if cancel_label:
        box.button(QMessageBox.StandardButton.Cancel).setText(cancel_label)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    try:
        return bool(box.exec() == accept)
    finally:
        box.deleteLater()


# ---------------------------------------------------------------- file dialogs
def _options() -> QFileDialog.Option:
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.DontUseCustomDirectoryIcons


_GROUP = "FileDialog"


# A folder that can never be created (/dev/null is not a folder): Qt's settings files there
# cannot be written, and reading them finds nothing.
_NOWHERE = "/dev/null/bastion"


def keep_qt_settings_off_disk() -> bool:
    """Point Qt's own settings files where they cannot be written; False where Qt's settings
    are not files (Windows' registry, macOS' CFPreferences), which setPath cannot move."""
    if sys.platform in ("win32", "darwin"):
        return False
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, _NOWHERE)
    return True


def _qt_settings() -> QSettings:
    return QSettings(QSettings.Scope.UserScope, "QtProject")


@contextlib.contextmanager
def no_trace() -> Iterator[None]:
    """No trace of the block's file dialog in Qt's settings (the dialog must be gone by then):
    none written where the settings can be kept off disk, else restored right after."""
    if keep_qt_settings_off_disk():
        yield
        return
    settings = _qt_settings()
    # An INI file except on Windows (the registry, whose "file name" is no file).
    path = Path(settings.fileName())
    existed = path.is_file()
    settings.beginGroup(_GROUP)
    saved = {key: settings.value(key) for key in settings.allKeys()}
    settings.endGroup()
    del settings
    try:
        yield
    finally:
        try:
            _restore(saved, None if existed else path)
        except Exception as exc:  # a settings file we cannot rewrite must not stop the app
            log.warning("could not restore Qt's file dialog settings: %s", type(exc).__name__)


def _restore(saved: dict[str, object], remove_if_empty: Path | None) -> None:
    settings = _qt_settings()
    settings.beginGroup(_GROUP)
    settings.remove("")
    for key, value in saved.items():
        settings.setValue(key, value)
    settings.endGroup()
    settings.sync()
    empty = not settings.allKeys()
    del settings
    if remove_if_empty is not None and empty and remove_if_empty.is_file():
        remove_if_empty.unlink()


def _start_folder() -> str:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def choose_files(parent: QWidget, title: str) -> list[Path]:
    """Files to open: evidence, a training pack, a profile (empty when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    with no_trace():
        names, _filter = QFileDialog.getOpenFileNames(
            parent, title, _start_folder(), "", "", _options()
        )
    return [Path(name) for name in names if name]


def choose_save_path(parent: QWidget, title: str, suggested_name: str) -> Path | None:
    """Where to save a decrypted copy or a report (None when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    with no_trace():
        name, _filter = QFileDialog.getSaveFileName(
            parent, title, str(Path(_start_folder()) / suggested_name), "", "", _options()
        )
    return Path(name) if name else None


def choose_folder(parent: QWidget, title: str) -> Path | None:
    """A folder to open: a trainer kit (None when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    with no_trace():
        name = QFileDialog.getExistingDirectory(
            parent, title, _start_folder(), _options() | QFileDialog.Option.ShowDirsOnly
        )
    return Path(name) if name else None
