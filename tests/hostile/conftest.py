# SPDX-License-Identifier: GPL-3.0-or-later
"""Hypothesis profiles for the hostile-input tests, and the figures they record.

`make test` runs the "hostile" profile: derandomized (the same inputs on every run, so a
failure replays and the figures are stable), no example database (nothing written into the
tree), no deadline (the tests set their own CPU deadline per call), and few enough examples
that the whole directory runs in about a minute on two CPUs. `make test-long`
(BASTION_LONG=1) runs "hostile-long": many more examples, randomized, so each long run
explores inputs the default run never sees.

The counts of every test are gathered in tests/hostile/support.py (FIGURES) and written to
docs/reliability.md, section `hostile`, only when the whole directory ran and passed: a
partial run (`-k`, one file, one test) must not replace the figures with a fraction.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.figures import record, table
from tests.hostile.support import FIGURES
from tests.sizes import LONG, size

HERE = Path(__file__).resolve().parent
EXAMPLES = size(60, 1500)
_QUIET = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
    # Tests that take tmp_path make a fresh folder per example themselves.
    HealthCheck.function_scoped_fixture,
]
settings.register_profile(
    "hostile",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    "hostile-long",
    derandomize=False,
    database=None,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=_QUIET,
    # A randomized failure is replayed from the blob it prints (@reproduce_failure).
    print_blob=True,
)
settings.load_profile("hostile-long" if LONG else "hostile")


class _Run:
    """What pytest saw of this directory in the session."""

    def __init__(self) -> None:
        self.collected = 0
        self.passed = 0
        self.failed = 0
        self.deselected = 0
        self.modules: set[str] = set()
        self.seconds = 0.0


_RUN = _Run()


def _ours(nodeid: str) -> bool:
    return nodeid.startswith("tests/hostile/")


def pytest_collection_finish(session: pytest.Session) -> None:
    for item in session.items:
        if _ours(item.nodeid):
            _RUN.collected += 1
            _RUN.modules.add(item.nodeid.split("::")[0].rsplit("/", 1)[-1])


def pytest_deselected(items: list[pytest.Item]) -> None:
    _RUN.deselected += sum(1 for item in items if _ours(item.nodeid))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not _ours(report.nodeid):
        return
    _RUN.seconds += report.duration
    if report.failed:
        _RUN.failed += 1
    elif report.when == "call" and report.passed:
        _RUN.passed += 1


def _whole_directory(config: pytest.Config) -> bool:
    """Every test of every module here was selected, ran and passed."""
    if any("::" in arg for arg in config.args):
        return False  # a test picked out by name: not the whole directory
    expected = {path.name for path in HERE.glob("test_*.py")}
    return (
        _RUN.modules == expected
        and _RUN.deselected == 0
        and _RUN.failed == 0
        and _RUN.collected > 0
        and _RUN.passed == _RUN.collected
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not _whole_directory(session.config):
        return
    tallies = list(FIGURES.values())
    rows = [tally.row() for tally in tallies]
    rows.append(
        (
            "**all parsers**",
            sum(t.generated for t in tallies),
            sum(t.corpus for t in tallies),
            sum(t.accepted for t in tallies),
            sum(t.refused for t in tallies),
            "",
        )
    )
    header = (
        "parser",
        "generated inputs",
        "corpus cases",
        "accepted",
        "refused (typed)",
        "memory cap per call (peak seen)",
    )
    profile = "hostile-long (BASTION_LONG=1, randomized)" if LONG else "hostile (derandomized)"
    summary = (
        f"Hypothesis profile `{profile}`, {EXAMPLES} examples per property; "
        f"{_RUN.passed} tests in {_RUN.seconds:.0f} s. Every input was accepted or refused "
        "with the parser's typed error; none raised anything else, ran past its CPU deadline "
        "or allocated more than its cap (tracemalloc), and no extraction wrote outside its "
        "destination."
    )
    record("hostile", summary + "\n\n" + table(header, rows))
