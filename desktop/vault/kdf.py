# SPDX-License-Identifier: GPL-3.0-or-later
"""Passphrase → key-encryption key with Argon2id, and calibration on this machine."""

from __future__ import annotations

import math
import os
import time
import unicodedata
from dataclasses import dataclass

KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored in the key header."""

    memory_kib: int
    time_cost: int
    parallelism: int

    def is_allowed(self) -> bool:
        """Within the floor (never weaker) and a ceiling (a header cannot demand absurd RAM)."""
        return (
            FLOOR.memory_kib <= self.memory_kib <= CEILING.memory_kib
            and FLOOR.time_cost <= self.time_cost <= CEILING.time_cost
            and 1 <= self.parallelism <= CEILING.parallelism
        )


# Calibration aims at this much time per unlock, and never uses more than MAX_MEMORY_KIB
# (a 4 GiB laptop must still unlock while a browser is open).
TARGET_SECONDS = 0.75
MAX_MEMORY_KIB = 1024 * 1024
# RFC 9106's low-memory recommendation; DESIGN.md: never below 64 MiB and t=3.
FLOOR = KdfParams(memory_kib=64 * 1024, time_cost=3, parallelism=4)
# The most a key header may ask for. Memory stops at what calibration ever picks: more can
# only come from a tampered header, and each unlock attempt would have to allocate it.
CEILING = KdfParams(memory_kib=MAX_MEMORY_KIB, time_cost=16, parallelism=16)
# A header may ask for at most this share of the machine's memory (see `affordable`).
MACHINE_MEMORY_SHARE = 2


def passphrase_bytes(passphrase: str) -> bytes:
    """NFC-normalise, so the same passphrase typed on another keyboard or OS still matches."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
    """Derive the 32-byte key-encryption key. Always costs the full derivation."""
    # Imported at first use, like the other crypto libraries: the unlock screen does not need
    # them to appear, and start-up time is budgeted (docs/performance.md).
    from argon2.low_level import Type, hash_secret_raw

    raw = hash_secret_raw(
        secret=passphrase_bytes(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return bytearray(raw)


def _physical_memory_kib() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 1024
    except (AttributeError, ValueError, OSError):
        return None


def affordable(params: KdfParams) -> bool:
    """Whether this machine can give one derivation `params.memory_kib`: at most half its
    physical memory. Calibration takes at most an eighth, so a vault made on a machine with
    up to four times more memory still opens here; a header asking for more is refused
    before deriving, rather than swapping or being killed by the system on every attempt.
    True where the memory size is unknown (the fixed CEILING still holds)."""
    ram = _physical_memory_kib()
    return ram is None or params.memory_kib <= ram // MACHINE_MEMORY_SHARE


MAX_TARGET_SECONDS = 60.0


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Pick parameters that take about `target_seconds` here, never below FLOOR.

    Memory is raised first (it is what makes guessing on GPUs expensive), up to
    MAX_MEMORY_KIB or an eighth of the RAM; after that, passes are added.
    """
    if math.isnan(target_seconds):
        raise ValueError("target_seconds")  # a caller's bug: no silent floor, no crash later
    if target_seconds <= 0:
        return FLOOR
    # Past a minute nobody waits; the cap also keeps the arithmetic below finite.
    target_seconds = min(target_seconds, MAX_TARGET_SECONDS)
    salt = os.urandom(SALT_BYTES)
    start = time.perf_counter()
    derive("calibration", salt, FLOOR)
    floor_seconds = max(time.perf_counter() - start, 1e-3)
    if floor_seconds >= target_seconds:
        return FLOOR

    memory_cap = MAX_MEMORY_KIB
    ram = _physical_memory_kib()
    if ram:
        memory_cap = max(FLOOR.memory_kib, min(memory_cap, ram // 8))
    scale = target_seconds / floor_seconds
    memory = FLOOR.memory_kib
    while memory * 2 <= memory_cap and scale >= 2:
        memory *= 2
        scale /= 2
    time_cost = min(CEILING.time_cost, max(FLOOR.time_cost, int(FLOOR.time_cost * scale)))
    return KdfParams(memory_kib=memory, time_cost=time_cost, parallelism=FLOOR.parallelism)


def wipe(buffer: bytearray | None) -> None:
    """Overwrite a key buffer in place (best effort: Python may hold other copies)."""
    if buffer is not None:
        for index in range(len(buffer)):
            buffer[index] = 0
