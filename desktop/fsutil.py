# SPDX-License-Identifier: GPL-3.0-or-later
"""Small filesystem helpers: atomic writes, private directories, crypto-erase of a file."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.errors import (
    BastionError,
    DiskFullError,
    FileTooLargeError,
    NotAFileError,
    StorageError,
)

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def os_error(exc: OSError) -> DiskFullError | StorageError:
    """Translate an OSError into Bastion's typed error, keeping only the errno."""
    if exc.errno in _NO_SPACE:
        return DiskFullError()
    return StorageError(exc.errno)


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Re-raise OSError as DiskFullError/StorageError (paths are dropped: they can reveal)."""
    try:
        yield
    except OSError as exc:
        raise os_error(exc) from None


class FileRefusedError(Exception):
    """Not read: not a regular file, or larger than the caller accepts.

    `reason` is "not-a-file" or "size". No path: callers turn it into their own typed error.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_READ_FLAGS = (
    os.O_RDONLY
    # A FIFO opened without it blocks until someone writes; with it, open returns at once
    # and fstat below refuses it. No effect on reading a regular file.
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes.

    FileRefusedError for anything else (a FIFO would block, /dev/zero never ends, a
    directory has no bytes), checked on the opened file itself, so a swap after a check
    cannot slip past; never more than `limit` + 1 bytes are read, whatever the file claims.
    OSError as usual when it cannot be opened or read.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusedError("not-a-file")
        if info.st_size > limit:
            raise FileRefusedError("size")
        chunks: list[bytes] = []
        remaining = limit + 1  # one more, to notice a file that grew
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(fd)
    if remaining <= 0:
        raise FileRefusedError("size")
    return b"".join(chunks)


def open_regular_file(path: Path) -> BinaryIO:
    """`path` opened for reading if it is a regular file (checked on the opened file, so a
    swap after a check cannot slip past); FileRefusedError("not-a-file") otherwise."""
    fd = os.open(path, _READ_FLAGS)
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    if not regular:
        os.close(fd)
        raise FileRefusedError("not-a-file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_outside_file(path: Path, limit: int) -> bytes:
    """`read_regular_file`, its refusals as Bastion's typed errors (NotAFileError,
    FileTooLargeError) for files a person chose; OSError as usual (missing, unreadable)."""
    try:
        return read_regular_file(path, limit)
    except FileRefusedError as exc:
        if exc.reason == "size":
            raise FileTooLargeError(limit) from None
        raise NotAFileError() from None


def ensure_private_dir(path: Path) -> None:
    """Create `path` (and parents) readable by the owner only.

    A folder that already exists is left as it is: Bastion never changes the mode of a
    folder it did not create (`--data-dir /tmp` once turned a shared 1777 folder into 0700).
    """
    with storage_errors():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            if path.is_dir():
                return
            raise
        if os.name == "posix":
            os.chmod(path, 0o700)  # the umask may have taken bits off, never added any


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink in `path` durable (no-op where directories cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one.

    Temp file in the same directory, fsync, rename, fsync of the directory. With `exclusive`,
    refuse (FileExistsError) when `path` already exists, so creation never overwrites.
    Only for data that may sit in a temp file briefly (it is not secret, or is ciphertext).
    """
    directory = path.parent
    # Marked as being written, so tidy_atomic_temps in another process leaves it alone.
    with writing_into_if_possible(directory):
        _atomic_write(path, directory, data, exclusive)


def _atomic_write(path: Path, directory: Path, data: bytes, exclusive: bool) -> None:
    with storage_errors():
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    tmp = Path(tmp_name)
    try:
        with storage_errors():
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if exclusive:
                moved = _link_exclusive(tmp, path)
            else:
                os.replace(tmp, path)
                moved = True
            if moved:
                fsync_dir(directory)
        # Raised outside storage_errors(), which would turn it into a StorageError.
        if not moved:
            raise FileExistsError(errno.EEXIST, "exists")
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# What atomic_write names its temp file (tempfile.mkstemp's random part).
_ATOMIC_TEMP = re.compile(r"\.tmp-[a-z0-9_]{8}")


def tidy_atomic_temps(directory: Path) -> int:
    """Remove the temp files a killed atomic_write left in `directory`; how many went.

    They hold a wrapped key header, the unlock count or preferences: nothing secret, but
    debris on a stick that should hold only the vault. atomic_write marks its folder while it
    writes, so one under way in another process is left alone.
    """
    return remove_leftovers(directory, _ATOMIC_TEMP.fullmatch)


def remove_leftovers(directory: Path, ours: Callable[[str], object]) -> int:
    """Remove the regular files in `directory` whose names `ours` accepts; how many went.

    Only while no process writes there (`writing_into`), and nothing at all where the folder
    cannot be locked (someone else's share): leftovers can wait, a write under way cannot.
    """
    if not directory.is_dir():
        return 0
    removed = 0
    with contextlib.ExitStack() as stack:
        try:
            if not stack.enter_context(tidy_allowed(directory)):
                return 0
        except (BastionError, OSError):
            return 0
        stack.enter_context(storage_errors())
        for entry in os.scandir(directory):
            if ours(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed += 1
        if removed:
            fsync_dir(directory)
    return removed


def overwrite_and_unlink(path: Path) -> None:
    """Overwrite a small file with random bytes, fsync it, then remove it.

    Used for the key header: once its wrapped key is gone the database cannot be decrypted
    (crypto-erase). On SSDs and copy-on-write filesystems the overwrite is best effort; the
    removal of the only wrapped copy of the key is what counts.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    with storage_errors():
        # Only a regular file is overwritten, opened without following a link: a symbolic
        # link, FIFO or device in its place is removed, never written through (a link to
        # another file would overwrite that file; a FIFO would take the bytes and fail).
        if stat.S_ISREG(info.st_mode):
            flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
            fd = os.open(path, flags)
            with open(fd, "wb", closefd=True) as handle:
                if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    handle.write(os.urandom(max(info.st_size, 1)))
                    handle.flush()
                    os.fsync(handle.fileno())
        path.unlink()
        fsync_dir(path.parent)


def move_into_place(tmp: Path, path: Path) -> None:
    """Rename a finished, fsynced temp file to `path`, never replacing an existing file.

    Raises FileExistsError when `path` exists (the temp file is left for the caller to remove).
    """
    with storage_errors():
        moved = _link_exclusive(tmp, path)
        if moved:
            fsync_dir(path.parent)
    if not moved:
        raise FileExistsError(errno.EEXIST, "exists")


_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


def _link_exclusive(tmp: Path, path: Path) -> bool:
    """Move `tmp` to `path` unless `path` exists; False (nothing moved) when it does.

    link() fails when the target exists, which makes "create, never overwrite" atomic. FAT and
    exFAT USB sticks (portable use) have no hard links; there we check, then rename.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if path.exists():
            return False
        os.replace(tmp, path)
    else:
        tmp.unlink()
    return True


@contextlib.contextmanager
def writing_into(directory: Path) -> Iterator[None]:
    """Mark a write under way in one of Bastion's own folders, in any process, until the block
    ends: a shared advisory lock on the folder itself, which the system drops when the process
    dies (a kill leaves no stale mark). `tidy_allowed` checks it before removing leftovers.
    Without flock (Windows) nothing is marked."""
    fd = _lock_folder(directory)
    try:
        if fd is not None:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        if fd is not None:
            os.close(fd)


@contextlib.contextmanager
def writing_into_if_possible(directory: Path) -> Iterator[None]:
    """`writing_into`, where the folder takes a lock: someone else's folder (a USB stick, a
    network share) may not, and is written all the same, unmarked."""
    with contextlib.ExitStack() as stack:
        with contextlib.suppress(BastionError, OSError):
            stack.enter_context(writing_into(directory))
        yield


@contextlib.contextmanager
def tidy_allowed(directory: Path) -> Iterator[bool]:
    """True while no process writes into `directory` (`writing_into`), which stays so until
    the block ends; False when a write is under way, so its files must be left alone."""
    fd = _lock_folder(directory)
    try:
        if fd is not None:
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
        yield True
    finally:
        if fd is not None:
            os.close(fd)


def _lock_folder(directory: Path) -> int | None:
    try:
        import fcntl  # noqa: F401  (POSIX only)
    except ImportError:
        return None
    with storage_errors():
        return os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
