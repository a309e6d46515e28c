# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Security, driven as a person would: change the passphrase with the keyboard,
erase the vault only after typing the word, remove an added training pack, withdraw trust in
an organisation without losing its profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.profiles import Profiles
from desktop.training.store import Training
from desktop.ui.profiles import removal as profiles_removal
from desktop.ui.security import panel as security_panel
from desktop.ui.security.erase_dialog import EraseVaultDialog
from desktop.ui.security.passphrase_dialog import ChangePassphraseDialog
from desktop.ui.tasks import running_tasks
from desktop.vault import Vault, VaultState
from desktop.vault.errors import WrongPassphraseError
from tests.conftest import WRONG_PASSPHRASE
from tests.sync.support import ORG, add_org
from tests.training.builders import Signer, sample_archive
from tests.training.sample import PACK_ID
from tests.ui.conftest import PASSPHRASE, click

NEW_PASSPHRASE = "harbour quilt meteor saddle pigeon"


def unlocked(qtbot: Any, make_window: Any) -> Any:
    window = make_window()
    window.session.unlock(PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=15_000)
    window.shell.show_area(window.shell.SETTINGS)
    return window


def open_change(qtbot: Any, window: Any) -> ChangePassphraseDialog:
    panel = window.settings_view.security
    click(qtbot, panel.change_button)
    dialog = panel.findChild(ChangePassphraseDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def type_and_enter(qtbot: Any, dialog: ChangePassphraseDialog, *texts: str) -> None:
    """Keyboard only: each text into the focused field, then Enter (which moves on)."""
    for text in texts:
        field = dialog.focusWidget()
        assert field in (dialog.current, dialog.new, dialog.confirmation)
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_passphrase_is_changed_with_the_keyboard_alone(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = unlocked(qtbot, make_window)
    dialog = open_change(qtbot, window)
    with qtbot.waitSignal(dialog.changed, timeout=20_000):
        type_and_enter(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: window.settings_view.security.changed_note.isVisible())
    assert window.session.is_unlocked  # nothing else changed: still open
    check = Vault(existing_vault)
    with pytest.raises(WrongPassphraseError):
        check.unlock(PASSPHRASE)
    check.unlock(NEW_PASSPHRASE)
    check.lock()


def test_a_weak_new_or_wrong_current_passphrase_changes_nothing(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = unlocked(qtbot, make_window)
    header = (existing_vault / "vault.key").read_bytes()
    dialog = open_change(qtbot, window)
    type_and_enter(qtbot, dialog, PASSPHRASE, "password123", "password123")
    assert dialog.error.isVisible()
    assert not dialog.is_working
    assert dialog.meter.label.text()  # the meter said so before the button did
    for field in (dialog.new, dialog.confirmation):
        field.clear()
    dialog.current.clear()
    dialog.current.setFocus()
    type_and_enter(qtbot, dialog, WRONG_PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    qtbot.waitUntil(lambda: not dialog.is_working and dialog.error.isVisible(), timeout=20_000)
    assert "passphrase" in dialog.error.text().lower()
    assert dialog.current.text() == ""  # typed again, from the current field
    assert (existing_vault / "vault.key").read_bytes() == header
    dialog.reject()


def test_a_lock_while_the_key_is_made_closes_the_dialog(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = unlocked(qtbot, make_window)
    dialog = open_change(qtbot, window)
    type_and_enter(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.confirmation, NEW_PASSPHRASE)
    click(qtbot, dialog.change_button)
    assert dialog.is_working
    dialog.reject()  # Escape while working: it stays, and says it is working
    assert dialog.isVisible()
    window.session.lock()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.current_screen == "unlock"
    # The work runs to its end after the lock (stopping half-way is what the atomic rename
    # guards against), and then the new passphrase is the one that opens the vault.
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)
    check = Vault(existing_vault)
    check.unlock(NEW_PASSPHRASE)
    check.lock()


def test_erasing_needs_the_typed_word_and_then_leaves_nothing(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = unlocked(qtbot, make_window)
    panel = window.settings_view.security
    click(qtbot, panel.erase_button)
    dialog = panel.findChild(EraseVaultDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert "cannot recover" in dialog.explanation.text() or "Nobody can recover" in (
        dialog.explanation.text()
    )
    assert not dialog.erase_button.isEnabled()
    assert dialog.cancel_button.isDefault()
    qtbot.keyClicks(dialog.typed, "eras")
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.typed, "E ")
    assert dialog.erase_button.isEnabled()  # any case, spaces around
    click(qtbot, dialog.erase_button)
    qtbot.waitUntil(lambda: window.current_screen == "setup", timeout=10_000)
    assert "Your vault was erased" in window.setup_view.error.text()
    assert window.session.state() is VaultState.ABSENT
    assert not (existing_vault / "vault.key").exists()
    assert not any(p.name.startswith("vault.db") for p in existing_vault.iterdir())


def test_enter_in_the_erase_field_never_erases(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = unlocked(qtbot, make_window)
    panel = window.settings_view.security
    click(qtbot, panel.erase_button)
    dialog = panel.findChild(EraseVaultDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.typed, "erase")
    qtbot.keyClick(dialog.typed, Qt.Key.Key_Return)
    assert window.session.is_unlocked
    assert (existing_vault / "vault.key").exists()


def test_a_pack_you_added_can_be_removed(
    qtbot: Any, make_window: Any, existing_vault: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    from desktop.training.packs import check_pack

    window = unlocked(qtbot, make_window)
    signer = Signer.generate()
    archive = sample_archive(tmp_path / "pack")
    vault = window.session.vault
    Training(vault).install(check_pack(archive, signer.sign(archive), [signer.trusted]))
    panel = window.settings_view.security
    panel.reload_packs()
    qtbot.waitUntil(lambda: panel.packs.count() == 1)
    assert not panel.no_packs.isVisible()
    asked: list[str] = []
    monkeypatch.setattr(
        security_panel, "confirm", lambda _p, **kw: asked.append(kw["text"]) or True
    )
    panel.packs.setCurrentRow(0)
    with qtbot.waitSignal(panel.packs_changed, timeout=10_000):
        click(qtbot, panel.remove_pack_button)
    assert "your progress in it" in asked[0]
    qtbot.waitUntil(lambda: panel.packs.count() == 0)
    assert panel.no_packs.isVisible()
    assert PACK_ID not in {row.pack_id for row in Training(vault).installed()}


def test_trust_in_an_organisation_can_be_withdrawn_and_its_profile_stays(
    qtbot: Any, make_window: Any, existing_vault: Path, monkeypatch: Any
) -> None:
    window = unlocked(qtbot, make_window)
    vault = window.session.vault
    add_org(vault, "https://intake.example.org/files/")
    organisations = window.settings_view.organisations
    organisations.reload()
    qtbot.waitUntil(lambda: organisations.has_loaded and ORG in organisations.lists.profile_rows)
    qtbot.wait(50)  # rows of a load started earlier are deleted at the next event loop turn
    row = organisations.lists.profile_rows[ORG]
    assert row.withdraw_button.isVisible()
    monkeypatch.setattr(profiles_removal, "confirm", lambda _p, **_kw: True)
    # As a person would: scrolled into view first (a click lands where the pointer is).
    button = row.withdraw_button
    window.settings_view.scroll_area.ensureWidgetVisible(button)
    qtbot.waitUntil(lambda: window.childAt(button.mapTo(window, button.rect().center())) is button)
    with qtbot.waitSignal(organisations.changed, timeout=10_000):
        click(qtbot, row.withdraw_button)
    stored = Profiles(vault).get(ORG)
    assert stored.verified_at is None
    qtbot.waitUntil(lambda: ORG in organisations.lists.profile_rows and organisations.has_loaded)
    assert not organisations.lists.profile_rows[ORG].withdraw_button.isVisible()
