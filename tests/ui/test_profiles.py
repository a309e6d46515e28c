# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings → Organisations and keys: importing a signed profile, the fingerprint check (the
exact fingerprints; "They all match" trusts, nothing else does), refused files, removal.

Profiles are real files signed here with desktop.signing, FILE.minisig beside them, imported
into a real vault. Helpers are shared with test_profiles_keys.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.errors import NotAFileError
from desktop.messages import describe, is_known
from desktop.profiles import (
    ProfileInvalidError,
    ProfileKeyChangedError,
    ProfileRollbackError,
    Profiles,
    verify_profile,
)
from desktop.profiles.errors import ProfileSignatureMissingError
from desktop.signing import BadSignatureError, UnknownKeyError
from desktop.signing.fingerprints import fingerprint
from desktop.ui.kit import dialogs
from desktop.ui.profiles import panel as panel_module
from desktop.ui.profiles import removal as removal_module
from desktop.ui.profiles.fingerprint_dialog import FingerprintDialog
from desktop.ui.profiles.panel import ProfilesPanel
from desktop.vault import Vault
from tests.profiles.builders import OrgKey, document, encode
from tests.ui.conftest import click


# ---------------------------------------------------------------- helpers (also for _keys)
def write_profile(folder: Path, signer: OrgKey, **changes: Any) -> Path:
    """wmf.json signed by `signer` (naming its key unless changed), wmf.json.minisig beside."""
    data = encode(document(signer.line, **changes))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wmf.json"
    path.write_bytes(data)
    path.with_name("wmf.json.minisig").write_text(signer.sign(data), encoding="utf-8")
    return path


def import_directly(vault: Vault, path: Path, *, verified: bool = False) -> None:
    """What an earlier session (or the command line) stored."""
    profiles = Profiles(vault)
    stored = profiles.import_profile(path.read_bytes(), signature_of(path))
    if verified:
        profiles.mark_verified(stored.profile.org_id)


def signature_of(path: Path) -> str:
    return path.with_name(path.name + ".minisig").read_text(encoding="utf-8")


def card(path: Path) -> list[str]:
    """The fingerprints on the organisation's printed card, computed from the file itself."""
    fields = json.loads(path.read_bytes())
    found = [fingerprint("minisign", fields["signing_key"])]
    return found + [fingerprint("age", r["key"]) for r in fields["recipients"]]


def make_panel(qtbot, vault: Vault) -> ProfilesPanel:  # type: ignore[no-untyped-def]
    widget = ProfilesPanel(vault)
    qtbot.addWidget(widget)
    widget.resize(760, 700)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot, widget)
    return widget


def settle(qtbot, panel: ProfilesPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.has_loaded and not panel.is_working, timeout=10_000)


def open_check(qtbot, panel: ProfilesPanel) -> FingerprintDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: panel.fingerprint_dialog is not None, timeout=10_000)
    dialog = panel.fingerprint_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def stored(vault: Vault) -> list[tuple[str, int, bool]]:
    """(id, version, verified) of every profile in the vault."""
    return [
        (s.profile.org_id, s.profile.version, s.verified_at is not None)
        for s in Profiles(vault).all()
    ]


def answer_questions(monkeypatch, answer: bool) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Stand in for the panel's yes-or-no questions; returns what was asked."""
    asked: list[dict[str, Any]] = []

    def fake_confirm(_parent: object, **kwargs: Any) -> bool:
        asked.append(kwargs)
        return answer

    monkeypatch.setattr(panel_module, "confirm", fake_confirm)
    monkeypatch.setattr(removal_module, "confirm", fake_confirm)  # remove, withdraw trust
    return asked


@pytest.fixture
def panel(qtbot, vault: Vault) -> ProfilesPanel:  # type: ignore[no-untyped-def]
    return make_panel(qtbot, vault)


@pytest.fixture
def signer() -> OrgKey:
    return OrgKey.generate()


# ---------------------------------------------------------------- import and check
def test_import_shows_the_exact_fingerprints_and_they_all_match_confirms(
    qtbot, panel: ProfilesPanel, vault: Vault, signer: OrgKey, tmp_path: Path
):
    assert panel.lists.profiles_empty.isVisible()
    path = write_profile(tmp_path / "usb", signer)
    panel.import_file(path)
    dialog = open_check(qtbot, panel)  # opens at once after the import

    assert dialog.name_label.text() == "Wikimedia Foundation Trust & Safety"
    assert [label.digits() for label in dialog.fingerprints] == card(path)
    assert stored(vault) == [("wmf-trust-and-safety", 3, False)]  # stored, not trusted yet
    settle(qtbot, panel)
    row = panel.lists.profile_rows["wmf-trust-and-safety"]
    assert "Not confirmed yet" in row.status.text()
    assert "Version 3, 2 recipients" in row.details.text()

    click(qtbot, dialog.match_button)
    qtbot.waitUntil(lambda: stored(vault) == [("wmf-trust-and-safety", 3, True)])
    settle(qtbot, panel)
    assert panel.fingerprint_dialog is None
    assert (
        "Fingerprints confirmed" in panel.lists.profile_rows["wmf-trust-and-safety"].status.text()
    )
    assert "Confirmed" in panel.status.text()
    # The keys are now usable for reports.
    assert len(Profiles(vault).resolve(org_ids=["wmf-trust-and-safety"])) == 2


