# SPDX-License-Identifier: GPL-3.0-or-later
"""The Journal area: search, filters and the list on one side, the entry on the other.

Built at unlock, destroyed at lock with the shell. Every query runs on a worker; results
reach bound methods of objects that go with the area, so one arriving after a lock is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.journal.errors import SearchSyntaxError
from desktop.journal.query import Filter
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.entry_panel import EntryPanel
from desktop.ui.journal.filters import FilterBar
from desktop.ui.journal.list_model import UID_ROLE, EntryListModel
from desktop.ui.journal.verify_dialog import VerifyDialog
from desktop.ui.kit.delegates import TitledRows
from desktop.ui.widgets import ErrorLabel, Heading, SafeLabel, centred_column


def ask_to_discard(parent: QWidget) -> bool:
    """Ask whether to drop the edits in the entry editor; True to discard them."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("The entry you are editing has changes that are not saved."))
    box.setInformativeText(_("Discard them and open the other entry?"))
    discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class EntryListView(QListView):
    """The list of entries. Ctrl+C goes through the clipboard guard (cleared on lock)."""

    def __init__(self, clipboard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.setObjectName("journalList")
        # Translators: screen-reader name of the list of journal entries.
        self.setAccessibleName(_("Journal entries"))
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(100)
        self.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrap when the side resizes
        self.setItemDelegate(TitledRows(self))
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QAbstractItemView copies the current row to the clipboard itself; a copy made there
        # would outlive the lock.
        if event.matches(QKeySequence.StandardKey.Copy):
            index = self.currentIndex()
            if index.isValid():
                self._clipboard.copy(str(index.data()))
            event.accept()
            return
        super().keyPressEvent(event)


class JournalArea(QWidget):
    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journalArea")
        self.journal = journal
        self.clipboard = clipboard
        self._shown_uid: str | None = None  # the entry the panel shows (None: none or new)
        self._pending_uid: str | None = None  # chosen in the list, waiting for the question
        self._reveal_uid = ""  # select this entry when the list has reloaded
        self._after_delete_row: int | None = None
        self._syncing = False  # the area itself is moving the list's selection
        self.verify_dialog: VerifyDialog | None = None

        self.model = EntryListModel(journal, self)
        self.filters = FilterBar(journal)
        self.list_view = EntryListView(clipboard)
        self.list_view.setModel(self.model)
        self.entry_panel = EntryPanel(journal, clipboard)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list_side())
        self.splitter.addWidget(self._build_detail_side())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([380, 560])
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.splitter)

        self.new_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)

        self.new_button.clicked.connect(self._on_new_requested)
        self.empty_new_button.clicked.connect(self._on_new_requested)
        self.new_shortcut.activated.connect(self._on_new_requested)
        self.find_shortcut.activated.connect(self.filters.focus_search)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.no_match_clear.clicked.connect(self.filters.clear)
        self.filters.filter_changed.connect(self._on_filter_changed)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.list_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list_view.activated.connect(self._on_list_activated)
        self.entry_panel.saved.connect(self._on_entry_saved)
        self.entry_panel.deleted.connect(self._on_entry_deleted)

        self.model.set_filter(self.filters.current_filter())

    # ------------------------------------------------------------------ building
    def _build_list_side(self) -> QWidget:
        side = QWidget()
        side.setObjectName("journalListSide")
        side.setMinimumWidth(280)
        column = QVBoxLayout(side)
        column.setContentsMargins(16, 12, 8, 12)
        column.setSpacing(8)

        top = QHBoxLayout()
        top.addWidget(Heading(_("Journal")), 1)
        self.new_button = QPushButton(_("New entry"))
        self.new_button.setObjectName("primary")
        self.new_button.setAccessibleName(_("New entry"))
        shortcut = QKeySequence(QKeySequence.StandardKey.New).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.new_button.setToolTip(
            _("Write down a new incident ({shortcut})").format(shortcut=shortcut)
        )
        top.addWidget(self.new_button)
        column.addLayout(top)

        column.addWidget(self.filters)
        self.count_label = SafeLabel()
        self.count_label.setObjectName("hint")
        column.addWidget(self.count_label)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.list_view)
        self.no_match_page = QWidget()
        no_match = QVBoxLayout(self.no_match_page)
        no_match.setContentsMargins(8, 16, 8, 8)
        self.no_match_label = SafeLabel(_("No entries match."))
        no_match.addWidget(self.no_match_label)
        self.no_match_hint = SafeLabel()
        self.no_match_hint.setObjectName("hint")
        no_match.addWidget(self.no_match_hint)
        self.no_match_clear = QPushButton(_("Clear filters"))
        self.no_match_clear.setAccessibleName(_("Clear filters"))
        clear_row = QHBoxLayout()
        clear_row.addWidget(self.no_match_clear)
        clear_row.addStretch(1)
        no_match.addLayout(clear_row)
        no_match.addStretch(1)
        self.list_stack.addWidget(self.no_match_page)
        self.nothing_page = QWidget()
        nothing = QVBoxLayout(self.nothing_page)
        nothing.setContentsMargins(8, 16, 8, 8)
        nothing_label = SafeLabel(_("No entries yet."))
        nothing_label.setObjectName("hint")
        nothing.addWidget(nothing_label)
        nothing.addStretch(1)
        self.list_stack.addWidget(self.nothing_page)
        column.addWidget(self.list_stack, 1)

        self.verify_button = QPushButton(_("Verify integrity"))
        self.verify_button.setAccessibleName(_("Verify integrity"))
        self.verify_button.setToolTip(
            _("Check that no saved entry or version has been changed or lost")
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addStretch(1)
        column.addLayout(bottom)
        return side

    def _build_detail_side(self) -> QWidget:
        self.detail_stack = QStackedWidget()
        self.detail_stack.setObjectName("journalDetail")
        self.empty_page = QWidget()
        self.empty_page.setObjectName("journalEmpty")
        column = centred_column(self.empty_page, 520, (32, 48, 32, 24), stretch_above=1)
        self.empty_text = SafeLabel()
        self.empty_text.setObjectName("emptyText")
        column.addWidget(self.empty_text)
        self.empty_new_button = QPushButton(_("New entry"))
        self.empty_new_button.setObjectName("primary")
        self.empty_new_button.setAccessibleName(_("New entry"))
        self.empty_new_button.setVisible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.empty_new_button)
        actions.addStretch(1)
        column.addLayout(actions)
        self.detail_stack.addWidget(self.empty_page)
        self.detail_stack.addWidget(self.entry_panel)
        return self.detail_stack

    # ------------------------------------------------------------------ state shown
    def _update_states(self) -> None:
        model = self.model
        if model.is_filtered:
            # Translators: above the journal list while a search or filter is on, e.g.
            # "12 of 340 entries". The plural follows {total}.
            text = ngettext(
                "{count} of {total} entry", "{count} of {total} entries", model.journal_total
            ).format(count=model.total, total=model.journal_total)
        else:
            text = ngettext("{count} entry", "{count} entries", model.total).format(
                count=model.total
            )
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)

        if model.rowCount() > 0 or self.error.isVisibleTo(self):
            self.list_stack.setCurrentWidget(self.list_view)
        elif model.is_filtered:
            # Only punctuation was typed: say what a search needs (not shown as an error).
            self.no_match_hint.setText(
                describe(SearchSyntaxError()) if model.search_invalid else ""
            )
            self.no_match_hint.setVisible(model.search_invalid)
            self.list_stack.setCurrentWidget(self.no_match_page)
        else:
            self.list_stack.setCurrentWidget(self.nothing_page)

        if model.journal_total == 0:
            self.empty_text.setText(
                _(
                    "Your journal is empty. Write down what happened while you still "
                    "remember it well: dates, usernames, links. Everything stays encrypted "
                    "on this computer."
                )
            )
        else:
            self.empty_text.setText(
                _("Choose an entry in the list to read it, or write down a new incident.")
            )
        self.empty_text.setAccessibleName(self.empty_text.text())
        self.empty_new_button.setVisible(True)

    def _select(self, uid: str | None) -> None:
        """Move the list's selection to `uid` (or clear it) without opening anything."""
        selection = self.list_view.selectionModel()
        row = self.model.row_of(uid) if uid else -1
        self._syncing = True
        try:
            if row < 0:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
            else:
                index = self.model.index(row)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.list_view.scrollTo(index)
        finally:
            self._syncing = False

    def _show(self, uid: str) -> None:
        self._shown_uid = uid
        self.detail_stack.setCurrentWidget(self.entry_panel)
        self.entry_panel.show_entry(uid)

    def _show_placeholder(self) -> None:
        self._shown_uid = None
        self._select(None)
        self.detail_stack.setCurrentWidget(self.empty_page)

    @property
    def shown_uid(self) -> str | None:
        return self._shown_uid

    # ------------------------------------------------------------------ list events
    def _on_filter_changed(self, flt: Filter) -> None:
        self.model.set_filter(flt)

    def _on_model_loaded(self) -> None:
        self.error.clear_message()
        if self._after_delete_row is not None:
            row, self._after_delete_row = self._after_delete_row, None
            count = self.model.rowCount()
            summary = self.model.summary(min(row, count - 1)) if row >= 0 and count else None
            if summary is not None:
                self._select(summary.uid)
                self._show(summary.uid)
            else:
                self._show_placeholder()
        elif self._leaves_out_the_open_entry():  # beside that list it looked like a match
            self._show_placeholder()
        else:
            self._select(self._reveal_uid or self._shown_uid)
        self._reveal_uid = ""
        self._update_states()

    def _leaves_out_the_open_entry(self) -> bool:
        """A filter's whole result (every page loaded) lacks the shown entry, which has no
        unsaved edits."""
        model, uid = self.model, self._shown_uid
        return bool(
            uid
            and not self._reveal_uid
            and model.is_filtered
            and model.rowCount() == model.total
            and model.row_of(uid) < 0
            and not self.entry_panel.has_unsaved_changes()
        )

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self._after_delete_row = None
        self._reveal_uid = ""
        self.error.show_message(describe(exc))
        self._update_states()

    def _on_current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: QModelIndex
    ) -> None:
        if self._syncing or not current.isValid():
            return
        uid = current.data(UID_ROLE)
        if not uid or uid == self._shown_uid:
            return
        if self.entry_panel.has_unsaved_changes():
            # Asked once the click or key press that moved the selection is over.
            self._pending_uid = uid
            QTimer.singleShot(0, self, self._resolve_pending)
            return
        self._show(uid)

    def _resolve_pending(self) -> None:
        uid, self._pending_uid = self._pending_uid, None
        if uid is None or uid == self._shown_uid:
            return
        if self.entry_panel.has_unsaved_changes() and not ask_to_discard(self):
            self._select(self._shown_uid)
            return
        self._select(uid)
        self._show(uid)

    def _on_list_activated(self, index: QModelIndex) -> None:
        self._on_current_changed(index, QModelIndex())

    # ------------------------------------------------------------------ actions
    def _on_new_requested(self) -> None:
        if self.entry_panel.has_unsaved_changes() and not ask_to_discard(self):
            return
        self._shown_uid = None
        self._select(None)
        self.detail_stack.setCurrentWidget(self.entry_panel)
        self.entry_panel.new_entry()

    def _on_verify_clicked(self) -> None:
        if self.verify_dialog is not None and self.verify_dialog.isVisible():
            self.verify_dialog.raise_()
            self.verify_dialog.activateWindow()
            return
        if self.verify_dialog is not None:
            self.verify_dialog.deleteLater()
        self.verify_dialog = VerifyDialog(self.journal, self.clipboard, self)
        self.verify_dialog.show()
        self.verify_dialog.start()

    # ------------------------------------------------------------------ entry events
    def _on_entry_saved(self, uid: str) -> None:
        self._shown_uid = uid
        self._reveal_uid = uid
        self.model.refresh(reveal_uid=uid)
        self.filters.reload_tags()

    def _on_entry_deleted(self, uid: str) -> None:
        self._after_delete_row = self.model.row_of(uid)
        if self._shown_uid == uid:
            self._shown_uid = None
        self.model.refresh()
        self.filters.reload_tags()
