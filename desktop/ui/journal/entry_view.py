# SPDX-License-Identifier: GPL-3.0-or-later
"""One entry, read: every field as plain text, its evidence files, and what can be done.

Titles, narratives, usernames and links are untrusted text (someone may paste anything):
they are shown as plain text only, each laid out in its own direction. Links are never
clickable and never fetched; a button copies one through the clipboard guard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, pgettext
from desktop.journal.store import Entry, Journal
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal import labels
from desktop.ui.journal.attachments import AttachmentsPanel
from desktop.ui.journal.entry_common import GuardedTextView
from desktop.ui.kit.direction import align_to_ui, follow_text
from desktop.ui.kit.text import breakable
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel


def _value_label(text: str) -> SafeLabel:
    label = SafeLabel(breakable(text))
    label.setAccessibleName(text)
    follow_text(label, text)
    return label


def _clear(layout: QLayout) -> None:
    """Remove and delete everything in `layout`, nested layouts included."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        inner = item.layout()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif inner is not None:
            _clear(inner)
            inner.deleteLater()


class EntryView(QWidget):
    edit_requested = Signal()
    history_requested = Signal()
    delete_requested = Signal()

    def __init__(
        self, journal: Journal, clipboard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entryView")
        self.setAcceptDrops(True)
        self._clipboard = clipboard
        self._entry: Entry | None = None

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.edit_button = QPushButton(_("Edit"))
        self.history_button = QPushButton(_("History"))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("danger")
        edit_keys = QKeySequence("Ctrl+E").toString(QKeySequence.SequenceFormat.NativeText)
        self.edit_button.setToolTip(_("Edit this entry ({shortcut})").format(shortcut=edit_keys))
        self.edit_button.setAccessibleName(_("Edit this entry"))
        self.history_button.setAccessibleName(_("Show the history of this entry"))
        self.delete_button.setAccessibleName(_("Delete this entry"))
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.history_button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        column.addLayout(actions)
        self.busy = BusyBar(_("Deleting the entry"))
        column.addWidget(self.busy)
        self.error = ErrorLabel()
        column.addWidget(self.error)

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("entryViewScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("entryViewBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 12, 12)
        self.body.setSpacing(10)
        self.title = SafeLabel()
        self.title.setObjectName("entryTitle")
        self.body.addWidget(self.title)
        self.meta = SafeLabel()
        self.meta.setObjectName("hint")
        self.body.addWidget(self.meta)

        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.when = SafeLabel()
        self.category = SafeLabel()
        self.severity = SafeLabel()
        self.severity.setObjectName("severity")
        self.place = SafeLabel()
        self.people_box = QVBoxLayout()
        self.links_box = QVBoxLayout()
        self.tags = SafeLabel()
        for box in (self.people_box, self.links_box):
            box.setSpacing(2)
        rows: list[tuple[str, QWidget | QVBoxLayout]] = [
            (_("When it happened"), self.when),
            (_("Category"), self.category),
            (_("Severity"), self.severity),
            (pgettext("entry field", "Place"), self.place),
            (_("People involved"), self.people_box),
            (_("Links"), self.links_box),
            (_("Tags"), self.tags),
        ]
        for text, field in rows:
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setObjectName("fieldLabel")
            self.form.addRow(label, field)
        self.body.addLayout(self.form)

        self.narrative_heading = SafeLabel(_("What happened"))
        self.narrative_heading.setObjectName("subheading")
        self.body.addWidget(self.narrative_heading)
        self.narrative = GuardedTextView(clipboard, _("What happened"), max_height=420)
        self.narrative.setObjectName("narrative")
        self.body.addWidget(self.narrative)

        self.attachments = AttachmentsPanel(journal, clipboard)
        self.body.addWidget(self.attachments)
        self.body.addStretch(1)
        self.scroll_area.setWidget(body)
        column.addWidget(self.scroll_area, 1)

        self.edit_shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        self.edit_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_button.clicked.connect(self.edit_requested)
        self.edit_shortcut.activated.connect(self._on_edit_shortcut)
        self.paste_shortcut.activated.connect(self.attachments.paste_screenshot)
        self.history_button.clicked.connect(self.history_requested)
        self.delete_button.clicked.connect(self.delete_requested)
        align_to_ui(self)

    # ------------------------------------------------------------------ showing
    @property
    def entry(self) -> Entry | None:
        return self._entry

    def set_entry(self, entry: Entry) -> None:
        same = self._entry is not None and self._entry.uid == entry.uid
        self._entry = entry
        content = entry.content
        self.error.clear_message()
        self.title.setText(breakable(content.title))
        self.title.setAccessibleName(content.title)
        follow_text(self.title, content.title)
        recorded = labels.format_timestamp(entry.recorded_at)
        if entry.revision <= 1:
            meta = _("Recorded {recorded}.").format(recorded=recorded)
        else:
            # Translators: under an entry's title; {number} counts the saved versions.
            meta = _("Recorded {recorded}. Last changed {changed} (version {number}).").format(
                recorded=recorded,
                changed=labels.format_timestamp(entry.updated_at),
                number=entry.revision,
            )
        self.meta.setText(meta)
        self.meta.setAccessibleName(meta)

        self._set_value(self.when, labels.format_occurred(content.occurred))
        self._set_value(self.category, labels.category_label(content.category))
        self.category.setToolTip(labels.category_description(content.category))
        self._set_value(self.severity, labels.severity_label(content.severity))
        self.severity.setProperty("level", content.severity)
        self.severity.style().unpolish(self.severity)
        self.severity.style().polish(self.severity)
        self._set_value(self.place, content.place)
        self.form.setRowVisible(3, bool(content.place))

        _clear(self.people_box)
        for person in content.people:
            if person.wiki:
                # Translators: a person involved: their username and the wiki it is on.
                text = _("{username} — {wiki}").format(username=person.username, wiki=person.wiki)
            else:
                text = person.username
            self.people_box.addWidget(_value_label(text))
        self.form.setRowVisible(4, bool(content.people))

        _clear(self.links_box)
        for number, link in enumerate(content.links, start=1):
            row = QHBoxLayout()
            row.addWidget(_value_label(link), 1)
            copy = QPushButton(_("Copy"))
            copy.setObjectName("small")
            copy.setAccessibleName(_("Copy link {number}").format(number=number))
            copy.setProperty("link", link)
            copy.clicked.connect(self._on_copy_link_clicked)
            row.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
            self.links_box.addLayout(row)
        self.form.setRowVisible(5, bool(content.links))

        self._set_value(self.tags, ", ".join(content.tags))
        self.form.setRowVisible(6, bool(content.tags))

        self.narrative.set_text(content.narrative)
        self.narrative_heading.setVisible(bool(content.narrative))
        self.narrative.setVisible(bool(content.narrative))
        self.attachments.set_entry(entry.uid, entry.attachments)
        if not same:
            self.scroll_area.verticalScrollBar().setValue(0)

    @staticmethod
    def _set_value(label: SafeLabel, text: str) -> None:
        label.setText(breakable(text))
        label.setAccessibleName(text)
        follow_text(label, text)

    def focus_first(self) -> None:
        self.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.edit_button, self.history_button, self.delete_button):
            button.setEnabled(not busy)
        self.edit_shortcut.setEnabled(not busy)

    def show_error(self, message: str) -> None:
        self.error.show_message(message)

    # ------------------------------------------------------------------ events
    def _on_edit_shortcut(self) -> None:
        if self.edit_button.isEnabled():
            self.edit_requested.emit()

    def _on_copy_link_clicked(self) -> None:
        sender = self.sender()
        link = sender.property("link") if sender is not None else None
        if isinstance(link, str) and isinstance(sender, QPushButton):
            self._clipboard.copy(link)
            # Translators: a "Copy" button's text just after it copied the link.
            sender.setText(_("Copied"))

    def _answer_drag(self, event: QDragMoveEvent) -> None:
        if self.attachments.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._answer_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._answer_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.attachments.accepts(event.mimeData()):
            event.acceptProposedAction()
            self.attachments.drop(event.mimeData())
        else:
            event.ignore()
