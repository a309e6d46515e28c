# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings: auto-lock delay (kept in the vault), language (a harmless preference), and
optional sections below them (wrong passphrases; sending and updates; organisations and
keys). The page
scrolls, for small screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

from desktop import config
from desktop.i18n import _, available_codes, languages, ngettext
from desktop.ui.widgets import Heading, SafeLabel


class SettingsView(QWidget):
    autolock_changed = Signal(int)  # minutes
    language_changed = Signal(str)  # gettext code

    def __init__(
        self,
        autolock_minutes: int,
        language: str,
        data_dir: Path,
        parent: QWidget | None = None,
        *,
        organisations: QWidget | None = None,
        sync: QWidget | None = None,
        erase: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # The page scrolls as a whole: on a small screen or with a large font nothing is cut off
        # (QScrollArea also scrolls to whatever Tab moves the focus to).
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("settingsBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 16, 24, 16)
        column.addWidget(Heading(_("Settings")))
        form = QFormLayout()

        self.autolock = QComboBox()
        self.autolock.setAccessibleName(_("Lock after inactivity"))
        for minutes in config.AUTOLOCK_CHOICES:
            self.autolock.addItem(
                ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes),
                minutes,
            )
        index = self.autolock.findData(autolock_minutes)
        self.autolock.setCurrentIndex(max(index, 0))
        form.addRow(_("Lock after inactivity"), self.autolock)

        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        installed = set(available_codes())
        for entry in languages():
            if entry.code in installed:
                # Each language in its own name, so anyone can find theirs.
                self.language.addItem(entry.native_name, entry.code)
        index = self.language.findData(language)
        self.language.setCurrentIndex(max(index, 0))
        form.addRow(_("Language"), self.language)
        for field in (self.autolock, self.language):
            field.setMaximumWidth(360)
        column.addLayout(form)
        self.language_note = SafeLabel(_("A new language applies the next time Bastion starts."))
        self.language_note.setVisible(False)
        column.addWidget(self.language_note)

        location = SafeLabel(
            # A path reads left to right in every language: without LRE…PDF, right-to-left text
            # moves its leading slash to the other end.
            _("Your vault is stored in: {folder}").format(folder=f"\u202a{data_dir}\u202c")
        )
        location.setObjectName("hint")
        column.addWidget(location)
        self.erase = erase
        if erase is not None:
            column.addSpacing(16)
            column.addWidget(erase)
        self.sync = sync
        if sync is not None:
            column.addSpacing(16)
            column.addWidget(sync)
        self.organisations = organisations
        if organisations is not None:
            column.addSpacing(16)
            column.addWidget(organisations)
        column.addStretch(1)
        self.scroll_area.setWidget(body)
        outer.addWidget(self.scroll_area)

        self.autolock.currentIndexChanged.connect(self._on_autolock_index_changed)
        self.language.currentIndexChanged.connect(self._on_language_index_changed)

    def _on_autolock_index_changed(self, _index: int) -> None:
        self.autolock_changed.emit(int(self.autolock.currentData()))

    def _on_language_index_changed(self, _index: int) -> None:
        self.language_note.setVisible(True)
        self.language_changed.emit(str(self.language.currentData()))
