# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence attachments: import (metadata stripped), rows in the vault, reading and saving out.

An attachment is an encrypted file in `<data dir>/attachments/` (desktop.journal.blobs) plus
a row holding its own key. Import is two steps so the slow part runs outside any database
transaction: `store()` encrypts the file to disk, then `insert()` records it inside the
caller's transaction. A crash between the two leaves an unreferenced file whose key never
reached the vault; `tidy()` removes such files when a vault is next opened, by the window or
any command, unless an import is under way in any process (`importing()` marks one).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from desktop.fsutil import (
    FileRefusedError,
    ensure_private_dir,
    fsync_dir,
    open_regular_file,
    storage_errors,
    tidy_allowed,
    writing_into,
)
from desktop.journal import blobs, metadata
from desktop.journal.errors import AttachmentNotFoundError, AttachmentSourceError
from desktop.vault.database import Connection

READ_BLOCK = 1024 * 1024
MAX_NAME = 255


class MetadataState:
    """What happened to identifying metadata on import (stored as text in the row)."""

    REMOVED = "removed"  # an image whose metadata Bastion removed
    KEPT = "kept"  # an image the volunteer chose to keep as it was
    UNSUPPORTED = "unsupported"  # an image format Bastion cannot clean (TIFF, HEIC, GIF…)
    NOT_IMAGE = "not-image"


@dataclass(frozen=True)
class AttachmentSource:
    """A file to import: a path, or bytes already in memory (a pasted screenshot)."""

    path: Path | None = None
    data: bytes | None = None
    name: str = ""
    keep_metadata: bool = False

    def display_name(self) -> str:
        name = self.name or (self.path.name if self.path else "")
        name = "".join(ch for ch in name if ch.isprintable() and ch not in "/\\")
        return name.strip()[:MAX_NAME] or "attachment"


@dataclass(frozen=True)
class AttachmentInfo:
    uid: str
    name: str
    media_type: str
    size: int
    sha256: str
    original_sha256: str  # the file as imported, before metadata was removed
    metadata: str  # a MetadataState value
    added_at: str

    def chain_record(self) -> dict[str, Any]:
        """What the revision chain records of this attachment."""
        return {"id": self.uid, "name": self.name, "sha256": self.sha256, "size": self.size}

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class StoredFile:
    """An encrypted file written, not yet recorded in the vault."""

    uid: str
    name: str
    media_type: str
    original_sha256: str
    metadata: str
    blob: blobs.WrittenBlob


_INFO_COLUMNS = "uid, name, media_type, size, sha256, original_sha256, metadata, added_at"


