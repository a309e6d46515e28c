# SPDX-License-Identifier: GPL-3.0-or-later
"""Pieces shared by the entry panel's views: plain text from the vault shown read-only, its
paragraphs aligned to the side they start on, and copied only through the clipboard guard.

What other areas use too (worker outcomes, direction helpers, confirmations) is in
desktop/ui/kit.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit, QWidget

from desktop.i18n import _
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.kit.direction import text_direction


def align_paragraphs(edit: QPlainTextEdit) -> None:
    """Align a plain-text box's paragraphs to the side its text starts on.

    QPlainTextEdit orders each paragraph by its own direction but always aligns left, which
    leaves an Arabic account ragged on the wrong side. Called again as the text changes;
    the document is laid out anew only when the side changes.
    """
    app = QApplication.instance()
    ui = app.layoutDirection() if isinstance(app, QApplication) else Qt.LayoutDirection.LeftToRight
    direction = text_direction(edit.toPlainText()) or ui
    edge = (
        Qt.AlignmentFlag.AlignRight
        if direction == Qt.LayoutDirection.RightToLeft
        else Qt.AlignmentFlag.AlignLeft
    )
    option = edit.document().defaultTextOption()
    wanted = edge | Qt.AlignmentFlag.AlignAbsolute
    if option.alignment() != wanted:
        option.setAlignment(wanted)
        edit.document().setDefaultTextOption(option)


class GuardedTextView(QPlainTextEdit):
    """Read-only plain text from the vault. Copies go through the clipboard guard only.

    QPlainTextEdit would otherwise put selected text on the clipboard (and, on X11, in the
    selection buffer) where nothing takes it back at lock.
    """

    def __init__(
        self,
        clipboard: ClipboardGuard,
        accessible_name: str,
        max_height: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._max_height = max_height
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTabChangesFocus(True)
        self.setAccessibleName(accessible_name)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        if max_height:
            self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def set_text(self, text: str) -> None:
        # Each paragraph takes the direction of its own first strong character; the widget
        # (scroll bar, margins) stays in the UI's direction.
        self.setPlainText(text)
        align_paragraphs(self)
        self._fit()

    def createMimeDataFromSelection(self) -> QMimeData:
        # Drag-out and the X11 selection buffer get nothing; copying is explicit (below).
        return QMimeData()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        copy = menu.addAction(_("Copy"))
        copy.setEnabled(self.textCursor().hasSelection())
        copy.triggered.connect(self.copy_selection)
        select_all = menu.addAction(_("Select all"))
        select_all.triggered.connect(self.selectAll)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def copy_selection(self) -> None:
        selected = self.textCursor().selectedText()
        if selected:
            # QTextCursor separates paragraphs with U+2029.
            self._clipboard.copy(selected.replace("\u2029", "\n"))

    def _fit(self) -> None:
        """Grow with the text up to `max_height`, so short texts need no inner scrolling."""
        if not self._max_height:
            return
        # documentSize() counts paragraphs, not wrapped lines: count the laid-out lines, so a
        # long paragraph does not end up in a box three lines high.
        wrapped = 0
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            wrapped += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        paragraphs = self.document().documentLayout().documentSize().height()
        lines = max(4.0, float(wrapped), paragraphs) + 1
        margins = self.contentsMargins()
        height = int(
            lines * self.fontMetrics().lineSpacing()
            + 2 * self.document().documentMargin()
            + margins.top()
            + margins.bottom()
            + 4
        )
        self.setFixedHeight(min(height, self._max_height))