@pytest.mark.parametrize("remove", [False, True])
def test_they_do_not_match_never_confirms_and_offers_removal(
    qtbot, monkeypatch, panel: ProfilesPanel, vault: Vault, signer: OrgKey, tmp_path, remove
):
    asked = answer_questions(monkeypatch, remove)
    panel.import_file(write_profile(tmp_path, signer))
    dialog = open_check(qtbot, panel)
    click(qtbot, dialog.mismatch_button)
    qtbot.waitUntil(lambda: bool(asked))
    settle(qtbot, panel)
    assert "Do not use" in asked[0]["text"]
    assert "not affected" in asked[0]["text"]
    if remove:
        assert stored(vault) == []
        assert panel.lists.profiles_empty.isVisible()
    else:
        assert stored(vault) == [("wmf-trust-and-safety", 3, False)]
        assert "Not confirmed yet" in panel.lists.profile_rows["wmf-trust-and-safety"].status.text()


def test_enter_or_escape_in_the_check_never_trusts(
    qtbot, panel: ProfilesPanel, vault: Vault, signer: OrgKey, tmp_path: Path
):
    panel.import_file(write_profile(tmp_path, signer))
    dialog = open_check(qtbot, panel)
    assert dialog.later_button.isDefault()
    assert not dialog.match_button.isDefault()
    assert dialog.focusWidget() is not dialog.match_button
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.fingerprint_dialog is None)
    settle(qtbot, panel)
    assert stored(vault) == [("wmf-trust-and-safety", 3, False)]

    click(qtbot, panel.lists.profile_rows["wmf-trust-and-safety"].check_button)
    dialog = open_check(qtbot, panel)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.fingerprint_dialog is None)
    settle(qtbot, panel)
    assert stored(vault) == [("wmf-trust-and-safety", 3, False)]


def test_import_goes_through_the_file_dialog_helper(
    qtbot, monkeypatch, panel: ProfilesPanel, signer: OrgKey, tmp_path: Path
):
    path = write_profile(tmp_path, signer)
    titles: list[str] = []

    def chosen(_parent: object, title: str) -> list[Path]:
        titles.append(title)
        return [path.with_name(path.name + ".minisig")]  # choosing the signature means the file

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a file dialog outside desktop.ui.kit.dialogs")

    monkeypatch.setattr(dialogs, "choose_files", chosen)
    for name in ("getOpenFileName", "getOpenFileNames", "getOpenFileUrl"):
        monkeypatch.setattr(QFileDialog, name, forbidden)
    click(qtbot, panel.lists.import_button)
    dialog = open_check(qtbot, panel)
    assert titles == ["Choose an organisation profile"]
    assert [label.digits() for label in dialog.fingerprints] == card(path)


def _tampered(folder: Path, signer: OrgKey) -> tuple[Path, BaseException]:
    path = write_profile(folder, signer)
    path.write_bytes(path.read_bytes().replace(b"on-call", b"on-cal1"))
    return path, BadSignatureError()


def _missing_signature(folder: Path, signer: OrgKey) -> tuple[Path, BaseException]:
    path = write_profile(folder, signer)
    path.with_name(path.name + ".minisig").unlink()
    return path, ProfileSignatureMissingError()


def _not_a_file(folder: Path, _signer: OrgKey) -> tuple[Path, BaseException]:
    path = folder / "profiles.json"
    path.mkdir()  # a folder chosen by mistake is refused on the opened file, as not a file
    return path, NotAFileError()


def _other_signer(folder: Path, signer: OrgKey) -> tuple[Path, BaseException]:
    path = write_profile(folder, signer)
    data = path.read_bytes()
    path.with_name(path.name + ".minisig").write_text(OrgKey.generate().sign(data))
    return path, UnknownKeyError()


def _invalid(folder: Path, signer: OrgKey) -> tuple[Path, BaseException]:
    path = write_profile(folder, signer, recipients=[{"label": "x", "key": "age1nope"}])
    with pytest.raises(ProfileInvalidError) as refused:
        verify_profile(path.read_bytes(), signature_of(path))
    return path, refused.value


