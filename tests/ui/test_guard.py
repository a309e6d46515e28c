# SPDX-License-Identifier: GPL-3.0-or-later
"""Auto-lock after idle time, quick exit, and the clipboard on lock."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from desktop.ui.tasks import running_tasks
from tests.ui.conftest import PASSPHRASE


def _unlock(qtbot, window) -> None:
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.unlock_view.passphrase.setText(PASSPHRASE)
        qtbot.mouseClick(window.unlock_view.unlock_button, Qt.MouseButton.LeftButton)


def _visible_windows() -> list:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_auto_lock_after_idle_covers_everything(qtbot, make_window, existing_vault):
    window = make_window()
    _unlock(qtbot, window)
    dialog = QDialog(window)  # something opened while unlocked
    dialog.show()
    window.idle_lock.set_interval_ms(200)
    with qtbot.waitSignal(window.session.locked, timeout=3_000):
        pass
    assert window.current_screen == "unlock"
    assert window.shell is None
    assert not window.session.vault.is_unlocked
    assert not dialog.isVisible()


def test_activity_postpones_auto_lock(qtbot, make_window, existing_vault):
    window = make_window()
    _unlock(qtbot, window)
    window.idle_lock.set_interval_ms(400)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        QTest.mouseMove(window.shell.navigation.viewport())
        QTest.keyClick(window.shell.navigation, Qt.Key.Key_Down)
        qtbot.wait(100)
    assert window.session.is_unlocked, "input kept arriving: the vault must stay open"
    with qtbot.waitSignal(window.session.locked, timeout=3_000):
        pass


def test_auto_lock_choice_is_kept_in_the_vault(qtbot, make_window, existing_vault):
    window = make_window()
    _unlock(qtbot, window)
    combo = window.settings_view.autolock
    combo.setCurrentIndex(combo.findData(15))
    assert window.idle_lock.interval_ms() == 15 * 60_000
    vault = window.session.vault
    qtbot.waitUntil(lambda: vault.get_setting("autolock_minutes") == "15", timeout=5_000)
    with qtbot.waitSignal(window.session.locked):
        window.session.lock()
    _unlock(qtbot, window)
    assert window.settings_view.autolock.currentData() == 15
    assert window.idle_lock.interval_ms() == 15 * 60_000
    # Not in the harmless preferences file outside the vault.
    prefs = existing_vault / "preferences.json"
    assert not prefs.exists() or "15" not in prefs.read_text()


def test_quick_exit_shortcut_hides_locks_and_leaves_fast(
    qtbot, make_window, existing_vault, leave_spy
):
    window = make_window()
    _unlock(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2_000)
    window.clipboard.copy("copied from a journal entry")
    # The areas' first loads (the training pack's overview) end on the event loop: settled
    # first, so the time measured is quick exit's, not theirs landing in the same turn.
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    start = time.perf_counter()
    QTest.keyClick(
        window.windowHandle(),
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    elapsed = time.perf_counter() - start
    assert _visible_windows() == []
    assert elapsed < 0.3, f"quick exit took {elapsed * 1000:.0f} ms"
    assert not window.session.vault.is_unlocked
    assert QGuiApplication.clipboard().text() == ""
    assert leave_spy.calls == 1


def test_escape_three_times_is_quick_exit(qtbot, make_window, existing_vault, leave_spy):
    window = make_window()
    _unlock(qtbot, window)
    with qtbot.waitSignal(window.quick_exited, timeout=2_000):
        for _ in range(3):
            QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    assert _visible_windows() == []
    assert leave_spy.calls == 1
    assert not window.session.vault.is_unlocked


def test_escape_once_or_twice_does_nothing(qtbot, make_window, existing_vault, leave_spy):
    window = make_window()
    _unlock(qtbot, window)
    for _ in range(2):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    assert window.isVisible()
    assert leave_spy.calls == 0
    assert window.session.is_unlocked


def test_quick_exit_button_works_on_the_unlock_screen_too(
    qtbot, make_window, existing_vault, leave_spy
):
    window = make_window()
    assert window.current_screen == "unlock"
    with qtbot.waitSignal(window.quick_exited, timeout=2_000):
        qtbot.mouseClick(window.quick_exit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert leave_spy.calls == 1


def test_clipboard_from_other_apps_is_left_alone(qtbot, make_window, existing_vault):
    window = make_window()
    _unlock(qtbot, window)
    window.clipboard.copy("ours")
    QGuiApplication.clipboard().setText("copied in another program")
    with qtbot.waitSignal(window.session.locked):
        window.session.lock()
    assert QGuiApplication.clipboard().text() == "copied in another program"


def test_lock_clears_text_copied_from_bastion(qtbot, make_window, existing_vault):
    window = make_window()
    _unlock(qtbot, window)
    window.clipboard.copy("a diff link from an entry")
    with qtbot.waitSignal(window.session.locked):
        window.session.lock()
    assert QGuiApplication.clipboard().text() == ""
