# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings → Organisations and keys → "Open a kit…", and the first run of a program started
from a kit: the kit is checked whole, its profile goes through the same fingerprint check as a
profile file, and its packs are installed only once that check says they all match.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from desktop.kits import verify as kit_verify
from desktop.profiles import Profiles
from desktop.training.store import Training
from desktop.ui.kit import dialogs
from desktop.ui.profiles import kit_import as kit_import_module
from desktop.ui.profiles.panel import ProfilesPanel
from desktop.vault import Vault
from tests.conftest import PASSPHRASE
from tests.kits.builders import Inputs, make_inputs
from tests.ui.conftest import click
from tests.ui.test_profiles import make_panel, open_check, settle, stored


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Inputs, Path]:
    inputs = make_inputs(tmp_path_factory.mktemp("kit-in"))
    out = tmp_path_factory.mktemp("kit-out") / "kit"
    inputs.build(out, languages=("en",))
    return inputs, out


@pytest.fixture
def kit(built: tuple[Inputs, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "stick" / "kit"
    shutil.copytree(built[1], copy)
    return copy


@pytest.fixture
def panel(qtbot, vault: Vault) -> ProfilesPanel:  # type: ignore[no-untyped-def]
    return make_panel(qtbot, vault)


def packs_in(vault: Vault) -> list[str]:
    return [p.pack_id for p in Training(vault).installed()]


def test_open_a_kit_checks_it_then_confirming_installs_its_packs(
    qtbot, panel: ProfilesPanel, vault: Vault, kit: Path, monkeypatch
):
    monkeypatch.setattr(dialogs, "choose_folder", lambda _parent, _title: kit)
    installed: list[bool] = []
    panel.packs_installed.connect(lambda: installed.append(True))
    click(qtbot, panel.lists.open_kit_button)
    dialog = open_check(qtbot, panel)
    assert stored(vault) == [("wmf-trust-and-safety", 3, False)]
    assert packs_in(vault) == []  # nothing of the kit's training before the check
    click(qtbot, dialog.match_button)
    qtbot.waitUntil(lambda: installed == [True], timeout=10_000)
    settle(qtbot, panel)
    assert stored(vault) == [("wmf-trust-and-safety", 3, True)]
    assert packs_in(vault) == ["sample-pack"]
    assert "1 training pack from its kit was added" in panel.status.text()


def test_they_do_not_match_installs_nothing(
    qtbot, panel: ProfilesPanel, vault: Vault, kit: Path, monkeypatch
):
    monkeypatch.setattr("desktop.ui.profiles.panel.confirm", lambda *_a, **_k: False)
    panel.kits.open(kit)
    dialog = open_check(qtbot, panel)
    click(qtbot, dialog.mismatch_button)
    settle(qtbot, panel)
    assert stored(vault) == [("wmf-trust-and-safety", 3, False)]
    assert packs_in(vault) == []


def test_a_tampered_kit_is_refused_and_nothing_is_stored(
    qtbot, panel: ProfilesPanel, vault: Vault, kit: Path
):
    (kit / "installers" / "extra.exe").write_bytes(b"MZ")
    panel.kits.open(kit)
    settle(qtbot, panel)
    assert panel.fingerprint_dialog is None
    assert "not as the organisation signed" in panel.error.text()
    assert stored(vault) == []
    assert packs_in(vault) == []


def test_a_kit_found_beside_the_program_is_offered_after_the_first_run(
    qtbot, make_window, kit: Path, monkeypatch
):
    monkeypatch.setattr(kit_verify, "kit_near_program", lambda: kit)
    asked: list[dict[str, Any]] = []

    def answer(_parent: object, **kwargs: Any) -> bool:
        asked.append(kwargs)
        return True

    monkeypatch.setattr(kit_import_module, "confirm", answer)
    window = make_window()
    window.setup_view.passphrase.setText(PASSPHRASE)
    window.setup_view.confirmation.setText(PASSPHRASE)
    window.setup_view.create_button.click()
    qtbot.waitUntil(lambda: window.current_screen == "shell", timeout=30_000)
    settings = window.settings_view
    assert settings is not None
    assert settings.organisations is not None
    profiles: ProfilesPanel = settings.organisations
    dialog = open_check(qtbot, profiles)
    assert len(asked) == 1
    assert "Wikimedia Foundation Trust & Safety" in asked[0]["text"]
    assert window.shell is not None
    assert window.shell.navigation.currentRow() == window.shell.SETTINGS
    click(qtbot, dialog.match_button)
    qtbot.waitUntil(lambda: packs_in(window.session.vault) == ["sample-pack"], timeout=10_000)
    assert Profiles(window.session.vault).all()[0].verified_at is not None
