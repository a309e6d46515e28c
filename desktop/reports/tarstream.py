# SPDX-License-Identifier: GPL-3.0-or-later
"""A tar archive produced on the fly, padded, and read like a file by the age encrypter.

The plaintext bundle never exists as a file: each member's header is built with `tarfile`
(PAX format, UTF-8 names), its bytes come from a generator (attachments are decrypted from the
vault chunk by chunk), and `pyrage.encrypt_io` pulls the stream through `ChunkReader.read`.
Sizes are known before the first byte, so the padded length, and the room needed on the
destination, are exact.

Padding: zero blocks after tar's end-of-archive marker, which every tar reader ignores, up to
a Padmé length (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
Communication with PURBs", 2019). Padmé leaks O(log log n) bits of the size and costs at most
12 %; a floor of 256 KiB makes every small report look the same.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

BLOCK = tarfile.BLOCKSIZE  # 512
END_OF_ARCHIVE = 2 * BLOCK
MIN_PADDED = 256 * 1024
READ_BUFFER = 1 << 20


@dataclass(frozen=True)
class Member:
    """One file of the bundle: its path inside the archive, size, and a source of its bytes."""

    path: str
    size: int
    chunks: Callable[[], Iterable[bytes]]
    mtime: int = 0


def header(member: Member) -> bytes:
    info = tarfile.TarInfo(member.path)
    info.size = member.size
    info.mtime = member.mtime
    info.mode = 0o600
    info.uname = info.gname = ""
    return info.tobuf(format=tarfile.PAX_FORMAT, encoding="utf-8", errors="strict")


def _padding(size: int) -> int:
    return -size % BLOCK


def archive_size(members: Iterable[Member]) -> int:
    """Bytes of the archive before padding, end-of-archive marker included."""
    return sum(len(header(m)) + m.size + _padding(m.size) for m in members) + END_OF_ARCHIVE


def padme(length: int) -> int:
    """The Padmé length for `length` (>= length; at most ~12 % more)."""
    if length < 2:
        return length
    exponent = length.bit_length() - 1  # floor(log2(length))
    size_bits = exponent.bit_length()  # floor(log2(exponent)) + 1
    low_bits = exponent - size_bits
    mask = (1 << low_bits) - 1
    return (length + mask) & ~mask


def padded_size(length: int) -> int:
    """The size the bundle is padded to: Padmé, at least MIN_PADDED, whole tar blocks."""
    target = max(padme(length), MIN_PADDED)
    return target + _padding(target)


class SizeMismatchError(Exception):
    """A member produced more or fewer bytes than announced (a programming error)."""


def stream(members: list[Member], total: int) -> Iterator[bytes]:
    """The archive's bytes, then zero padding up to `total` bytes."""
    written = 0
    for member in members:
        head = header(member)
        yield head
        count = 0
        for chunk in member.chunks():
            count += len(chunk)
            if count > member.size:
                raise SizeMismatchError()
            yield chunk
        if count != member.size:
            raise SizeMismatchError()
        pad = _padding(member.size)
        if pad:
            yield bytes(pad)
        written += len(head) + count + pad
    remaining = total - written
    zeros = bytes(64 * 1024)
    while remaining > 0:
        step = min(remaining, len(zeros))
        yield zeros[:step] if step < len(zeros) else zeros
        remaining -= step


_DONE = object()


def prefetched(chunks: Iterator[bytes], depth: int = 4) -> Iterator[bytes]:
    """`chunks` produced on a helper thread, at most `depth` chunks ahead.

    Producing means decrypting attachments from the vault (libsodium, which releases the GIL)
    while the caller's thread age-encrypts and writes: on two cores the stages overlap instead
    of taking turns. Memory stays bounded by `depth` chunks (1 MiB each for attachments). An
    error in the producer is raised here, in the consumer, at the same point of the stream.
    Closing this generator early (an error downstream) stops the producer.

    The hand-over uses two `SimpleQueue`s (C code) rather than `queue.Queue` (Python code on
    a Condition): chunks one way, a token per free place the other way. Every Python step here
    needs the GIL, which the age thread takes for each 8 KiB it reads, so fewer steps per
    chunk mean fewer waits on both sides.
    """
    import queue
    import threading

    items: queue.SimpleQueue[object] = queue.SimpleQueue()
    room: queue.SimpleQueue[bool] = queue.SimpleQueue()
    for _ in range(depth):
        room.put(True)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                # Blocks while `depth` chunks wait; False (or `stop`) means the consumer left.
                if not room.get() or stop.is_set():
                    return
                items.put(chunk)
            items.put(_DONE)
        except BaseException as exc:  # handed to the consumer
            items.put(exc)

    worker = threading.Thread(target=produce, name="bastion-report-source", daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            room.put(True)
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        room.put(False)  # wakes a producer waiting for room
        worker.join()


class ChunkReader(io.RawIOBase):
    """A read-only raw file over a chunk iterator; `buffered()` is what age reads from.

    `pyrage.encrypt_io` reads 8 KiB at a time. Served by Python code, those calls cost as much
    as the encryption; served by `io.BufferedReader` (C) from a 1 MiB buffer, Python runs once
    per MiB. `on_read(n)` is called with each refill's byte count, for progress and
    cancelling (it may raise to stop the export).
    """

    def __init__(self, chunks: Iterator[bytes], on_read: Callable[[int], None] | None = None):
        super().__init__()
        self._chunks = chunks
        self._buffer = memoryview(b"")
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk)
        count = min(len(target), len(self._buffer))
        target[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        if self._on_read is not None:
            self._on_read(count)
        return count

    def buffered(self) -> io.BufferedReader:
        return io.BufferedReader(self, buffer_size=READ_BUFFER)
