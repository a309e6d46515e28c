# SPDX-License-Identifier: GPL-3.0-or-later
"""The kill harness: real child processes, SIGKILLed after a random delay from a seeded
generator, and the bookkeeping of what each reported before it died.

Children print one line per step: `begin …` before an operation touches the vault and
`done …` once it returned (a CLI command's own output stands for `done`). What was `done`
must be found in full afterwards; the one operation `begun` and not `done` may be found
whole or not at all, never in part.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.sizes import size

REPO = Path(__file__).resolve().parents[2]
SEED_VARIABLE = "BASTION_KILL_SEED"
# The figures table lists operations in this order; record() waits for all of them.
# Every kill test: slow, POSIX only (SIGKILL), and given time in proportion to its size.
KILL_TEST_MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill"),
    pytest.mark.timeout(size(200, 3600)),
]

OPERATIONS = (
    "journal add",
    "journal edit",
    "large attachment",
    "export to a file",
    "export to the outbox",
    "upload",
    "pack install",
    "passphrase change",
    "window save",
)


def session_seed() -> int:
    """BASTION_KILL_SEED when set (to replay a failure), else a fresh one."""
    text = os.environ.get(SEED_VARIABLE, "").strip()
    return int(text) if text else random.SystemRandom().randrange(1, 2**31)


def operation_rng(seed: int, operation: str) -> random.Random:
    # One generator per operation, derived from the seed and the name, so one test replays
    # alone with the same delays whatever else ran before it.
    digest = hashlib.sha256(f"{seed}:{operation}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 (delays, not keys)


@dataclass
class Tally:
    """What one operation's kills showed; one row of the figures table."""

    operation: str
    kills: int = 0
    verified: int = 0  # operations that reported success, found in full afterwards
    # Kills known to have landed mid-write: a driver's step under way, unfinished files left
    # behind, an upload cut part-way (a CLI command's transaction cannot be seen from outside).
    mid_write: int = 0
    tidied: int = 0  # files the next opening of the vault removed
    unreported: int = 0  # operations found whole although the kill came before their report
    complete: bool = False  # set by the test once its whole series ran, every check passed
    failure: str = ""  # the check that failed (conftest.py), which ended the series there
    note: str = ""  # what the table's columns cannot say, printed under it

    @property
    def ended(self) -> bool:
        return self.complete or bool(self.failure)

    def row(self) -> tuple[object, ...]:
        outcome = "all passed"
        if not self.complete:
            outcome = f"**failed** at kill {self.kills}: {self.failure}"
        return (
            self.operation,
            self.kills,
            self.verified,
            self.mid_write,
            self.tidied,
            self.unreported,
            outcome,
        )


@dataclass
class Figures:
    """Every operation's tally in this session (tests/reliability/conftest.py records them)."""

    seed: int
    tallies: dict[str, Tally] = field(default_factory=dict)
    current: Tally | None = None  # the series under way, for the failure hook

    def tally(self, operation: str) -> Tally:
        assert operation in OPERATIONS, operation
        self.current = self.tallies[operation] = Tally(operation)
        return self.current

    def ready(self) -> bool:
        """Every operation's series ran to its end or to a failed check: the figures are
        those of a whole run (one test run alone must not replace them)."""
        return all(name in self.tallies and self.tallies[name].ended for name in OPERATIONS)


def child_env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    env.pop(SEED_VARIABLE, None)
    return env


