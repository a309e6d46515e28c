# SPDX-License-Identifier: GPL-3.0-or-later
"""The people involved in an incident, in the editor: rows of username and wiki."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.journal.model import Person
from desktop.ui.kit.direction import follow_typed_direction
from desktop.ui.widgets import SafeLabel


class _PersonRow:
    def __init__(self, person: Person) -> None:
        self.username = QLineEdit(person.username)
        self.wiki = QLineEdit(person.wiki)
        # Translators: placeholder in the "wiki or platform" field of a person involved.
        self.wiki.setPlaceholderText(_("e.g. en.wikipedia.org"))
        # Translators: button that removes one person from the list of people involved.
        self.remove = QPushButton(_("Remove"))
        for field in (self.username, self.wiki):
            follow_typed_direction(field)

    def name(self, number: int) -> None:
        # Screen readers announce each row's fields with the row's number.
        self.username.setAccessibleName(_("Username of person {number}").format(number=number))
        self.wiki.setAccessibleName(_("Wiki or platform of person {number}").format(number=number))
        self.remove.setAccessibleName(_("Remove person {number}").format(number=number))

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.username, self.wiki, self.remove)


class PeopleEditor(QWidget):
    """Edits a list of `Person`; emits `changed` on every edit."""

    changed = Signal()
    rows_changed = Signal()  # rows added or removed: the tab order around them changes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_PersonRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.username_header = SafeLabel(_("Username"))
        # Translators: column header: the wiki (or other website) the username belongs to.
        self.wiki_header = SafeLabel(_("Wiki or platform"))
        for header in (self.username_header, self.wiki_header):
            header.setObjectName("hint")
        self.grid.addWidget(self.username_header, 0, 0)
        self.grid.addWidget(self.wiki_header, 0, 1)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        column.addLayout(self.grid)
        self.add_button = QPushButton(_("Add a person"))
        self.add_button.setAccessibleName(_("Add a person"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_clicked)

    # ------------------------------------------------------------------ values
    def set_people(self, people: tuple[Person, ...]) -> None:
        for row in self._rows:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.hide()  # at once: deletion waits for the event loop
                widget.deleteLater()
        self._rows = []
        for person in people or (Person(""),):
            self._append(person)
        self._relayout()

    def people(self) -> tuple[Person, ...]:
        """Every row as typed (the journal drops rows without a username)."""
        return tuple(Person(row.username.text(), row.wiki.text()) for row in self._rows)

    def raw(self) -> tuple[tuple[str, str], ...]:
        """What is typed, blank rows left out: to tell whether anything changed."""
        return tuple(
            (row.username.text().strip(), row.wiki.text().strip())
            for row in self._rows
            if row.username.text().strip() or row.wiki.text().strip()
        )

    def focus_widgets(self) -> list[QWidget]:
        """The fields in tab order, then the add button."""
        widgets: list[QWidget] = []
        for row in self._rows:
            widgets.extend(row.widgets())
        widgets.append(self.add_button)
        return widgets

    def first_field(self) -> QWidget:
        return self._rows[0].username if self._rows else self.add_button

    # ------------------------------------------------------------------ rows
    def _append(self, person: Person) -> _PersonRow:
        row = _PersonRow(person)
        row.username.textChanged.connect(self.changed)
        row.wiki.textChanged.connect(self.changed)
        row.remove.clicked.connect(self._on_remove_clicked)
        self._rows.append(row)
        return row

    def _relayout(self) -> None:
        for index, row in enumerate(self._rows):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, index + 1, column)
                widget.show()  # now, not at the next event loop pass: focus may go there
            row.name(index + 1)
        headers_shown = bool(self._rows)
        self.username_header.setVisible(headers_shown)
        self.wiki_header.setVisible(headers_shown)
        chain = self.focus_widgets()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.rows_changed.emit()

    def _on_add_clicked(self) -> None:
        row = self._append(Person(""))
        self._relayout()
        row.username.setFocus()
        self.changed.emit()

    def _on_remove_clicked(self) -> None:
        sender = self.sender()
        index = next((i for i, row in enumerate(self._rows) if row.remove is sender), -1)
        if index < 0:
            return
        row = self._rows.pop(index)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._relayout()
        # Keyboard users stay in the list: on the next row's name, or on "Add a person".
        following = self._rows[index] if index < len(self._rows) else None
        (following.username if following else self.add_button).setFocus()
        self.changed.emit()
