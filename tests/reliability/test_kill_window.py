# SPDX-License-Identifier: GPL-3.0-or-later
"""SIGKILL of the real window (offscreen) while it saves journal entries through the editor:
every save the editor reported is there in full, the save under way is whole or absent, and
the next opening leaves nothing unfinished."""

from __future__ import annotations

from pathlib import Path

from desktop.journal import Journal
from tests.conftest import PASSPHRASE
from tests.reliability.checks import journal_state, reopened
from tests.reliability.harness import (
    KILL_TEST_MARKS,
    Child,
    Figures,
    Replay,
    Timing,
    driver_argv,
    kill_driver,
    operation_rng,
)
from tests.reliability.series import Steps, count_kill, count_tidied, new_vault
from tests.sizes import size

pytestmark = KILL_TEST_MARKS

WINDOW_KILLS = size(15, 150)
_VERB = {"add": "saved", "edit": "edited"}  # the narrative each kind of step saves


def test_killed_window_saves(tmp_path: Path, kill_figures: Figures) -> None:
    tally = kill_figures.tally("window save")
    rng = operation_rng(kill_figures.seed, tally.operation)
    replay = Replay(kill_figures.seed, tally.operation)
    data = tmp_path / "data"
    new_vault(data, [])
    entries: dict[str, list[str]] = {}  # title → narratives of its revisions, as last found
    step = 0
    ready = Timing()  # start-up to the first save: the kill falls after a random part of it
    while tally.kills < WINDOW_KILLS:
        child = Child(driver_argv("window_driver", str(data), str(step)), PASSPHRASE.encode())
        kill_driver(child, rng, ready, tail=0.4)
        assert count_kill(tally, child, replay), f"the window ended: {child.stderr}"
        steps = Steps.parse(child.lines())
        for number, (kind, title) in steps.done:
            entries.setdefault(title, []).append(f"{_VERB[kind]} {number}")
        with reopened(data, replay) as opening:
            count_tidied(tally, opening, steps.under_way)
            state = journal_state(Journal(opening.vault))
            found = {title: list(entry.narratives) for title, entry in state.items()}
            if steps.under_way is not None and found != entries:
                number, (kind, title) = steps.under_way
                entries.setdefault(title, []).append(f"{_VERB[kind]} {number}")
                tally.unreported += 1
            assert found == entries, f"{_diff(found, entries)} {replay}"
        tally.verified += len(steps.done)
        begun = [steps.under_way[0]] if steps.under_way is not None else []
        step = max([n for n, _ in steps.done] + begun + [step - 1]) + 1
        step += step % 2  # each run starts with a new entry: the editor opens on one
    tally.complete = True


def _diff(found: dict[str, list[str]], expected: dict[str, list[str]]) -> str:
    keys = sorted(set(found) | set(expected))
    return "; ".join(
        f"{k}: {found.get(k)} != {expected.get(k)}" for k in keys if found.get(k) != expected.get(k)
    )
