# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings → Organisations and keys: whom reports can be encrypted to.

Lists the organisation profiles and the keys added by hand, each with whether its
fingerprints were confirmed. Importing a profile or adding a key stores it unconfirmed and
goes straight to the fingerprint check (fingerprint_dialog.py); nothing is encrypted to a key
until the person has chosen "They all match" there (desktop/profiles/store.py enforces it).

The panel does the actions: import, check, confirm, remove, add a key. The sections and
their rows are lists.py (and rows.py). Vault work runs on workers, one action at a time;
results reach bound methods (PySide drops them when the panel is destroyed at lock). Errors
are shown through desktop.messages only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from desktop.errors import BastionError
from desktop.i18n import _
from desktop.messages import describe
from desktop.profiles import (
    ManualRecipient,
    Profiles,
)
from desktop.ui.kit import dialogs
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.factories import hint, subheading
from desktop.ui.kit.work import Outcome, attempt, log_crash
from desktop.ui.profiles import jobs
from desktop.ui.profiles.actions import Actions
from desktop.ui.profiles.fingerprint_dialog import CheckSubject, FingerprintDialog
from desktop.ui.profiles.key_dialog import AddKeyDialog
from desktop.ui.profiles.kit_import import KitImport
from desktop.ui.profiles.lists import KEY, ORG, KeyLists
from desktop.ui.profiles.removal import Removing
from desktop.ui.profiles.subjects import (
    mismatch_question,
    profile_subject,
    recipient_subject,
)
from desktop.ui.tasks import run_in_thread
from desktop.ui.widgets import BusyBar, ErrorLabel, SafeLabel
from desktop.vault import Vault
from desktop.vault.errors import VaultLockedError


