# SPDX-License-Identifier: GPL-3.0-or-later
"""Pieces shared by the Learn screens: the serial worker, pack text in the UI's language,
labels for levels and times, and check boxes whose text wraps.

Everything a pack says is untrusted: it is shown as plain text (SafeLabel, list rows, button
accessible names), never as rich text. Only a lesson's sanitised HTML goes to the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language, ngettext
from desktop.i18n.formats import format_percent
from desktop.messages import describe
from desktop.training.model import Text
from desktop.ui.kit.delegates import TitledRows
from desktop.ui.kit.direction import follow_text
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import Task
from desktop.ui.widgets import ErrorLabel, SafeLabel
from desktop.vault import Vault

_pool: QThreadPool | None = None


def serial_pool() -> QThreadPool:
    """One worker thread for all Learn work, so changes reach the vault in the order they
    were made (a box ticked and unticked quickly must end unticked).

    Owned by the application, not by the area: the area is destroyed at lock, and destroying
    a pool would make the UI thread wait for the task it is running.
    """
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(1)
    return _pool


class LearnWork:
    """Runs the area's vault work on the serial worker, with a busy bar and an error line.

    Results reach `on_done`, a bound method of a widget: PySide disconnects it when the
    widget is destroyed at lock, so a late result touches nothing. `settle` shows the error
    of a failed task, unless the vault locked meanwhile (the area is going away then).
    """

    def __init__(self, vault: Vault, busy: QWidget, error: ErrorLabel) -> None:
        self.vault = vault
        self.busy = busy
        self.error = error
        self.pending = 0
        self._busy_tasks = 0

    @property
    def running(self) -> bool:
        return self.pending > 0

    def start(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Outcome], None],
        *,
        show_busy: bool = False,
    ) -> None:
        self.pending += 1
        # Nothing goes stale here (the serial worker reports in order, and each page checks
        # that a result is still for what it shows), so the outcome's generation only says
        # whether the task counts on the busy bar.
        generation = 1 if show_busy else 0
        if show_busy:
            self._busy_tasks += 1
            self.busy.setVisible(True)
        task = Task(attempt(generation, function, self.vault))
        task.succeeded.connect(on_done)
        task.failed.connect(log_crash)
        task.start(serial_pool())

    def settle(self, outcome: Outcome) -> bool:
        """True when the work succeeded; else its error is shown (or goes unsaid)."""
        self.pending = max(0, self.pending - 1)
        if outcome.generation:
            self._busy_tasks = max(0, self._busy_tasks - 1)
            self.busy.setVisible(self._busy_tasks > 0)
        if outcome.error is not None:
            if not goes_unsaid(outcome.error, self.vault):
                self.error.show_message(describe(outcome.error))
            return False
        return True


# ---------------------------------------------------------------- pack text
class Shown:
    """Picks a pack's text in the UI's language, noting when English had to stand in."""

    def __init__(self) -> None:
        self.language = current_language()
        self.fell_back = False

    def __call__(self, text: Text) -> str:
        value, language = text.pick(self.language)
        if language != self.language:
            self.fell_back = True
        return value


def level_label(level: str) -> str:
    labels = {
        # Translators: level of a training pathway.
        "beginner": _("Beginner"),
        # Translators: level of a training pathway.
        "intermediate": _("Intermediate"),
        # Translators: level of a training pathway.
        "advanced": _("Advanced"),
    }
    return labels.get(level, labels["beginner"])


def minutes_text(minutes: int) -> str:
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)


def time_left_text(minutes: int) -> str:
    return ngettext(
        "about {count} minute of reading left", "about {count} minutes of reading left", minutes
    ).format(count=minutes)


def percent_text(percent: int) -> str:
    # Translators: a share of the training done; {percent} is already written as a
    # percentage in your language, e.g. "40 %" or «٤٠٪».
    return _("{percent} done").format(percent=format_percent(percent))


def joined(*parts: str) -> str:
    # Translators: separates the parts of a status line, e.g. "Beginner · 40 % done".
    separator = _(" · ")
    return separator.join(part for part in parts if part)


# ---------------------------------------------------------------- widgets
def row_list(accessible_name: str) -> QListWidget:
    """A list of "title\ndetails" rows drawn by kit.delegates.TitledRows, as the journal's
    are: the title in bold, details below, each line in its own direction, wrapped lines
    counted into the height. Unlike Qt's default delegate it does not elide a Devanagari or
    Arabic line away; the Hindi and Arabic screenshots check it."""
    view = QListWidget()
    view.setAccessibleName(accessible_name)
    view.setWordWrap(True)
    view.setUniformItemSizes(False)
    view.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap when the window resizes
    view.setItemDelegate(TitledRows(view))
    return view


def row_item(title: str, details: str) -> QListWidgetItem:
    item = QListWidgetItem("\n".join((title, details)))
    # Screen readers get all of it, even where the row elides. No tooltip: Qt would show
    # pack text that looks like HTML as rich text there.
    item.setData(Qt.ItemDataRole.AccessibleTextRole, joined(title, details))
    return item


def fallback_note(text: str = "") -> SafeLabel:
    label = SafeLabel(
        text or _("Some of this is not available in your language yet and is shown in English.")
    )
    label.setObjectName("hint")
    label.setAccessibleName(label.text())
    label.setVisible(False)
    return label


def pack_label(text: str = "", object_name: str = "") -> SafeLabel:
    """A label for text from a pack: plain, wrapped, in its own direction, at the UI's edge."""
    label = SafeLabel()
    if object_name:
        label.setObjectName(object_name)
    set_pack_text(label, text)
    return label


def set_pack_text(label: SafeLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleName(text)
    follow_text(label, text)


class ClickableLabel(SafeLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class ChoiceRow(QWidget):
    """A check box or radio button whose text wraps: Qt's own never wrap, and a long
    checklist item or quiz answer would be cut off. Clicking the text clicks the button;
    the button carries the text as its accessible name, for screen readers."""

    def __init__(self, button: QAbstractButton, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = button
        button.setText("")
        button.setAccessibleName(text)
        self.label = ClickableLabel()
        set_pack_text(self.label, text)
        self.label.clicked.connect(self._on_label_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def _on_label_clicked(self) -> None:
        if self.button.isEnabled():
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)

    def set_enabled(self, enabled: bool) -> None:
        # The text stays fully readable: after a quiz is checked, the answers chosen must
        # still be easy to read next to their feedback.
        self.button.setEnabled(enabled)


class ScrollPage(QScrollArea):
    """A page that scrolls as a whole, so a small window or a large font hides nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(24, 8, 24, 16)
        self.column.setSpacing(10)
        self.setWidget(self.body)
