# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings → Organisations and keys: keys added by hand (a team's, or one's own backup key)
and their check; accessible names; fingerprints left to right in a right-to-left UI; text
from profiles shown as plain text; the panel inside the scrolling Settings page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyrage import x25519
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea

from desktop.messages import describe
from desktop.profiles import Profiles, RecipientKeyInvalidError, RecipientLabelInvalidError
from desktop.signing.fingerprints import fingerprint
from desktop.ui.profiles.key_dialog import AddKeyDialog
from desktop.ui.profiles.panel import ProfilesPanel
from desktop.ui.settings_view import SettingsView
from desktop.vault import Vault
from tests.profiles.builders import OrgKey
from tests.ui.journal_support import type_text
from tests.ui.test_profiles import (
    answer_questions,
    click,
    import_directly,
    make_panel,
    open_check,
    settle,
    write_profile,
)

ARABIC_LABEL = "فريق السلامة"  # "safety team"


@pytest.fixture
def panel(qtbot, vault: Vault) -> ProfilesPanel:  # type: ignore[no-untyped-def]
    return make_panel(qtbot, vault)


@pytest.fixture
def right_to_left() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def key_dialog(qtbot, panel: ProfilesPanel, button: QAbstractButton) -> AddKeyDialog:  # type: ignore[no-untyped-def]
    click(qtbot, button)
    dialog = panel.key_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def recipients(vault: Vault) -> list[tuple[str, str, bool, bool]]:
    """(label, key, own, verified) of every key added by hand."""
    return [
        (r.label, r.public_key, r.own, r.verified_at is not None)
        for r in Profiles(vault).recipients()
    ]


def test_a_key_added_by_hand_is_checked_then_confirmed(qtbot, panel: ProfilesPanel, vault: Vault):
    dialog = key_dialog(qtbot, panel, panel.lists.add_key_button)
    type_text(dialog.label_edit, ARABIC_LABEL)
    qtbot.keyClicks(dialog.key_edit, "age1notakey")
    click(qtbot, dialog.add_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.is_working)
    assert dialog.error.text() == describe(RecipientKeyInvalidError())
    assert recipients(vault) == []

    # A secret key pasted by mistake is refused and taken off the screen.
    secret = x25519.Identity.generate()
    dialog.key_edit.setText(str(secret))
    click(qtbot, dialog.add_button)
    qtbot.waitUntil(lambda: not dialog.is_working and dialog.key_edit.text() == "")
    assert dialog.error.text() == describe(RecipientKeyInvalidError())

    key = str(secret.to_public())
    dialog.key_edit.setText(f"  {key.upper()}\n")  # pasted with spaces, in capitals
    click(qtbot, dialog.add_button)
    check = open_check(qtbot, panel)
    assert panel.key_dialog is None
    assert check.name_label.text() == ARABIC_LABEL
    assert [label.digits() for label in check.fingerprints] == [fingerprint("age", key)]
    assert recipients(vault) == [(ARABIC_LABEL, key, False, False)]

    click(qtbot, check.match_button)
    qtbot.waitUntil(lambda: recipients(vault) == [(ARABIC_LABEL, key, False, True)])
    settle(qtbot, panel)
    row = next(iter(panel.lists.recipient_rows.values()))
    assert "Fingerprint confirmed" in row.status.text()
    assert not panel.lists.recipients_empty.isVisible()


def test_own_backup_key_is_added_marked_own_and_checked(
    qtbot, monkeypatch, panel: ProfilesPanel, vault: Vault
):
    asked = answer_questions(monkeypatch, False)
    dialog = key_dialog(qtbot, panel, panel.lists.own_key_button)
    assert dialog.own
    assert dialog.label_edit.text() == "My backup key"
    key = str(x25519.Identity.generate().to_public())
    qtbot.keyClicks(dialog.key_edit, key)
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)  # adding is the default: it trusts nothing
    check = open_check(qtbot, panel)
    check_text = check.instructions.text()
    assert "your backup key" in check_text
    assert recipients(vault) == [("My backup key", key, True, False)]
    click(qtbot, check.mismatch_button)  # kept, unconfirmed, when not removed
    qtbot.waitUntil(lambda: bool(asked))
    settle(qtbot, panel)
    assert "it is not yours" in check_text
    assert recipients(vault) == [("My backup key", key, True, False)]


def test_an_empty_name_is_refused_beside_the_name(qtbot, panel: ProfilesPanel, vault: Vault):
    dialog = key_dialog(qtbot, panel, panel.lists.add_key_button)
    qtbot.keyClicks(dialog.key_edit, str(x25519.Identity.generate().to_public()))
    click(qtbot, dialog.add_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and not dialog.is_working)
    assert dialog.error.text() == describe(RecipientLabelInvalidError("empty"))
    assert dialog.label_edit.hasFocus()
    assert recipients(vault) == []


def test_a_key_is_removed_after_asking(qtbot, monkeypatch, vault: Vault):
    added = Profiles(vault).add_recipient(
        "Safety team", str(x25519.Identity.generate().to_public())
    )
    panel = make_panel(qtbot, vault)
    asked = answer_questions(monkeypatch, True)
    click(qtbot, panel.lists.recipient_rows[added.id].remove_button)
    qtbot.waitUntil(lambda: panel.has_loaded and not panel.lists.recipient_rows)
    assert "not affected" in asked[0]["text"]
    assert recipients(vault) == []
    assert panel.lists.recipients_empty.isVisible()


