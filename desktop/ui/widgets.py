# SPDX-License-Identifier: GPL-3.0-or-later
"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)


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
    """A passphrase field: hidden by default, no context menu, no drag-out."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(accessible_name)
        self.setDragEnabled(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def set_revealed(self, revealed: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password)

    def wipe(self) -> None:
        """Clear the text and hide it again (Qt may keep copies; best effort)."""
        self.clear()
        self.set_revealed(False)


class RevealCheckBox(QCheckBox):
    """ "Show passphrase": reveals the given fields while checked (someone may be watching)."""

    def __init__(self, text: str, *fields: PassphraseEdit) -> None:
        super().__init__(text)
        self._fields = fields
        self.toggled.connect(self._on_toggled)

    def _on_toggled(self, checked: bool) -> None:
        for field in self._fields:
            field.set_revealed(checked)


def centred_column(
    view: QWidget, max_width: int, margins: tuple[int, int, int, int], stretch_above: int = 0
) -> QVBoxLayout:
    """Give `view` a column that stays readable on wide windows; returns it to fill.

    The column is centred and at most `max_width` wide; the space below it (and above it,
    with `stretch_above`) stretches, so the content keeps its natural height.
    """
    outer = QVBoxLayout(view)
    outer.setContentsMargins(*margins)
    content = QWidget()
    content.setMaximumWidth(max_width)
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(12)
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(content, 100)
    row.addStretch(1)
    if stretch_above:
        outer.addStretch(stretch_above)
    outer.addWidget(holder)
    outer.addStretch(max(stretch_above * 2, 1))
    return column


class BusyBar(QProgressBar):
    """An indeterminate progress bar for work whose length we cannot measure (Argon2id)."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setAccessibleName(accessible_name)
        self.setMaximumHeight(8)
        self.setVisible(False)
