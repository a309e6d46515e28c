# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings: auto-lock delay (kept in the vault), language and text size (harmless
preferences), and optional sections below them (security; wrong passphrases; sending and
updates; organisations and keys). The page scrolls, for small screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QScrollArea, QVBoxLayout, QWidget

from desktop import config
from desktop.i18n import _, available_codes, languages, ngettext
from desktop.i18n.formats import format_percent
from desktop.ui import application
from desktop.ui.widgets import Heading, SafeLabel


class SettingsView(QWidget):
    autolock_changed = Signal(int)  # minutes
    language_changed = Signal(str)  # gettext code
    text_size_changed = Signal(int)  # percent, one of config.TEXT_SIZE_CHOICES

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
        security: QWidget | None = None,
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

        self.text_size = QComboBox()
        self.text_size.setAccessibleName(_("Text size"))
        names = {
            # Translators: text size in Settings; {percent} is "100 %" written your way.
            100: _("Default ({percent})"),
            # Translators: text size in Settings; {percent} is "125 %" written your way.
            125: _("Larger ({percent})"),
            # Translators: text size in Settings; {percent} is "150 %" written your way.
            150: _("Largest ({percent})"),
        }
        for percent in config.TEXT_SIZE_CHOICES:
            self.text_size.addItem(names[percent].format(percent=format_percent(percent)), percent)
        # What is in use now (set at start from preferences.json), not a second copy of it.
        index = self.text_size.findData(application.text_size())
        self.text_size.setCurrentIndex(max(index, 0))
        form.addRow(_("Text size"), self.text_size)
        for field in (self.autolock, self.language, self.text_size):
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
        self.security = security
        if security is not None:
            column.addSpacing(16)
            column.addWidget(security)
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
        self.text_size.currentIndexChanged.connect(self._on_text_size_index_changed)

    def _on_autolock_index_changed(self, _index: int) -> None:
        self.autolock_changed.emit(int(self.autolock.currentData()))

    def _on_language_index_changed(self, _index: int) -> None:
        self.language_note.setVisible(True)
        self.language_changed.emit(str(self.language.currentData()))

    def _on_text_size_index_changed(self, _index: int) -> None:
        self.text_size_changed.emit(int(self.text_size.currentData()))
