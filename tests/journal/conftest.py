# SPDX-License-Identifier: GPL-3.0-or-later
"""Journal fixtures: an unlocked vault with a Journal over it, and a sample entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest

from desktop.journal import EntryContent, Journal, Occurred, Person
from tests.conftest import MakeVault


def sample(**changes: object) -> EntryContent:
    fields: dict[str, object] = {
        "title": "Home address posted on my talk page",
        "occurred": Occurred(date(2026, 5, 1), time(14, 30), "Asia/Kolkata"),
        "category": "doxxing",
        "severity": "high",
        "place": "User talk page, English Wikipedia",
        "people": (Person("Example-troll", "en.wikipedia.org"),),
        "links": ("https://en.wikipedia.org/w/index.php?diff=1234567",),
        "narrative": "An account posted my street and the name of my employer.",
        "tags": ("address", "talk page"),
    }
    fields.update(changes)
    return EntryContent(**fields)  # type: ignore[arg-type]


@pytest.fixture
def journal(make_vault: MakeVault) -> Iterator[Journal]:
    vault = make_vault()
    yield Journal(vault)
    vault.lock()
