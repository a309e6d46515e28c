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
        except pyrage.RecipientError:
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
    """The file age writes into: hashes and writes the ciphertext on a helper thread.

    age hands over 64 KiB pieces; hashing and writing them (both release the GIL) overlap
    with the encryption of the next piece. The first OS error (full disk, stick removed) is
    kept and raised at the next write, or by `finish()`.
    """

    def __init__(self, handle: BinaryIO, depth: int = 16) -> None:
        import queue
        import threading

        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0
        self.error: OSError | None = None
        self._pipe: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self._thread = threading.Thread(target=self._drain, name="bastion-report-sink")
        self._thread.start()

    def _drain(self) -> None:
        while (data := self._pipe.get()) is not None:
            if self.error is not None:
                continue  # keep taking pieces so the producer never blocks
            try:
                self.handle.write(data)
            except OSError as exc:
                self.error = exc
                continue
            self.digest.update(data)
            self.size += len(data)

    def write(self, data: bytes) -> int:
        if self.error is not None:
            raise self.error
        self._pipe.put(bytes(data))
        return len(data)

    def finish(self) -> None:
        """Wait for every piece to be written; raise the write error if there was one."""
        if self._thread.is_alive():
            self._pipe.put(None)
            self._thread.join()
        if self.error is not None:
            raise self.error


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
            writer = _Writer(handle)
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


def default_name(plan: document.ReportPlan) -> str:
    return f"bastion-report-{plan.created_at[:10]}-{plan.report_id[:6]}.age"


def _destination_error(exc: OSError) -> Exception:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR):
        return DestinationNotWritableError()
    return os_error(exc)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _epoch(iso_utc: str) -> int:
    from datetime import UTC, datetime

    return int(datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())
