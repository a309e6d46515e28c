# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the benchmarks: medians, timed child processes, tables, the environment.

Every benchmark compares Bastion with an anchor measured in the same run and reports the
ratio, because absolute times drift on shared machines (DESIGN.md, "Quality bars").
Benchmarks report; they never gate: they exit 0 even when a figure is over its target.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), so p90 of 9 is not the max."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(samples: Sequence[float]) -> dict[str, Any]:
    """Median, p90, extremes and the raw samples (seconds), for tables and --json."""
    return {
        "median": median(samples),
        "p90": percentile(samples, 0.9),
        "min": min(samples),
        "max": max(samples),
        "samples": list(samples),
    }


def time_call(function: Callable[[], object]) -> float:
    """Wall time of one call in seconds."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def time_process(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    stdin_text: str | None = None,
    timeout: float = 60.0,
) -> float:
    """Wall time from spawn to exit of a child process, in seconds.

    Output is captured (not timed on a terminal) and shown only if the child fails, since a
    failed run measures nothing and must stop the benchmark rather than skew it.
    """
    start = time.perf_counter()
    result = subprocess.run(
        list(argv),
        input=stdin_text,
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else None,
        cwd=REPO,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench: {' '.join(argv[:3])} … exited with {result.returncode}")
    return elapsed


def time_interleaved(
    anchor_argv: Sequence[str],
    subject_argv: Sequence[str],
    runs: int,
    *,
    env: Mapping[str, str] | None = None,
) -> tuple[list[float], list[float]]:
    """Wall times of `runs` starts of each program: (anchor, subject).

    One untimed run each first: the first start pays for a cold page cache and .pyc writing,
    which says nothing about either program. Then interleaved, so drift on a shared machine
    (a neighbour's burst, CPU throttling) lands on both sides instead of biasing one.
    """
    time_process(anchor_argv, env=env)
    time_process(subject_argv, env=env)
    anchor: list[float] = []
    subject: list[float] = []
    for _ in range(runs):
        anchor.append(time_process(anchor_argv, env=env))
        subject.append(time_process(subject_argv, env=env))
    return anchor, subject


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def environment() -> dict[str, str]:
    """What the figures were measured on; versions come from installed metadata (no imports)."""

    def version(distribution: str) -> str:
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "cpus": str(os.cpu_count() or "?"),
        "pyside6": version("PySide6-Essentials"),
        "sqlcipher3": version("sqlcipher3"),
        "argon2-cffi": version("argon2-cffi"),
        "date": time.strftime("%Y-%m-%d"),
    }


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain aligned table: the first column left-aligned, the figures right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        first, *rest = (str(cell) for cell in cells)
        parts = [first.ljust(widths[0])]
        parts += [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    print(line(headers))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def print_json(document: Mapping[str, Any]) -> None:
    print(json.dumps(document, indent=2))
