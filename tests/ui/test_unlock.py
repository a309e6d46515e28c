# SPDX-License-Identifier: GPL-3.0-or-later
"""Unlock screen: wrong and right passphrases, responsiveness, damaged vaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from tests.ui.conftest import PASSPHRASE


def _submit(qtbot, window, passphrase: str) -> None:
    view = window.unlock_view
    qtbot.keyClicks(view.passphrase, passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)


def test_wrong_then_right_passphrase(qtbot, make_window, existing_vault: Path):
    window = make_window()
    assert window.current_screen == "unlock"
    view = window.unlock_view
    with qtbot.waitSignal(window.session.unlock_failed, timeout=20_000) as failed:
        _submit(qtbot, window, "not the passphrase at all")
    assert "does not open this vault" in failed.args[0]
    assert view.error.isVisible()
    assert view.passphrase.isEnabled()
    assert view.passphrase.text() == ""  # cleared at once, not kept in the field
    assert window.current_screen == "unlock"
    assert not window.session.is_unlocked

    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        _submit(qtbot, window, PASSPHRASE)
    assert window.current_screen == "shell"
    assert not view.error.isVisible()


def test_event_loop_keeps_running_during_key_derivation(qtbot, make_window, existing_vault):
    """Argon2id runs on a worker: the UI thread keeps processing timers meanwhile."""
    window = make_window()
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        _submit(qtbot, window, PASSPHRASE)
        assert window.unlock_view.busy.isVisible()
    timer.stop()
    # A floor derivation takes >100 ms here; a blocked UI thread would tick once or not at all.
    assert len(ticks) >= 3


def test_lock_button_returns_to_unlock_screen(qtbot, make_window, existing_vault):
    window = make_window()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        _submit(qtbot, window, PASSPHRASE)
    assert window.lock_button.isVisible()
    with qtbot.waitSignal(window.session.locked, timeout=2_000):
        qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert window.current_screen == "unlock"
    assert window.shell is None
    assert not window.session.vault.is_unlocked
    assert not window.lock_button.isVisible()


def test_vault_without_key_file_is_reported_not_offered(qtbot, make_window, existing_vault):
    (existing_vault / "vault.key").unlink()
    window = make_window()
    view = window.unlock_view
    assert window.current_screen == "unlock"
    assert "key file" in view.error.text()
    assert not view.passphrase.isEnabled()
    assert not view.unlock_button.isEnabled()


def test_right_to_left_layout_mirrors_the_shell(qtbot, qapp, make_window, existing_vault):
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    window = make_window()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        _submit(qtbot, window, PASSPHRASE)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    navigation = window.shell.navigation
    # The navigation column sits on the right edge in a right-to-left layout.
    left_edge = navigation.mapTo(window, navigation.rect().topLeft()).x()
    assert left_edge > window.width() // 2


def test_the_first_window_uses_the_screen_it_has():
    """960 × 680 left the entry form cramped on every screen: the first window takes most of
    a large screen, up to a comfortable size, and never more than a small one."""
    from PySide6.QtCore import QSize

    from desktop.ui.kit.geometry import default_size

    assert default_size(QSize(1920, 1040)) == QSize(1280, 860)
    assert default_size(QSize(1366, 728)) == QSize(1161, 680)
    assert default_size(QSize(800, 600)) == QSize(800, 600)
    assert default_size(QSize()) == QSize(960, 680)