class Child:
    """A child process whose standard output is read line by line as it comes."""

    def __init__(self, argv: Sequence[str], stdin: bytes) -> None:
        self.started = time.monotonic()
        self.seconds = 0.0  # from start to end, once it ended
        self.process = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=child_env(),
        )
        self._lines: list[str] = []
        self._err = b""
        self._lock = threading.Lock()
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read_out, daemon=True),
            threading.Thread(target=self._read_err, daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(stdin)
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # it died already: what it printed tells what happened

    def _read_out(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            if not raw.endswith(b"\n"):
                return  # cut by the kill in the middle of the line: not reported
            with self._lock:
                self._lines.append(raw.decode("utf-8", errors="replace").removesuffix("\n"))

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        self._err = self.process.stderr.read()

    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    @property
    def stderr(self) -> str:
        return self._err.decode("utf-8", errors="replace")

    def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Poll `condition` until true (True), the child ends or `timeout` passes (False)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if self.process.poll() is not None or time.monotonic() > deadline:
                return condition()
            time.sleep(0.001)
        return True

    def wait_for_line(self, text: str, timeout: float = 60) -> float:
        """Wait until the child prints the line `text`; how long after its start it did."""
        assert self.wait_for(lambda: text in self.lines(), timeout), self.stderr
        return self.elapsed()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def kill_after(self, seconds: float) -> bool:
        """SIGKILL the child `seconds` after it started, unless it ended first. Returns
        whether it was killed. No signal it could catch, so no clean-up of any kind."""
        self.wait_for(lambda: False, max(0.0, self.started + seconds - time.monotonic()))
        return self.kill_now()

    def kill_now(self) -> bool:
        if self.process.poll() is not None:
            self.finish()
            return False
        self.process.send_signal(signal.SIGKILL)
        self.finish()
        return True

    def finish(self, timeout: float = 120) -> int:
        """Wait for the end and for its output to be read; the exit status."""
        code = self.process.wait(timeout)
        self.seconds = time.monotonic() - self.started
        for reader in self._readers:
            reader.join(10)
        return code

    @property
    def killed(self) -> bool:
        return self.process.returncode == -signal.SIGKILL


def bastion_argv(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args]


def driver_argv(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", f"tests.reliability.{module}", *args]


class Timing:
    """How long an operation takes when left alone, so kill delays spread over all of it.

    The first runs of a series are left to finish and measured; later ones that finish keep
    the estimate current (a vault that grows makes every run a little longer)."""

    MEASURED_RUNS = 2

    def __init__(self) -> None:
        self.seconds = 0.0
        self.runs = 0

    def observe(self, seconds: float) -> None:
        self.runs += 1
        self.seconds = max(self.seconds * 0.9, seconds)

    def run(
        self,
        child: Child,
        rng: random.Random,
        writing: Callable[[], bool] | None = None,
        finished: Callable[[], bool] | None = None,
    ) -> None:
        """Let `child` finish while measuring, else SIGKILL it at a random point of its run.

        Some kills fall anywhere, start-up included (nothing is written yet: that must not
        matter either). The moments where a kill can do harm can be milliseconds long next
        to the start-up, so most kills aim at them: with `writing` (true once the child's
        file is being written), at once or somewhere in the rest of the run; with
        `finished` (true once the result is in place, before the vault records it), within
        milliseconds, between the two."""
        roll = rng.random()
        if self.runs < self.MEASURED_RUNS:
            child.finish()
        elif finished is not None and roll < 0.35:
            _kill_when(child, finished, rng.uniform(0.0, 0.006))
        elif writing is not None and roll < 0.8:
            tail = 0.005 if rng.random() < 0.5 else 0.3 * self.seconds
            _kill_when(child, writing, rng.uniform(0.0, tail))
        else:
            child.kill_after(rng.uniform(0.1, 1.05) * self.seconds)
        if not child.killed:
            self.observe(child.seconds)


def _kill_when(child: Child, condition: Callable[[], bool], extra: float) -> None:
    """SIGKILL `child` `extra` seconds after `condition` holds (at once if it ended first)."""
    if child.wait_for(condition, 120):
        child.kill_after(child.elapsed() + extra)
    else:
        child.kill_now()


def kill_driver(child: Child, rng: random.Random, ready: Timing, tail: float) -> None:
    """SIGKILL a driver (it loops until killed): mostly at a random point within `tail`
    seconds after it said `ready` (it is writing then); sometimes while it starts, unlocks
    and tidies, which must not matter either. `ready` learns how long starting takes."""
    if ready.runs < 1 or rng.random() < 0.85:
        ready.observe(child.wait_for_line("ready"))
        child.kill_after(child.elapsed() + rng.uniform(0.0, tail))
    else:
        child.kill_after(rng.uniform(0.2, 1.0) * ready.seconds)


class Replay:
    """The seed and the kill under way, to put in every failure message."""

    def __init__(self, seed: int, operation: str) -> None:
        self.seed = seed
        self.operation = operation
        self.kill = 0

    def __str__(self) -> str:
        return (
            f"[{self.operation}, kill {self.kill}; replay with "
            f"{SEED_VARIABLE}={self.seed} pytest tests/reliability]"
        )
