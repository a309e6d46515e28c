# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Security › Change passphrase: the current one, the new one twice, the same
strength rules and meter as the first run.

Only the key that unlocks the vault is re-made (Vault.change_passphrase): one Argon2id
derivation to check the current passphrase, one for the new, a few seconds on purpose, on a
worker while a bar moves. The new key header replaces the old in one atomic rename, so a crash
or a power cut at any moment leaves either the old passphrase or the new one working, never
neither (tests/reliability kills `passwd` to prove it). A wrong current passphrase counts as a
wrong try, like at the lock screen; if it triggers the volunteer's erase rule, the session is
locked and the first-run screen says what happened.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.errors import BastionError
from desktop.i18n import _
from desktop.messages import describe
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.session import Session
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import (
    BusyBar,
    ErrorLabel,
    PassphraseEdit,
    RevealCheckBox,
    SafeLabel,
    StrengthMeter,
)
from desktop.vault import VaultState
from desktop.vault import passphrase as rules


class ChangePassphraseDialog(QDialog):
    """Emits `changed()` and closes once the new passphrase is in force."""

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._working = False
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Change the passphrase"))
        self.resize(600, 420)
        column = QVBoxLayout(self)
        column.addWidget(
            SafeLabel(
                _(
                    "Change it if someone may have seen you type it or learned it. Your "
                    "journal and everything else stay as they are; only the key that unlocks "
                    "the vault is made again. If you have a copy of this vault elsewhere, that "
                    "copy still opens with the old passphrase."
                )
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.current = PassphraseEdit(_("Current passphrase"))
        self.new = PassphraseEdit(_("New passphrase"))
        self.confirmation = PassphraseEdit(_("Repeat the new passphrase"))
        form.addRow(_("Current passphrase"), self.current)
        form.addRow(_("New passphrase"), self.new)
        # Translators: form label next to the second field for the new passphrase.
        form.addRow(_("Repeat new passphrase"), self.confirmation)
        self.reveal = RevealCheckBox(
            _("Show passphrases"), self.current, self.new, self.confirmation
        )
        form.addRow("", self.reveal)
        self.meter = StrengthMeter(_("New passphrase strength"))
        form.addRow(_("Strength"), self.meter)
        column.addLayout(form)
        self.error = ErrorLabel()
        column.addWidget(self.error)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Changing the passphrase"))
        self.busy_label = SafeLabel(
            _("Changing the passphrase. Making the new key takes a few seconds on purpose…")
        )
        self.busy_label.setVisible(False)
        column.addWidget(self.busy)
        column.addWidget(self.busy_label)
        column.addStretch(1)
        row = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.change_button = QPushButton(_("Change passphrase"))
        self.change_button.setAccessibleName(self.change_button.text())
        self.change_button.setObjectName("primary")
        # Enter moves from field to field and changes from the last one (returnPressed
        # below); a default button would also fire on the first Enter, half-typed.
        for widget in (self.cancel_button, self.change_button):
            widget.setAutoDefault(False)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.change_button)
        column.addLayout(row)
        align_to_ui(self)

        self.new.textChanged.connect(self._on_new_text_changed)
        self.current.textChanged.connect(self._clear_verdict)
        self.confirmation.textChanged.connect(self._clear_verdict)
        self.current.returnPressed.connect(self.new.setFocus)
        self.new.returnPressed.connect(self.confirmation.setFocus)
        self.confirmation.returnPressed.connect(self.change)
        self.cancel_button.clicked.connect(self.reject)
        self.change_button.clicked.connect(self.change)
        # At a lock (idle, Lock, quick exit) nothing of the vault stays on screen, even
        # while the new key is being made (the work finishes; its result goes nowhere).
        session.lock_started.connect(self._on_lock_started)
        self.current.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Typing starts in the first field, not on the default button Qt would pick.
        self.current.setFocus()

    @property
    def is_working(self) -> bool:
        return self._working

    def _on_new_text_changed(self, text: str) -> None:
        self._clear_verdict()
        self.meter.show_strength(text)

    def _clear_verdict(self, _text: str = "") -> None:
        # A verdict is about text that is no longer there once either field changes.
        if not self._working:
            self.error.clear_message()

    def change(self) -> None:
        if self._working:
            return
        old, new = self.current.text(), self.new.text()
        try:
            rules.check_new_passphrase(new, self.confirmation.text())
        except BastionError as exc:
            self.error.show_message(describe(exc))
            self.new.setFocus()
            return
        self.error.clear_message()
        self._set_working(True)
        vault = self._session.vault
        run_in_thread(lambda: vault.change_passphrase(old, new), self._on_done, self._on_failed)

    def _set_working(self, working: bool) -> None:
        self._working = working
        for widget in (self.current, self.new, self.confirmation, self.change_button):
            widget.setEnabled(not working)
        self.cancel_button.setEnabled(not working)
        self.busy.setVisible(working)
        self.busy_label.setVisible(working)

    def _on_done(self, _result: object) -> None:
        self._set_working(False)
        self._wipe()
        self.changed.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_working(False)
        if self._session.state() is VaultState.ABSENT:
            # The wrong try set off the volunteer's own erase rule: the vault is gone.
            self._wipe()
            self.reject()
            self._session.report_erased(describe(exc))
            return
        self.current.clear()  # first: clearing a field clears the verdict line too
        self.error.show_message(describe(exc))
        self.current.setFocus()

    def _on_lock_started(self) -> None:
        self._working = False
        self.reject()

    def _wipe(self) -> None:
        self.reveal.setChecked(False)
        for field in (self.current, self.new, self.confirmation):
            field.wipe()

    def reject(self) -> None:
        # Escape or closing the window while the new key is being made: it finishes anyway
        # (stopping half-way is what the atomic rename is there for), so stay and say so.
        if self._working:
            return
        self._wipe()
        super().reject()
