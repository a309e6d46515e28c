# SPDX-License-Identifier: GPL-3.0-or-later
"""Export: the bundle streamed through age encryption into a file, atomically.

Plaintext exists only in memory, a chunk at a time: attachments are decrypted from the vault,
framed as tar and padded (tarstream.py), and `pyrage.encrypt_io` encrypts them to every
recipient as they pass. `encrypt_io` calls back into Python for each read and write, so the
GIL is released between chunks and the window stays responsive while a worker exports
(`encrypt_file` would hold the GIL for the whole file).

The ciphertext goes to a hidden temp file beside the destination, is fsynced, and is renamed
into place only when complete; any failure (full disk, stick removed, cancel) removes it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop.fsutil import move_into_place, os_error
from desktop.profiles.errors import RecipientKeyInvalidError
from desktop.reports import document, html, tarstream
from desktop.reports.errors import (
    DestinationExistsError,
    DestinationNotWritableError,
    ExportCancelledError,
    NoRecipientsError,
    NotEnoughSpaceError,
)

if TYPE_CHECKING:
    from desktop.journal import Journal

AGE_CHUNK = 64 * 1024
AGE_TAG = 16
PROGRESS_STEP = 1 << 20
# Ciphertext handed to the writing thread at a time, how many such batches may wait, and
# how often the kernel is asked to start writing back (see _Writer and _start_writeback).
SINK_BATCH = 1 << 20
SINK_PIECES = 512  # under IOV_MAX (1024 on Linux and macOS), whatever the pieces' sizes
SINK_DEPTH = 4
WRITEBACK_STEP = 32 << 20
_WRITEV = hasattr(os, "writev")  # not on Windows
_FADVISE = hasattr(os, "posix_fadvise") and hasattr(os, "POSIX_FADV_DONTNEED")  # not on macOS
# Room kept free beyond the report itself, so the stick is not left completely full.
SPARE_BYTES = 1 << 20

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    report_id: str
    path: Path
    size: int
    sha256: str
    entries: int
    attachments: int
    created_at: str
    salt: bytes
    entry_uids: tuple[str, ...]


def parse_recipients(keys: Sequence[str]) -> list[object]:
    import pyrage

    if not keys:
        raise NoRecipientsError()
    parsed = []
    for key in dict.fromkeys(k.strip() for k in keys):
        try:
            parsed.append(pyrage.x25519.Recipient.from_str(key))
        # ValueError: pyrage's UnicodeEncodeError for lone surrogates, which is what Python
        # makes of command-line bytes that are not UTF-8.
        except (pyrage.RecipientError, ValueError):
            raise RecipientKeyInvalidError() from None
    return parsed


def encrypted_size(plain: int, recipients: int) -> int:
    """An upper bound of the age file's size for `plain` bytes (header estimate generous)."""
    chunks = max(1, -(-plain // AGE_CHUNK))
    header = 1024 + 130 * recipients  # rage adds a random "grease" stanza of up to ~300 bytes
    return header + 16 + plain + chunks * AGE_TAG


def members(journal: Journal, plan: document.ReportPlan) -> list[tarstream.Member]:
    """manifest.json first (so `tar -t` shows it first), then entries, report, attachments."""
    entries = document.entries_document(plan)
    entries_bytes = document.dumps(entries)
    report_bytes = html.render(entries, plan.created_at)
    files = [
        {"path": "entries.json", "size": len(entries_bytes), "sha256": _sha(entries_bytes)},
        {"path": "report.html", "size": len(report_bytes), "sha256": _sha(report_bytes)},
    ]
    files += [
        {"path": a.path, "size": a.info.size, "sha256": a.info.sha256} for a in plan.attachments
    ]
    manifest = document.dumps(document.manifest_document(plan, files))
    top = plan.top
    mtime = _epoch(plan.created_at)

    def constant(data: bytes) -> Callable[[], list[bytes]]:
        return lambda: [data]

    result = [
        tarstream.Member(f"{top}/manifest.json", len(manifest), constant(manifest), mtime),
        tarstream.Member(f"{top}/entries.json", len(entries_bytes), constant(entries_bytes), mtime),
        tarstream.Member(f"{top}/report.html", len(report_bytes), constant(report_bytes), mtime),
    ]
    for item in plan.attachments:
        result.append(
            tarstream.Member(
                f"{top}/{item.path}",
                item.info.size,
                _attachment_chunks(journal, item.info.uid),
                mtime,
            )
        )
    return result


def _attachment_chunks(journal: Journal, uid: str) -> Callable[[], Iterator[bytes]]:
    # The row (and the file's key) is read now, on the calling thread, whose vault connection
    # this is; the file itself is read and decrypted later, on the prefetching thread.
    # Not hashed again: each 1 MiB chunk is authenticated (AEAD, bound to this attachment),
    # so these are exactly the bytes whose SHA-256 was recorded when the file was imported.
    _info, source = journal.open_attachment(uid)
    return lambda: source


def check_destination(directory: Path, needed: int) -> None:
    """Before any byte is written: the folder exists, is writable and has room."""
    if not directory.is_dir() or not os.access(directory, os.W_OK | os.X_OK):
        raise DestinationNotWritableError()
    try:
        free = shutil.disk_usage(directory).free
    except OSError:
        raise DestinationNotWritableError() from None
    if free < needed + SPARE_BYTES:
        raise NotEnoughSpaceError(needed + SPARE_BYTES, free)


class _Writer:
    """The file age writes into: hashes the ciphertext here, writes it on a helper thread.

    age reads its input 8 KiB at a time, taking the GIL for each read, and hands over 64 KiB
    pieces. A sink that needed the GIL back three times per piece (queue, write, hash) fell
    behind and held age up (docs/performance.md). So each piece is hashed here, on age's
    thread, while it is still in the cache (hashing releases the GIL, which gives the
    prefetching thread its turn), and the sink gets batches of about 1 MiB, each written with
    one `writev`: it needs the GIL about once per MiB. The first OS error (full disk, stick
    removed) is kept and raised at the next write, or by `finish()`.
    """

    def __init__(self, fd: int, depth: int = SINK_DEPTH) -> None:
        import queue
        import threading

        self.fd = fd
        self.digest = hashlib.sha256()
        self.size = 0
        self.error: OSError | None = None
        self._batch: list[bytes] = []
        self._batched = 0
        # Batches one way, a token per free place the other (SimpleQueue: C code, no
        # Condition): at most `depth` batches wait, so memory does not grow with the report.
        self._pipe: queue.SimpleQueue[list[bytes] | None] = queue.SimpleQueue()
        self._room: queue.SimpleQueue[bool] = queue.SimpleQueue()
        for _ in range(depth):
            self._room.put(True)
        self._thread = threading.Thread(target=self._drain, name="bastion-report-sink")
        self._thread.start()

    def _drain(self) -> None:
        written = advised = 0
        while (batch := self._pipe.get()) is not None:
            if self.error is None:  # after an error, batches are only taken, never written
                try:
                    written += _write_all(self.fd, batch)
                    if written - advised >= WRITEBACK_STEP:
                        _start_writeback(self.fd, advised, written - advised)
                        advised = written
                except OSError as exc:
                    self.error = exc
            self._room.put(True)

    def write(self, data: bytes) -> int:
        if self.error is not None:
            raise self.error
        piece = bytes(data)  # age passes a new bytes object each time: no copy is made
        self.digest.update(piece)
        self.size += len(piece)
        self._batch.append(piece)
        self._batched += len(piece)
        if self._batched >= SINK_BATCH or len(self._batch) >= SINK_PIECES:
            self._send()
        return len(piece)

    def _send(self) -> None:
        batch, self._batch, self._batched = self._batch, [], 0
        self._room.get()  # waits while `depth` batches are not written yet
        self._pipe.put(batch)

    def finish(self) -> None:
        """Wait for every piece to be written; raise the write error if there was one."""
        if self._thread.is_alive():
            if self._batch:
                self._send()
            self._pipe.put(None)
            self._thread.join()
        if self.error is not None:
            raise self.error


def _write_all(fd: int, pieces: list[bytes]) -> int:
    """Write `pieces` in order, in one system call where the platform has `writev`."""
    # A short writev (a signal, the disk filling up) goes on piece by piece from where it
    # stopped; the next write then reports the error.
    skip = os.writev(fd, pieces) if _WRITEV else 0
    total = 0
    for piece in pieces:
        total += len(piece)
        if skip >= len(piece):
            skip -= len(piece)
            continue
        view = memoryview(piece)[skip:]
        skip = 0
        while view:
            count = os.write(fd, view)
            if not count:  # not expected of a file; never loop on it
                raise OSError(errno.EIO, "short write")
            view = view[count:]
    return total


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Have the kernel start writing what is already written, instead of all of it at fsync.

    The fsync at the end then waits for the last few MiB instead of the whole report (it took
    about 0.3 s per 512 MiB on the benchmark machine), and the page cache does not fill up
    with a report that is going to a stick. On POSIX_FADV_DONTNEED Linux starts writing back
    the dirty pages and drops those already written; elsewhere this is skipped. It changes
    nothing about durability: the file is still fsynced before it is renamed into place.
    """
    if _FADVISE:
        with contextlib.suppress(OSError):  # only a hint: never a reason to fail the export
            os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


class _Source:
    """Counts what age has read, reports progress, and stops the export when asked."""

    def __init__(
        self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total = total
        self.done = 0
        self._next_report = 0
        self._progress = progress
        self._cancelled = cancelled
        self.error: BaseException | None = None

    def advance(self, count: int) -> None:
        self.done += count
        if self.done >= self._next_report:
            self._next_report = self.done + PROGRESS_STEP
            if self._cancelled is not None and self._cancelled():
                self.error = ExportCancelledError()
                raise self.error
            if self._progress is not None:
                self._progress(self.done, self.total)

    def reader(self, chunks: Iterator[bytes]) -> BinaryIO:
        def kept(chunks: Iterator[bytes]) -> Iterator[bytes]:
            try:
                yield from chunks
            except Exception as exc:  # raised again after age gives up
                self.error = self.error or exc
                raise

        raw = tarstream.ChunkReader(kept(tarstream.prefetched(chunks)), self.advance)
        return raw.buffered()


def write_report(
    journal: Journal,
    plan: document.ReportPlan,
    recipient_keys: Sequence[str],
    destination: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    check_space: bool = True,
) -> ExportResult:
    """Encrypt the planned report to every recipient and write it to `destination`.

    `destination` must not exist. On any failure nothing is left at `destination` or beside it.
    """
    import pyrage

    recipients = parse_recipients(recipient_keys)
    parts = members(journal, plan)
    total = tarstream.padded_size(tarstream.archive_size(parts))
    directory = destination.parent
    if destination.exists():
        raise DestinationExistsError()
    if check_space:
        check_destination(directory, encrypted_size(total, len(recipients)))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".bastion-report-", suffix=".part", dir=directory)
    except OSError as exc:
        raise _destination_error(exc) from None
    tmp = Path(tmp_name)
    source = _Source(total, progress, cancelled)
    try:
        with os.fdopen(fd, "wb") as handle:
            writer = _Writer(handle.fileno())
            try:
                try:
                    pyrage.encrypt_io(
                        source.reader(tarstream.stream(parts, total)), writer, recipients
                    )
                finally:
                    writer.finish()
                handle.flush()
                os.fsync(handle.fileno())
            except (pyrage.EncryptError, OSError) as exc:
                if source.error is not None:
                    raise source.error from None
                failure = writer.error or (exc if isinstance(exc, OSError) else None)
                if failure is not None:
                    raise _destination_error(failure) from None
                raise
        try:
            move_into_place(tmp, destination)
        except FileExistsError:
            raise DestinationExistsError() from None
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):  # closing the file flushes, and can fail the same way
            raise _destination_error(exc) from None
        raise
    if progress is not None:
        progress(total, total)
    return ExportResult(
        report_id=plan.report_id,
        path=destination,
        size=writer.size,
        sha256=writer.digest.hexdigest(),
        entries=len(plan.entries),
        attachments=len(plan.attachments),
        created_at=plan.created_at,
        salt=plan.salt,
        entry_uids=tuple(e.uid for e in plan.entries),
    )


def _destination_error(exc: OSError) -> Exception:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR):
        return DestinationNotWritableError()
    return os_error(exc)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _epoch(iso_utc: str) -> int:
    from datetime import UTC, datetime

    return int(datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())
