# SPDX-License-Identifier: GPL-3.0-or-later
"""Pieces shared by the entry panel's views: worker outcomes, questions, guarded text.

Worker results carry the generation they were started for: a view that has moved on to
another entry (or another attachment) since then drops them. They reach bound methods of
the views, which PySide disconnects when a view is destroyed at lock.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMessageBox, QPlainTextEdit, QWidget

from desktop.i18n import _
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.labels import text_direction
from desktop.vault import Vault
from desktop.vault.errors import VaultLockedError

log = logging.getLogger(__name__)

PREVIEW_LIMIT = 64 * 1024 * 1024  # bytes read into memory to show an attachment


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: its value or its error, and the generation it belongs to."""

    generation: int
    value: Any = None
    error: Exception | None = None


def attempt(
    generation: int, function: Callable[[], Any], vault: Vault | None = None
) -> Callable[[], Outcome]:
    """Wrap `function` (core code, run on a worker) so its error comes back as a value.

    With `vault`, the work runs in `vault.worker_scope()`: the thread's connection is closed
    when the task ends (pool threads do not keep it for the next task) and `lock()` never
    closes it under a running query.
    """

    def run() -> Outcome:
        try:
            if vault is None:
                return Outcome(generation, function())
            with vault.worker_scope():
                return Outcome(generation, function())
        except Exception as exc:  # every error is shown through describe(), never raised
            return Outcome(generation, error=exc)

    return run


def goes_unsaid(exc: BaseException, vault: Vault) -> bool:
    """True for errors caused by the vault locking meanwhile: the view is going away."""
    return isinstance(exc, VaultLockedError) or not vault.is_unlocked


def log_crash(exc: BaseException) -> None:
    """For what `attempt` does not catch (KeyboardInterrupt, SystemExit). Type only; every
    area's workers report here."""
    log.error("worker stopped: %s", type(exc).__name__)


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


_LONG_RUN = re.compile(r"\S{31,}")
_URL_BREAKS = re.compile(r"([/?&=#])")
_CHUNK = re.compile(r"(\S{30})(?=\S)")


def breakable(text: str) -> str:
    """Let a long unbroken run (a URL) wrap: zero-width spaces after / ? & = # and every
    30 characters. For display only; copies use the text as stored."""

    def split(match: re.Match[str]) -> str:
        run = _URL_BREAKS.sub("\\1\u200b", match.group(0))
        return _CHUNK.sub("\\1\u200b", run)

    return _LONG_RUN.sub(split, text)


def isolate(text: str) -> str:
    """Wrap text whose direction differs from the sentence around it (a path, an id)."""
    return f"\u2068{text}\u2069"


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
