# SPDX-License-Identifier: GPL-3.0-or-later
"""An entry's saved versions, newest first, each with what changed and its fingerprint."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext, pgettext
from desktop.journal import history
from desktop.journal.store import Journal, Revision
from desktop.messages import describe
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal import labels
from desktop.ui.kit.direction import align_to_ui, follow_text, isolate, ui_is_rtl
from desktop.ui.kit.text import breakable
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, Heading, SafeLabel

MAX_LINES = 60  # lines shown per side of one field's change; the rest are counted
SHORT_HASH = 12


@dataclass(frozen=True)
class VersionChanges:
    revision: Revision
    changes: tuple[history.Change, ...]


def load_history(journal: Journal, uid: str) -> list[VersionChanges]:
    """Every version with its changes from the one before, newest first (worker thread)."""
    revisions = journal.history(uid)
    result = []
    previous = None
    for revision in revisions:
        current = history.record(revision.content, revision.attachments)
        result.append(VersionChanges(revision, tuple(history.changes(previous, current))))
        previous = current
    result.reverse()
    return result


def field_name(name: str) -> str:
    names = {
        "title": lambda: _("Title"),
        "when": lambda: _("When it happened"),
        "category": lambda: _("Category"),
        "severity": lambda: _("Severity"),
        "place": lambda: pgettext("entry field", "Place"),
        "people": lambda: _("People involved"),
        "links": lambda: _("Links"),
        "narrative": lambda: _("What happened"),
        "tags": lambda: _("Tags"),
        "attachments": lambda: _("Evidence files"),
    }
    found = names.get(name)
    return found() if found else name


def _shown(name: str, line: str) -> str:
    if name == "category":
        return labels.category_label(line)
    if name == "severity":
        return labels.severity_label(line)
    return line


class HistoryView(QWidget):
    back_requested = Signal()

    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self._journal = journal
        self._clipboard = clipboard
        self._generation = 0
        self._lines: list[str] = []

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        top = QHBoxLayout()
        self.back_button = QPushButton(_("Back to the entry"))
        self.back_button.setAccessibleName(_("Back to the entry"))
        top.addWidget(self.back_button)
        top.addStretch(1)
        column.addLayout(top)
        self.heading = Heading(_("History"))
        column.addWidget(self.heading)
        self.entry_title = SafeLabel()
        self.entry_title.setObjectName("subheading")
        column.addWidget(self.entry_title)
        intro = SafeLabel(
            _(
                "Every save keeps a new version; earlier versions are never changed. Each "
                "version has a fingerprint that a report can cite: if a version were altered "
                "later, its fingerprint would no longer match."
            )
        )
        intro.setObjectName("hint")
        column.addWidget(intro)
        self.busy = BusyBar(_("Loading the history"))
        column.addWidget(self.busy)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._content = QWidget()
        self._versions = QVBoxLayout(self._content)
        self._versions.setContentsMargins(0, 0, 12, 12)
        self._versions.setSpacing(12)
        self._versions.addStretch(1)
        self.scroll_area.setWidget(self._content)
        column.addWidget(self.scroll_area, 1)

        self.back_button.clicked.connect(self.back_requested)
        align_to_ui(self)

    def text(self) -> str:
        """Everything shown, as plain text."""
        return "\n".join(self._lines)

    def focus_first(self) -> None:
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ loading
    def load(self, uid: str, title: str = "") -> None:
        """Show the versions of `uid` (loaded on a worker); `title` is the entry's title."""
        self._generation += 1
        self.entry_title.setText(breakable(title))
        self.entry_title.setAccessibleName(title)
        self.entry_title.setVisible(bool(title))
        follow_text(self.entry_title, title)
        self._clear()
        self.error.clear_message()
        self.busy.setVisible(True)
        journal = self._journal
        task = run_in_thread(
            attempt(self._generation, lambda: load_history(journal, uid), journal.vault)
        )
        task.succeeded.connect(self._on_loaded)
        task.failed.connect(log_crash)

    def clear(self) -> None:
        self._generation += 1
        self.busy.setVisible(False)
        self._clear()

    def _clear(self) -> None:
        self._lines = []
        while self._versions.count() > 1:
            item = self._versions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _on_loaded(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self.busy.setVisible(False)
        if outcome.error is not None:
            if not goes_unsaid(outcome.error, self._journal.vault):
                self.error.show_message(describe(outcome.error))
            return
        versions: list[VersionChanges] = outcome.value
        count = len(versions)
        heading = ngettext("History: {count} version", "History: {count} versions", count).format(
            count=count
        )
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        self._lines.append(heading)
        for index, version in enumerate(versions):
            self._versions.insertWidget(index, self._card(version))
        self.scroll_area.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ one version
    def _card(self, version: VersionChanges) -> QFrame:
        revision = version.revision
        card = QFrame()
        card.setObjectName("revision")
        column = QVBoxLayout(card)
        column.setContentsMargins(12, 10, 12, 10)
        column.setSpacing(4)

        title = _("Version {number}, saved {time}").format(
            number=revision.number, time=labels.format_timestamp(revision.saved_at)
        )
        header = SafeLabel(title)
        header.setObjectName("revisionTitle")
        header.setAccessibleName(title)
        column.addWidget(header)
        self._lines.append(title)

        fingerprint = _("Fingerprint (SHA-256): {hash}…").format(hash=revision.hash[:SHORT_HASH])
        hash_row = QHBoxLayout()
        hash_label = SafeLabel(fingerprint)
        hash_label.setObjectName("hint")
        hash_label.setToolTip(revision.hash)
        hash_label.setAccessibleName(fingerprint)
        hash_row.addWidget(hash_label, 1)
        copy = QPushButton(_("Copy fingerprint"))
        copy.setObjectName("small")
        copy.setAccessibleName(
            _("Copy the fingerprint of version {number}").format(number=revision.number)
        )
        copy.setProperty("hash", revision.hash)
        copy.clicked.connect(self._on_copy_clicked)
        hash_row.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(hash_row)
        self._lines.append(fingerprint)

        if revision.number == 1:
            note = _("The first version, as the entry was first saved.")
            self._add_line(column, note, "hint")
        elif not version.changes:
            self._add_line(column, _("No changes to the text or the files."), "hint")
        for change in version.changes:
            self._add_line(column, field_name(change.field), "changeField")
            self._add_side(column, change.field, change.removed, "\u2212", "removedLines")
            self._add_side(column, change.field, change.added, "+", "addedLines")
        align_to_ui(card)
        return card

    def _add_side(
        self, column: QVBoxLayout, name: str, lines: tuple[str, ...], mark: str, style: str
    ) -> None:
        if not lines:
            return
        # The content is isolated so each line starts with its mark at the UI's leading
        # edge, whatever the direction of the text after it.
        shown = [f"{mark} {isolate(_shown(name, line))}" for line in lines[:MAX_LINES]]
        hidden = len(lines) - MAX_LINES
        if hidden > 0:
            shown.append(
                ngettext("…and {count} more line", "…and {count} more lines", hidden).format(
                    count=hidden
                )
            )
        text = "\n".join(shown)
        # A mark of the UI's direction opens each line, so the +/− sits at its leading
        # edge even when nothing outside the isolated content has a direction.
        mark_of_ui = "\u200f" if ui_is_rtl() else "\u200e"
        display = "\n".join(mark_of_ui + line for line in shown)
        self._add_line(column, text, style, display=display)

    def _add_line(
        self, column: QVBoxLayout, text: str, style: str, *, display: str = ""
    ) -> SafeLabel:
        label = SafeLabel(breakable(display or text))
        label.setObjectName(style)
        label.setAccessibleName(text)
        column.addWidget(label)
        self._lines.append(text)
        return label

    def _on_copy_clicked(self) -> None:
        sender = self.sender()
        value = sender.property("hash") if sender is not None else None
        if isinstance(value, str) and isinstance(sender, QPushButton):
            self._clipboard.copy(value)
            sender.setText(_("Copied"))
