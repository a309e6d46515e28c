# SPDX-License-Identifier: GPL-3.0-or-later
"""Add a key by hand: a name and an age public key ("age1…"), for a person or team without an
organisation profile, or the volunteer's own backup key.

The key is added on a worker (desktop.profiles checks it and stores it unconfirmed); what was
wrong is shown here, beside the fields. Once added, the panel opens the fingerprint check.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.messages import describe
from desktop.profiles import ManualRecipient, Profiles, RecipientLabelInvalidError
from desktop.profiles.checks import MAX_LABEL
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.profiles.actions import Actions
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel
from desktop.vault import Vault
from desktop.vault.errors import VaultLockedError

AGE_SECRET_PREFIX = "AGE-SECRET-KEY-"  # noqa: S105 - a prefix to recognise, not a secret


class AddKeyDialog(QDialog):
    """Emits `added(ManualRecipient)` and closes once the key is stored."""

    added = Signal(object)

    def __init__(self, vault: Vault, own: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self.own = own
        self.runner = Actions(vault, self._on_refused, self)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 320)
        column = QVBoxLayout(self)
        if own:
            self.setWindowTitle(_("Add my own backup key"))
            intro = _(
                "Your own backup key lets you open your reports yourself later. Make it on a "
                "device you trust (bastion keygen or age-keygen), keep its secret part offline, "
                "and paste only its public key here: it starts with “age1”."
            )
        else:
            self.setWindowTitle(_("Add a key by hand"))
            intro = _(
                "For a person or team that has no organisation profile. Ask them for their age "
                "public key (it starts with “age1”) in person or over a channel you trust. Next, "
                "you will compare its fingerprint with them."
            )
        self.intro = SafeLabel(intro)
        column.addWidget(self.intro)

        form = QFormLayout()
        self.label_edit = QLineEdit()
        self.label_edit.setMaxLength(MAX_LABEL)
        self.label_edit.setAccessibleName(_("Name"))
        if own:
            self.label_edit.setText(_("My backup key"))
        else:
            self.label_edit.setPlaceholderText(_("For example: Safety team on-call"))
        form.addRow(_("Name"), self.label_edit)
        self.key_edit = QLineEdit()
        self.key_edit.setAccessibleName(_("Public key"))
        self.key_edit.setPlaceholderText("age1…")
        self.key_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # A key reads left to right in every language.
        self.key_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.key_edit.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        form.addRow(_("Public key"), self.key_edit)
        column.addLayout(form)

        self.error = ErrorLabel()
        column.addWidget(self.error)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Adding the key"))
        column.addWidget(self.busy)
        column.addStretch(1)

        row = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.add_button = QPushButton(_("Add and check the fingerprint"))
        self.add_button.setAccessibleName(self.add_button.text())
        self.add_button.setObjectName("primary")
        self.add_button.setDefault(True)  # adding trusts nothing yet: the check comes next
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.add_button)
        column.addLayout(row)
        align_to_ui(self)

        self.runner.running_changed.connect(self._on_running_changed)
        self.cancel_button.clicked.connect(self.reject)
        self.add_button.clicked.connect(self._on_add_clicked)
        (self.key_edit if own else self.label_edit).setFocus()

    @property
    def is_working(self) -> bool:
        return self.runner.running

    def _on_add_clicked(self) -> None:
        self.error.clear_message()
        vault, own = self._vault, self.own
        label, key = self.label_edit.text().strip(), self.key_edit.text().strip()
        self.runner.run(lambda: Profiles(vault).add_recipient(label, key, own=own), self._on_added)

    def _on_running_changed(self, running: bool) -> None:
        self.busy.setVisible(running)
        self.add_button.setEnabled(not running)

    def _on_added(self, recipient: ManualRecipient) -> None:
        self.added.emit(recipient)
        self.accept()

    def _on_refused(self, exc: Exception) -> None:
        if isinstance(exc, VaultLockedError) or not self._vault.is_unlocked:
            return  # the dialog is closing with the lock
        # A secret key pasted by mistake does not stay on screen (someone may be watching).
        if self.key_edit.text().strip().upper().startswith(AGE_SECRET_PREFIX):
            self.key_edit.clear()
        self.error.show_message(describe(exc))
        about_label = isinstance(exc, RecipientLabelInvalidError)
        (self.label_edit if about_label else self.key_edit).setFocus()
