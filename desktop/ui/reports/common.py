# SPDX-License-Identifier: GPL-3.0-or-later
"""Pieces shared by the Reports screens: the step page and its worker, quiet lists, roomy rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFrame,
    QListWidget,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DiskFullError, StorageError
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.reports.errors import (
    DestinationExistsError,
    DestinationNotWritableError,
    NotEnoughSpaceError,
)
from desktop.ui.kit.factories import mnemonic_safe
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import ErrorLabel, SafeLabel

# Errors about the place the report goes: shown on the destination step, where it is changed.
DESTINATION_ERRORS = (
    DestinationExistsError,
    DestinationNotWritableError,
    NotEnoughSpaceError,
    DiskFullError,
    StorageError,
)


class RoomyRows(QStyledItemDelegate):
    """List rows of `lines` lines with room for the tallest script.

    The default height is measured with the interface font; a Devanagari or Arabic line drawn
    from a fallback font is taller, and Qt then elided the text and hid the last line.
    """

    def __init__(self, parent: QWidget, lines: int) -> None:
        super().__init__(parent)
        self._lines = lines

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        line = option.fontMetrics.lineSpacing()
        return QSize(size.width(), max(size.height(), int(line * 1.45 * self._lines) + 8))

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        # Text from the top of the row: centred in the room kept for taller scripts, a Latin
        # row started with what looked like a blank line.
        horizontal = option.displayAlignment & Qt.AlignmentFlag.AlignHorizontal_Mask
        option.displayAlignment = horizontal | Qt.AlignmentFlag.AlignTop


class PageWork:
    """The one worker a page runs at a time, with its busy bar and error line.

    Starting new work makes the results of older work stale (a search typed meanwhile, a
    reload after a removal); `settle` drops those, and shows an error unless the vault locked
    meanwhile (the page is going away then). Callbacks are bound methods of the page, which
    PySide disconnects when the page is destroyed at lock.
    """

    def __init__(self, journal: Journal, busy: QWidget, error: ErrorLabel) -> None:
        self.journal = journal
        self.busy = busy
        self.error = error
        self.generation = 0
        self.running = False

    def invalidate(self) -> None:
        """Whatever is running now will be ignored when it reports."""
        self.generation += 1
        self.running = False
        self.busy.setVisible(False)

    def start(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Outcome], None],
        *,
        show_busy: bool = True,
    ) -> None:
        self.generation += 1
        self.running = True
        if show_busy:
            self.busy.setVisible(True)
        task = run_in_thread(attempt(self.generation, function, self.journal.vault))
        task.succeeded.connect(on_done)
        task.failed.connect(log_crash)

    def settle(self, outcome: Outcome) -> bool:
        """True when `outcome` is the current work's and succeeded; else it is dealt with."""
        if outcome.generation != self.generation:
            return False
        self.running = False
        self.busy.setVisible(False)
        if outcome.error is not None:
            if not goes_unsaid(outcome.error, self.journal.vault):
                self.error.show_message(describe(outcome.error))
            return False
        return True


def named(widget: QAbstractButton, name: str = "") -> QAbstractButton:
    """Give a button its accessible name (its text, unless a fuller name is given)."""
    widget.setAccessibleName(name or widget.text())
    return widget


def check_box(text: str, checked: bool = False) -> QCheckBox:
    result = QCheckBox(mnemonic_safe(text))
    result.setAccessibleName(text)
    result.setChecked(checked)
    return result


class QuietList(QListWidget):
    """A list whose Ctrl+C copies nothing: its rows may quote journal titles, and a copy on
    the system clipboard would outlive the lock (this area has no clipboard guard)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            event.accept()
            return
        super().keyPressEvent(event)


class QuietTree(QTreeWidget):
    """A tree whose Ctrl+C copies nothing (see QuietList)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            event.accept()
            return
        super().keyPressEvent(event)


class Page(QScrollArea):
    """One step of the wizard: a title, a short explanation, its controls, an error line.

    Scrolls as a whole, so a small window or a large font never hides a control.
    `activate()` runs each time the step is shown; `problem()` says (in a sentence) why the
    wizard cannot go on yet, or returns "".
    """

    title = ""

    def __init__(self, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.body.setObjectName("reportStep")
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(0, 4, 8, 4)
        self.column.setSpacing(10)
        self.intro = SafeLabel(intro)
        self.column.addWidget(self.intro)
        self.error = ErrorLabel()
        self.setWidget(self.body)

    def finish_layout(self) -> None:
        """Put the error line last and let the space below the controls stretch."""
        self.column.addWidget(self.error)
        self.column.addStretch(1)

    def activate(self) -> None:
        """Called each time the step is shown."""

    def problem(self) -> str:
        return ""

    def controls(self) -> list[QWidget]:
        """The step's controls in reading order (the wizard sets Tab's order from it)."""
        return []
