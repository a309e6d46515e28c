# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Sending and updates in the window: a pause from the header's menu shows there,
so a later change in the panel does not quietly resume sending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.sync.settings import PROXY_NONE, load_settings
from tests.ui.conftest import PASSPHRASE, click


def test_a_pause_from_the_menu_survives_a_change_in_settings(
    make_window: Any, qtbot: Any, existing_vault: Path
) -> None:
    window = make_window()
    window.session.unlock(PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=15000)
    panel = window.settings_view.sync
    qtbot.waitUntil(panel.isEnabled)
    qtbot.waitUntil(lambda: window.sync_button.text() != "", timeout=5000)
    window.sync_button.pause_action.trigger()
    qtbot.waitUntil(lambda: window.sync_button.text() == "Sending is paused", timeout=5000)
    qtbot.waitUntil(lambda: not panel.enabled.isChecked(), timeout=5000)
    window.sync_button.settings_action.trigger()  # "Sync settings…" opens the section
    assert window.shell.pages.currentIndex() == window.shell.SETTINGS
    with qtbot.waitSignal(panel.changed):
        click(qtbot, panel.none)
    stored = load_settings(window.session.vault)
    assert (stored.enabled, stored.proxy) == (False, PROXY_NONE)
    qtbot.wait(200)
    assert window.sync_button.text() == "Sending is paused"


def test_a_change_in_settings_organisations_reaches_the_report_wizard(
    make_window: Any, qtbot: Any, existing_vault: Path, monkeypatch: Any
) -> None:
    """The window wires Settings' organisations panel to the Reports area: an open wizard
    reloads its recipients when an organisation is confirmed there."""
    window = make_window()
    window.session.unlock(PASSPHRASE)
    qtbot.waitUntil(lambda: window.shell is not None, timeout=15000)
    wizard = window.shell.reports_area.start_report()
    reloads: list[bool] = []
    monkeypatch.setattr(wizard.recipients, "reload", lambda: reloads.append(True))
    window.settings_view.organisations.changed.emit()
    assert reloads == [True]
