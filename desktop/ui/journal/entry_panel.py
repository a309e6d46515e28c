# SPDX-License-Identifier: GPL-3.0-or-later
"""The right-hand side of the Journal area: one entry, read, edited, its history and evidence.

INTERFACE (used by desktop/ui/journal/area.py; keep these names):
    EntryPanel(journal, clipboard, parent=None)
    show_entry(uid)            load and show an entry (read view)
    new_entry()                open the editor on a blank entry
    has_unsaved_changes()      True while the editor holds edits not saved
    discard_changes()          drop the editor's edits and leave it
    saved = Signal(str)        an entry was added or changed (uid); the list refreshes
    deleted = Signal(str)      an entry was deleted (uid)

Every read and write runs on a worker. A result that arrives for an entry no longer shown
is dropped (a generation counter), and one that arrives after the panel is destroyed at
lock goes nowhere (results reach bound methods only).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.journal.store import Entry, Journal
from desktop.messages import describe
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.editor import EntryEditor
from desktop.ui.journal.entry_view import EntryView
from desktop.ui.journal.history_view import HistoryView
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel


def delete_question(entry: Entry) -> str:
    """What deleting `entry` destroys, said plainly (shown as plain text)."""
    versions = entry.revision
    files = len(entry.attachments)
    sentences = [
        _("Delete the entry “{title}”?").format(title=isolate(entry.content.title)),
        ngettext(
            "Its {count} saved version will be deleted.",
            "All {count} saved versions of it will be deleted.",
            versions,
        ).format(count=versions),
    ]
    if files:
        sentences.append(
            ngettext(
                "Its {count} evidence file will be deleted and its key destroyed, so it "
                "cannot be recovered.",
                "Its {count} evidence files will be deleted and their keys destroyed, so "
                "they cannot be recovered.",
                files,
            ).format(count=files)
        )
    else:
        sentences.append(_("It has no evidence files."))
    sentences.append(_("This cannot be undone."))
    return "\n\n".join([sentences[0], " ".join(sentences[1:3]), sentences[3]])


class EntryPanel(QWidget):
    saved = Signal(str)
    deleted = Signal(str)

    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entryPanel")
        self.journal = journal
        self.clipboard = clipboard
        self._generation = 0
        self._entry: Entry | None = None  # the entry in the read view
        self._target = ""  # the entry shown or being opened
        self._opener: QWidget | None = None  # had the focus when a new entry was begun

        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 8)
        column.setSpacing(6)
        self.loading = BusyBar(_("Opening the entry"))
        column.addWidget(self.loading)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)

        self.placeholder = QWidget()
        holder = QVBoxLayout(self.placeholder)
        holder.setContentsMargins(16, 32, 16, 16)
        self.placeholder_text = SafeLabel()
        self.placeholder_text.setObjectName("hint")
        holder.addWidget(self.placeholder_text)
        self.placeholder_error = ErrorLabel()
        holder.addWidget(self.placeholder_error)
        holder.addStretch(1)
        self.view = EntryView(journal, clipboard)
        self.editor = EntryEditor(journal)
        self.history = HistoryView(journal, clipboard)
        for page in (self.placeholder, self.view, self.editor, self.history):
            self.stack.addWidget(page)

        self.view.edit_requested.connect(self._on_edit_requested)
        self.view.history_requested.connect(self._on_history_requested)
        self.view.delete_requested.connect(self._on_delete_requested)
        self.view.attachments.changed.connect(self._on_attachments_changed)
        self.editor.saved.connect(self._on_editor_saved)
        self.editor.unchanged.connect(self._on_editor_unchanged)
        self.editor.cancelled.connect(self._on_editor_cancelled)
        self.history.back_requested.connect(self._on_history_back)
        align_to_ui(self.placeholder)
        self._show_placeholder(_("No entry is open. Choose one in the list, or write a new one."))

    # ------------------------------------------------------------------ interface
    def show_entry(self, uid: str) -> None:
        """Load `uid` and show it. The caller has already asked about unsaved edits."""
        focus = self._focus_inside()
        if self.stack.currentWidget() is not self.view:
            self.editor.forget()
            self.history.clear()
            self._show_placeholder("")
        self._open(uid, focus=focus)

    def new_entry(self) -> None:
        """Open the editor on a blank entry (focus on its title)."""
        self._generation += 1
        self.loading.setVisible(False)
        self._target = ""
        self._opener = QApplication.focusWidget()
        self.history.clear()
        self.editor.start_new()
        self.stack.setCurrentWidget(self.editor)
        self.editor.focus_first()

    def has_unsaved_changes(self) -> bool:
        return self.stack.currentWidget() is self.editor and self.editor.has_unsaved_changes()

    def discard_changes(self) -> None:
        """Leave the editor without saving (the caller asked, or nothing was typed)."""
        if self.stack.currentWidget() is self.editor:
            self._leave_editor()

    @property
    def current_uid(self) -> str:
        """The entry shown or being opened ("" for none or a new one)."""
        return self._target

    # ------------------------------------------------------------------ loading
    def _focus_inside(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is None or focused is self or self.isAncestorOf(focused)

    def _open(self, uid: str, *, focus: bool) -> None:
        self._generation += 1
        self._target = uid
        self.loading.setVisible(True)
        journal = self.journal
        task = run_in_thread(
            attempt(self._generation, lambda: (journal.get(uid), focus), self.journal.vault)
        )
        task.succeeded.connect(self._on_opened)
        task.failed.connect(log_crash)

    def _on_opened(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self.loading.setVisible(False)
        if outcome.error is not None:
            if not goes_unsaid(outcome.error, self.journal.vault):
                self._entry = None
                self._target = ""
                self.editor.forget()
                self._show_placeholder("", describe(outcome.error))
            return
        entry, focus = outcome.value
        self._entry = entry
        self.view.set_entry(entry)
        if self.stack.currentWidget() is self.editor:
            self.editor.forget()
        self.stack.setCurrentWidget(self.view)
        if focus:
            self.view.focus_first()

    def _reload(self, uid: str) -> None:
        """Refresh the shown entry after its files changed, without moving anything."""
        generation, journal = self._generation, self.journal
        task = run_in_thread(attempt(generation, lambda: journal.get(uid), self.journal.vault))
        task.succeeded.connect(self._on_reloaded)
        task.failed.connect(log_crash)

    def _on_reloaded(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation or outcome.error is not None:
            return  # another entry was opened meanwhile, or it will show its own error
        entry: Entry = outcome.value
        if self._entry is not None and entry.uid == self._entry.uid:
            self._entry = entry
            self.view.set_entry(entry)

    def _show_placeholder(self, text: str, error: str = "") -> None:
        self.placeholder_text.setText(text)
        self.placeholder_text.setAccessibleName(text)
        self.placeholder_text.setVisible(bool(text))
        self.placeholder_error.show_message(error)
        self.stack.setCurrentWidget(self.placeholder)

    # ------------------------------------------------------------------ view actions
    def _busy_opening(self) -> bool:
        """True while another entry is being opened: the one on screen is about to go."""
        return self._entry is None or self.loading.isVisible()

    def _on_edit_requested(self) -> None:
        if self._busy_opening() or self._entry is None:
            return
        self.editor.start_edit(self._entry)
        self.stack.setCurrentWidget(self.editor)
        self.editor.focus_first()

    def _on_history_requested(self) -> None:
        if self._busy_opening() or self._entry is None:
            return
        self.history.load(self._entry.uid, self._entry.content.title)
        self.stack.setCurrentWidget(self.history)
        self.history.focus_first()

    def _on_history_back(self) -> None:
        self.history.clear()
        self.stack.setCurrentWidget(self.view)
        self.view.history_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_attachments_changed(self, uid: str) -> None:
        if self._entry is None or uid != self._entry.uid or uid != self._target:
            return  # files of an entry no longer shown: the list catches up on its next load
        self._reload(uid)
        self.saved.emit(uid)

    def _on_delete_requested(self) -> None:
        entry = self._entry
        if entry is None or self._busy_opening():
            return
        if not confirm(
            self,
            title=_("Delete entry"),
            text=delete_question(entry),
            accept_label=_("Delete entry"),
        ):
            return
        self._generation += 1
        self.view.set_busy(True)
        self.view.error.clear_message()
        journal, uid = self.journal, entry.uid

        def delete() -> str:
            journal.delete(uid)
            return uid

        task = run_in_thread(attempt(self._generation, delete, self.journal.vault))
        task.succeeded.connect(self._on_delete_finished)
        task.failed.connect(log_crash)

    def _on_delete_finished(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self.view.set_busy(False)
        if outcome.error is not None:
            if not goes_unsaid(outcome.error, self.journal.vault):
                self.view.show_error(describe(outcome.error))
            return
        uid = str(outcome.value)
        self._entry = None
        self._target = ""
        self._show_placeholder(_("The entry was deleted."))
        self.deleted.emit(uid)

    # ------------------------------------------------------------------ editor events
    def _on_editor_saved(self, uid: str) -> None:
        self.saved.emit(uid)
        self._open(uid, focus=True)

    def _on_editor_unchanged(self, uid: str) -> None:
        self._leave_editor()

    def _on_editor_cancelled(self) -> None:
        self._leave_editor()

    def _leave_editor(self) -> None:
        """Back to the entry that was open (if any), as it was."""
        self.editor.forget()
        if self._entry is not None:
            self._target = self._entry.uid
            self.stack.setCurrentWidget(self.view)
            self.view.focus_first()
        else:
            focus = self._focus_inside()
            self._show_placeholder(
                _("No entry is open. Choose one in the list, or write a new one.")
            )
            # The placeholder has no control: the focus goes back to what began the entry
            # (New entry), not to the hidden page.
            opener, self._opener = self._opener, None
            if focus and opener is not None and shiboken6.isValid(opener) and opener.isVisible():
                opener.setFocus(Qt.FocusReason.OtherFocusReason)
