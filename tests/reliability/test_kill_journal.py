# SPDX-License-Identifier: GPL-3.0-or-later
"""SIGKILL during journal writes: `bastion journal add` (with evidence), edits and large
attachments through the core library. Whatever reported success is there in full; what was
under way is there whole or not at all; the next opening leaves no unfinished file."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from desktop.journal import Journal
from tests.conftest import PASSPHRASE
from tests.reliability.checks import EntryState, decrypted_sha256, journal_state, reopened
from tests.reliability.harness import (
    KILL_TEST_MARKS,
    Child,
    Figures,
    Replay,
    Timing,
    bastion_argv,
    driver_argv,
    kill_driver,
    operation_rng,
)
from tests.reliability.series import Steps, count_kill, count_tidied, new_vault, random_file
from tests.sizes import size

pytestmark = KILL_TEST_MARKS

ADD_KILLS = size(50, 500)
EDIT_KILLS = size(30, 300)
ATTACH_KILLS = size(25, 250)
ENTRIES = 3


def test_killed_journal_adds(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("journal add")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    data = tmp_path / "data"
    new_vault(data, [])
    sources = [random_file(tmp_path / f"evidence-{i}.bin", 192 * 1024 + i) for i in range(3)]
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in sources}
    kept: dict[str, EntryState] = {}  # every entry found so far: it must never change
    timing = Timing()
    number = 0
    while tally.kills < ADD_KILLS:
        number += 1
        title = f"add {number}"
        narrative = f"What happened, take {number}: " + " ".join(
            rng.choice(["threat", "مضايقة", "doxxing", "तंग", "sock"]) for _ in range(40)
        )
        # Every other entry carries evidence: an entry must never show up without it.
        source = sources[number % len(sources)] if number % 2 else None
        argv = bastion_argv(data, "journal", "add", "--json-input", "-", "--category", "other")
        argv += ["--attach", str(source)] if source else []
        document = json.dumps({"title": title, "narrative": narrative})
        child = Child(argv, f"{PASSPHRASE}\n{document}".encode())
        # With evidence, most kills wait for its encrypted file to be under way.
        timing.run(
            child,
            rng,
            writing=functools.partial(_importing, data) if source else None,
            finished=functools.partial(_stored, data, _blobs(data)) if source else None,
        )
        killed = count_kill(tally, child, replay)
        if not killed:
            assert child.process.returncode == 0, f"{child.stderr} {replay}"
        reported = child.lines()[0] if not killed else None
        with reopened(data, replay) as opening:
            count_tidied(tally, opening)
            journal = Journal(opening.vault)
            state = journal_state(journal)
            for old, entry in kept.items():
                assert state.get(old) == entry, f"{old} changed or went {replay}"
            assert set(state) - set(kept) <= {title}, f"an entry nobody added {replay}"
            if reported is not None:
                assert title in state, f"reported {reported} but not there {replay}"
                assert state[title].uid == reported
                tally.verified += 1
            if title in state:
                entry = state[title]
                assert entry.narratives == (narrative,), f"{title} not as written {replay}"
                expected = [digests[source]] if source else []
                found = [decrypted_sha256(journal, item) for item in entry.evidence]
                assert found == expected, f"{title} without its evidence, whole {replay}"
                kept[title] = entry
                tally.unreported += int(killed)
    tally.complete = True


def test_killed_journal_edits(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("journal edit")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    data = tmp_path / "data"
    titles = [f"entry-{i}" for i in range(ENTRIES)]  # one word: steps split on spaces
    new_vault(data, titles)
    # The narratives each entry's revisions hold, as last found.
    history = {title: ["edit -1"] for title in titles}
    step = 0
    ready = Timing()  # how long the driver takes to be writing; the kill falls after that
    while tally.kills < EDIT_KILLS:
        child = Child(driver_argv("driver", "edit", str(data), str(step)), PASSPHRASE.encode())
        kill_driver(child, rng, ready, tail=0.3)
        assert count_kill(tally, child, replay), f"the driver ended: {child.stderr}"
        steps = Steps.parse(child.lines())
        with reopened(data, replay) as opening:
            count_tidied(tally, opening, steps.under_way)
            state = journal_state(Journal(opening.vault))
            assert set(state) == set(titles), f"entries came or went {replay}"
            for title in titles:
                least = history[title] + [f"edit {n}" for n, d in steps.done if d == [title]]
                whole = list(state[title].narratives)
                under_way = steps.under_way
                if under_way is not None and under_way[1] == [title] and whole != least:
                    least.append(f"edit {under_way[0]}")
                    tally.unreported += 1
                assert whole == least, f"{title}: {whole[-3:]} != {least[-3:]} {replay}"
                history[title] = whole
        tally.verified += len(steps.done)
        step = max([n for n, _ in steps.done] + [step - 1] + [_begun(steps)]) + 1
    tally.complete = True


def test_killed_large_attachments(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("large attachment")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    data = tmp_path / "data"
    titles = [f"entry-{i}" for i in range(ENTRIES)]  # one word: steps split on spaces
    new_vault(data, titles)
    big = random_file(tmp_path / "evidence.bin", 6 * 1024 * 1024 + 13)  # six chunks and a bit
    digest = hashlib.sha256(big.read_bytes()).hexdigest()
    attached: dict[str, list[str]] = {title: [] for title in titles}  # names, oldest first
    checked: set[str] = set()  # attachment ids already decrypted in full
    step = 0
    ready = Timing()
    while tally.kills < ATTACH_KILLS:
        argv = driver_argv("driver", "attach", str(data), str(step), str(big))
        child = Child(argv, PASSPHRASE.encode())
        kill_driver(child, rng, ready, tail=0.5)
        assert count_kill(tally, child, replay), f"the driver ended: {child.stderr}"
        steps = Steps.parse(child.lines())
        for _, (title, action, name) in steps.done:
            _apply(attached[title], action, name)
        with reopened(data, replay) as opening:
            count_tidied(tally, opening, steps.under_way)
            journal = Journal(opening.vault)
            state = journal_state(journal)
            for title in titles:
                found = [item.name for item in state[title].evidence]
                if steps.under_way is not None and steps.under_way[1][0] == title:
                    _, action, name = steps.under_way[1]
                    after = _apply(list(attached[title]), action, name)
                    if found == after and found != attached[title]:
                        attached[title] = after
                        tally.unreported += 1
                assert found == attached[title], f"{title}: {found} {attached[title]} {replay}"
                for item in state[title].evidence:
                    if item.name != "seed.bin" and item.uid not in checked:
                        assert decrypted_sha256(journal, item) == digest, f"{item} {replay}"
                        checked.add(item.uid)
        tally.verified += len(steps.done)
        step = max([n for n, _ in steps.done] + [step - 1] + [_begun(steps)]) + 1
    tally.complete = True


def _blobs(data: Path) -> int:
    folder = data / "attachments"
    return sum(1 for p in folder.iterdir() if len(p.name) == 32) if folder.is_dir() else 0


def _stored(data: Path, before: int) -> bool:
    """The evidence file is in place, encrypted, and its key not yet in the vault."""
    return _blobs(data) > before


def _importing(data: Path) -> bool:
    folder = data / "attachments"
    return folder.is_dir() and any(p.name.startswith(".tmp-") for p in folder.iterdir())


def _apply(names: list[str], action: str, name: str) -> list[str]:
    if action == "attach":
        names.append(name)
    else:
        names.remove(name)
    return names


def _begun(steps: Steps) -> int:
    return steps.under_way[0] if steps.under_way is not None else -1
