# SPDX-License-Identifier: GPL-3.0-or-later
"""The panel's two sections: organisation profiles, and keys added by hand.

Each section has its rows (rows.py), a line for when it is empty, and the buttons that add to
it. The rows are rebuilt whole at each reload; Tab then follows the page from top to bottom,
and the panel puts focus back on the row the person acted on. What the rows' and sections'
buttons do is the panel's (panel.py): a row's buttons ask through this widget's signals.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.kit.factories import button, hint, subheading
from desktop.ui.profiles.jobs import Known
from desktop.ui.profiles.rows import ProfileRow, RecipientRow, RowList, button_row

ORG = "org"  # a row for an organisation profile; its key is the org_id (str)
KEY = "key"  # a row for a key added by hand; its key is the recipient's id (int)


class KeyLists(QWidget):
    check_requested = Signal(str, object)  # ORG or KEY, and the row's key
    remove_requested = Signal(str, object)
    withdraw_requested = Signal(str)  # an organisation's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_rows: dict[str, ProfileRow] = {}
        self.recipient_rows: dict[int, RecipientRow] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)  # as the panel's own column: the sections read as part of it

        column.addWidget(subheading(_("Organisations")))
        self.profiles_list = RowList()
        column.addWidget(self.profiles_list)
        self.profiles_empty = hint(_("No organisation profile yet."))
        column.addWidget(self.profiles_empty)
        self.import_button = button(_("Import a profile…"))
        self.open_kit_button = button(_("Open a kit…"))
        column.addLayout(button_row(self.import_button, self.open_kit_button))
        self.import_hint = hint(
            _(
                "Your organisation gives you its profile as a file, with its signature beside "
                "it: the same name with “.minisig” added (for example wmf.json and "
                "wmf.json.minisig). Keep both in the same folder and choose the profile. A "
                "trainer's kit is a folder with the profile, training and installers: open the "
                "whole folder."
            )
        )
        column.addWidget(self.import_hint)

        column.addWidget(subheading(_("Keys added by hand")))
        self.recipients_list = RowList()
        column.addWidget(self.recipients_list)
        self.recipients_empty = hint(_("No key added by hand."))
        column.addWidget(self.recipients_empty)
        self.add_key_button = button(_("Add a key by hand…"))
        self.own_key_button = button(_("Add my own backup key…"))
        column.addLayout(button_row(self.add_key_button, self.own_key_button))

    def show_known(self, known: Known) -> None:
        """Rebuild both sections' rows from what the vault holds."""
        today = date.today()
        self.profile_rows = {}
        self.recipient_rows = {}
        profiles: list[QWidget] = []
        for stored in known.profiles:
            row = ProfileRow(stored, today)
            org_id = stored.profile.org_id
            row.check_button.clicked.connect(
                lambda _c=False, o=org_id: self.check_requested.emit(ORG, o)
            )
            row.remove_button.clicked.connect(
                lambda _c=False, o=org_id: self.remove_requested.emit(ORG, o)
            )
            row.withdraw_button.clicked.connect(
                lambda _c=False, o=org_id: self.withdraw_requested.emit(o)
            )
            profiles.append(row)
            self.profile_rows[org_id] = row
        recipients: list[QWidget] = []
        for recipient in known.recipients:
            item = RecipientRow(recipient)
            rid = recipient.id
            item.check_button.clicked.connect(
                lambda _c=False, r=rid: self.check_requested.emit(KEY, r)
            )
            item.remove_button.clicked.connect(
                lambda _c=False, r=rid: self.remove_requested.emit(KEY, r)
            )
            recipients.append(item)
            self.recipient_rows[rid] = item
        self.profiles_list.set_rows(profiles)
        self.recipients_list.set_rows(recipients)
        self.profiles_empty.setVisible(not self.profile_rows)
        self.recipients_empty.setVisible(not self.recipient_rows)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab follows the page from top to bottom: new rows would otherwise come last."""
        order: list[QWidget] = []
        for row in self.profile_rows.values():
            order += [row.check_button, row.remove_button]
        order += [self.import_button, self.open_kit_button]
        for item in self.recipient_rows.values():
            order += [item.check_button, item.remove_button]
        order += [self.add_key_button, self.own_key_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_row(self, kind: str, key: object) -> None:
        """Focus the row's first button; its section's add button when the row is gone."""
        row: ProfileRow | RecipientRow | None
        fallback: QPushButton
        if kind == ORG:
            row, fallback = self.profile_rows.get(str(key)), self.import_button
        else:
            row = self.recipient_rows.get(key) if isinstance(key, int) else None
            fallback = self.add_key_button
        (row.check_button if row is not None else fallback).setFocus()
