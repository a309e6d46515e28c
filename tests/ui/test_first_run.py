# SPDX-License-Identifier: GPL-3.0-or-later
"""First run: creating the vault through the real setup screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.vault import VaultState
from tests.ui.conftest import PASSPHRASE


def test_first_run_shows_setup_and_creates_the_vault(qtbot, make_window, ui_data_dir: Path):
    window = make_window()
    assert window.current_screen == "setup"
    view = window.setup_view
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    qtbot.keyClicks(view.confirmation, PASSPHRASE)
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert window.current_screen == "shell"
    assert window.session.vault.state() is VaultState.PRESENT
    assert (ui_data_dir / "vault.key").is_file()
    # The passphrase does not stay in the widgets once the vault exists.
    assert view.passphrase.text() == ""
    assert view.confirmation.text() == ""


def test_mismatched_passphrases_are_refused_inline(qtbot, make_window, ui_data_dir: Path):
    window = make_window()
    view = window.setup_view
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    qtbot.keyClicks(view.confirmation, PASSPHRASE + " typo")
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert view.error.isVisible()
    assert "not the same" in view.error.text()
    assert window.current_screen == "setup"
    assert not (ui_data_dir / "vault.key").exists()


def test_weak_and_short_passphrases_are_refused(qtbot, make_window, ui_data_dir: Path):
    window = make_window()
    view = window.setup_view
    for candidate, expected in (("short", "at least"), ("password1234", "easy to guess")):
        view.passphrase.setText(candidate)
        view.confirmation.setText(candidate)
        qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
        assert expected in view.error.text()
    assert not (ui_data_dir / "vault.key").exists()
    # Typing a new passphrase takes the verdict on the old one away.
    view.passphrase.clear()
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    assert not view.error.isVisible()
    assert view.error.text() == ""


def test_strength_meter_follows_typing(qtbot, make_window):
    window = make_window()
    view = window.setup_view
    qtbot.keyClicks(view.passphrase, "abc")
    assert view.strength_bar.value() == 0
    view.passphrase.clear()
    qtbot.keyClicks(view.passphrase, PASSPHRASE)
    assert view.strength_bar.value() >= 3
    assert view.strength_label.text()
    # The verdict sits beside its bar, not under it.
    bar, label = view.strength_bar.geometry(), view.strength_label.geometry()
    assert abs(bar.center().y() - label.center().y()) <= label.height()


def test_suggested_passphrase_fills_both_fields_and_works(qtbot, make_window):
    window = make_window()
    view = window.setup_view
    qtbot.mouseClick(view.suggest_button, Qt.MouseButton.LeftButton)
    suggestion = view.suggestion.text()
    assert len(suggestion.split()) == 6
    # Shown for reading, never selectable (so it does not travel through the clipboard).
    assert view.suggestion.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    qtbot.mouseClick(view.use_suggestion_button, Qt.MouseButton.LeftButton)
    assert view.passphrase.text() == suggestion == view.confirmation.text()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert view.suggestion.text() == ""


def test_english_suggestions_say_why_in_another_language(qtbot, make_window, compiled_locale):
    """The word list is English: in another language the first-run screen says so, rather
    than let English words look like a mistake; in English nothing needs saying."""
    from desktop import i18n

    window = make_window()
    view = window.setup_view
    qtbot.mouseClick(view.suggest_button, Qt.MouseButton.LeftButton)
    assert not view.english_words_note.isVisible()
    assert i18n.set_language("hi") == "hi"
    try:
        hindi = make_window().setup_view
        qtbot.mouseClick(hindi.suggest_button, Qt.MouseButton.LeftButton)
        assert hindi.english_words_note.isVisible()
        assert "Bastion" in hindi.english_words_note.text()
        assert "English" not in hindi.english_words_note.text()  # translated
    finally:
        i18n.set_language(None)
