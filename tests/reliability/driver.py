# SPDX-License-Identifier: GPL-3.0-or-later
"""A child for the kill tests: opens a vault with the core library, as the window's workers
do, and repeats one kind of write until it is killed, one line per step on stdout.

    python -m tests.reliability.driver edit DATA_DIR START
    python -m tests.reliability.driver attach DATA_DIR START SOURCE

The passphrase is the first line of standard input. `edit` saves a new revision of each entry
in turn (narrative "edit N"); `attach` adds SOURCE to each entry in turn as `big-N.bin`, and
removes the entry's oldest attachment once it has more than two, so the folder stays small and
removals are killed too. Steps are numbered from START. Before a step touches the vault it
prints `begin N …`, after it returned `done N …`: the test knows which step was under way.
"""

from __future__ import annotations

import dataclasses
import sys
from itertools import count
from pathlib import Path

from desktop.journal import AttachmentSource, Journal
from desktop.reports.housekeeping import tidy
from desktop.vault import Vault

KEEP = 2  # attachments an entry keeps in `attach` mode


def say(*words: object) -> None:
    print(*words, flush=True)


def entries(journal: Journal) -> list[tuple[str, str]]:
    """(title, id) of every entry, by title: the order steps go round in."""
    return sorted((s.title, s.uid) for s in journal.page(limit=10_000))


def edit(journal: Journal, start: int) -> None:
    targets = entries(journal)
    for step in count(start):
        title, uid = targets[step % len(targets)]
        content = dataclasses.replace(journal.get(uid).content, narrative=f"edit {step}")
        say("begin", step, title)
        journal.update(uid, content)
        say("done", step, title)


def attach(journal: Journal, start: int, source: Path) -> None:
    targets = entries(journal)
    for step in count(start):
        title, uid = targets[step % len(targets)]
        say("begin", step, title, "attach", f"big-{step}.bin")
        journal.attach(uid, [AttachmentSource(path=source, name=f"big-{step}.bin")])
        say("done", step, title, "attach", f"big-{step}.bin")
        attached = journal.get(uid).attachments
        if len(attached) > KEEP:
            oldest = attached[0]
            say("begin", step, title, "remove", oldest.name)
            journal.remove_attachment(uid, oldest.uid)
            say("done", step, title, "remove", oldest.name)


def main(argv: list[str]) -> int:
    mode, directory, start = argv[0], Path(argv[1]), int(argv[2])
    vault = Vault(directory)
    vault.unlock(sys.stdin.readline().removesuffix("\n"))
    tidy(vault)  # what every command and the window do right after unlocking
    journal = Journal(vault)
    say("ready")
    if mode == "edit":
        edit(journal, start)
    elif mode == "attach":
        attach(journal, start, Path(argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
