# SPDX-License-Identifier: GPL-3.0-or-later
"""Encrypted attachment files: round trips, tampering, interrupted writes, names, memory."""

from __future__ import annotations

import hashlib
import os
import stat
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.errors import DiskFullError, StorageError
from desktop.journal import blobs
from desktop.journal.blobs import BlobStore, WrittenBlob
from desktop.journal.errors import AttachmentCorruptError, AttachmentMissingError

CHUNK = 4096
AD = b"a1b2c3d4e5f60718"
PREFIX = 8 + 1 + 4
HEADER = PREFIX + 24
SEALED = CHUNK + 17  # one full message on disk


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(blobs, "CHUNK_BYTES", CHUNK)
    return CHUNK


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "attachments")


def pattern(size: int) -> bytes:
    return bytes((i * 7 + i // 251) & 0xFF for i in range(size))


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def read_all(store: BlobStore, blob: WrittenBlob, associated: bytes = AD) -> bytes:
    return b"".join(store.read(blob.name, blob.key, associated=associated))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5])
@pytest.mark.parametrize("block", [1000, CHUNK, 3 * CHUNK + 7])
def test_round_trip(store: BlobStore, small_chunks: int, size: int, block: int) -> None:
    data = pattern(size)
    blob = store.write(pieces(data, block), associated=AD)
    assert blob.size == size
    assert blob.sha256 == hashlib.sha256(data).hexdigest()
    assert len(blob.key) == 32
    path = store.directory / blob.name
    messages = max(1, -(-size // CHUNK))
    assert blob.stored_bytes == path.stat().st_size == HEADER + size + 17 * messages
    assert read_all(store, blob) == data
    chunk_sizes = [len(c) for c in store.read(blob.name, blob.key, associated=AD)]
    assert all(n == CHUNK for n in chunk_sizes[:-1])


def test_default_chunk_size_and_header(store: BlobStore) -> None:
    data = os.urandom(blobs.CHUNK_BYTES + 1)
    blob = store.write([data], associated=AD)
    raw = (store.directory / blob.name).read_bytes()
    assert raw[:8] == b"BASTBLOB"
    assert raw[8] == blobs.FORMAT_VERSION == 1
    assert int.from_bytes(raw[9:13], "big") == blobs.CHUNK_BYTES == 1024 * 1024
    assert blob.stored_bytes == len(raw) == HEADER + len(data) + 2 * 17
    assert read_all(store, blob) == data


def test_accepts_bytearray_and_memoryview_blocks(store: BlobStore, small_chunks: int) -> None:
    data = pattern(CHUNK * 2 + 10)
    blocks: list[bytes | bytearray | memoryview] = [
        bytearray(data[:100]),
        memoryview(data)[100:5000],
        data[5000:],
    ]
    blob = store.write(blocks, associated=AD)
    assert read_all(store, blob) == data


def test_no_plaintext_on_disk(store: BlobStore, small_chunks: int) -> None:
    marker = b"MARKER-Kx7-harassment-evidence"
    data = (b"filler " * 1000 + marker) * 5
    blob = store.write(pieces(data, 333), associated=AD)
    files = list(store.directory.iterdir())
    assert [f.name for f in files] == [blob.name]
    raw = files[0].read_bytes()
    assert marker not in raw
    assert b"filler" not in raw


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_file_and_directory(store: BlobStore) -> None:
    blob = store.write([b"x"], associated=AD)
    assert stat.S_IMODE((store.directory / blob.name).stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700


def test_names_are_random_hex(store: BlobStore) -> None:
    first = store.write([b"same"], associated=AD)
    second = store.write([b"same"], associated=AD)
    assert first.name != second.name
    assert first.key != second.key
    for name in (first.name, second.name):
        assert len(name) == 32
        assert set(name) <= set("0123456789abcdef")
    assert store.names() == {first.name, second.name}


# ---------------------------------------------------------------------- tampering
def written(store: BlobStore, size: int) -> tuple[WrittenBlob, Path, bytearray]:
    blob = store.write(pieces(pattern(size), 1000), associated=AD)
    path = store.directory / blob.name
    return blob, path, bytearray(path.read_bytes())


def flip(raw: bytearray, index: int) -> bytes:
    raw[index] ^= 0x01
    return bytes(raw)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: flip(raw, 0), id="magic"),
        pytest.param(lambda raw: flip(raw, 8), id="version"),
        pytest.param(lambda raw: flip(raw, 12), id="chunk-size"),
        pytest.param(lambda raw: flip(raw, PREFIX + 3), id="stream-header"),
        pytest.param(lambda raw: flip(raw, HEADER + SEALED + 100), id="middle-chunk"),
        pytest.param(lambda raw: flip(raw, len(raw) - 20), id="last-chunk"),
        pytest.param(lambda raw: flip(raw, len(raw) - 1), id="last-tag"),
        pytest.param(lambda raw: bytes(raw[: HEADER + 3 * SEALED]), id="drop-final"),
        pytest.param(lambda raw: bytes(raw[: HEADER + SEALED + 500]), id="mid-chunk"),
        pytest.param(lambda raw: bytes(raw[: len(raw) - 1]), id="last-byte"),
        pytest.param(lambda raw: bytes(raw[:HEADER]), id="header-only"),
        pytest.param(lambda raw: bytes(raw[:20]), id="short-header"),
        pytest.param(lambda raw: bytes(raw) + b"\x00", id="append-byte"),
        pytest.param(lambda raw: bytes(raw) + bytes(raw[HEADER:]), id="append-messages"),
        pytest.param(
            lambda raw: (
                bytes(raw[:HEADER] + raw[HEADER + SEALED : HEADER + 2 * SEALED])
                + bytes(raw[HEADER : HEADER + SEALED] + raw[HEADER + 2 * SEALED :])
            ),
            id="swap-chunks",
        ),
        pytest.param(
            lambda raw: bytes(raw[: HEADER + SEALED] + raw[HEADER + 2 * SEALED :]),
            id="drop-middle-chunk",
        ),
        pytest.param(lambda raw: b"", id="empty-file"),
    ],
)
def test_tampering_is_detected(
    store: BlobStore, small_chunks: int, damage: Callable[[bytearray], bytes]
) -> None:
    blob, path, raw = written(store, 3 * CHUNK + 5)
    path.write_bytes(damage(raw))
    with pytest.raises(AttachmentCorruptError):
        read_all(store, blob)


