# SPDX-License-Identifier: GPL-3.0-or-later
"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QWidget

from desktop.i18n import _


class SafeLabel(QLabel):
    """A label that never interprets its text as rich text (untrusted or user text)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(text)


class Heading(SafeLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("heading")
        self.setAccessibleName(text)


class ErrorLabel(SafeLabel):
    """Inline error text: hidden while empty, announced to screen readers when set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("error")
        self.setVisible(False)

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setAccessibleName(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


class PassphraseEdit(QLineEdit):
    """A passphrase field: hidden by default, with a show/hide action, no context menu copy."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(accessible_name)
        # No undo history or drag-out of the passphrase; copy is disabled in Password mode.
        self.setDragEnabled(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._toggle = QAction(_("Show"), self)
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._on_toggle_toggled)
        self.addAction(self._toggle, QLineEdit.ActionPosition.TrailingPosition)

    def _on_toggle_toggled(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self._toggle.setText(_("Hide") if shown else _("Show"))

    def wipe(self) -> None:
        """Clear the text and return to hidden mode (Qt may keep copies; best effort)."""
        self.clear()
        self._toggle.setChecked(False)


class BusyBar(QProgressBar):
    """An indeterminate progress bar for work whose length we cannot measure (Argon2id)."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setAccessibleName(accessible_name)
        self.setMaximumHeight(8)
        self.setVisible(False)
