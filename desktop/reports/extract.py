# SPDX-License-Identifier: GPL-3.0-or-later
"""Where an opened report's files go: a private temp folder, moved into place only when whole.

`report open --out DIR` extracts the report's top folder to `DIR/<top>`. The files are written
into a hidden 0700 folder inside DIR (`.bastion-open-*`, beside the destination), renamed to
`DIR/<top>` only once every check passed, and removed entirely on any failure, so a refused
or damaged report leaves DIR exactly as it was (DIR itself too, when this created it). A
killed run cannot remove its temp folder (decrypted files); the next run into the same DIR
does (`remove_leftovers`), leaving alone any folder another run is still writing into.

The most the files can take is bounded by the encrypted file's size (the opener refuses
anything beyond it), so that much room, plus a margin, is checked before anything is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.errors import StorageError
from desktop.fsutil import fsync_dir, tidy_allowed, writing_into
from desktop.reports.errors import (
    BundleFormatError,
    DestinationExistsError,
    DestinationNotWritableError,
    NotEnoughSpaceError,
)

MARGIN = 1 << 20  # folder entries and file system overhead, as for writing a report
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
# Names the archive chose that this file system cannot hold, or that collide with each other
# (a file and a folder of one name, two names equal on a case-insensitive stick).
_BAD_NAMES = {errno.ENAMETOOLONG, errno.EILSEQ, errno.EEXIST, errno.ENOTDIR, errno.EISDIR}
_PREFIX = ".bastion-open-"
_LEFTOVER = re.compile(re.escape(_PREFIX) + "[a-z0-9_]{8}")  # what tempfile.mkdtemp makes


class Extraction:
    """One extraction into `out_dir`; `prepare`, write files, then `commit` or `discard`."""

    def __init__(self, out_dir: Path, budget: int) -> None:
        self.out_dir = out_dir.absolute()
        self.needed = budget + MARGIN
        self.temp: Path | None = None
        self._created: list[Path] = []  # folders this made on the way to out_dir
        # Marks the temp folder as being written into, for other runs' remove_leftovers.
        self._writing = contextlib.ExitStack()

    def prepare(self) -> None:
        """Check the room, then make out_dir (if missing) and the private temp folder."""
        existing = self.out_dir
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        try:
            free = shutil.disk_usage(existing).free
        except OSError:
            raise DestinationNotWritableError() from None
        if free < self.needed:
            raise NotEnoughSpaceError(self.needed, free)
        missing = [self.out_dir, *self.out_dir.parents]
        missing = [p for p in missing if p.is_relative_to(existing) and p != existing]
        try:
            for folder in reversed(missing):
                folder.mkdir(mode=0o700)
                self._created.append(folder)
            if not missing:
                remove_leftovers(self.out_dir)
            self.temp = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self.out_dir))
            self._writing.enter_context(writing_into(self.temp))
        except (OSError, StorageError):
            self.discard()
            raise DestinationNotWritableError() from None

    @contextlib.contextmanager
    def file(self, parts: tuple[str, ...]) -> Iterator[BinaryIO]:
        """A new file at `parts` (below the top folder) inside the temp folder."""
        assert self.temp is not None
        with translated_os_errors(self.needed):
            target = self.temp.joinpath(*parts)
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())

    def commit(self, top: str) -> Path:
        """Move the finished temp folder to out_dir/<top>; never over anything already there."""
        assert self.temp is not None
        final = self.out_dir / top
        if os.path.lexists(final):
            raise DestinationExistsError()
        with translated_os_errors(self.needed):
            # rename() replaces nothing but an empty folder made in the instant since the
            # check above; a file or a folder with anything in it makes it fail.
            os.rename(self.temp, final)
        self._writing.close()
        self.temp = None
        self._created.clear()
        with contextlib.suppress(OSError):
            fsync_dir(self.out_dir)
        return final

    def discard(self) -> None:
        """Remove the temp folder and every folder `prepare` made; no-op after `commit`."""
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
            self.temp = None
        self._writing.close()
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: never what someone else put there
        self._created.clear()


def remove_leftovers(out_dir: Path) -> None:
    """Remove the temp folders of killed runs into `out_dir`: they hold decrypted files.

    Only what `prepare` makes (our exact prefix and mkdtemp's name, a real folder, not a link,
    owned by this user, mode 0700) and only when no run is writing into it (tidy_allowed).
    Skipped where that cannot be told (no flock, no uid: Windows). Best effort: never a
    reason to refuse the report.
    """
    if not hasattr(os, "getuid"):
        return
    try:
        entries = [e for e in os.scandir(out_dir) if _LEFTOVER.fullmatch(e.name)]
    except OSError:
        return
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or stat.S_IMODE(info.st_mode) != 0o700:
            continue
        if info.st_uid != os.getuid():
            continue
        with contextlib.suppress(StorageError), tidy_allowed(Path(entry.path)) as allowed:
            if allowed:
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def translated_os_errors(needed: int) -> Iterator[None]:
    """OSError while extracting as the report's typed errors (no path kept)."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _NO_SPACE:
            raise NotEnoughSpaceError(needed, 0) from None
        if exc.errno in _BAD_NAMES:
            raise BundleFormatError() from None
        raise DestinationNotWritableError() from None
