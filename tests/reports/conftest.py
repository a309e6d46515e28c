# SPDX-License-Identifier: GPL-3.0-or-later
"""Report fixtures: a journal with entries and attachments, and a team's age identity."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from desktop.journal import AttachmentSource, Journal
from tests.conftest import MakeVault
from tests.journal.conftest import sample


@dataclass(frozen=True)
class Team:
    identity: object
    public_key: str
    identity_file: Path


@dataclass(frozen=True)
class Who:
    label: str
    public_key: str
    source: str = "manual"


@pytest.fixture
def team(tmp_path: Path) -> Team:
    identity = pyrage.x25519.Identity.generate()
    path = tmp_path / "team-identity.txt"
    path.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
    return Team(identity, str(identity.to_public()), path)


@pytest.fixture
def filled(make_vault: MakeVault) -> Iterator[Journal]:
    """Three entries: one with two attachments (one 3 MiB, several blob chunks), one edited."""
    vault = make_vault()
    journal = Journal(vault)
    first = journal.add(
        sample(),
        [
            AttachmentSource(data=os.urandom(3 * 1024 * 1024 + 17), name="recording.bin"),
            AttachmentSource(data="كلمات تهديد\n".encode(), name="../../تهديد.txt"),
        ],
    )
    second = journal.add(sample(title="Threat by e-mail", place="Cairo", category="intimidation"))
    journal.update(second, sample(title="Threat by e-mail", place="Alexandria"))
    journal.add(sample(title="Not in the report"))
    journal.selected = (first, second)  # type: ignore[attr-defined]
    yield journal
    vault.lock()
