# SPDX-License-Identifier: GPL-3.0-or-later
"""The right-hand side of the Journal area: one entry, read, edited, its history and evidence.

INTERFACE (used by desktop/ui/journal/area.py; keep these names):
    EntryPanel(journal, clipboard, parent=None)
    show_entry(uid)            load and show an entry (read view)
    new_entry()                open the editor on a blank entry
    has_unsaved_changes()      True while the editor holds edits not saved
    saved = Signal(str)        an entry was added or changed (uid); the list refreshes
    deleted = Signal(str)      an entry was deleted (uid)
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.journal.store import Journal
from desktop.ui.clipboard import ClipboardGuard


class EntryPanel(QWidget):
    saved = Signal(str)
    deleted = Signal(str)

    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.clipboard = clipboard
        QVBoxLayout(self)

    def show_entry(self, uid: str) -> None:
        raise NotImplementedError

    def new_entry(self) -> None:
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        return False
