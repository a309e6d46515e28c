# SPDX-License-Identifier: GPL-3.0-or-later
"""When to try again, and how much to send per request.

Backoff is exponential with full jitter (AWS architecture blog, "Exponential Backoff And
Jitter"): many volunteers coming back online after an outage do not all knock at once, and a
volunteer's own retries look less like a beacon to someone watching the link.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

BACKOFF_BASE = 15.0  # seconds
BACKOFF_CAP = 3600.0  # never wait more than an hour between attempts
BACKOFF_FLOOR = 5.0

# Timing jitter needs no secrecy, but the system generator keeps linters and readers calm.
_RNG = random.SystemRandom()

MIN_CHUNK = 256 * 1024
MAX_CHUNK = 32 * 1024 * 1024
# A chunk should take about this long: long enough that per-request costs do not matter,
# short enough that a cut connection loses little and progress shows.
CHUNK_SECONDS = 3.0


def backoff_delay(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after the `attempts`-th failure in a row (1, 2, …)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(max(attempts, 1), 20))
    return max(BACKOFF_FLOOR, (rng or _RNG).uniform(0.0, ceiling))


def quick_delay() -> float:
    """A short pause before resuming a link that broke while data was moving."""
    return _RNG.uniform(0.5, 2.0)


def next_attempt(now: datetime, attempts: int, rng: random.Random | None = None) -> datetime:
    return now + timedelta(seconds=backoff_delay(attempts, rng))


class ChunkSizer:
    """Chunk size from measured throughput: grows at most twofold per chunk, shrinks at once."""

    def __init__(self, size: int = MIN_CHUNK) -> None:
        self.size = size

    def observe(self, sent: int, seconds: float) -> None:
        if sent <= 0:
            return
        rate = sent / max(seconds, 1e-3)
        wanted = int(rate * CHUNK_SECONDS)
        wanted = min(wanted, self.size * 2)
        # Whole 64 KiB pieces: the body is streamed in pieces of that size.
        self.size = max(MIN_CHUNK, min(MAX_CHUNK, wanted // 65536 * 65536))

    def failed(self) -> None:
        """A chunk broke off: try smaller pieces, in case the link drops long requests."""
        self.size = max(MIN_CHUNK, self.size // 2 // 65536 * 65536)
