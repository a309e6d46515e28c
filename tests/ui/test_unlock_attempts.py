# SPDX-License-Identifier: GPL-3.0-or-later
"""Wrong passphrases in the window: the wait is counted down and outlives a restart, the
opt-in erase asks first and ends on the first-run screen saying what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from desktop.ui import erase_panel
from desktop.vault.attempts import Attempts
from desktop.vault.errors import WrongPassphraseError
from tests.conftest import WRONG_PASSPHRASE
from tests.ui.conftest import PASSPHRASE


class Clock:
    now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def _window(make_window: Any, clock: Clock) -> Any:
    window = make_window()
    window.session.vault.attempts = Attempts(window.session.vault.directory, clock=clock)
    return window


def _submit(qtbot: Any, window: Any, passphrase: str) -> list[Any]:
    view = window.unlock_view
    with qtbot.waitSignal(window.session.unlock_failed, timeout=20_000) as failed:
        qtbot.keyClicks(view.passphrase, passphrase)
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    return list(failed.args)


def test_the_wait_after_wrong_passphrases_is_counted_down(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    clock = Clock()
    window = _window(make_window, clock)
    view = window.unlock_view
    for _ in range(2):
        message, wait = _submit(qtbot, window, WRONG_PASSPHRASE)
        assert wait == 0
        assert view.passphrase.isEnabled()
    message, wait = _submit(qtbot, window, WRONG_PASSPHRASE)
    assert wait == 5
    assert "does not open this vault" in message
    assert "5" not in message  # the count-down says it, live; the sentence does not repeat it
    assert not view.passphrase.isEnabled()
    assert not view.unlock_button.isEnabled()
    assert view.wait_label.isVisible()
    assert view.wait_label.text() == "You can try again in 5 seconds."
    view._wait_timer.timeout.emit()
    assert view.wait_label.text() == "You can try again in 4 seconds."
    clock.now += 5
    for _ in range(4):
        view._wait_timer.timeout.emit()
    assert not view.wait_label.isVisible()
    assert view.passphrase.isEnabled()
    assert view.unlock_button.isEnabled()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        qtbot.keyClicks(view.passphrase, PASSPHRASE)
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)


def test_a_restart_during_the_wait_shows_it_before_anyone_types(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    attempts = Attempts(existing_vault)  # the real clock: the window reads it at start
    record = attempts.load()
    attempts.save(type(record)(failures=4, not_before=attempts._clock() + 60))
    window = make_window()
    view = window.unlock_view
    assert not view.unlock_button.isEnabled()
    assert view.wait_label.isVisible()
    assert view.wait_label.text() in {
        "You can try again in 60 seconds.",
        "You can try again in 59 seconds.",
    }
    assert view.error.text() == ""


def test_the_erase_rule_warns_then_erases_and_says_so(
    qtbot: Any, make_window: Any, existing_vault: Path
) -> None:
    clock = Clock()
    window = _window(make_window, clock)
    vault = window.session.vault
    vault.attempts.set_erase_after(5)
    for _ in range(3):
        try:
            vault.unlock(WRONG_PASSPHRASE)
        except WrongPassphraseError:
            clock.now += 60
    message, _wait = _submit(qtbot, window, WRONG_PASSPHRASE)
    assert "1 more wrong passphrase erases this vault" in message
    clock.now += 60
    window.unlock_view._end_wait()
    message, _wait = _submit(qtbot, window, WRONG_PASSPHRASE)
    assert "the vault was erased" in message
    assert window.current_screen == "setup"
    assert window.setup_view.error.text() == message
    assert not (existing_vault / "vault.key").exists()


def test_turning_erasing_on_asks_first_and_off_does_not(
    qtbot: Any, make_window: Any, existing_vault: Path, monkeypatch: Any
) -> None:
    window = make_window()
    window.session.unlock(PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=15_000)
    panel = window.settings_view.erase
    assert panel.choice.currentData() == 0  # off by default
    asked: list[str] = []
    answers = iter([False, True])

    def confirm(_parent: Any, **kwargs: Any) -> bool:
        asked.append(kwargs["text"])
        return next(answers)

    monkeypatch.setattr(erase_panel, "confirm", confirm)
    panel.choice.setCurrentIndex(panel.choice.findData(10))
    assert panel.choice.currentData() == 0  # declined: back to off, nothing saved
    assert window.session.vault.attempts.load().erase_after is None
    panel.choice.setCurrentIndex(panel.choice.findData(10))
    assert window.session.vault.attempts.load().erase_after == 10
    assert "10 times in a row" in asked[-1]
    assert "cannot be undone" in asked[-1]
    panel.choice.setCurrentIndex(panel.choice.findData(20))  # less strict: no question
    panel.choice.setCurrentIndex(panel.choice.findData(0))
    assert len(asked) == 2
    assert window.session.vault.attempts.load().erase_after is None
