# SPDX-License-Identifier: GPL-3.0-or-later
"""Dialogs that ask the person something: a yes-or-no confirmation, and the file dialogs.

Confirmations show everything as plain text (they may quote an entry's title or an
organisation's name, which are untrusted) with Cancel as the default.

The file dialogs leave no trace of which files were opened or where copies went. Native
dialogs add what they open or save to the desktop's "recent files". Qt's own dialog does not,
but when it closes it writes the folders it visited (`history`, `lastVisited`) to Qt's
settings in the user's profile (QtProject.conf, or the registry on Windows). Each file dialog
here is Qt's own, and Qt's settings are put back exactly as they were afterwards. Every file
dialog in the app goes through here (called as `dialogs.choose_files`, so tests can stand in
for them).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

log = logging.getLogger(__name__)


def confirm(
    parent: QWidget,
    *,
    title: str,
    text: str,
    accept_label: str,
    accept: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes,
    cancel_label: str = "",
) -> bool:
    """Ask a yes-or-no question; Cancel is the default. True when `accept` was chosen.

    Everything is in the main text, shown as plain text: it may quote an entry's title,
    which is untrusted (QMessageBox's informative text would be read as rich text).
    """
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
_OPTIONS = QFileDialog.Option.DontUseNativeDialog | QFileDialog.Option.DontUseCustomDirectoryIcons
_GROUP = "FileDialog"


def _qt_settings() -> QSettings:
    return QSettings(QSettings.Scope.UserScope, "QtProject")


@contextlib.contextmanager
def no_trace() -> Iterator[None]:
    """Restore Qt's file-dialog settings after the block (the dialog must be gone by then)."""
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
    with no_trace():
        names, _filter = QFileDialog.getOpenFileNames(
            parent, title, _start_folder(), "", "", _OPTIONS
        )
    return [Path(name) for name in names if name]


def choose_save_path(parent: QWidget, title: str, suggested_name: str) -> Path | None:
    """Where to save a decrypted copy or a report (None when cancelled)."""
    with no_trace():
        name, _filter = QFileDialog.getSaveFileName(
            parent, title, str(Path(_start_folder()) / suggested_name), "", "", _OPTIONS
        )
    return Path(name) if name else None
