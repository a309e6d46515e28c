# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 1: which journal entries go into the report (a checkable list with a search).

The list is loaded on a worker, at most SHOWN_LIMIT rows at a time; what was chosen stays
chosen while the search changes, so a report can gather entries from several searches.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.journal.errors import SearchSyntaxError
from desktop.journal.labels import attachment_count, category_label, format_occurred
from desktop.journal.query import EntrySummary, Filter
from desktop.journal.store import Journal
from desktop.messages import describe
from desktop.reports.errors import NothingSelectedError
from desktop.ui.kit.direction import align_to_ui, follow_typed_direction, isolate
from desktop.ui.kit.factories import button, hint
from desktop.ui.kit.work import Outcome
from desktop.ui.reports.common import Page, PageWork, QuietList, RoomyRows
from desktop.ui.widgets import BusyBar, SafeLabel

SHOWN_LIMIT = 1000
SEARCH_DELAY_MS = 250
UID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Loaded:
    total: int  # entries the search matches
    rows: list[EntrySummary]
    journal_total: int
    search_invalid: bool = False


def load_entries(journal: Journal, text: str, limit: int = SHOWN_LIMIT) -> Loaded:
    """Runs on a worker thread."""
    journal_total = journal.count()
    flt = Filter(text=text)
    try:
        return Loaded(journal.count(flt), journal.page(flt, None, limit), journal_total)
    except SearchSyntaxError:
        # Only punctuation typed: nothing to search for is "no results", not an error.
        return Loaded(0, [], journal_total, True)


def item_text(summary: EntrySummary) -> str:
    details = [format_occurred(summary.occurred), category_label(summary.category)]
    if summary.attachment_count:
        details.append(attachment_count(summary.attachment_count))
    return f"{isolate(summary.title)}\n{' · '.join(details)}"


class EntriesPage(Page):
    chosen_changed = Signal()
    loaded = Signal()  # the list shows the search's results (or its error)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            _(
                "Tick the entries to put in the report. Searching does not undo what you "
                "already ticked."
            ),
            parent,
        )
        self.title = _("Choose entries")
        self._journal = journal
        self._has_loaded = False
        self._filling = False
        self._chosen: dict[str, EntrySummary] = {}
        self._shown: list[EntrySummary] = []

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search titles and text"))
        self.search.setAccessibleName(_("Search entries"))
        self.search.setClearButtonEnabled(True)
        follow_typed_direction(self.search)
        self.column.addWidget(self.search)

        self.shown_label = hint()
        self.column.addWidget(self.shown_label)
        self.busy = BusyBar(_("Loading the entries"))
        self._work = PageWork(journal, self.busy, self.error)
        self.column.addWidget(self.busy)
        self.list = QuietList()
        self.list.setObjectName("reportEntries")
        self.list.setAccessibleName(_("Journal entries to include"))
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self._rows = RoomyRows(self.list, lines=2)
        self.list.setItemDelegate(self._rows)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(240)
        # The tick is the choice; a highlighted row would look chosen when it is not.
        self.list.setSelectionMode(QuietList.SelectionMode.NoSelection)
        self.column.addWidget(self.list, 1)
        self.empty_label = hint()
        self.empty_label.setVisible(False)
        self.column.addWidget(self.empty_label)

        actions = QHBoxLayout()
        self.select_all_button = button(_("Select all shown"), _("Select all the entries shown"))
        self.clear_button = button(_("Clear choice"), _("Untick every entry"))
        actions.addWidget(self.select_all_button)
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        self.column.addLayout(actions)
        self.count_label = SafeLabel()
        self.column.addWidget(self.count_label)
        self.finish_layout()
        align_to_ui(self.body)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.list.itemChanged.connect(self._on_item_changed)
        self.select_all_button.clicked.connect(self.select_all_shown)
        self.clear_button.clicked.connect(self.clear_choice)
        self._update_count()

    # ------------------------------------------------------------------ state
    @property
    def is_loading(self) -> bool:
        return self._work.running or self._debounce.isActive()

    @property
    def has_loaded(self) -> bool:
        return self._has_loaded

    def chosen(self) -> list[EntrySummary]:
        """The ticked entries, oldest incident first (a report reads as a timeline)."""
        return sorted(
            self._chosen.values(), key=lambda s: (s.cursor.occurred_sort, s.cursor.row_id)
        )

    def chosen_uids(self) -> tuple[str, ...]:
        return tuple(s.uid for s in self.chosen())

    def item_for(self, uid: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(UID_ROLE) == uid:
                return item
        return None

    def problem(self) -> str:
        if self.is_loading and not self._has_loaded:
            return _("The entries are still loading. Wait a moment, then try again.")
        return "" if self._chosen else describe(NothingSelectedError())

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self._debounce.stop()
        self.error.clear_message()
        journal, text = self._journal, self.search.text()
        self._work.start(lambda: load_entries(journal, text), self._on_loaded)

    def _on_loaded(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            return
        self._has_loaded = True
        loaded: Loaded = outcome.value
        # Entries ticked earlier may have been edited meanwhile: keep their newest summary.
        for summary in loaded.rows:
            if summary.uid in self._chosen:
                self._chosen[summary.uid] = summary
        self._fill(loaded.rows)
        self._describe_shown(loaded)
        self._update_count()
        self.loaded.emit()

    def _fill(self, rows: list[EntrySummary]) -> None:
        self._filling = True
        try:
            self.list.clear()
            self._shown = rows
            for summary in rows:
                item = QListWidgetItem(item_text(summary))
                item.setData(UID_ROLE, summary.uid)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                checked = summary.uid in self._chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.list.addItem(item)
            if self.list.count():
                self.list.setCurrentRow(0)
        finally:
            self._filling = False

    def _describe_shown(self, loaded: Loaded) -> None:
        shown = len(loaded.rows)
        if loaded.total > shown:
            self.shown_label.setText(
                _(
                    "Showing the first {shown} of {total} matching entries. Search to find "
                    "the others."
                ).format(shown=shown, total=loaded.total)
            )
        else:
            self.shown_label.setText("")
        self.shown_label.setVisible(bool(self.shown_label.text()))
        if loaded.journal_total == 0:
            empty = _("Your journal has no entries yet. Write down an incident first.")
        elif loaded.search_invalid:
            empty = describe(SearchSyntaxError())
        else:
            empty = _("No entries match this search.")
        self.empty_label.setText(empty)
        self.empty_label.setVisible(shown == 0)
        self.list.setVisible(shown > 0)

    # ------------------------------------------------------------------ choosing
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        uid = item.data(UID_ROLE)
        summary = next((s for s in self._shown if s.uid == uid), None)
        if summary is None:
            return
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen[uid] = summary
        else:
            self._chosen.pop(uid, None)
        self._update_count()

    def select_all_shown(self) -> None:
        self._set_all(Qt.CheckState.Checked)

    def clear_choice(self) -> None:
        self._chosen.clear()
        self._set_all(Qt.CheckState.Unchecked)
        self._update_count()

    def _set_all(self, state: Qt.CheckState) -> None:
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)

    def _update_count(self) -> None:
        count = len(self._chosen)
        text = ngettext("{count} entry chosen", "{count} entries chosen", count).format(count=count)
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        if count:
            self.error.clear_message()
        self.chosen_changed.emit()

    def controls(self) -> list[QWidget]:
        return [self.search, self.list, self.select_all_button, self.clear_button]

    def activate(self) -> None:
        if not self._has_loaded and not self._work.running:
            self.reload()
        self.search.setFocus()
