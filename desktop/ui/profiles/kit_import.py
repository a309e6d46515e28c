# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings → Organisations and keys → "Open a kit…", and the kit Bastion was started from.

A kit (desktop/kits) is checked whole on a worker first: its signature, every sum, no file
added. Its profile then goes in unconfirmed and the person gets the same fingerprint check as
for a profile file (panel.py), against the card the trainer handed out. Only once it is
confirmed are the kit's training packs installed, through the app's own pack checks: until
then they wait here, in memory, for that organisation. Nothing of a kit that fails a check is
stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from desktop.i18n import _, ngettext
from desktop.kits.importing import InstalledPacks, KitProfile, import_kit_profile, install_kit_packs
from desktop.kits.verify import VerifiedKit, verify_kit
from desktop.ui.kit import dialogs
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import isolate
from desktop.ui.profiles import jobs

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from desktop.ui.profiles.actions import Actions
    from desktop.vault import Vault


class Panel(Protocol):
    """What this needs of ProfilesPanel (panel.py, which owns this: no import back)."""

    vault: Vault
    runner: Actions
    packs_installed: SignalInstance

    def say(self, text: str) -> None: ...
    def show_imported(self, imported: jobs.Imported) -> None: ...


class KitImport(QObject):
    def __init__(self, panel: Panel, widget: QWidget) -> None:
        super().__init__(widget)
        self._panel = panel
        self._widget = widget
        self._waiting: dict[str, VerifiedKit] = {}  # org id → a kit whose packs wait

    def choose(self) -> None:
        """The "Open a kit…" button: Qt's own folder dialog, leaving no trace."""
        if self._panel.runner.running:
            return
        folder = dialogs.choose_folder(self._widget, _("Choose the kit's folder"))
        if folder is not None:
            self.open(folder)

    def open(self, folder: Path, *, ask: bool = False) -> None:
        """Check the kit at `folder` and take in its profile. With `ask` (a kit found beside
        the program, not chosen by the person), ask first once it is checked."""
        self._panel.runner.run(lambda: verify_kit(folder), lambda kit: self._on_verified(kit, ask))

    def _on_verified(self, kit: VerifiedKit, ask: bool) -> None:
        if ask and not confirm(
            self._widget,
            title=_("Add the organisation from this kit?"),
            text=_(
                "This copy of Bastion came with a kit from {name}: its profile and its "
                "training. Add them now? You first compare its fingerprints with the card "
                "your trainer gave you."
            ).format(name=isolate(kit.profile.name)),
            accept_label=_("Add"),
            cancel_label=_("Not now"),
        ):
            return
        vault = self._panel.vault
        self._panel.runner.run(
            lambda: import_kit_profile(vault, kit), lambda done: self._on_imported(kit, done)
        )

    def _on_imported(self, kit: VerifiedKit, imported: KitProfile) -> None:
        stored = imported.stored
        self._waiting[stored.profile.org_id] = kit
        if stored.verified_at is not None:  # the same profile, confirmed before
            self.confirmed(stored.profile.org_id)
            return
        self._panel.show_imported(jobs.Imported(stored, imported.again))

    def confirmed(self, org_id: str) -> None:
        """The organisation's fingerprints were confirmed: install the packs its kit brought."""
        kit = self._waiting.pop(org_id, None)
        if kit is None or not kit.packs:
            return
        vault = self._panel.vault
        self._panel.runner.run(
            lambda: install_kit_packs(vault, kit), lambda done: self._on_installed(kit, done)
        )

    def _on_installed(self, kit: VerifiedKit, result: InstalledPacks) -> None:
        name = isolate(kit.profile.name)
        text = _("{name} is confirmed.").format(name=name) + " "
        if result.installed:
            text += ngettext(
                "{count} training pack from its kit was added to Learn.",
                "{count} training packs from its kit were added to Learn.",
                result.installed,
            ).format(count=result.installed)
        else:
            text += _("The training in its kit was already here, as new or newer.")
        self._panel.say(text)
        self._panel.packs_installed.emit()
