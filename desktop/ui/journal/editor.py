# SPDX-License-Identifier: GPL-3.0-or-later
"""The entry editor: the form, checked inline, saved on a worker; Ctrl+S saves, Escape leaves."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.journal.errors import EntryInvalidError, FieldProblem, NothingChangedError
from desktop.journal.model import EntryContent, Occurred, validate
from desktop.journal.store import Entry, Journal
from desktop.messages import describe
from desktop.ui.journal.entry_form import EntryForm
from desktop.ui.journal.zones import system_zone
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, Heading


class EntryEditor(QWidget):
    saved = Signal(str)  # the entry's id, after it was added or changed
    unchanged = Signal(str)  # saved without a change: nothing was written
    cancelled = Signal()  # closed without saving

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryEditor")
        self._journal = journal
        self._uid = ""
        self._baseline: tuple[object, ...] | None = None
        self._generation = 0
        self._busy = False

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.heading = Heading()
        column.addWidget(self.heading)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        self.form = EntryForm()
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("entryEditorScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own (focus there showed nothing); Tab scrolls to each field.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(self.form)
        column.addWidget(self.scroll_area, 1)

        self.busy = BusyBar(_("Saving the entry"))
        column.addWidget(self.busy)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("primary")
        self.cancel_button = QPushButton(_("Cancel"))
        save_keys = QKeySequence(QKeySequence.StandardKey.Save).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.save_button.setToolTip(_("Save the entry ({shortcut})").format(shortcut=save_keys))
        self.save_button.setAccessibleName(_("Save the entry"))
        self.cancel_button.setAccessibleName(_("Cancel editing"))
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.save_button)
        column.addLayout(actions)

        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.cancel_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_button.clicked.connect(self.save)
        self.save_shortcut.activated.connect(self.save)
        self.cancel_button.clicked.connect(self.request_cancel)
        self.cancel_shortcut.activated.connect(self.request_cancel)
        self.form.people.rows_changed.connect(self._fix_tab_order)
        self._fix_tab_order()
        align_to_ui(self)

    def _fix_tab_order(self) -> None:
        chain = [*self.form.focus_chain(), self.cancel_button, self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ opening
    @property
    def uid(self) -> str:
        """The entry edited ("" for a new one)."""
        return self._uid

    def start_new(self) -> None:
        self._load("", EntryContent("", Occurred(date.today(), zone=system_zone()), ""))
        # Translators: heading of the editor for an entry not saved yet.
        self._set_heading(_("New entry"))
        self.form.attach_hint.setVisible(True)

    def start_edit(self, entry: Entry) -> None:
        self._load(entry.uid, entry.content)
        self._set_heading(_("Edit entry"))
        self.form.attach_hint.setVisible(False)

    def _load(self, uid: str, content: EntryContent) -> None:
        self._generation += 1  # a save still under way belongs to the entry before
        self._set_busy(False)
        self._uid = uid
        self.error.clear_message()
        self.form.load(content)
        self._baseline = self.form.snapshot()
        self.scroll_area.verticalScrollBar().setValue(0)

    def _set_heading(self, text: str) -> None:
        self.heading.setText(text)
        self.heading.setAccessibleName(text)

    def focus_first(self) -> None:
        self.form.title.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ state
    def has_unsaved_changes(self) -> bool:
        return self._baseline is not None and self.form.snapshot() != self._baseline

    def forget(self) -> None:
        """Drop what was typed (the editor is being left)."""
        self._generation += 1
        self._set_busy(False)
        self._baseline = None
        self.form.clear()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.form.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        target = self.form.show_problems(problems)
        if target is not None:
            self.scroll_area.ensureWidgetVisible(target)

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        if self._busy or self._baseline is None:
            return
        self.error.clear_message()
        content = self.form.content()
        problems = validate(content.normalised())  # no disk: the same rules as the journal
        if problems:
            self._show_problems(problems)
            return
        self.form.clear_problems()
        self._generation += 1
        self._set_busy(True)
        journal, uid = self._journal, self._uid

        def write() -> str:
            if uid:
                journal.update(uid, content)
                return uid
            return journal.add(content)

        task = run_in_thread(attempt(self._generation, write, self._journal.vault))
        task.succeeded.connect(self._on_save_finished)
        task.failed.connect(log_crash)

    def _on_save_finished(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self._set_busy(False)
        error = outcome.error
        if error is None:
            self._uid = str(outcome.value)
            self._baseline = self.form.snapshot()
            self.saved.emit(self._uid)
        elif isinstance(error, NothingChangedError):
            self._baseline = self.form.snapshot()
            self.unchanged.emit(self._uid)
        elif isinstance(error, EntryInvalidError):
            self._show_problems(error.problems)
        elif not goes_unsaid(error, self._journal.vault):
            self.error.show_message(describe(error))

    # ------------------------------------------------------------------ leaving
    def request_cancel(self) -> None:
        if self._busy:
            return
        if self.has_unsaved_changes() and not confirm(
            self,
            title=_("Unsaved changes"),
            text=_("You have changes that are not saved. Discard them?"),
            accept_label=_("Discard changes"),
            accept=QMessageBox.StandardButton.Discard,
            cancel_label=_("Keep editing"),
        ):
            return
        self.cancelled.emit()
