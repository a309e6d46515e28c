# SPDX-License-Identifier: GPL-3.0-or-later
"""Get help: one click (or F1) from any area while unlocked, never on the lock screen; the
confirmed organisations' contacts as plain text; the pack's lesson on threats of harm with
nothing loaded or opened from it; gone at lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.profiles import Profiles
from tests.profiles.builders import OrgKey, document, encode
from tests.ui.conftest import PASSPHRASE

CONTACTS = [
    {"label": "Emergencies", "kind": "phone", "value": "+44 20 7946 0000"},
    {"label": "<b>Desk</b>", "kind": "email", "value": "desk@example.org"},
]


def _unlocked(qtbot: Any, make_window: Any) -> Any:
    window = make_window()
    assert window.current_screen == "unlock"
    assert window.findChildren(type(window.lock_button), "helpButton") == []  # not while locked
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.session.unlock(PASSPHRASE)
    return window


def _import(window: Any, key: OrgKey, org_id: str, name: str, confirm: bool) -> None:
    data = encode(document(key.line, id=org_id, name=name, contacts=CONTACTS))
    profiles = Profiles(window.session.vault)
    profiles.import_profile(data, key.sign(data))
    if confirm:
        profiles.mark_verified(org_id)


def test_help_shows_confirmed_contacts_and_the_emergency_lesson(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = _unlocked(qtbot, make_window)
    _import(window, OrgKey.generate(), "confirmed-org", "Confirmed safety desk", confirm=True)
    _import(window, OrgKey.generate(), "unconfirmed-org", "Someone unchecked", confirm=False)
    shell = window.shell
    for area in (shell.JOURNAL, shell.SETTINGS):  # reachable from any area
        shell.show_area(area)
        assert shell.help_button.isVisible()
    assert shell.help_button.shortcut().toString() == "F1"
    shell.help_button.click()
    dialog = window.help_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.has_loaded, timeout=10_000)
    assert dialog.windowTitle() == "Get help"
    texts = [label.text() for label in dialog.findChildren(type(dialog.lesson_note))]
    assert "Confirmed safety desk" in texts
    assert not any("Someone unchecked" in t for t in texts)  # unconfirmed: not shown
    assert any("+44 20 7946 0000" in t and "Emergencies" in t for t in texts)
    desk = next(t for t in texts if "desk@example.org" in t)
    assert "<b>Desk</b>" in desk  # shown as the text it is, never as markup
    lesson = dialog.lesson.toPlainText()
    assert "emergency@wikimedia.org" in lesson  # from the training pack
    assert not dialog.lesson.openLinks()
    assert any("passphrase" in t for t in texts)  # what not to write
    with qtbot.waitSignal(window.session.locked, timeout=5_000):
        window.session.lock()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)


def test_without_a_confirmed_organisation_help_says_where_to_add_one(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    window = _unlocked(qtbot, make_window)
    window.shell.help_button.click()
    dialog = window.help_dialog
    qtbot.waitUntil(lambda: dialog.has_loaded, timeout=10_000)
    texts = [label.text() for label in dialog.findChildren(type(dialog.lesson_note))]
    assert any("No organisation is confirmed yet" in t for t in texts)
    dialog.close()
