# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the Journal area tests: a populated vault made once and copied per test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.journal import AttachmentSource, Journal, Occurred, categories
from desktop.journal.model import SEVERITIES
from desktop.ui.clipboard import ClipboardGuard
from desktop.ui.journal.area import JournalArea
from desktop.ui.journal.entry_panel import EntryPanel
from desktop.vault import FLOOR, Vault
from tests.journal.conftest import sample
from tests.ui.conftest import PASSPHRASE

FIRST_DAY = date(2020, 1, 1)
ARABIC_WORD = "مضايقة"  # "harassment"
LATIN_WORD = "sockpuppet"


@dataclass(frozen=True)
class Spec:
    """What entry number `index` holds (the tests derive every expected count from these)."""

    index: int
    day: date
    title: str
    category: str
    severity: str
    tags: tuple[str, ...]
    attachments: int


def spec(index: int) -> Spec:
    title = f"Incident {index:03d}"
    if index % 10 == 0:
        title += f" {ARABIC_WORD} على صفحة النقاش"
    if index % 7 == 0:
        title += f" {LATIN_WORD} accounts reverted my edits"
    ids = [c.id for c in categories()]
    return Spec(
        index=index,
        day=FIRST_DAY + timedelta(days=index),
        title=title,
        category=ids[index % len(ids)],
        severity=SEVERITIES[index % len(SEVERITIES)],
        tags=("checkuser",) if index % 5 == 0 else (),
        attachments=1 if index % 50 == 0 else 0,
    )


def fill(journal: Journal, count: int) -> list[str]:
    """Add `count` entries (entry i happened on FIRST_DAY + i days); returns their ids."""
    uids = []
    for index in range(count):
        item = spec(index)
        content = sample(
            title=item.title,
            occurred=Occurred(item.day),
            category=item.category,
            severity=item.severity,
            tags=item.tags,
        )
        sources = [
            AttachmentSource(data=f"note {index}".encode(), name=f"note-{index}.txt")
            for _ in range(item.attachments)
        ]
        uids.append(journal.add(content, sources))
    return uids


def make_template(directory: Path, count: int) -> list[str]:
    """A locked vault with `count` entries in `directory`; returns the ids in adding order."""
    vault = Vault(directory)
    vault.create(PASSPHRASE, FLOOR)
    try:
        return fill(Journal(vault), count)
    finally:
        vault.lock()


def open_copy(template: Path, target: Path) -> Vault:
    """Copy a locked template vault and unlock the copy (a few hundred ms at FLOOR)."""
    shutil.copytree(template, target)
    vault = Vault(target, kdf_target_seconds=0)
    vault.unlock(PASSPHRASE)
    return vault


class PanelSpy:
    """Stands in for EntryPanel's methods (the panel is tested on its own)."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.new_entries = 0
        self.unsaved = False

    def install(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        spy = self
        monkeypatch.setattr(EntryPanel, "show_entry", lambda _self, uid: spy.shown.append(uid))
        monkeypatch.setattr(EntryPanel, "new_entry", lambda _self: spy._on_new())
        monkeypatch.setattr(EntryPanel, "has_unsaved_changes", lambda _self: spy.unsaved)

    def _on_new(self) -> None:
        self.new_entries += 1


def build_area(qtbot, vault: Vault) -> JournalArea:  # type: ignore[no-untyped-def]
    area = JournalArea(Journal(vault), ClipboardGuard())
    qtbot.addWidget(area)
    area.resize(1100, 720)
    area.show()
    qtbot.waitExposed(area)
    qtbot.waitUntil(lambda: area.model.has_loaded and not area.model.is_loading, timeout=10_000)
    return area


def wait_loaded(qtbot, area: JournalArea) -> None:  # type: ignore[no-untyped-def]
    """Wait for the list to settle after a filter change (the search waits ~250 ms)."""
    qtbot.wait(10)
    qtbot.waitUntil(
        lambda: (
            not area.model.is_loading
            and not area.filters._debounce.isActive()
            and area.model.filter == area.filters.current_filter()
        ),
        timeout=10_000,
    )


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` key by key. QTest.keyClicks only knows ASCII (it asserts on Arabic)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
