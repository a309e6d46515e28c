# SPDX-License-Identifier: GPL-3.0-or-later
"""UI fixtures: a real MainWindow over a real vault in a temporary data directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.main_window import MainWindow
from desktop.ui.session import Session
from desktop.vault import FLOOR, Vault

PASSPHRASE = "orbit lantern kettle vivid meadow"


class LeaveSpy:
    """Stands in for process exit, so a test can watch quick exit end the app."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


@pytest.fixture
def ui_data_dir(tmp_path: Path) -> Path:
    return tmp_path / "ui-data"


@pytest.fixture
def existing_vault(ui_data_dir: Path) -> Path:
    """A locked vault already on disk (later runs show the unlock screen)."""
    vault = Vault(ui_data_dir)
    vault.create(PASSPHRASE, FLOOR)
    vault.lock()
    return ui_data_dir


@pytest.fixture
def leave_spy() -> LeaveSpy:
    return LeaveSpy()


@pytest.fixture
def make_window(
    qtbot, ui_data_dir: Path, leave_spy: LeaveSpy
) -> Iterator[Callable[[], MainWindow]]:
    created: list[MainWindow] = []

    def make() -> MainWindow:
        # kdf_target_seconds=0 keeps key derivation at the floor (64 MiB, t=3): fast tests,
        # the same code path as a calibrated vault.
        session = Session(Vault(ui_data_dir, kdf_target_seconds=0))
        window = MainWindow(session, ui_data_dir, leave=leave_spy)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        created.append(window)
        return window

    yield make
    for window in created:
        window.session.vault.lock()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        app.clipboard().clear()