def test_file_of_another_attachment_is_rejected(store: BlobStore, small_chunks: int) -> None:
    blob, path, _raw = written(store, 10)
    other, other_path, _ = written(store, 10)
    os.replace(other_path, path)  # same key row, different file
    with pytest.raises(AttachmentCorruptError):
        read_all(store, blob)


def test_wrong_key(store: BlobStore, small_chunks: int) -> None:
    blob, _path, _raw = written(store, 2 * CHUNK)
    with pytest.raises(AttachmentCorruptError):
        b"".join(store.read(blob.name, bytes(32), associated=AD))
    with pytest.raises(AttachmentCorruptError):
        store.read(blob.name, blob.key[:16], associated=AD)


def test_wrong_associated_data(store: BlobStore, small_chunks: int) -> None:
    blob, _path, _raw = written(store, 2 * CHUNK)
    with pytest.raises(AttachmentCorruptError):
        read_all(store, blob, associated=b"another-attachment")


def test_other_chunk_size_is_rejected_before_reading(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blobs, "CHUNK_BYTES", CHUNK)
    blob = store.write([b"data"], associated=AD)
    monkeypatch.setattr(blobs, "CHUNK_BYTES", 2 * CHUNK)
    with pytest.raises(AttachmentCorruptError):
        store.read(blob.name, blob.key, associated=AD)


def test_corruption_is_reported_only_at_the_damaged_chunk(
    store: BlobStore, small_chunks: int
) -> None:
    blob, path, raw = written(store, 3 * CHUNK)
    path.write_bytes(flip(raw, len(raw) - 5))
    chunks = store.read(blob.name, blob.key, associated=AD)
    assert next(chunks) == pattern(CHUNK)
    assert next(chunks) == pattern(3 * CHUNK)[CHUNK : 2 * CHUNK]
    with pytest.raises(AttachmentCorruptError):
        next(chunks)


def test_missing_file(store: BlobStore) -> None:
    blob = store.write([b"evidence"], associated=AD)
    (store.directory / blob.name).unlink()
    with pytest.raises(AttachmentMissingError):
        store.read(blob.name, blob.key, associated=AD)
    assert not store.exists(blob.name)
    with pytest.raises(AttachmentMissingError):
        BlobStore(store.directory / "nowhere").read(blob.name, blob.key, associated=AD)