class ProfilesPanel(Removing, QWidget):
    loaded = Signal()  # the lists were (re)loaded
    changed = Signal()  # a profile or key was added, confirmed or removed
    packs_installed = Signal()  # a kit's training packs were installed

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self._generation = 0
        self._loading = False
        self._has_loaded = False
        self._focus_after: tuple[str, object] | None = None
        self.known = jobs.Known([], [])
        self.fingerprint_dialog: FingerprintDialog | None = None
        self.key_dialog: AddKeyDialog | None = None
        # What the open check is about: ("org", org_id, document shown) or ("key", id, b"").
        self._checking: tuple[str, Any, bytes] | None = None
        self._pending_question: tuple[str, str, object] | None = None  # text, kind, key

        self.setMaximumWidth(760)  # lines stay readable on a wide window
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(8)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.column.addWidget(line)
        self.title = subheading(_("Organisations and keys"))
        self.title.setObjectName("verifyHeadline")  # one step above the sections under it
        self.column.addWidget(self.title)
        self.intro = hint(
            _(
                "Reports are encrypted only to the keys listed here, and only once you have "
                "compared their fingerprints with their owner."
            )
        )
        self.column.addWidget(self.intro)

        self.lists = KeyLists()
        self.column.addWidget(self.lists)

        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Working on organisations and keys"))
        self.column.addWidget(self.busy)
        self.status = SafeLabel()
        self.status.setVisible(False)
        self.column.addWidget(self.status)
        self.error = ErrorLabel()
        self.column.addWidget(self.error)
        align_to_ui(self)

        self.runner = Actions(vault, self._fail, self)
        self.runner.running_changed.connect(self._on_running_changed)
        self.kits = KitImport(self, self)
        self.lists.import_button.clicked.connect(self.choose_profile)
        self.lists.open_kit_button.clicked.connect(self.kits.choose)
        self.lists.add_key_button.clicked.connect(self._on_add_key_clicked)
        self.lists.own_key_button.clicked.connect(self._on_own_key_clicked)
        self.lists.check_requested.connect(self._on_check_requested)
        self.lists.remove_requested.connect(self._on_remove_requested)
        self.lists.withdraw_requested.connect(self.withdraw_trust)
        self.reload()

    # ------------------------------------------------------------------ state
    @property
    def has_loaded(self) -> bool:
        return self._has_loaded and not self._loading

    @property
    def is_working(self) -> bool:
        return self.runner.running or self._loading

    def _on_running_changed(self, _running: bool) -> None:
        self.busy.setVisible(self.is_working)

    def say(self, text: str) -> None:
        self.error.clear_message()
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def _fail(self, exc: Exception) -> None:
        if isinstance(exc, VaultLockedError) or not self.vault.is_unlocked:
            return  # the panel is going away with the lock
        self.say("")
        self.error.show_message(describe(exc))

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self._generation += 1
        self._loading = True
        self.busy.setVisible(True)
        vault = self.vault
        task = run_in_thread(attempt(self._generation, lambda: jobs.load(vault), vault))
        task.succeeded.connect(self._on_loaded)
        task.failed.connect(log_crash)

    def _on_loaded(self, outcome: Outcome) -> None:
        if outcome.generation != self._generation:
            return
        self._loading = False
        self.busy.setVisible(self.is_working)
        if outcome.error is not None:
            self._fail(outcome.error)
            return
        self._has_loaded = True
        self.known = outcome.value
        self._build()
        self.loaded.emit()

    def _build(self) -> None:
        self.lists.show_known(self.known)
        align_to_ui(self)
        self._restore_focus()

    def _restore_focus(self) -> None:
        """After an action the rows are new widgets: put focus back where the person was."""
        target, self._focus_after = self._focus_after, None
        if target is not None:
            self.lists.focus_row(*target)

    def _on_check_requested(self, kind: str, key: object) -> None:
        if kind == ORG:
            self.check_profile(str(key))
        elif isinstance(key, int):
            self.check_recipient(key)

    def _on_remove_requested(self, kind: str, key: object) -> None:
        if kind == ORG:
            self.remove_profile(str(key))
        elif isinstance(key, int):
            self.remove_recipient(key)

    # ------------------------------------------------------------------ import
    def choose_profile(self) -> None:
        """The Import button: Qt's own file dialog through kit/dialogs (it leaves no
        trace of the folder); choosing FILE.minisig means FILE."""
        if self.runner.running:
            return
        chosen = dialogs.choose_files(self, _("Choose an organisation profile"))
        paths = list(dict.fromkeys(jobs.profile_path(path) for path in chosen))
        if not paths:
            return
        if len(paths) > 1:
            self.say("")
            self.error.show_message(_("Choose one profile at a time."))
            return
        self.import_file(paths[0])

    def import_file(self, path: Path) -> None:
        """Check and store the profile at `path` (FILE.minisig beside it), then ask to check
        its fingerprints. The dialog's path goes through here; tests and scripts call it."""
        vault = self.vault
        self.runner.run(lambda: jobs.import_file(vault, path), self.show_imported)

    def show_imported(self, imported: jobs.Imported) -> None:
        """A profile (from a file or a kit) is stored unconfirmed: say so, and open its check."""
        stored = imported.stored
        if imported.again:
            self.say(_("This profile was imported before but not confirmed yet."))
        else:
            self.say(
                _(
                    "Profile imported. Until you confirm its fingerprints, no report is "
                    "encrypted to it."
                )
            )
        self._focus_after = (ORG, stored.profile.org_id)
        self.reload()
        self.changed.emit()
        self._open_check(profile_subject(stored), (ORG, stored.profile.org_id, stored.document))

    # ------------------------------------------------------------------ fingerprint check
    def check_profile(self, org_id: str) -> None:
        stored = next((s for s in self.known.profiles if s.profile.org_id == org_id), None)
        if stored is not None and not self.runner.running:
            self._open_check(profile_subject(stored), (ORG, org_id, stored.document))

    def check_recipient(self, recipient_id: int) -> None:
        recipient = next((r for r in self.known.recipients if r.id == recipient_id), None)
        if recipient is not None and not self.runner.running:
            self._open_check(recipient_subject(recipient), (KEY, recipient_id, b""))

    def _open_check(self, subject: CheckSubject, checking: tuple[str, Any, bytes]) -> None:
        if self.fingerprint_dialog is not None:
            return
        try:
            dialog = FingerprintDialog(subject, self)
        except BastionError as exc:  # a key not in canonical form has no fingerprint to show
            self._fail(exc)
            return
        self._checking = checking
        dialog.matched.connect(self._on_check_matched)
        dialog.mismatched.connect(self._on_check_mismatched)
        dialog.finished.connect(self._on_check_finished)
        self.fingerprint_dialog = dialog
        dialog.open()

    def _on_check_finished(self, _result: int) -> None:
        self.fingerprint_dialog = None

    def _on_check_matched(self) -> None:
        dialog, checking = self.fingerprint_dialog, self._checking
        if dialog is None or checking is None:
            return
        kind, key, document = checking
        name = dialog.subject.name
        self._focus_after = (kind, key)
        vault = self.vault
        if kind == ORG:
            self.runner.run(
                lambda: jobs.confirm_profile(vault, str(key), document),
                lambda done: self._on_confirmed(bool(done), name, str(key)),
            )
        else:
            self.runner.run(
                lambda: Profiles(vault).mark_recipient_verified(int(key)),
                lambda _none: self._on_confirmed(True, name),
            )

    def _on_confirmed(self, done: bool, name: str, org_id: str = "") -> None:
        if done:
            self.say(
                _("Confirmed. Reports can now be encrypted to {name}.").format(name=isolate(name))
            )
            self.kits.confirmed(org_id)  # a kit's packs, if it brought some
        else:
            self.say("")
            self.error.show_message(
                _(
                    "This profile changed while you were checking it, so it was not confirmed. "
                    "Check its fingerprints again."
                )
            )
        self.reload()
        self.changed.emit()

    def _on_check_mismatched(self) -> None:
        dialog, checking = self.fingerprint_dialog, self._checking
        if dialog is None or checking is None:
            return
        kind, key, _document = checking
        self._focus_after = (kind, key)
        text = mismatch_question(dialog.subject)
        # Asked once the check dialog is gone, from the event loop rather than inside the
        # dialog's own signal.
        self._pending_question = (text, kind, key)
        QTimer.singleShot(0, self, self._ask_remove)

    def _ask_remove(self) -> None:
        question, self._pending_question = self._pending_question, None
        if question is None:
            return
        text, kind, key = question
        removing = confirm(
            self,
            title=_("The fingerprints do not match"),
            text=text,
            accept_label=_("Remove it"),
            cancel_label=_("Keep it for now"),
        )
        if removing:
            self._remove(kind, key)
        else:
            self.say(_("Kept. Check its fingerprints again before you use it."))
            self._focus_after = (kind, key)
            self._restore_focus()

    # ------------------------------------------------------------------ add a key by hand
    def _on_add_key_clicked(self) -> None:
        self.add_key(own=False)

    def _on_own_key_clicked(self) -> None:
        self.add_key(own=True)

    def add_key(self, *, own: bool) -> AddKeyDialog | None:
        if self.key_dialog is not None or self.runner.running:
            return None
        dialog = AddKeyDialog(self.vault, own, self)
        dialog.added.connect(self._on_key_added)
        dialog.finished.connect(self._on_key_dialog_finished)
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _on_key_dialog_finished(self, _result: int) -> None:
        self.key_dialog = None

    def _on_key_added(self, recipient: ManualRecipient) -> None:
        self.say(_("Key added. Until you confirm its fingerprint, no report is encrypted to it."))
        self._focus_after = (KEY, recipient.id)
        self.reload()
        self.changed.emit()
        self._open_check(recipient_subject(recipient), (KEY, recipient.id, b""))