class EvidenceStore:
    def __init__(self, directory: Path) -> None:
        self.blobs = blobs.BlobStore(directory)

    # ------------------------------------------------------------------ import
    @contextlib.contextmanager
    def importing(self, sources: Sequence[AttachmentSource]) -> Iterator[None]:
        """Around `store()` and the transaction that records what it wrote: until then the
        files are referenced by nothing, and `tidy()` (in this process or another) must not
        take them for leftovers."""
        if not sources:
            yield
            return
        ensure_private_dir(self.blobs.directory)
        with writing_into(self.blobs.directory):
            yield

    def store(self, source: AttachmentSource) -> StoredFile:
        """Encrypt one file into the attachments folder (outside any transaction)."""
        uid = secrets.token_hex(8)
        with _open(source) as handle:
            head = handle.read(64)
            handle.seek(0)
            media_type = metadata.sniff(head, source.display_name())
            original = ""
            if media_type in metadata.STRIPPABLE and not source.keep_metadata:
                # The original's hash is kept too: it ties the cleaned copy to the file as
                # received, which can matter as evidence. Images are small; reading twice is
                # cheaper than holding the file in memory.
                original = _hash_stream(handle)
                handle.seek(0)
                chunks: Iterable[bytes] = metadata.strip_metadata(handle, media_type)
                state = MetadataState.REMOVED
            else:
                chunks = iter(lambda: handle.read(READ_BLOCK), b"")
                if media_type in metadata.STRIPPABLE:
                    state = MetadataState.KEPT
                elif media_type.startswith("image/"):
                    state = MetadataState.UNSUPPORTED
                else:
                    state = MetadataState.NOT_IMAGE
            written = self.blobs.write(chunks, associated=uid.encode("ascii"))
        return StoredFile(
            uid, source.display_name(), media_type, original or written.sha256, state, written
        )

    def insert(
        self, conn: Connection, entry_id: int, item: StoredFile, stamp: str
    ) -> AttachmentInfo:
        conn.execute(
            "INSERT INTO journal_attachments(uid, entry_id, name, media_type, size, sha256, "
            "original_sha256, metadata, blob, key, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.uid,
                entry_id,
                item.name,
                item.media_type,
                item.blob.size,
                item.blob.sha256,
                item.original_sha256,
                item.metadata,
                item.blob.name,
                item.blob.key,
                stamp,
            ),
        )
        return AttachmentInfo(
            item.uid,
            item.name,
            item.media_type,
            item.blob.size,
            item.blob.sha256,
            item.original_sha256,
            item.metadata,
            stamp,
        )

    def discard(self, item: StoredFile) -> None:
        with contextlib.suppress(Exception):
            self.blobs.remove(item.blob.name)

    # ------------------------------------------------------------------ rows
    @staticmethod
    def infos(conn: Connection, entry_id: int) -> list[AttachmentInfo]:
        rows = conn.execute(
            f"SELECT {_INFO_COLUMNS} FROM journal_attachments WHERE entry_id = ? ORDER BY id",
            (entry_id,),
        ).fetchall()
        return [AttachmentInfo(*row) for row in rows]

    @staticmethod
    def delete_row(conn: Connection, entry_id: int, attachment_uid: str) -> str:
        row = conn.execute(
            "SELECT blob FROM journal_attachments WHERE uid = ? AND entry_id = ?",
            (attachment_uid, entry_id),
        ).fetchone()
        if row is None:
            raise AttachmentNotFoundError()
        conn.execute("DELETE FROM journal_attachments WHERE uid = ?", (attachment_uid,))
        return str(row[0])

    def remove_files(self, names: Sequence[str]) -> None:
        for name in names:
            self.blobs.remove(name)

    # ------------------------------------------------------------------ reading out
    def open(
        self, conn: Connection, attachment_uid: str
    ) -> tuple[AttachmentInfo, Generator[bytes, None, None]]:
        """The attachment's description and its plaintext as verified chunks."""
        row = conn.execute(
            f"SELECT {_INFO_COLUMNS}, blob, key FROM journal_attachments WHERE uid = ?",
            (attachment_uid,),
        ).fetchone()
        if row is None:
            raise AttachmentNotFoundError()
        info = AttachmentInfo(*row[:8])
        blob, key = row[8], bytes(row[9])
        return info, self.blobs.read(blob, key, associated=attachment_uid.encode("ascii"))

    def save_copy(self, chunks: Iterator[bytes], destination: Path) -> None:
        """Write decrypted evidence where the volunteer chose, atomically.

        The partial file sits beside the destination (never in the system temp folder) and
        is renamed only after the last chunk has been authenticated.
        """
        partial = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.part")
        with storage_errors():
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(fd, "wb") as out:
                    for chunk in chunks:
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, destination)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    partial.unlink()
                raise
            fsync_dir(destination.parent)

    # ------------------------------------------------------------------ housekeeping
    def tidy(self, conn: Connection) -> int:
        """Remove files no row refers to (interrupted imports); returns how many. Nothing is
        removed while an import is under way, in this process or another (`importing()`)."""
        if not self.blobs.directory.is_dir():
            return 0
        with tidy_allowed(self.blobs.directory) as allowed:
            if not allowed:
                return 0
            referenced = {row[0] for row in conn.execute("SELECT blob FROM journal_attachments")}
            removed = self.blobs.remove_temporaries()
            for name in self.blobs.names() - referenced:
                self.blobs.remove(name)
                removed += 1
        return removed


@contextlib.contextmanager
def _open(source: AttachmentSource) -> Iterator[BinaryIO]:
    if source.data is not None:
        yield io.BytesIO(source.data)
        return
    if source.path is None:
        raise AttachmentSourceError()
    # Checked on the opened file: a FIFO or a device would block or never end.
    try:
        handle = open_regular_file(source.path)
    except (OSError, FileRefusedError):
        raise AttachmentSourceError() from None
    with handle:
        yield handle


def _hash_stream(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(READ_BLOCK), b""):
        digest.update(block)
    return digest.hexdigest()
