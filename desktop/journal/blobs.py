# SPDX-License-Identifier: GPL-3.0-or-later
"""Encrypted attachment files, one random key per file (crypto-shredding).

Each attachment is a file of its own in one directory, named by 32 random lowercase hex
characters. Its 32-byte key is random and lives only in the (SQLCipher) database: deleting the
key row makes the file unreadable even if the file itself survives on the disk.

File format, version 1 (all integers big-endian)::

    offset  size  field
    0       8     magic b"BASTBLOB"
    8       1     format version (1)
    9       4     chunk size C: plaintext bytes per message (CHUNK_BYTES when written)
    13      24    libsodium secretstream (XChaCha20-Poly1305) header
    37      ...   messages

Every message is the secretstream ciphertext of one plaintext chunk, so it is ABYTES (17)
longer than its plaintext. All messages but the last hold exactly C plaintext bytes and carry
TAG_MESSAGE; the last holds 0..C bytes and carries TAG_FINAL (an empty attachment is a single
FINAL message of 0 bytes). The associated data of every message is the first 13 bytes of the
file followed by the caller's `associated` bytes (the attachment id): the header fields are
authenticated, and a file moved under another attachment's row fails to decrypt.

secretstream chains the messages, so reordering, dropping or duplicating one is detected; the
FINAL tag is what proves that nothing was cut off the end.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desktop.fsutil import ensure_private_dir, fsync_dir, os_error, storage_errors
from desktop.journal.errors import AttachmentCorruptError, AttachmentMissingError

CHUNK_BYTES = 1024 * 1024
FORMAT_VERSION = 1

MAGIC = b"BASTBLOB"
_PREFIX_BYTES = len(MAGIC) + 1 + 4
_HEADER_BYTES = 24  # crypto_secretstream_xchacha20poly1305_HEADERBYTES
_KEY_BYTES = 32
_TEMP_PREFIX = ".tmp-"
_NAME = re.compile(r"[0-9a-f]{32}")
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class WrittenBlob:
    """What `BlobStore.write` stored; `name` and `key` go into the database row."""

    name: str
    key: bytes
    size: int
    sha256: str
    stored_bytes: int


def _prefix(chunk_bytes: int) -> bytes:
    return MAGIC + bytes((FORMAT_VERSION,)) + chunk_bytes.to_bytes(4, "big")


def _check_name(name: str) -> None:
    # Names come from database rows; a tampered row must not reach outside the directory.
    if not isinstance(name, str) or _NAME.fullmatch(name) is None:
        raise ValueError("invalid blob name")


class BlobStore:
    """The directory of encrypted attachment files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, name: str) -> Path:
        _check_name(name)
        return self.directory / name

    def write(
        self, chunks: Iterable[bytes | bytearray | memoryview], *, associated: bytes
    ) -> WrittenBlob:
        """Encrypt the bytes of `chunks` (blocks of any size) into a new file.

        At most about two chunks are held in memory. The file appears under its final name
        only once complete and durable; on any failure, including one raised by `chunks`
        itself (which propagates unchanged) or an interruption, nothing is left behind.
        Disk errors are raised as DiskFullError / StorageError.
        """
        from nacl import bindings as sodium

        chunk_bytes = CHUNK_BYTES  # read at call time, so tests can lower it
        ensure_private_dir(self.directory)
        key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
        ad = _prefix(chunk_bytes) + associated
        state = sodium.crypto_secretstream_xchacha20poly1305_state()
        header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
        more_tag = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
        final_tag = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        digest = hashlib.sha256()
        size = 0
        stored = 0

        temp = self.directory / f"{_TEMP_PREFIX}{secrets.token_hex(16)}"
        final: Path | None = None
        with storage_errors():
            fd = os.open(temp, _OPEN_FLAGS, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:

                def emit(data: bytes, tag: int) -> None:
                    nonlocal size, stored
                    digest.update(data)
                    size += len(data)
                    sealed = sodium.crypto_secretstream_xchacha20poly1305_push(state, data, ad, tag)
                    with storage_errors():
                        handle.write(sealed)
                    stored += len(sealed)

                with storage_errors():
                    handle.write(_prefix(chunk_bytes) + header)
                stored = _PREFIX_BYTES + len(header)
                buffer = bytearray(chunk_bytes)
                window = memoryview(buffer)
                filled = 0
                for block in chunks:
                    view = memoryview(block).cast("B")
                    offset = 0
                    while offset < len(view):
                        # A full buffer is sent only once more data exists: the last chunk
                        # must carry TAG_FINAL, and we cannot know which one is last earlier.
                        if filled == chunk_bytes:
                            emit(bytes(window), more_tag)
                            filled = 0
                        take = min(chunk_bytes - filled, len(view) - offset)
                        window[filled : filled + take] = view[offset : offset + take]
                        filled += take
                        offset += take
                emit(bytes(window[:filled]), final_tag)
                with storage_errors():
                    handle.flush()
                    os.fsync(handle.fileno())
                    handle.close()  # here, so a late write error is mapped too
            name = secrets.token_hex(16)
            while (self.directory / name).exists():  # 2**-128, but never overwrite evidence
                name = secrets.token_hex(16)
            final = self.directory / name
            with storage_errors():
                os.replace(temp, final)
                fsync_dir(self.directory)
        except BaseException:
            for path in (temp, final):
                if path is not None:
                    with contextlib.suppress(OSError):
                        path.unlink()
            raise
        return WrittenBlob(name, key, size, digest.hexdigest(), stored)

    def read(self, name: str, key: bytes, *, associated: bytes) -> Generator[bytes, None, None]:
        """Decrypt a file, yielding plaintext chunks, each authenticated before it is yielded.

        The file is opened and its header checked before this returns: AttachmentMissingError
        when it is gone, AttachmentCorruptError when it is not ours. Later damage (wrong key or
        `associated`, a flipped bit, a cut-off end, data after the end, swapped chunks) raises
        AttachmentCorruptError while iterating, possibly after earlier chunks were yielded.
        Only a generator that runs to its end proves the data complete: a caller writing the
        plaintext out must treat it as final (rename, hand over) only after that. The file stays
        open until the generator ends; call its close() when stopping early.
        """
        path = self._path(name)
        if not isinstance(key, bytes) or len(key) != _KEY_BYTES:
            raise AttachmentCorruptError()
        chunks = self._pull(path, key, associated)
        next(chunks)  # opens the file and checks the header now
        return chunks

    def _pull(self, path: Path, key: bytes, associated: bytes) -> Generator[bytes, None, None]:
        from nacl import bindings as sodium
        from nacl.exceptions import CryptoError

        chunk_bytes = CHUNK_BYTES
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
        except FileNotFoundError:
            raise AttachmentMissingError() from None
        except OSError as exc:
            raise os_error(exc) from None
        try:
            prefix = _read(handle, _PREFIX_BYTES)
            if prefix != _prefix(chunk_bytes):
                # Bad magic, a version we do not know, or another chunk size (which would
                # have us read absurd amounts before authenticating anything).
                raise AttachmentCorruptError()
            header = _read(handle, _HEADER_BYTES)
            if len(header) != _HEADER_BYTES:
                raise AttachmentCorruptError()
            state = sodium.crypto_secretstream_xchacha20poly1305_state()
            sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
            ad = prefix + associated
            sealed_bytes = chunk_bytes + sodium.crypto_secretstream_xchacha20poly1305_ABYTES
            final_tag = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
            yield b""  # primed by read(); see there
            while True:
                sealed = _read(handle, sealed_bytes)
                try:
                    plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                        state, sealed, ad
                    )
                except CryptoError:  # also "too short", which covers an empty read (EOF)
                    raise AttachmentCorruptError() from None
                if tag == final_tag:
                    if _read(handle, 1):
                        raise AttachmentCorruptError()
                    if plain:
                        yield plain
                    return
                if (
                    tag != sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
                    or len(sealed) != sealed_bytes
                ):
                    raise AttachmentCorruptError()
                yield plain
        finally:
            handle.close()

    def remove(self, name: str) -> None:
        """Delete a file; already gone is fine (its key row is what really matters)."""
        path = self._path(name)
        with storage_errors():
            try:
                path.unlink()
            except FileNotFoundError:
                return
            fsync_dir(self.directory)

    def exists(self, name: str) -> bool:
        return self._path(name).is_file()

    def names(self) -> set[str]:
        """Names of complete files (temporary files of writes under way are not included)."""
        with storage_errors():
            try:
                entries = list(os.scandir(self.directory))
            except FileNotFoundError:
                return set()
        return {e.name for e in entries if _NAME.fullmatch(e.name) and e.is_file()}

    def remove_temporaries(self) -> int:
        """Delete what interrupted writes left; call only while no write is under way."""
        removed = 0
        with storage_errors():
            try:
                entries = list(os.scandir(self.directory))
            except FileNotFoundError:
                return 0
            for entry in entries:
                if entry.name.startswith(_TEMP_PREFIX) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                        removed += 1
            if removed:
                fsync_dir(self.directory)
        return removed


def _read(handle: BinaryIO, size: int) -> bytes:
    """Read `size` bytes, fewer only at the end of the file (buffered reads do not stop short)."""
    with storage_errors():
        return handle.read(size)
