# SPDX-License-Identifier: GPL-3.0-or-later
"""Journal labels for the widgets (re-exported from desktop.labels) and text-direction helpers."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop.labels import (
    attachment_count,
    category_choices,
    category_description,
    category_label,
    field_label,
    format_occurred,
    format_size,
    format_timestamp,
    metadata_label,
    severity_label,
)

__all__ = [
    "attachment_count",
    "category_choices",
    "category_description",
    "category_label",
    "field_label",
    "format_occurred",
    "format_size",
    "format_timestamp",
    "metadata_label",
    "severity_label",
    "follow_typed_direction",
    "text_direction",
]


# ---------------------------------------------------------------- text direction
def text_direction(text: str) -> Qt.LayoutDirection | None:
    """Direction of the first strong character (Unicode bidi classes L, R, AL); None if none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return None


def follow_typed_direction(widget: QLineEdit | QPlainTextEdit) -> None:
    """Make a field lay its text out in the direction of what is typed, not of the UI.

    An Arabic username in an English UI reads right to left, and an English URL in an Arabic
    UI reads left to right. Empty fields follow the UI.
    """

    def update() -> None:
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        direction = text_direction(text)
        parent: QWidget | None = widget.parentWidget()
        fallback = parent.layoutDirection() if parent is not None else widget.layoutDirection()
        chosen = direction or fallback
        if widget.layoutDirection() != chosen:
            widget.setLayoutDirection(chosen)

    widget.textChanged.connect(update)
    update()
