# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Security: change the passphrase, remove a training pack you added, and erase
the vault. Withdrawing trust in an organisation is on that organisation's card, under
Organisations and keys, where its fingerprints are; this section says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.messages import describe
from desktop.training.store import Training
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.factories import button, hint, subheading
from desktop.ui.kit.work import Outcome, attempt, goes_unsaid, log_crash
from desktop.ui.security.erase_dialog import EraseVaultDialog
from desktop.ui.security.passphrase_dialog import ChangePassphraseDialog
from desktop.ui.session import Session
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import ErrorLabel, SafeLabel

PACK_ROLE = Qt.ItemDataRole.UserRole
BUNDLED_ROLE = Qt.ItemDataRole.UserRole + 1  # the row updates the pack Bastion came with


def pack_rows(training: Training, language: str) -> list[tuple[str, str, bool]]:
    """(pack id, "Title, version N", an update of the bundled pack) per installed pack."""
    titles = {pack.id: pack.title.get(language) for pack in training.packs()}
    bundled = training.bundled().id
    return [
        (
            row.pack_id,
            _("{title}, version {version}").format(
                title=isolate(titles.get(row.pack_id, row.pack_id)), version=row.version
            ),
            row.pack_id == bundled,
        )
        for row in training.installed()
    ]


class SecurityPanel(QGroupBox):
    packs_changed = Signal()  # a pack was removed: the Learn area reloads
    passphrase_changed = Signal()

    def __init__(self, session: Session, language: str) -> None:
        super().__init__(_("Security"))
        self.setObjectName("security")
        self._session = session
        self._language = language
        self._generation = 0
        column = QVBoxLayout(self)

        column.addWidget(subheading(_("Passphrase")))
        self.change_button = button(_("Change passphrase…"))
        column.addLayout(_left(self.change_button))
        self.changed_note = SafeLabel(_("The passphrase was changed. Use the new one from now on."))
        self.changed_note.setVisible(False)
        column.addWidget(self.changed_note)

        column.addWidget(subheading(_("Training packs you added")))
        self.packs = QListWidget()
        self.packs.setAccessibleName(_("Training packs you added"))
        self.packs.setMaximumHeight(120)
        column.addWidget(self.packs)
        self.no_packs = hint(
            _("You have added no training packs. The one that comes with Bastion stays.")
        )
        column.addWidget(self.no_packs)
        self.remove_pack_button = button(_("Remove pack…"), _("Remove the selected training pack"))
        column.addLayout(_left(self.remove_pack_button))

        column.addWidget(subheading(_("Organisations")))
        column.addWidget(
            hint(
                _(
                    "To stop trusting an organisation, choose “Withdraw trust…” on its card "
                    "under Organisations and keys."
                )
            )
        )

        column.addWidget(subheading(_("Erase this vault")))
        column.addWidget(
            hint(
                _(
                    "Destroys the key and removes everything Bastion keeps on this computer. "
                    "It cannot be undone."
                )
            )
        )
        self.erase_button = button(_("Erase this vault…"), object_name="danger")
        column.addLayout(_left(self.erase_button))
        self.error = ErrorLabel()
        column.addWidget(self.error)
        align_to_ui(self)

        self.change_button.clicked.connect(self.change_passphrase)
        self.remove_pack_button.clicked.connect(self.remove_selected_pack)
        self.erase_button.clicked.connect(self.erase)
        self.packs.currentRowChanged.connect(self._update_buttons)
        self.reload_packs()

    # ------------------------------------------------------------------ passphrase
    def change_passphrase(self) -> ChangePassphraseDialog:
        dialog = ChangePassphraseDialog(self._session, self)
        dialog.changed.connect(self._on_passphrase_changed)
        self.changed_note.setVisible(False)
        dialog.open()
        return dialog

    def _on_passphrase_changed(self) -> None:
        self.changed_note.setVisible(True)
        self.passphrase_changed.emit()

    # ------------------------------------------------------------------ packs
    def _run(self, function: Callable[[], object], on_done: Callable[[Outcome], None]) -> None:
        """Vault work on a worker; only the newest one's outcome is used."""
        self._generation += 1
        task = run_in_thread(attempt(self._generation, function, self._session.vault))
        task.succeeded.connect(on_done)
        task.failed.connect(log_crash)

    def _settled(self, outcome: Outcome) -> bool:
        """True when `outcome` is the newest work's and succeeded; its error is shown."""
        if outcome.generation != self._generation:
            return False
        if outcome.error is not None:
            self._show_error(outcome.error)
            return False
        return True

    def reload_packs(self) -> None:
        training, language = Training(self._session.vault), self._language
        self._run(lambda: pack_rows(training, language), self._on_packs_loaded)

    def _on_packs_loaded(self, outcome: Outcome) -> None:
        if not self._settled(outcome):
            return
        self.packs.clear()
        for pack_id, text, bundled in outcome.value:
            item = QListWidgetItem(text)
            item.setData(PACK_ROLE, pack_id)
            item.setData(BUNDLED_ROLE, bundled)
            self.packs.addItem(item)
        self.packs.setVisible(self.packs.count() > 0)
        self.no_packs.setVisible(self.packs.count() == 0)
        self._update_buttons()

    def _update_buttons(self, _row: int = -1) -> None:
        self.remove_pack_button.setVisible(self.packs.count() > 0)
        self.remove_pack_button.setEnabled(self.packs.currentRow() >= 0)

    def remove_selected_pack(self) -> None:
        if self.packs.currentRow() < 0:
            return
        item = self.packs.currentItem()
        pack_id = str(item.data(PACK_ROLE))
        if item.data(BUNDLED_ROLE):
            text = _(
                "Remove {pack}?\n\nBastion goes back to the version of this pack it came "
                "with. Your progress is kept."
            ).format(pack=item.text())
        else:
            text = _(
                "Remove {pack}?\n\nIts lessons and your progress in it (lessons read, "
                "checklists, quiz results) are removed from the vault. You can add it again "
                "from its file later, starting over."
            ).format(pack=item.text())
        if not confirm(self, title=_("Remove pack"), text=text, accept_label=_("Remove pack")):
            return
        vault = self._session.vault
        self._run(lambda: Training(vault).remove(pack_id), self._on_pack_removed)

    def _on_pack_removed(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        if self._settled(outcome):
            self.packs_changed.emit()
        self.reload_packs()

    # ------------------------------------------------------------------ erase
    def erase(self) -> None:
        dialog = EraseVaultDialog(self)
        dialog.accepted.connect(self._on_erase_confirmed)
        dialog.open()

    def _on_erase_confirmed(self) -> None:
        self._session.erase(
            _(
                "Your vault was erased: its key was destroyed and its files were removed from "
                "this computer. You can create a new vault below, or close Bastion."
            )
        )

    def _show_error(self, exc: Exception) -> None:
        if not goes_unsaid(exc, self._session.vault):
            self.error.show_message(describe(exc))


def _left(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row
