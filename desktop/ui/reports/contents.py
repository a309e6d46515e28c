# SPDX-License-Identifier: GPL-3.0-or-later
"""Step 2: what of the chosen entries goes in (fields, evidence files) and a cover note.

Everything is in by default; a volunteer leaves out what could identify them or others. The
evidence files of the chosen entries are read on a worker (names and sizes only).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPlainTextEdit, QTreeWidgetItem, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_size
from desktop.journal.evidence import AttachmentInfo
from desktop.journal.labels import field_label
from desktop.journal.query import EntrySummary
from desktop.journal.store import Journal
from desktop.reports.document import MAX_NOTE, OPTIONAL_FIELDS
from desktop.ui.kit.direction import align_to_ui, follow_typed_direction, isolate
from desktop.ui.kit.factories import hint
from desktop.ui.kit.factories import subheading as make_subheading
from desktop.ui.kit.work import Outcome
from desktop.ui.reports.common import Page, PageWork, QuietTree, check_box
from desktop.ui.widgets import BusyBar
from desktop.ui.widgets import SafeLabel as Label

UID_ROLE = Qt.ItemDataRole.UserRole
MAX_CONTACT = 500

Files = list[tuple[str, str, tuple[AttachmentInfo, ...]]]  # entry uid, title, its files


def load_files(journal: Journal, uids: Sequence[str]) -> Files:
    """Runs on a worker thread: the evidence files of the entries that have any."""
    result: Files = []
    for uid in uids:
        entry = journal.get(uid)
        if entry.attachments:
            result.append((uid, entry.content.title, entry.attachments))
    return result


class ContentsPage(Page):
    files_loaded = Signal()  # the evidence files of the chosen entries are listed

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Everything is included unless you untick it. Take out what the team does not need."),
            parent,
        )
        self.title = _("Choose what to include")
        self._journal = journal
        self._wanted: tuple[str, ...] = ()  # the entries whose files should be listed
        self._listed: tuple[str, ...] | None = None  # the entries whose files are listed
        self._left_out: set[str] = set()  # attachment uids the person unticked
        self._filling = False

        self.column.addWidget(make_subheading(_("Details of each entry")))
        self.fields_help = hint(
            _(
                "A detail you untick is not in any file of the report. The title of each "
                "entry is always included."
            )
        )
        self.column.addWidget(self.fields_help)
        grid = QGridLayout()
        self.fields = {name: check_box(field_label(name), True) for name in OPTIONAL_FIELDS}
        for number, box in enumerate(self.fields.values()):
            grid.addWidget(box, number // 2, number % 2)
        self.column.addLayout(grid)

        self.column.addWidget(make_subheading(_("Evidence files")))
        self.busy = BusyBar(_("Loading the evidence files"))
        self._work = PageWork(journal, self.busy, self.error)
        self.column.addWidget(self.busy)
        self.files = QuietTree()
        self.files.setObjectName("reportFiles")
        self.files.setAccessibleName(_("Evidence files to include"))
        self.files.setHeaderHidden(True)
        self.files.setColumnCount(1)
        self.files.setMinimumHeight(140)
        self.files.setSelectionMode(QuietTree.SelectionMode.NoSelection)
        self.column.addWidget(self.files)
        self.no_files = hint(_("The chosen entries have no evidence files."))
        self.no_files.setVisible(False)
        self.column.addWidget(self.no_files)

        self.column.addWidget(make_subheading(_("For the team (optional)")))
        self.note = QPlainTextEdit()
        self.note.setAccessibleName(_("Cover note"))
        self.note.setPlaceholderText(
            _("A few words for the team: what you need from them, what is urgent.")
        )
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        follow_typed_direction(self.note)
        note_label = Label(_("Cover note"))
        note_label.setBuddy(self.note)
        self.column.addWidget(note_label)
        self.column.addWidget(self.note)
        self.contact = QLineEdit()
        self.contact.setAccessibleName(_("How to contact you back"))
        self.contact.setPlaceholderText(_("For example a Signal number or an e-mail address"))
        self.contact.setMaxLength(MAX_CONTACT)
        follow_typed_direction(self.contact)
        contact_label = Label(_("How to contact you back"))
        contact_label.setBuddy(self.contact)
        self.column.addWidget(contact_label)
        self.column.addWidget(self.contact)
        self.finish_layout()
        align_to_ui(self.body)
        self.files.itemChanged.connect(self._on_file_changed)

    # ------------------------------------------------------------------ the entries
    def set_entries(self, chosen: Sequence[EntrySummary]) -> None:
        """List the files of the entries that have any (those without need no query)."""
        self._wanted = tuple(s.uid for s in chosen if s.attachment_count)
        if self._wanted == self._listed:
            return
        self._work.invalidate()
        self.files.clear()
        if not self._wanted:
            self._show_files([])
            return
        journal, uids = self._journal, self._wanted
        self._work.start(lambda: load_files(journal, uids), self._on_files_loaded)

    def _on_files_loaded(self, outcome: Outcome) -> None:
        if self._work.settle(outcome):
            self._show_files(outcome.value)

    def _show_files(self, files: Files) -> None:
        self._listed = self._wanted
        self._filling = True
        try:
            self.files.clear()
            for _uid, title, infos in files:
                parent = QTreeWidgetItem([isolate(title)])
                parent.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsAutoTristate
                )
                self.files.addTopLevelItem(parent)
                for info in infos:
                    text = _("{name} ({size})").format(
                        name=isolate(info.name), size=format_size(info.size)
                    )
                    child = QTreeWidgetItem([text])
                    child.setData(0, UID_ROLE, info.uid)
                    child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    left_out = info.uid in self._left_out
                    child.setCheckState(
                        0, Qt.CheckState.Unchecked if left_out else Qt.CheckState.Checked
                    )
                    parent.addChild(child)
            self.files.expandAll()
            first = self.files.topLevelItem(0)
            if first is not None:
                self.files.setCurrentItem(first)
        finally:
            self._filling = False
        self.files.setVisible(bool(files))
        self.no_files.setVisible(not files)
        self.files_loaded.emit()

    def _on_file_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        uid = item.data(0, UID_ROLE)
        if self._filling or not uid:
            return
        if item.checkState(0) == Qt.CheckState.Checked:
            self._left_out.discard(uid)
        else:
            self._left_out.add(uid)

    # ------------------------------------------------------------------ the choice
    def file_items(self) -> list[QTreeWidgetItem]:
        found = []
        for top in range(self.files.topLevelItemCount()):
            parent = self.files.topLevelItem(top)
            if parent is None:
                continue
            for index in range(parent.childCount()):
                child = parent.child(index)
                if child is not None:
                    found.append(child)
        return found

    def chosen_fields(self) -> frozenset[str]:
        return frozenset(name for name, box in self.fields.items() if box.isChecked())

    def left_out_fields(self) -> list[str]:
        return [field_label(name) for name, box in self.fields.items() if not box.isChecked()]

    def chosen_attachments(self) -> frozenset[str]:
        return frozenset(
            str(item.data(0, UID_ROLE))
            for item in self.file_items()
            if item.checkState(0) == Qt.CheckState.Checked
        )

    def attachments_left_out(self) -> int:
        return sum(1 for item in self.file_items() if item.checkState(0) != Qt.CheckState.Checked)

    def cover_note(self) -> str:
        return self.note.toPlainText().strip()

    def contact_text(self) -> str:
        return self.contact.text().strip()

    def problem(self) -> str:
        if self._work.running or self._listed != self._wanted:
            return _("The evidence files are still loading. Wait a moment, then try again.")
        if len(self.cover_note()) > MAX_NOTE:
            extra = len(self.cover_note()) - MAX_NOTE
            return ngettext(
                "The cover note is {count} character too long. Shorten it, or put the "
                "details in a journal entry.",
                "The cover note is {count} characters too long. Shorten it, or put the "
                "details in a journal entry.",
                extra,
            ).format(count=extra)
        return ""

    def controls(self) -> list[QWidget]:
        return [*self.fields.values(), self.files, self.note, self.contact]

    def activate(self) -> None:
        next(iter(self.fields.values())).setFocus()
