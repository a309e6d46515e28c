# SPDX-License-Identifier: GPL-3.0-or-later
"""The session's seed and the figures every kill test adds to; recorded once at the end.

docs/reliability.md is written only when every operation of harness.OPERATIONS ran, to the
end of its series or to the check that failed (its row then says which, at which kill):
running one test alone must not replace the full table with part of one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from desktop.vault import kdf
from tests.figures import record, table
from tests.reliability.harness import OPERATIONS, SEED_VARIABLE, Figures, session_seed
from tests.sizes import LONG


@pytest.fixture(scope="session")
def kill_figures() -> Iterator[Figures]:
    figures = Figures(session_seed())
    # Shown with the output of a failing test, and with -s: the way to replay this run.
    print(f"\nkill seed: {figures.seed} ({SEED_VARIABLE}={figures.seed} to replay)")
    yield figures
    if figures.tallies:
        print("\n" + render(figures))
    if figures.ready():
        record("kills", render(figures))


@pytest.fixture(autouse=True)
def derive_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id remembered per (passphrase, salt, parameters) in the test process only.

    The checks open the vault after every kill, and the key header changes only when the
    passphrase does; a derivation is a pure function of its inputs, so remembering it changes
    no outcome (the header is still read, its key unwrapped and authenticated, the database
    opened and tidied) and saves a quarter of the suite's time. The children derive for real.
    """
    derive = kdf.derive
    known: dict[tuple[str, bytes, kdf.KdfParams], bytes] = {}

    def remembered(passphrase: str, salt: bytes, params: kdf.KdfParams) -> bytearray:
        key = (passphrase, bytes(salt), params)
        if key not in known:
            known[key] = bytes(derive(passphrase, salt, params))
        return bytearray(known[key])  # a fresh copy: callers wipe what they get

    monkeypatch.setattr(kdf, "derive", remembered)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """A kill test that fails: its row says at which kill and which check."""
    report = yield
    figures = getattr(item, "funcargs", {}).get("kill_figures")
    if call.when == "call" and call.excinfo is not None and isinstance(figures, Figures):
        tally, figures.current = figures.current, None
        if tally is not None and not tally.complete:
            tally.failure = _first_line(call.excinfo.exconly())
    return report


def _first_line(text: str) -> str:
    # The seed is in the table's footnote; the replay hint would repeat it in every row.
    line = text.splitlines()[0] if text else "error"
    line = re.sub(r" \[[^]]*replay with [^]]*\]", "", line).removeprefix("AssertionError: ")
    return line[:160].replace("|", "/")


def render(figures: Figures) -> str:
    rows = [figures.tallies[name].row() for name in figures.tallies]
    ordered = sorted(rows, key=lambda row: _position(str(row[0])))
    total = sum(int(str(row[1])) for row in rows)
    header = (
        "operation",
        "kills",
        "reported done, found in full",
        "kills mid-write (a step under way, unfinished files left, an upload cut part-way)",
        "files the next run tidied",
        "done but killed before reporting, found whole",
        "checks",
    )
    size = "long (`make test-long`)" if LONG else "default (`make test`)"
    notes = "".join(
        f"\n\n{name}: {figures.tallies[name].note}"
        for name in OPERATIONS
        if name in figures.tallies and figures.tallies[name].note
    )
    return (
        table(header, ordered)
        + notes
        + f"\n\n{total} kills in all; seed {figures.seed}, size {size}. Replay a run with "
        f"`{SEED_VARIABLE}={figures.seed}`."
    )


def _position(operation: str) -> int:
    return OPERATIONS.index(operation)
