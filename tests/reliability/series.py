# SPDX-License-Identifier: GPL-3.0-or-later
"""Set-ups and step bookkeeping shared by the kill tests.

A series reuses one vault: kill, check, carry on. So each check also proves that damage does
not pile up from one kill to the next.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from desktop.journal import AttachmentSource, Journal
from desktop.vault import Vault, kdf
from tests.conftest import PASSPHRASE
from tests.journal.conftest import sample
from tests.reliability.checks import Opening
from tests.reliability.harness import Child, Replay, Tally


def new_vault(directory: Path, titles: list[str], evidence: bytes | None = None) -> None:
    """A locked vault (FLOOR parameters) with an entry per title (narrative "edit -1")."""
    vault = Vault(directory)
    vault.create(PASSPHRASE, kdf.FLOOR)
    journal = Journal(vault)
    for title in titles:
        sources = [AttachmentSource(data=evidence, name="seed.bin")] if evidence else []
        journal.add(sample(title=title, narrative="edit -1"), sources)
    vault.lock()


def random_file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


@dataclass(frozen=True)
class Steps:
    """What a driver child said: the steps it finished, and the one it had begun, if any."""

    done: list[tuple[int, list[str]]]
    under_way: tuple[int, list[str]] | None
    ready: bool

    @classmethod
    def parse(cls, lines: list[str]) -> Steps:
        done: list[tuple[int, list[str]]] = []
        begun: tuple[int, list[str]] | None = None
        for line in lines:
            word, _, rest = line.partition(" ")
            if word not in ("begin", "done"):
                continue
            number, _, detail = rest.partition(" ")
            step = (int(number), detail.split(" "))
            if word == "begin":
                assert begun is None, f"two steps under way: {begun}, {step}"
                begun = step
            else:
                assert begun == step, f"done without begin: {step}"
                done.append(step)
                begun = None
        return cls(done, begun, "ready" in lines)


def count_kill(tally: Tally, child: Child, replay: Replay) -> bool:
    """Count a kill (True), or a run that ended by itself first (False)."""
    if not child.killed:
        return False
    tally.kills += 1
    replay.kill = tally.kills
    return True


def count_tidied(tally: Tally, opening: Opening, under_way: object = None) -> None:
    """A kill that left files for the next opening to tidy, or (`under_way`, a driver's
    step begun and not done) that fell inside a write, landed mid-write."""
    if opening.removed or under_way is not None:
        tally.mid_write += 1
    tally.tidied += len(opening.removed)
