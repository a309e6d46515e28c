# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Security › Erase this vault: what erasing does and does not reach, stated
plainly, and a word to type before the button works.

A typed word, not a second click: erasing cannot be undone, and a click can land by mistake
or under pressure from someone standing by. The word is in the UI language (the volunteer's
keyboard writes it), compared without regard to case or Unicode form. Cancel is the default
button and Escape cancels.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _, pgettext
from desktop.ui.kit.direction import align_to_ui, follow_typed_direction
from desktop.ui.widgets import SafeLabel


def confirmation_word() -> str:
    # Translators: the word the volunteer must type to erase the vault; one common, short
    # word in your language that means "erase", written as people type it.
    return pgettext("typed to confirm erasing the vault", "erase")


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def matches(typed: str, word: str) -> bool:
    return bool(word) and _normalised(typed) == _normalised(word)


class EraseVaultDialog(QDialog):
    """Accepted only once the confirmation word was typed and the button pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(_("Erase this vault"))
        self.resize(620, 460)
        self.word = confirmation_word()
        column = QVBoxLayout(self)
        self.explanation = SafeLabel(
            _(
                "Erasing first destroys the key that unlocks your vault, then removes from "
                "this computer your journal, your evidence files, reports waiting in the "
                "outbox, your training progress and your settings. Nobody can recover them "
                "afterwards, not you and not Bastion.\n\n"
                "What it does not reach: reports you already sent or saved to files, and "
                "copies of the vault made elsewhere (a backup, another USB stick) — such a "
                "copy still opens with your passphrase. On some USB sticks and SSDs, pieces "
                "of the old files may remain in the storage itself, but without the key they "
                "are unreadable."
            )
        )
        column.addWidget(self.explanation)
        self.instruction = SafeLabel(
            _("To erase everything, type “{word}” below.").format(word=self.word)
        )
        column.addWidget(self.instruction)
        self.typed = QLineEdit()
        self.typed.setAccessibleName(
            _("Type “{word}” to confirm erasing the vault").format(word=self.word)
        )
        follow_typed_direction(self.typed)
        column.addWidget(self.typed)
        column.addStretch(1)
        row = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.erase_button = QPushButton(_("Erase everything now"))
        self.erase_button.setAccessibleName(self.erase_button.text())
        self.erase_button.setObjectName("danger")
        # Enter in the field must never erase: only the button does.
        self.erase_button.setAutoDefault(False)
        self.erase_button.setEnabled(False)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.erase_button)
        column.addLayout(row)
        align_to_ui(self)

        self.typed.textChanged.connect(self._on_typed_text_changed)
        self.cancel_button.clicked.connect(self.reject)
        self.erase_button.clicked.connect(self._on_erase_clicked)
        self.typed.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.typed.setFocus()  # not the default button: typing the word comes first

    def _on_typed_text_changed(self, text: str) -> None:
        self.erase_button.setEnabled(matches(text, self.word))

    def _on_erase_clicked(self) -> None:
        if matches(self.typed.text(), self.word):
            self.accept()
