# SPDX-License-Identifier: GPL-3.0-or-later
"""The way to the unlock screen loads no area: each area's UI, and the core services it needs
(sync engine, reports, training, journal store), come in when the vault is unlocked. The
header's sync button, made then, keeps its place in Tab's order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

# Loaded on the way to the unlock screen, they would slow every start (bench/startup.py).
NOT_BEFORE_UNLOCK = (
    "desktop.ui.journal",
    "desktop.ui.learn",
    "desktop.ui.reports",
    "desktop.ui.profiles",
    "desktop.ui.sync",
    "desktop.ui.settings_view",
    "desktop.ui.erase_panel",
    "desktop.ui.security",
    "desktop.ui.help",
    "desktop.ui.setup_view",
    "desktop.ui.shell",
    "desktop.journal.store",
    "desktop.kits",
    "desktop.messages",
    "desktop.reports",
    "desktop.sync.engine",
    "desktop.sync.outbox",
    "desktop.training.store",
)

PROBE = """
import json, sys
from pathlib import Path
from desktop.ui.application import create_application
from desktop.ui.main_window import MainWindow
from desktop.ui.session import Session
from desktop.vault import Vault

app = create_application(sys.argv[:1])
data_dir = Path(sys.argv[1])
window = MainWindow(Session(Vault(data_dir)), data_dir)
window.show()
app.processEvents()
print(json.dumps({"screen": window.current_screen, "modules": sorted(sys.modules)}))
"""


def run_probe(probe: str, data_dir: Path, **variables: str) -> Any:
    """The JSON a probe prints last, run in a fresh interpreter (this one has loaded it all)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **variables)
    result = subprocess.run(
        [sys.executable, "-c", probe, str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def among(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_the_unlock_screen_loads_no_area(existing_vault: Path) -> None:
    shown = run_probe(PROBE, existing_vault)
    assert shown["screen"] == "unlock"
    assert among(shown["modules"], NOT_BEFORE_UNLOCK) == []


# `bastion` with no command, as a person starts it: the commands and the libraries only the
# commands or an unlocked vault use stay unloaded until then.
NOT_FOR_THE_WINDOW = (
    "desktop.cli.main",
    "desktop.cli.journal",
    "desktop.cli.kits",
    "desktop.cli.packs",
    "desktop.cli.profiles",
    "desktop.cli.reports",
    "desktop.cli.sync",
    "babel",  # the system language is read without it in the plain cases (desktop.i18n.system)
    "yaml",
    "pyrage",
    "nacl",
    "httpx2",
    "getpass",
    "platform",  # loaded by uuid; a vault id is made only when a vault is created
    # hmac and secrets load OpenSSL (3-5 ms): keys and salts come from os.urandom, the
    # clipboard's MAC and the passphrase comparison import hmac when first used.
    "hmac",
    "secrets",
    "_hashlib",
    "tomllib",  # 2.7 ms: the language table is JSON; the journal's categories come later
    "platformdirs",  # 4 ms: only where no --data-dir is given (the probe gives one)
)

APP_PROBE = """
import atexit, json, sys
import desktop.app
atexit.register(lambda: print(json.dumps(sorted(sys.modules))))
code = desktop.app.main(["--data-dir", sys.argv[1], "--exit-when-shown"])
sys.exit(code)
"""


def test_the_window_loads_no_command_module(
    existing_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    modules = run_probe(APP_PROBE, existing_vault, LANG="hi_IN.UTF-8")
    assert "desktop.ui.main_window" in modules  # the probe did start the window
    assert among(modules, NOT_FOR_THE_WINDOW) == []


def test_the_sync_button_comes_before_lock_in_tab_order(qtbot, make_window, existing_vault):  # type: ignore[no-untyped-def]
    window = make_window()
    for _round in range(2):  # the button is made at the first unlock and kept after a lock
        with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
            window.session.unlock(PASSPHRASE)
        # Tab's order is the focus chain (a ring) without what is hidden or takes no Tab.
        ring: list[QWidget] = []
        widget = window.nextInFocusChain()
        while widget is not window:
            if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                ring.append(widget)
            widget = widget.nextInFocusChain()
        at = ring.index(window.sync_button)
        following = [ring[(at + step) % len(ring)] for step in (1, 2)]
        assert following == [window.lock_button, window.quick_exit_button]
        assert window.shell is not None
        assert window.shell.isAncestorOf(ring[(at + 3) % len(ring)])
        with qtbot.waitSignal(window.session.locked, timeout=5_000):
            window.session.lock()
