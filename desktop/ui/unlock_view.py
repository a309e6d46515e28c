# SPDX-License-Identifier: GPL-3.0-or-later
"""The unlock screen: shown at start and whenever the vault locks, covering everything."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.i18n import _, ngettext
from desktop.ui.widgets import (
    BusyBar,
    ErrorLabel,
    Heading,
    PassphraseEdit,
    RevealCheckBox,
    SafeLabel,
    centred_column,
)


def _wait_line(seconds: int) -> str:
    return ngettext(
        "You can try again in {count} second.", "You can try again in {count} seconds.", seconds
    ).format(count=seconds)


class UnlockView(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockView")
        column = centred_column(self, 520, (32, 48, 32, 24), stretch_above=1)
        self.heading = Heading(_("Bastion is locked"))
        column.addWidget(self.heading)
        self.prompt = SafeLabel(_("Enter your passphrase to open your vault."))
        column.addWidget(self.prompt)
        self.passphrase = PassphraseEdit(_("Passphrase"))
        self.passphrase.setPlaceholderText(_("Passphrase"))
        column.addWidget(self.passphrase)
        self.reveal = RevealCheckBox(_("Show passphrase"), self.passphrase)
        column.addWidget(self.reveal)
        self.error = ErrorLabel()
        column.addWidget(self.error)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Unlocking"))
        column.addWidget(self.busy)
        self.busy_label = SafeLabel(_("Unlocking…"))
        self.busy_label.setVisible(False)
        column.addWidget(self.busy_label)
        # After wrong passphrases: the seconds left before the next try, counting down.
        self.wait_label = SafeLabel("")
        self.wait_label.setObjectName("hint")
        self.wait_label.setVisible(False)
        column.addWidget(self.wait_label)
        self._wait_left = 0
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(1000)
        self._wait_timer.timeout.connect(self._tick)
        # Translators: button that opens the vault with the passphrase typed above.
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.unlock_button)
        column.addLayout(actions)

        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.passphrase.returnPressed.connect(self._on_unlock_clicked)

    def _on_unlock_clicked(self) -> None:
        if self.busy.isVisible() or not self.passphrase.text():
            return
        self.error.clear_message()
        self.set_busy(True)
        passphrase = self.passphrase.text()
        # The field is cleared at once: the passphrase is not left in the widget tree.
        self.passphrase.wipe()
        self.unlock_requested.emit(passphrase)

    def set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)

    def show_failure(self, message: str, wait_seconds: int = 0) -> None:
        """Say why the vault did not open; after too many wrong passphrases, no new try
        until `wait_seconds` have passed (the vault refuses one anyway; this says when)."""
        self.set_busy(False)
        if message:
            self.error.show_message(message)
        else:
            self.error.clear_message()
        self._wait_left = wait_seconds
        if wait_seconds > 0:
            self.passphrase.setEnabled(False)
            self.unlock_button.setEnabled(False)
            self.wait_label.setText(_wait_line(wait_seconds))
            self.wait_label.setVisible(True)
            self._wait_timer.start()
            return
        self.passphrase.setFocus()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left > 0:
            self.wait_label.setText(_wait_line(self._wait_left))
            return
        self._end_wait()

    def _end_wait(self) -> None:
        self._wait_timer.stop()
        self._wait_left = 0
        self.wait_label.setVisible(False)
        self.passphrase.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.passphrase.setFocus()

    def show_unusable(self, message: str) -> None:
        """The vault cannot be opened at all (e.g. its key file is missing)."""
        self.error.show_message(message)
        self.passphrase.setEnabled(False)
        self.unlock_button.setEnabled(False)

    def reset(self) -> None:
        # A wait still running is kept: locking again or quick exit must not cut it short.
        if self._wait_left > 0:
            self.passphrase.wipe()
            return
        self.set_busy(False)
        self.reveal.setChecked(False)
        self.passphrase.wipe()
        self.error.clear_message()
        self.passphrase.setFocus()