def test_stopping_early_closes_the_file(store: BlobStore, small_chunks: int) -> None:
    blob, _path, _raw = written(store, 3 * CHUNK)
    chunks = store.read(blob.name, blob.key, associated=AD)
    next(chunks)
    chunks.close()
    with pytest.raises(StopIteration):
        next(chunks)


# ---------------------------------------------------------------------- interrupted writes
class Boom(Exception):
    pass


def failing(after: int, exc: BaseException) -> Iterator[bytes]:
    for _ in range(after):
        yield b"z" * 1500
    raise exc


@pytest.mark.parametrize("exc", [Boom(), KeyboardInterrupt(), OSError(5, "source gone")])
def test_failing_source_leaves_nothing(
    store: BlobStore, small_chunks: int, exc: BaseException
) -> None:
    with pytest.raises(type(exc)) as raised:
        store.write(failing(10, exc), associated=AD)
    assert raised.value is exc  # the source's own error, not a storage error
    assert list(store.directory.iterdir()) == []


def test_disk_full_leaves_nothing(
    store: BlobStore, small_chunks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(blobs.os, "fsync", no_space)
    with pytest.raises(DiskFullError):
        store.write([b"x" * 10_000], associated=AD)
    assert list(store.directory.iterdir()) == []


def test_failed_directory_sync_removes_the_final_file(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_path: Path) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(blobs, "fsync_dir", broken)
    with pytest.raises(StorageError):
        store.write([b"x"], associated=AD)
    assert list(store.directory.iterdir()) == []


def test_remove_temporaries_only_touches_temp_files(store: BlobStore) -> None:
    blob = store.write([b"keep me"], associated=AD)
    for name in (".tmp-abc", ".tmp-0123456789abcdef0123456789abcdef"):
        (store.directory / name).write_bytes(b"ciphertext")
    (store.directory / "notes.txt").write_bytes(b"other")
    assert store.remove_temporaries() == 2
    assert sorted(p.name for p in store.directory.iterdir()) == sorted([blob.name, "notes.txt"])
    assert store.remove_temporaries() == 0
    assert store.names() == {blob.name}
    assert BlobStore(store.directory / "absent").remove_temporaries() == 0
    assert BlobStore(store.directory / "absent").names() == set()


def test_remove(store: BlobStore) -> None:
    blob = store.write([b"to shred"], associated=AD)
    assert store.exists(blob.name)
    store.remove(blob.name)
    assert not store.exists(blob.name)
    assert store.names() == set()
    store.remove(blob.name)  # already gone: fine


@pytest.mark.parametrize(
    "name",
    [
        "",
        "../../etc/passwd",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "0123456789abcdef0123456789abcdef\n",
        ".tmp-0123456789abcdef0123456789ab",
        "../0123456789abcdef0123456789abcd",
    ],
)
def test_bad_names_are_refused(store: BlobStore, name: str) -> None:
    with pytest.raises(ValueError, match="invalid blob name"):
        store.read(name, bytes(32), associated=AD)
    with pytest.raises(ValueError, match="invalid blob name"):
        store.remove(name)
    with pytest.raises(ValueError, match="invalid blob name"):
        store.exists(name)


# ---------------------------------------------------------------------- memory
def test_memory_stays_flat(store: BlobStore) -> None:
    block = os.urandom(256 * 1024 + 3)  # odd size: blocks straddle chunk boundaries
    count = (64 * 1024 * 1024) // len(block) + 1
    expected = hashlib.sha256()
    for _ in range(count):
        expected.update(block)

    def source() -> Iterator[bytes]:
        for _ in range(count):
            yield block

    tracemalloc.start()
    try:
        blob = store.write(source(), associated=AD)
        _current, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest = hashlib.sha256()
        for chunk in store.read(blob.name, blob.key, associated=AD):
            digest.update(chunk)
        _current, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blob.size == count * len(block) > 64 * 1024 * 1024
    assert blob.sha256 == expected.hexdigest() == digest.hexdigest()
    assert write_peak < 8 * 1024 * 1024
    assert read_peak < 8 * 1024 * 1024
