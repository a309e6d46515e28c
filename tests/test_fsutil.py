# SPDX-License-Identifier: GPL-3.0-or-later
"""Atomic writes, private directories, crypto-erase of a file, and OS error translation."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from desktop import fsutil
from desktop.errors import DiskFullError, StorageError


def no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def leftovers(directory: Path) -> list[str]:
    return [path.name for path in directory.iterdir() if path.name.startswith(".tmp-")]


def test_atomic_write_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    fsutil.atomic_write(target, b"first")
    assert target.read_bytes() == b"first"
    fsutil.atomic_write(target, b"second, longer content")
    assert target.read_bytes() == b"second, longer content"
    assert leftovers(tmp_path) == []


def test_atomic_write_makes_an_owner_only_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    fsutil.atomic_write(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_exclusive_write_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "vault.key"
    target.write_bytes(b"original")
    with pytest.raises(FileExistsError):
        fsutil.atomic_write(target, b"replacement", exclusive=True)
    assert target.read_bytes() == b"original"
    assert leftovers(tmp_path) == []


def test_exclusive_write_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "vault.key"
    fsutil.atomic_write(target, b"new", exclusive=True)
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_exclusive_write_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FAT/exFAT USB sticks: link() is not supported, the check-then-rename path is used.
    def no_links(*_args: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(fsutil.os, "link", no_links)
    fresh = tmp_path / "fresh"
    fsutil.atomic_write(fresh, b"new", exclusive=True)
    assert fresh.read_bytes() == b"new"
    existing = tmp_path / "existing"
    existing.write_bytes(b"original")
    with pytest.raises(FileExistsError):
        fsutil.atomic_write(existing, b"replacement", exclusive=True)
    assert existing.read_bytes() == b"original"
    assert leftovers(tmp_path) == []


def test_full_disk_is_disk_full_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"old")
    monkeypatch.setattr(fsutil.os, "fsync", no_space)
    with pytest.raises(DiskFullError):
        fsutil.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_quota_exceeded_is_disk_full_too() -> None:
    assert isinstance(fsutil.os_error(OSError(errno.EDQUOT, "quota")), DiskFullError)


def test_other_errors_keep_only_the_errno(tmp_path: Path) -> None:
    secret_path = tmp_path / "journal-about-my-source"
    with pytest.raises(StorageError) as caught, fsutil.storage_errors():
        raise OSError(errno.EACCES, "Permission denied", str(secret_path))
    assert caught.value.errno_code == errno.EACCES
    assert caught.value.args == (errno.EACCES,)
    # "from None": the original OSError, which names the path, is not chained for a logger.
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_write_into_a_missing_directory_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        fsutil.atomic_write(tmp_path / "missing" / "file", b"x")
    assert caught.value.errno_code == errno.ENOENT


def test_overwrite_and_unlink_removes_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    target = folder / "vault.key"
    target.write_bytes(b"wrapped key material")
    fsutil.overwrite_and_unlink(target)
    assert not target.exists()
    assert list(folder.iterdir()) == []  # no temp or renamed copy left behind


def test_overwrite_and_unlink_overwrites_before_removing(tmp_path: Path) -> None:
    target = tmp_path / "vault.key"
    original = b"wrapped key material " * 10
    target.write_bytes(original)
    witness = tmp_path / "witness"
    os.link(target, witness)  # same inode: shows the bytes left behind
    fsutil.overwrite_and_unlink(target)
    assert not target.exists()
    assert len(witness.read_bytes()) == len(original)
    assert witness.read_bytes() != original


def test_overwrite_and_unlink_of_a_missing_file_is_a_no_op(tmp_path: Path) -> None:
    fsutil.overwrite_and_unlink(tmp_path / "absent")


def test_ensure_private_dir_creates_private_and_never_changes_an_existing_folder(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a" / "b"
    fsutil.ensure_private_dir(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    fsutil.ensure_private_dir(shared)  # not Bastion's: its mode is not Bastion's to change
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777


# ---------------------------------------------------------------- read_regular_file
def test_read_regular_file_reads_a_small_file(tmp_path: Path) -> None:
    target = tmp_path / "vault.key"
    target.write_bytes(b"x" * 100)
    assert fsutil.read_regular_file(target, 100) == b"x" * 100


def test_read_regular_file_refuses_more_than_the_limit(tmp_path: Path) -> None:
    target = tmp_path / "vault.key"
    target.write_bytes(b"x" * 101)
    with pytest.raises(fsutil.FileRefusedError) as caught:
        fsutil.read_regular_file(target, 100)
    assert caught.value.reason == "size"


@pytest.mark.timeout(10)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_read_regular_file_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    # Opened for reading the usual way, a FIFO with no writer blocks for ever.
    fifo = tmp_path / "vault.key"
    os.mkfifo(fifo)
    with pytest.raises(fsutil.FileRefusedError) as caught:
        fsutil.read_regular_file(fifo, 100)
    assert caught.value.reason == "not-a-file"


@pytest.mark.timeout(10)
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_read_regular_file_refuses_a_device_behind_a_link(tmp_path: Path) -> None:
    # /dev/zero never ends: read whole, it would take all the memory there is.
    link = tmp_path / "vault.key"
    link.symlink_to("/dev/zero")
    with pytest.raises(fsutil.FileRefusedError) as caught:
        fsutil.read_regular_file(link, 100)
    assert caught.value.reason == "not-a-file"


@pytest.mark.skipif(os.name != "posix", reason="Windows cannot open a folder as a file")
def test_read_regular_file_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "vault.key"
    folder.mkdir()
    with pytest.raises(fsutil.FileRefusedError) as caught:
        fsutil.read_regular_file(folder, 100)
    assert caught.value.reason == "not-a-file"


def test_read_regular_file_of_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        fsutil.read_regular_file(tmp_path / "gone", 100)


def test_overwrite_and_unlink_never_writes_through_a_link_or_a_fifo(tmp_path: Path) -> None:
    """vault.key replaced by a link to another file, or by a FIFO: the erase removes the entry
    and writes nothing through it (the linked file kept intact, no hang, no error)."""
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"someone else's file")
    link = tmp_path / "vault.key"
    link.symlink_to(precious)
    fsutil.overwrite_and_unlink(link)
    assert not link.is_symlink()
    assert precious.read_bytes() == b"someone else's file"
    fifo = tmp_path / "fifo.key"
    os.mkfifo(fifo)
    fsutil.overwrite_and_unlink(fifo)
    assert not fifo.exists()
    regular = tmp_path / "real.key"
    regular.write_bytes(b"wrapped key")
    fsutil.overwrite_and_unlink(regular)
    assert not regular.exists()


def test_tidy_atomic_temps_removes_what_a_killed_write_left_and_nothing_else(
    tmp_path: Path,
) -> None:
    leftover = tmp_path / ".tmp-ab12_x9z"
    leftover.write_bytes(b"a wrapped key header")
    kept = [tmp_path / name for name in (".tmp-notours", "vault.key", ".tmp-ab12_x9z.txt")]
    for path in kept:
        path.write_bytes(b"keep")
    (tmp_path / ".tmp-abcdefgh").mkdir()  # a folder by that name is not ours
    assert fsutil.tidy_atomic_temps(tmp_path) == 1
    assert not leftover.exists()
    assert all(path.exists() for path in kept)


def test_tidy_atomic_temps_waits_while_another_write_is_under_way(tmp_path: Path) -> None:
    leftover = tmp_path / ".tmp-ab12_x9z"
    leftover.write_bytes(b"being written")
    with fsutil.writing_into(tmp_path):  # what atomic_write holds while it writes
        # A second open file description, as another process would have.
        assert fsutil.tidy_atomic_temps(tmp_path) == 0
    assert leftover.exists()
    assert fsutil.tidy_atomic_temps(tmp_path) == 1
