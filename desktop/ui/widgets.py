# SPDX-License-Identifier: GPL-3.0-or-later
"""Small widgets shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import pgettext
from desktop.vault import passphrase as rules

_STRENGTH_LABELS = {
    rules.Strength.TOO_SHORT: lambda: pgettext("passphrase strength", "Too short"),
    rules.Strength.WEAK: lambda: pgettext("passphrase strength", "Weak: easy to guess"),
    rules.Strength.FAIR: lambda: pgettext("passphrase strength", "Fair: could be stronger"),
    rules.Strength.STRONG: lambda: pgettext("passphrase strength", "Strong"),
    rules.Strength.VERY_STRONG: lambda: pgettext("passphrase strength", "Very strong"),
}


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
    with `stretch_above`) stretches, so the content keeps its natural height. Where that
    height is more than the window has (a large text size, a small screen), it scrolls
    rather than squeezing fields and buttons until their text is cut off.
    """
    view_layout = QVBoxLayout(view)
    view_layout.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # Tab goes straight to the fields, as before; QScrollArea keeps the focused one in view.
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    page = QWidget()
    scroll.setWidget(page)
    view_layout.addWidget(scroll)
    outer = QVBoxLayout(page)
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


class StrengthMeter(QWidget):
    """How hard a new passphrase is to guess: a bar and its verdict beside it, where the eye
    already is. The first run and the change of passphrase use the same rules and words."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, int(rules.Strength.VERY_STRONG))
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName(accessible_name)
        self.label = SafeLabel("")
        row.addWidget(self.bar, 1)
        row.addWidget(self.label)
        self.show_strength("")

    def show_strength(self, text: str) -> None:
        level = rules.strength(text) if text else rules.Strength.TOO_SHORT
        self.bar.setValue(int(level))
        self.bar.setProperty("level", int(level))  # the style sheet colours the bar by it
        self.bar.style().unpolish(self.bar)
        self.bar.style().polish(self.bar)
        self.label.setText(_STRENGTH_LABELS[level]() if text else "")
