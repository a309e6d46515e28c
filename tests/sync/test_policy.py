# SPDX-License-Identifier: GPL-3.0-or-later
"""Backoff with full jitter, and chunk sizes that follow the measured throughput."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from desktop.sync import policy


def test_backoff_grows_then_stops_at_the_cap() -> None:
    rng = random.Random(7)  # noqa: S311 - seeded on purpose: repeatable
    ceilings = []
    for attempts in range(1, 16):
        delays = [policy.backoff_delay(attempts, rng) for _ in range(400)]
        assert all(policy.BACKOFF_FLOOR <= d <= policy.BACKOFF_CAP for d in delays)
        ceilings.append(max(delays))
    # Full jitter: spread over the whole range, so the largest seen nears the ceiling.
    assert ceilings[0] <= policy.BACKOFF_BASE * 2
    assert ceilings[3] > ceilings[0] * 4
    assert ceilings[-1] > policy.BACKOFF_CAP * 0.95


def test_backoff_is_jittered() -> None:
    rng = random.Random(1)  # noqa: S311 - seeded on purpose: repeatable
    delays = {round(policy.backoff_delay(6, rng)) for _ in range(50)}
    assert len(delays) > 30


def test_next_attempt_is_in_the_future() -> None:
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    later = policy.next_attempt(now, 3)
    assert now + timedelta(seconds=policy.BACKOFF_FLOOR) <= later
    assert later <= now + timedelta(seconds=policy.BACKOFF_CAP)


def test_chunks_grow_on_a_fast_link_up_to_the_maximum() -> None:
    sizer = policy.ChunkSizer()
    assert sizer.size == policy.MIN_CHUNK
    seen = []
    for _ in range(10):
        sizer.observe(sizer.size, 0.01)  # 100 chunks a second
        seen.append(sizer.size)
    assert seen[0] == 2 * policy.MIN_CHUNK  # at most twofold per step
    assert seen[-1] == policy.MAX_CHUNK


def test_chunks_aim_at_a_few_seconds_on_a_slow_link() -> None:
    sizer = policy.ChunkSizer(policy.MAX_CHUNK)
    sizer.observe(1024 * 1024, 16.0)  # 64 KiB/s, a bad mobile link or Tor
    assert sizer.size == policy.MIN_CHUNK  # 3 s of 64 KiB/s is below the minimum
    sizer = policy.ChunkSizer(policy.MAX_CHUNK)
    sizer.observe(8 * 1024 * 1024, 8.0)  # 1 MiB/s
    assert sizer.size == 3 * 1024 * 1024
    assert sizer.size % 65536 == 0


def test_a_broken_chunk_halves_the_size() -> None:
    sizer = policy.ChunkSizer(4 * 1024 * 1024)
    sizer.failed()
    assert sizer.size == 2 * 1024 * 1024
    for _ in range(10):
        sizer.failed()
    assert sizer.size == policy.MIN_CHUNK
