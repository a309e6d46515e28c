# SPDX-License-Identifier: GPL-3.0-or-later
"""Reports › Carry a sealed report: someone else's `.age` file into the outbox for a confirmed
organisation, listed as carried; a readable file refused with a sentence, nothing copied."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.journal import Journal
from desktop.reports.exports import STATUS_HELD, list_exports, outbox_dir
from desktop.ui.kit import dialogs
from desktop.ui.reports.area import ReportsArea
from desktop.ui.reports.carry_dialog import CarryDialog
from tests.conftest import MakeVault
from tests.sync.support import ORG, add_org
from tests.ui.conftest import click


@pytest.fixture
def journal(make_vault: MakeVault) -> Iterator[Journal]:
    vault = make_vault()
    yield Journal(vault)
    vault.lock()


@pytest.fixture
def area(qtbot, journal: Journal) -> ReportsArea:  # type: ignore[no-untyped-def]
    widget = ReportsArea(journal)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.past.has_loaded)
    return widget


def sealed(tmp_path: Path) -> Path:
    subprocess.run(["age-keygen", "-o", str(tmp_path / "k")], check=True, capture_output=True)
    public = subprocess.run(
        ["age-keygen", "-y", str(tmp_path / "k")], check=True, capture_output=True, text=True
    ).stdout.strip()
    out = tmp_path / "from-a-friend.age"
    subprocess.run(["age", "-r", public, "-o", str(out)], input=b"their report", check=True)
    return out


def open_dialog(qtbot, area: ReportsArea) -> CarryDialog:  # type: ignore[no-untyped-def]
    click(qtbot, area.carry_button)
    dialog = area.findChild(CarryDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.is_working)
    return dialog


def test_a_sealed_file_is_carried_and_listed(  # type: ignore[no-untyped-def]
    qtbot, area: ReportsArea, journal: Journal, tmp_path: Path, monkeypatch
) -> None:
    add_org(journal.vault, "https://intake.example.org/files/")
    made = sealed(tmp_path)
    monkeypatch.setattr(dialogs, "choose_files", lambda _parent, _title: [made])
    dialog = open_dialog(qtbot, area)
    assert dialog.organisation.count() == 1
    assert not dialog.none_hint.isVisible()
    assert not dialog.add_button.isEnabled()  # no file yet
    click(qtbot, dialog.choose_button)
    assert dialog.file_label.text().strip("\u202a\u202c\u2066\u2069") == made.name
    dialog.hold.setChecked(True)
    with qtbot.waitSignal(dialog.carried, timeout=10_000):
        click(qtbot, dialog.add_button)
    (record,) = list_exports(journal.vault)
    assert record.carried
    assert record.status == STATUS_HELD
    assert (outbox_dir(journal.vault) / f"{record.uid}.age").read_bytes() == made.read_bytes()
    qtbot.waitUntil(lambda: area.past.list.count() == 1)
    assert "carry for someone else" in area.past.list.item(0).text()


def test_a_readable_file_is_refused_and_nothing_copied(  # type: ignore[no-untyped-def]
    qtbot, area: ReportsArea, journal: Journal, tmp_path: Path, monkeypatch
) -> None:
    add_org(journal.vault, "https://intake.example.org/files/")
    readable = tmp_path / "notes.txt"
    readable.write_text("They published my address.")
    monkeypatch.setattr(dialogs, "choose_files", lambda _parent, _title: [readable])
    dialog = open_dialog(qtbot, area)
    click(qtbot, dialog.choose_button)
    click(qtbot, dialog.add_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "not a sealed report" in dialog.error.text()
    assert "published" not in dialog.error.text()
    assert dialog.isVisible()
    assert list_exports(journal.vault) == []
    dialog.reject()


def test_without_a_confirmed_organisation_it_says_what_to_do(  # type: ignore[no-untyped-def]
    qtbot, area: ReportsArea, journal: Journal
) -> None:
    add_org(journal.vault, "https://intake.example.org/files/", verified=False)
    dialog = open_dialog(qtbot, area)
    assert dialog.organisation.count() == 0
    assert dialog.none_hint.isVisible()
    assert not dialog.add_button.isEnabled()
    assert ORG not in dialog.organisation.currentText()
    dialog.reject()
