# SPDX-License-Identifier: GPL-3.0-or-later
"""Which way text runs, and which side it lines up on.

The UI has one direction (its language's, or --force-rtl); text from elsewhere (a title, a
username, an organisation's name, a URL) has its own. Here: finding a text's direction,
laying labels and fields out in it while keeping them aligned with the UI, and the Unicode
isolates that keep a name or a path whole inside a sentence of the other direction.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget


def text_direction(text: str) -> Qt.LayoutDirection | None:
    """Direction of the first strong character (Unicode bidi classes L, R, AL); None if none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return None


def ui_is_rtl() -> bool:
    """Whether the application is laid out right to left (the UI language, or --force-rtl)."""
    app = QApplication.instance()
    return isinstance(app, QApplication) and app.layoutDirection() == Qt.LayoutDirection.RightToLeft


def _leading_edge() -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignRight if ui_is_rtl() else Qt.AlignmentFlag.AlignLeft


def align_to_ui(root: QWidget) -> None:
    """Line up every wrapped label under `root` with the UI's leading edge.

    A wrapped QLabel aligns itself by the direction of its own text, so a sentence that has
    no translation yet (English in an Arabic UI) would sit on the wrong side.
    """
    for label in root.findChildren(QLabel):
        if label.wordWrap():
            vertical = label.alignment() & Qt.AlignmentFlag.AlignVertical_Mask
            label.setAlignment(_leading_edge() | Qt.AlignmentFlag.AlignAbsolute | vertical)


def follow_text(label: QLabel, text: str) -> None:
    """Show a label's untrusted text in its own direction, lined up with the UI's text.

    A wrapped QLabel already orders each paragraph by its first strong character (so an
    Arabic username reads right to left in an English UI); its alignment would follow that
    too, scattering a form's values to both sides. They stay at the UI's leading edge.
    """
    app = QApplication.instance()
    ui = app.layoutDirection() if isinstance(app, QApplication) else Qt.LayoutDirection.LeftToRight
    label.setLayoutDirection(text_direction(text) or ui)
    label.setAlignment(
        _leading_edge() | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
    )


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


def isolate(text: str) -> str:
    """Untrusted text (a title, an organisation's label) in its own direction (FSI…PDI), so
    it cannot reorder the sentence around it."""
    return f"\u2068{text}\u2069"


def ltr(text: str) -> str:
    """Keep a path, a hash or a fingerprint left to right inside a right-to-left sentence
    (LRI…PDI): otherwise its slashes and digit groups move to the other end."""
    return f"\u2066{text}\u2069"
