# SPDX-License-Identifier: GPL-3.0-or-later
"""Argon2id derivation and calibration: the floor holds, derivation is stable across inputs."""

from __future__ import annotations

import dataclasses
import os
import unicodedata

import pytest

from desktop.vault import kdf

SALT = bytes(range(kdf.SALT_BYTES))


def test_calibrate_with_no_time_budget_is_the_floor() -> None:
    assert kdf.calibrate(0) == kdf.FLOOR
    assert kdf.calibrate(-1) == kdf.FLOOR


def test_calibrate_refuses_nan_and_caps_infinity(monkeypatch: pytest.MonkeyPatch) -> None:
    """A core caller passing NaN or infinity got a ValueError or OverflowError from deep in
    the arithmetic; now NaN is refused up front and infinity is a minute's budget."""
    with pytest.raises(ValueError, match="target_seconds"):
        kdf.calibrate(float("nan"))
    monkeypatch.setattr(kdf, "derive", lambda *_a, **_k: bytearray(kdf.KEY_BYTES))
    params = kdf.calibrate(float("inf"))
    assert params.is_allowed()
    assert params.time_cost <= kdf.CEILING.time_cost


def test_calibrate_never_goes_below_the_floor() -> None:
    params = kdf.calibrate(0.3)
    for field in dataclasses.fields(kdf.KdfParams):
        assert getattr(params, field.name) >= getattr(kdf.FLOOR, field.name), field.name
    assert params.is_allowed()
    assert params.memory_kib <= kdf.MAX_MEMORY_KIB


def test_calibrate_respects_a_small_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    # 512 MiB of RAM: an eighth is 64 MiB, so memory must stay at the floor.
    monkeypatch.setattr(kdf, "_physical_memory_kib", lambda: 512 * 1024)
    # Pretend a floor derivation is very fast, so calibration wants to scale up a lot.
    monkeypatch.setattr(kdf, "derive", lambda *_a, **_k: bytearray(kdf.KEY_BYTES))
    params = kdf.calibrate(10.0)
    assert params.memory_kib == kdf.FLOOR.memory_kib
    assert params.time_cost == kdf.CEILING.time_cost
    assert params.is_allowed()


def test_floor_matches_the_design() -> None:
    # DESIGN.md: never below 64 MiB and 3 passes.
    assert kdf.FLOOR.memory_kib == 64 * 1024
    assert kdf.FLOOR.time_cost == 3
    assert kdf.FLOOR.is_allowed()


@pytest.mark.parametrize(
    "params",
    [
        kdf.KdfParams(kdf.FLOOR.memory_kib - 1, 3, 4),
        kdf.KdfParams(kdf.FLOOR.memory_kib, 2, 4),
        kdf.KdfParams(kdf.FLOOR.memory_kib, 3, 0),
        kdf.KdfParams(kdf.CEILING.memory_kib + 1, 3, 4),
        kdf.KdfParams(kdf.FLOOR.memory_kib, kdf.CEILING.time_cost + 1, 4),
        kdf.KdfParams(kdf.FLOOR.memory_kib, 3, kdf.CEILING.parallelism + 1),
    ],
    ids=["memory low", "passes low", "no lanes", "memory high", "passes high", "lanes high"],
)
def test_params_outside_the_limits_are_not_allowed(params: kdf.KdfParams) -> None:
    assert not params.is_allowed()


def test_derive_is_deterministic_and_depends_on_every_input() -> None:
    first = kdf.derive("orbit lantern kettle vivid meadow", SALT, kdf.FLOOR)
    assert len(first) == kdf.KEY_BYTES
    assert kdf.derive("orbit lantern kettle vivid meadow", SALT, kdf.FLOOR) == first
    assert kdf.derive("orbit lantern kettle vivid meadoW", SALT, kdf.FLOOR) != first
    assert kdf.derive("orbit lantern kettle vivid meadow", os.urandom(16), kdf.FLOOR) != first


def test_nfc_and_nfd_forms_derive_the_same_key() -> None:
    composed = unicodedata.normalize("NFC", "café passphrase")
    decomposed = unicodedata.normalize("NFD", "café passphrase")
    assert composed != decomposed  # the test means something only if the forms differ
    assert kdf.derive(composed, SALT, kdf.FLOOR) == kdf.derive(decomposed, SALT, kdf.FLOOR)


def test_wipe_zeroes_in_place() -> None:
    buffer = bytearray(b"\x01" * 32)
    kdf.wipe(buffer)
    assert buffer == bytearray(32)
    kdf.wipe(None)  # locking an already locked vault passes None


def test_affordable_is_half_the_machine_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kdf, "_physical_memory_kib", lambda: 1024 * 1024)
    assert kdf.affordable(kdf.KdfParams(512 * 1024, 3, 4))
    assert not kdf.affordable(kdf.KdfParams(512 * 1024 + 1, 3, 4))
    monkeypatch.setattr(kdf, "_physical_memory_kib", lambda: None)
    assert kdf.affordable(kdf.CEILING)


def test_what_calibration_picks_is_always_within_the_ceiling() -> None:
    # The ceiling refuses only what no Bastion wrote: calibration's own cap is below it.
    assert kdf.CEILING.memory_kib >= kdf.MAX_MEMORY_KIB