@pytest.mark.parametrize(
    "make", [_tampered, _missing_signature, _not_a_file, _other_signer, _invalid]
)
def test_a_refused_file_is_explained_and_nothing_is_stored(
    qtbot, panel: ProfilesPanel, vault: Vault, signer: OrgKey, tmp_path: Path, make
):
    path, expected = make(tmp_path, signer)
    panel.import_file(path)
    settle(qtbot, panel)
    assert panel.error.isVisible()
    assert is_known(expected)  # its own sentence, not "something went wrong"
    assert panel.error.text() == describe(expected)
    assert panel.fingerprint_dialog is None
    assert stored(vault) == []


def test_an_update_by_another_key_or_an_older_version_is_refused(
    qtbot, panel: ProfilesPanel, vault: Vault, signer: OrgKey, tmp_path: Path
):
    import_directly(vault, write_profile(tmp_path / "v3", signer), verified=True)

    impostor = write_profile(tmp_path / "v4", OrgKey.generate(), version=4)
    panel.import_file(impostor)
    settle(qtbot, panel)
    assert panel.error.text() == describe(ProfileKeyChangedError())
    assert panel.fingerprint_dialog is None

    older = write_profile(tmp_path / "v2", signer, version=2)
    panel.import_file(older)
    settle(qtbot, panel)
    assert panel.error.text() == describe(ProfileRollbackError(3, 2))
    assert stored(vault) == [("wmf-trust-and-safety", 3, True)]  # untouched


def test_an_update_is_unconfirmed_until_checked_again(
    qtbot, panel: ProfilesPanel, vault: Vault, signer: OrgKey, tmp_path: Path
):
    import_directly(vault, write_profile(tmp_path / "v3", signer), verified=True)
    update = write_profile(tmp_path / "v4", signer, version=4)
    panel.import_file(update)
    dialog = open_check(qtbot, panel)
    assert [label.digits() for label in dialog.fingerprints] == card(update)
    assert stored(vault) == [("wmf-trust-and-safety", 4, False)]
    click(qtbot, dialog.later_button)
    settle(qtbot, panel)
    # The same file again brings the check back (it is not an error while unconfirmed).
    panel.import_file(update)
    dialog = open_check(qtbot, panel)
    click(qtbot, dialog.match_button)
    qtbot.waitUntil(lambda: stored(vault) == [("wmf-trust-and-safety", 4, True)])


def test_remove_asks_first_and_says_sent_reports_are_unaffected(
    qtbot, monkeypatch, vault: Vault, signer: OrgKey, tmp_path: Path
):
    path = write_profile(tmp_path, signer)
    import_directly(vault, path)
    panel = make_panel(qtbot, vault)
    row = panel.lists.profile_rows["wmf-trust-and-safety"]

    asked = answer_questions(monkeypatch, False)
    click(qtbot, row.remove_button)
    settle(qtbot, panel)
    assert "not affected" in asked[0]["text"]
    assert "Wikimedia Foundation Trust & Safety" in asked[0]["text"]
    assert len(stored(vault)) == 1

    answer_questions(monkeypatch, True)
    click(qtbot, row.remove_button)
    qtbot.waitUntil(lambda: panel.has_loaded and not panel.lists.profile_rows)
    assert stored(vault) == []
    assert "not affected" in panel.status.text()


def test_expired_profile_is_flagged_in_words(qtbot, vault: Vault, signer: OrgKey, tmp_path: Path):
    path = write_profile(tmp_path, signer, issued="2019-01-01", expires="2020-01-01")
    import_directly(vault, path)
    panel = make_panel(qtbot, vault)
    row = panel.lists.profile_rows["wmf-trust-and-safety"]
    assert row.expiry is not None
    assert row.expiry.isVisible()
    assert row.expiry.text().startswith("Expired on ")
    assert "new profile" in row.expiry.text()


def test_a_mixed_script_name_is_marked_on_the_card(
    qtbot, vault: Vault, signer: OrgKey, tmp_path: Path
):
    look_alike = write_profile(tmp_path / "a", signer, id="look-alike", name="Wіkimedia Trust")
    import_directly(vault, look_alike)
    import_directly(vault, write_profile(tmp_path / "b", signer))
    panel = make_panel(qtbot, vault)
    marked = panel.lists.profile_rows["look-alike"]
    assert marked.mixed_marker is not None
    assert marked.mixed_marker.isVisible()
    assert marked.mixed_marker.text() == "mixed scripts"
    assert "mixed scripts" in marked.accessibleDescription()
    assert panel.lists.profile_rows["wmf-trust-and-safety"].mixed_marker is None