def test_every_control_has_an_accessible_name(
    qtbot, panel: ProfilesPanel, vault: Vault, tmp_path: Path
):
    Profiles(vault).add_recipient("Safety team", str(x25519.Identity.generate().to_public()))
    panel.import_file(write_profile(tmp_path, OrgKey.generate()))
    check = open_check(qtbot, panel)
    settle(qtbot, panel)
    for root in (panel, check):
        for widget in root.findChildren(QAbstractButton):
            assert widget.accessibleName(), widget.text()
    row = panel.lists.profile_rows["wmf-trust-and-safety"]
    assert "Wikimedia Foundation Trust & Safety" in row.check_button.accessibleName()
    assert row.accessibleName() == "Wikimedia Foundation Trust & Safety"
    assert "Not confirmed yet" in row.accessibleDescription()
    first = check.fingerprints[0]
    assert first.accessibleName().startswith("Fingerprint of ")
    # Read digit by digit, not as "forty-three thousand…".
    assert first.accessibleDescription() == ", ".join(" ".join(g) for g in first.groups)
    assert first.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert first.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard


def test_fingerprints_stay_left_to_right_in_a_right_to_left_ui(
    qtbot, right_to_left, panel: ProfilesPanel, tmp_path: Path
):
    panel.import_file(write_profile(tmp_path, OrgKey.generate()))
    check = open_check(qtbot, panel)
    assert check.layoutDirection() == Qt.LayoutDirection.RightToLeft
    for label in check.fingerprints:
        assert label.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert label.text().startswith("\u2066")
        assert label.text().endswith("\u2069")
        assert label.text()[1:-1].split() == label.groups
        assert all(g.isascii() and g.isdigit() and len(g) == 5 for g in label.groups)
        assert len(label.groups) == 6
        assert label.alignment() & Qt.AlignmentFlag.AlignRight  # at the UI's leading edge


def test_text_from_a_profile_is_never_rich_text(qtbot, panel: ProfilesPanel, tmp_path: Path):
    name = "<b>Trust</b> <img src=x> & Safety"
    label = "<a href='https://evil.example'>on-call</a>"
    recipients_ = [{"label": label, "key": str(x25519.Identity.generate().to_public())}]
    panel.import_file(write_profile(tmp_path, OrgKey.generate(), name=name, recipients=recipients_))
    check = open_check(qtbot, panel)
    settle(qtbot, panel)
    shown = [*check.findChildren(QLabel), *panel.findChildren(QLabel)]
    quoting = [w for w in shown if "<b>" in w.text() or "<a " in w.text()]
    assert {w.text() for w in quoting} >= {name, label}
    for widget in shown:
        assert widget.textFormat() == Qt.TextFormat.PlainText, widget.text()


def test_settings_page_scrolls_with_the_panel_below_the_form(qtbot, vault: Vault, tmp_path: Path):
    panel = ProfilesPanel(vault)
    view = SettingsView(5, "en", tmp_path, organisations=panel)
    qtbot.addWidget(view)
    view.resize(700, 300)  # a small screen
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot, panel)
    assert view.organisations is panel
    assert isinstance(view.scroll_area, QScrollArea)
    assert view.scroll_area.isAncestorOf(panel)
    assert view.scroll_area.isAncestorOf(view.autolock)
    assert view.scroll_area.verticalScrollBar().maximum() > 0
    assert view.autolock.mapTo(view.scroll_area.widget(), view.autolock.rect().topLeft()).y() < (
        panel.mapTo(view.scroll_area.widget(), panel.rect().topLeft()).y()
    )


def test_tab_goes_down_the_settings_page_in_order_and_scrolls_along(
    qtbot, vault: Vault, tmp_path: Path
):
    import_directly(vault, write_profile(tmp_path / "usb", OrgKey.generate()))
    key = str(x25519.Identity.generate().to_public())
    added = Profiles(vault).add_recipient("Safety team", key)
    panel = ProfilesPanel(vault)
    view = SettingsView(5, "en", tmp_path, organisations=panel)
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    qtbot.waitExposed(view)
    settle(qtbot, panel)
    view.activateWindow()
    view.text_size.setFocus()  # the last field of the form, above the panels
    qtbot.waitUntil(view.text_size.hasFocus)
    org, person = (
        panel.lists.profile_rows["wmf-trust-and-safety"],
        panel.lists.recipient_rows[added.id],
    )
    expected = [
        org.check_button,
        org.remove_button,
        panel.lists.import_button,
        panel.lists.open_kit_button,
        person.check_button,
        person.remove_button,
        panel.lists.add_key_button,
        panel.lists.own_key_button,
    ]
    viewport = view.scroll_area.viewport()
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is widget, (widget.accessibleName(), focused.accessibleName())
        centre = widget.mapTo(viewport, widget.rect().center())
        assert viewport.rect().contains(centre), widget.accessibleName()  # scrolled into view
