# SPDX-License-Identifier: GPL-3.0-or-later
"""The Organisations and keys panel's removals: remove a profile or a key, withdraw trust.

A mixin of ProfilesPanel (panel.py), kept apart so the panel stays readable: each asks first,
then runs on the panel's one-at-a-time worker and reloads the lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from desktop.i18n import _
from desktop.profiles import Profiles
from desktop.ui.kit.dialogs import confirm
from desktop.ui.profiles.lists import KEY, ORG
from desktop.ui.profiles.subjects import removal_question, withdrawal_question

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from desktop.ui.profiles import jobs
    from desktop.ui.profiles.actions import Actions
    from desktop.vault import Vault


class Removing:
    known: jobs.Known
    runner: Actions
    changed: SignalInstance
    vault: Vault
    _focus_after: tuple[str, object] | None

    def say(self, text: str) -> None: ...  # the panel's
    def reload(self) -> None: ...

    @property
    def _widget(self) -> QWidget:
        return cast("QWidget", self)  # the panel: a QWidget that mixes this in

    def remove_profile(self, org_id: str) -> None:
        stored = next((s for s in self.known.profiles if s.profile.org_id == org_id), None)
        if stored is None or self.runner.running:
            return
        asked = confirm(
            self._widget,
            title=_("Remove this organisation?"),
            text=removal_question(ORG, stored.profile.name),
            accept_label=_("Remove"),
        )
        if asked:
            self._remove(ORG, org_id)

    def remove_recipient(self, recipient_id: int) -> None:
        recipient = next((r for r in self.known.recipients if r.id == recipient_id), None)
        if recipient is None or self.runner.running:
            return
        asked = confirm(
            self._widget,
            title=_("Remove this key?"),
            text=removal_question(KEY, recipient.label),
            accept_label=_("Remove"),
        )
        if asked:
            self._remove(KEY, recipient_id)

    def _remove(self, kind: str, key: object) -> None:
        vault = self.vault
        self._focus_after = (kind, key)

        def remove() -> None:  # runs on a worker
            if kind == ORG:
                Profiles(vault).remove(str(key))
            else:
                Profiles(vault).remove_recipient(int(str(key)))

        self.runner.run(remove, self._on_removed)

    def _on_removed(self, _none: object) -> None:
        self.say(_("Removed. Reports already sent or written are not affected."))
        self.reload()
        self.changed.emit()

    def withdraw_trust(self, org_id: str) -> None:
        stored = next((s for s in self.known.profiles if s.profile.org_id == org_id), None)
        if stored is None or self.runner.running:
            return
        question = withdrawal_question(stored.profile.name)
        if confirm(
            self._widget, title=_("Withdraw trust?"), text=question, accept_label=_("Withdraw")
        ):
            vault, self._focus_after = self.vault, (ORG, org_id)
            self.runner.run(lambda: Profiles(vault).withdraw_trust(org_id), self._on_withdrawn)

    def _on_withdrawn(self, _none: object) -> None:
        self.say(_("Trust withdrawn. Compare its fingerprints again to use it."))
        self.reload()
        self.changed.emit()
