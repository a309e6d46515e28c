# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Wrong passphrases: the opt-in rule that erases the vault after too many.

Off by default. Turning it on (or making it stricter) asks first, in plain words, because it
can destroy everything: someone who takes the computer can type wrong passphrases on purpose.
The rule is kept beside the key header (desktop.vault.attempts), since it must be read while
the vault is locked; the write is a few bytes, done at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QVBoxLayout, QWidget

from desktop.errors import BastionError
from desktop.i18n import _, ngettext
from desktop.messages import describe
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.factories import hint
from desktop.ui.widgets import ErrorLabel
from desktop.vault.attempts import ERASE_CHOICES, WARN_WITHIN, Attempts


class EraseAfterPanel(QGroupBox):
    def __init__(self, attempts: Attempts, parent: QWidget | None = None) -> None:
        super().__init__(_("Wrong passphrases"), parent)
        self.setObjectName("eraseAfter")
        self.attempts = attempts
        column = QVBoxLayout(self)
        column.addWidget(
            hint(
                _(
                    "After three wrong passphrases in a row, Bastion makes you wait before the "
                    "next try, longer each time."
                )
            )
        )
        self.choice = QComboBox()
        self.choice.setAccessibleName(_("Erase the vault after wrong passphrases"))
        self.choice.addItem(_("Never erase the vault"), 0)
        for count in ERASE_CHOICES:
            self.choice.addItem(
                ngettext(
                    "Erase the vault after {count} wrong passphrase in a row",
                    "Erase the vault after {count} wrong passphrases in a row",
                    count,
                ).format(count=count),
                count,
            )
        # As wide as its longest choice at the text size in use, not a fixed width that cuts
        # the text off at a larger size; never the whole row either.
        column.addWidget(self.choice, 0, Qt.AlignmentFlag.AlignLeading)
        column.addWidget(
            hint(
                _(
                    "Leave this off unless losing everything is better for you than someone "
                    "reading it: anyone who has your computer can type wrong passphrases on "
                    "purpose, and your own typing mistakes count too."
                )
            )
        )
        self.error = ErrorLabel()
        column.addWidget(self.error)
        self._current = attempts.load().erase_after or 0
        self._select(self._current)
        self.choice.currentIndexChanged.connect(self._on_choice_index_changed)

    def _select(self, count: int) -> None:
        self.choice.blockSignals(True)
        self.choice.setCurrentIndex(max(self.choice.findData(count), 0))
        self.choice.blockSignals(False)

    def _on_choice_index_changed(self, _index: int) -> None:
        chosen = int(self.choice.currentData())
        stricter = chosen and (not self._current or chosen < self._current)
        if stricter and not self._confirmed(chosen):
            self._select(self._current)
            return
        self.error.clear_message()
        try:
            self.attempts.set_erase_after(chosen or None)
        except BastionError as exc:  # a full or read-only disk: the old rule stays
            self.error.show_message(describe(exc))
            self._select(self._current)
            return
        self._current = chosen

    def _confirmed(self, count: int) -> bool:
        return confirm(
            self,
            title=_("Erase the vault after wrong passphrases?"),
            text=ngettext(
                "If a wrong passphrase is typed {count} time in a row, by you or by anyone "
                "else, Bastion erases this vault and everything in it. This cannot be undone: "
                "nothing can be recovered. Bastion warns when {warn} tries are left.",
                "If a wrong passphrase is typed {count} times in a row, by you or by anyone "
                "else, Bastion erases this vault and everything in it. This cannot be undone: "
                "nothing can be recovered. Bastion warns when {warn} tries are left.",
                count,
            ).format(count=count, warn=WARN_WITHIN),
            accept_label=_("Turn on erasing"),
        )
