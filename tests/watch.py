# SPDX-License-Identifier: GPL-3.0-or-later
"""Every change the kernel sees under some folders, however brief (Linux inotify).

A file written and removed again within milliseconds leaves no trace a later look could
find; inotify reports it anyway. Used where a promise is "nothing touches the disk".
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AVAILABLE = sys.platform.startswith("linux")

_IN_MODIFY, _IN_CLOSE_WRITE, _IN_MOVED_TO = 0x002, 0x008, 0x080
_IN_CREATE, _IN_DELETE, _IN_ATTRIB = 0x100, 0x200, 0x004
_MASK = _IN_MODIFY | _IN_CLOSE_WRITE | _IN_MOVED_TO | _IN_CREATE | _IN_DELETE | _IN_ATTRIB
_IN_NONBLOCK, _IN_CLOEXEC = 0o4000, 0o2000000
_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len


class Changes:
    """The paths changed under the watched folders, filled when the block ends."""

    def __init__(self) -> None:
        self.paths: list[Path] = []


@contextmanager
def changes_under(*folders: Path) -> Iterator[Changes]:
    """Watch `folders` and every folder below them for the duration of the block."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
    if fd < 0:
        raise OSError(ctypes.get_errno(), "inotify_init1")
    watched: dict[int, Path] = {}
    result = Changes()
    try:
        for folder in folders:
            for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
                wd = libc.inotify_add_watch(fd, os.fsencode(directory), _MASK)
                if wd < 0:
                    raise OSError(ctypes.get_errno(), "inotify_add_watch", str(directory))
                watched[wd] = directory
        yield result
        result.paths = list(_read(fd, watched))
    finally:
        os.close(fd)


def _read(fd: int, watched: dict[int, Path]) -> Iterator[Path]:
    while True:
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return
        offset = 0
        while offset < len(data):
            wd, _mask, _cookie, length = _HEADER.unpack_from(data, offset)
            offset += _HEADER.size
            name = data[offset : offset + length].rstrip(b"\0")
            offset += length
            yield watched[wd] / os.fsdecode(name) if name else watched[wd]
