# SPDX-License-Identifier: GPL-3.0-or-later
"""Wrong passphrases: the growing wait, the opt-in erase, and what they must never do
(lock the owner out on a full disk, count a right passphrase, survive a damaged count)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from desktop.errors import DiskFullError
from desktop.vault import attempts as attempts_mod
from desktop.vault import kdf
from desktop.vault.attempts import (
    FILE_NAME,
    MAX_WAIT_SECONDS,
    Attempts,
    wait_after,
)
from desktop.vault.errors import (
    UnlockDelayedError,
    VaultErasedError,
    WrongPassphraseError,
)
from desktop.vault.vault import Vault, VaultState
from tests.conftest import NEW_PASSPHRASE, PASSPHRASE, WRONG_PASSPHRASE


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def locked(data_dir: Path, clock: Clock) -> Vault:
    vault = Vault(data_dir)
    vault.create(PASSPHRASE, kdf.FLOOR)
    vault.set_setting("precious", "yes")
    (data_dir / "attachments").mkdir()
    (data_dir / "attachments" / ("ab" * 16)).write_bytes(b"ciphertext")
    vault.lock()
    vault.attempts = Attempts(data_dir, clock=clock)
    return vault


def wrong(vault: Vault) -> WrongPassphraseError:
    with pytest.raises(WrongPassphraseError) as caught:
        vault.unlock(WRONG_PASSPHRASE)
    return caught.value


def test_the_wait_doubles_after_three_free_slips_up_to_a_quarter_of_an_hour() -> None:
    assert [wait_after(n) for n in range(1, 12)] == [0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 900]
    assert wait_after(10_000) == MAX_WAIT_SECONDS


def test_wrong_passphrases_make_the_next_try_wait(locked: Vault, clock: Clock) -> None:
    assert [wrong(locked).wait_seconds for _ in range(2)] == [0, 0]
    assert wrong(locked).wait_seconds == 5
    # During the wait even the right passphrase is refused, before any derivation.
    with pytest.raises(UnlockDelayedError) as delayed:
        locked.unlock(PASSPHRASE)
    assert delayed.value.seconds == 5
    clock.now += 3
    with pytest.raises(UnlockDelayedError) as delayed:
        locked.unlock(PASSPHRASE)
    assert delayed.value.seconds == 2
    clock.now += 2
    assert wrong(locked).wait_seconds == 10  # the fourth in a row
    clock.now += 10
    locked.unlock(PASSPHRASE)
    assert locked.get_setting("precious") == "yes"
    locked.lock()
    # The right passphrase cleared the count: three free slips again.
    assert [wrong(locked).wait_seconds for _ in range(3)] == [0, 0, 5]


def test_the_wait_survives_a_restart_and_a_clock_set_back(locked: Vault, clock: Clock) -> None:
    for count in range(1, 6):
        wrong(locked)
        clock.now += wait_after(count) if count < 5 else 1
    again = Vault(locked.directory)
    again.attempts = Attempts(locked.directory, clock=clock)
    with pytest.raises(UnlockDelayedError):
        again.unlock(PASSPHRASE)
    clock.now -= 10 * 365 * 24 * 3600  # someone sets the clock back ten years
    assert again.attempts.seconds_to_wait() == MAX_WAIT_SECONDS


def test_changing_the_passphrase_counts_as_a_try(locked: Vault, clock: Clock) -> None:
    """`bastion passwd` unwraps the key with the old passphrase: the same guessing door."""
    for _ in range(3):
        with pytest.raises(WrongPassphraseError):
            locked.change_passphrase(WRONG_PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(UnlockDelayedError):
        locked.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    clock.now += 5
    locked.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    locked.unlock(NEW_PASSPHRASE)
    locked.lock()


def test_erasing_is_off_by_default(locked: Vault, clock: Clock) -> None:
    for _ in range(25):
        error = wrong(locked)
        assert error.tries_left is None
        clock.now += MAX_WAIT_SECONDS
    assert locked.state() is VaultState.PRESENT
    locked.unlock(PASSPHRASE)
    assert locked.get_setting("precious") == "yes"
    locked.lock()


def test_erase_after_five_warns_then_erases_everything(locked: Vault, clock: Clock) -> None:
    locked.attempts.set_erase_after(5)
    assert [wrong(locked).tries_left for _ in range(2)] == [4, 3]
    clock.now += 60
    assert wrong(locked).tries_left == 2
    clock.now += 60
    assert wrong(locked).tries_left == 1
    clock.now += 60
    with pytest.raises(VaultErasedError) as erased:
        locked.unlock(WRONG_PASSPHRASE)
    assert erased.value.failures == 5
    assert locked.state() is VaultState.ABSENT
    assert sorted(p.name for p in locked.directory.iterdir()) == []
    # A new vault starts with a clean count and erasing off.
    fresh = Vault(locked.directory)
    fresh.create(NEW_PASSPHRASE, kdf.FLOOR)
    fresh.lock()
    assert fresh.attempts.load() == attempts_mod.Record()


def test_a_right_passphrase_before_the_last_try_keeps_the_rule(locked: Vault, clock: Clock) -> None:
    locked.attempts.set_erase_after(5)
    for _ in range(4):
        wrong(locked)
        clock.now += 60
    locked.unlock(PASSPHRASE)
    locked.lock()
    assert locked.attempts.load() == attempts_mod.Record(erase_after=5)
    assert wrong(locked).tries_left == 4


def test_only_offered_choices_are_accepted(locked: Vault) -> None:
    for bad in (0, 1, 3, 4, 7, -5):
        with pytest.raises(ValueError, match="erase_after"):
            locked.attempts.set_erase_after(bad)
    locked.attempts.set_erase_after(20)
    locked.attempts.set_erase_after(None)
    assert locked.attempts.load().erase_after is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[" * 100_000,
        b'{"format": "bastion-unlock-attempts", "version": 1, "failures": "x"}',
        b'{"format": "bastion-unlock-attempts", "version": 1, "failures": 1, '
        b'"not_before": 1e400, "erase_after": null}',
        b'{"format": "bastion-unlock-attempts", "version": 1, "failures": 1, '
        b'"not_before": 0, "erase_after": 1}',
        b'{"format": "bastion-unlock-attempts", "version": 99, "failures": 1, '
        b'"not_before": 0, "erase_after": null}',
        b"\xff\xfe" * 4000,
    ],
)
def test_a_damaged_count_never_locks_the_owner_out(locked: Vault, content: bytes) -> None:
    (locked.directory / FILE_NAME).write_bytes(content)
    locked.unlock(PASSPHRASE)
    assert locked.get_setting("precious") == "yes"
    locked.lock()


def test_a_fifo_in_place_of_the_count_does_not_hang(locked: Vault) -> None:
    os.mkfifo(locked.directory / FILE_NAME)
    locked.unlock(PASSPHRASE)
    locked.lock()


def test_a_full_disk_does_not_keep_the_owner_out(
    locked: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise DiskFullError()

    monkeypatch.setattr(attempts_mod, "atomic_write", full)
    wrong(locked)  # the count cannot be written: the wrong passphrase is still refused
    locked.unlock(PASSPHRASE)
    locked.lock()


def test_a_right_passphrase_writes_nothing_when_there_is_nothing_to_clear(
    locked: Vault,
) -> None:
    locked.unlock(PASSPHRASE)
    locked.lock()
    assert not (locked.directory / FILE_NAME).exists()


def test_the_count_says_only_the_count(locked: Vault, clock: Clock) -> None:
    locked.attempts.set_erase_after(10)
    wrong(locked)
    document = json.loads((locked.directory / FILE_NAME).read_bytes())
    assert document == {
        "format": "bastion-unlock-attempts",
        "version": 1,
        "failures": 1,
        "not_before": clock.now,
        "erase_after": 10,
    }
