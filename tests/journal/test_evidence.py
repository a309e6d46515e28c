# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence through the Journal: import with metadata stripped, read back, save out, tidy."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from desktop.errors import DiskFullError
from desktop.journal import AttachmentSource, Journal, MetadataState
from desktop.journal.errors import (
    AttachmentCorruptError,
    AttachmentMissingError,
    AttachmentNotFoundError,
    AttachmentSourceError,
)
from tests.journal.conftest import sample

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.5), 3: "E", 4: (13.0, 24.0, 1.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the control
    return data


def stored_bytes(journal: Journal, attachment_uid: str) -> bytes:
    _, chunks = journal.open_attachment(attachment_uid)
    return b"".join(chunks)


def test_photo_metadata_is_removed_by_default(journal: Journal, tmp_path: Path) -> None:
    original = jpeg_with_gps()
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(original)
    uid = journal.add(sample(), [AttachmentSource(path=photo)])
    info = journal.get(uid).attachments[0]
    assert info.metadata == MetadataState.REMOVED
    assert info.media_type == "image/jpeg"
    data = stored_bytes(journal, info.uid)
    cleaned = Image.open(io.BytesIO(data))
    assert not cleaned.getexif()
    assert b"PhoneMaker" not in data
    assert cleaned.tobytes() == Image.open(io.BytesIO(original)).tobytes()
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.original_sha256 == hashlib.sha256(original).hexdigest()
    assert info.sha256 != info.original_sha256


def test_the_original_is_kept_when_asked(journal: Journal) -> None:
    original = jpeg_with_gps()
    uid = journal.add(sample(), [AttachmentSource(data=original, name="p.jpg", keep_metadata=True)])
    info = journal.get(uid).attachments[0]
    assert info.metadata == MetadataState.KEPT
    assert stored_bytes(journal, info.uid) == original
    assert info.sha256 == info.original_sha256


def test_other_files_are_stored_byte_for_byte(journal: Journal, tmp_path: Path) -> None:
    payload = os.urandom(3 * 1024 * 1024 + 7)
    path = tmp_path / "archive.bin"
    path.write_bytes(payload)
    uid = journal.add(sample(), [AttachmentSource(path=path)])
    info = journal.get(uid).attachments[0]
    assert info.metadata == MetadataState.NOT_IMAGE
    assert info.size == len(payload)
    assert stored_bytes(journal, info.uid) == payload
    # Only ciphertext sits in the attachments folder.
    (stored,) = (journal.vault.directory / "attachments").iterdir()
    assert payload[:4096] not in stored.read_bytes()


def test_unreadable_sources_are_refused_and_nothing_is_written(
    journal: Journal, tmp_path: Path
) -> None:
    for source in (
        AttachmentSource(path=tmp_path / "missing.png"),
        AttachmentSource(path=tmp_path),
    ):
        with pytest.raises(AttachmentSourceError):
            journal.add(sample(), [source])
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(AttachmentSourceError):
        journal.add(sample(), [AttachmentSource(path=fifo)])
    assert journal.count() == 0
    assert journal.evidence.blobs.names() == set()


def test_a_failed_save_leaves_no_orphan_file(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.journal import store

    def full(*_args: object, **_kwargs: object) -> int:
        raise DiskFullError()

    monkeypatch.setattr(store.Journal, "_write_revision", full)
    with pytest.raises(DiskFullError):
        journal.add(sample(), [AttachmentSource(data=b"x" * 100, name="a.txt")])
    assert journal.evidence.blobs.names() == set()
    assert journal.count() == 0


def test_save_copy_writes_the_plaintext_where_asked(journal: Journal, tmp_path: Path) -> None:
    uid = journal.add(sample(), [AttachmentSource(data=b"the evidence", name="e.txt")])
    info = journal.get(uid).attachments[0]
    out = tmp_path / "out" / "e.txt"
    out.parent.mkdir()
    journal.save_attachment(info.uid, out)
    assert out.read_bytes() == b"the evidence"
    assert [p.name for p in out.parent.iterdir()] == ["e.txt"]


def test_a_damaged_file_is_never_saved_out(journal: Journal, tmp_path: Path) -> None:
    uid = journal.add(sample(), [AttachmentSource(data=os.urandom(2_000_000), name="big.bin")])
    info = journal.get(uid).attachments[0]
    (stored,) = (journal.vault.directory / "attachments").iterdir()
    data = bytearray(stored.read_bytes())
    data[-100] ^= 1
    stored.write_bytes(bytes(data))
    out = tmp_path / "copy.bin"
    with pytest.raises(AttachmentCorruptError):
        journal.save_attachment(info.uid, out)
    assert list(tmp_path.glob("*copy.bin*")) == []


def test_files_swapped_between_rows_fail_to_open(journal: Journal) -> None:
    uid = journal.add(
        sample(),
        [
            AttachmentSource(data=b"first", name="1.txt"),
            AttachmentSource(data=b"second", name="2.txt"),
        ],
    )
    first, second = journal.get(uid).attachments
    conn = journal.vault.connection()
    blob_a, blob_b = (
        conn.execute("SELECT blob FROM journal_attachments WHERE uid = ?", (a.uid,)).fetchone()[0]
        for a in (first, second)
    )
    directory = journal.vault.directory / "attachments"
    (directory / blob_a).rename(directory / "swap")
    (directory / blob_b).rename(directory / blob_a)
    (directory / "swap").rename(directory / blob_b)
    with pytest.raises(AttachmentCorruptError):
        stored_bytes(journal, first.uid)


def test_missing_file_and_unknown_id_are_typed(journal: Journal) -> None:
    uid = journal.add(sample(), [AttachmentSource(data=b"x", name="x.txt")])
    info = journal.get(uid).attachments[0]
    for path in (journal.vault.directory / "attachments").iterdir():
        path.unlink()
    with pytest.raises(AttachmentMissingError):
        stored_bytes(journal, info.uid)
    with pytest.raises(AttachmentNotFoundError):
        journal.open_attachment("0" * 16)


def test_preview_reads_small_files_only(journal: Journal) -> None:
    uid = journal.add(sample(), [AttachmentSource(data=b"y" * 5000, name="y.txt")])
    info = journal.get(uid).attachments[0]
    assert journal.read_attachment(info.uid, limit=10_000)[1] == b"y" * 5000
    assert journal.read_attachment(info.uid, limit=1000)[1] is None


def test_tidy_removes_leftovers_of_interrupted_imports(journal: Journal) -> None:
    uid = journal.add(sample(), [AttachmentSource(data=b"kept", name="k.txt")])
    directory = journal.vault.directory / "attachments"
    (directory / ".tmp-0123456789abcdef0123456789abcdef").write_bytes(b"partial")
    (directory / ("f" * 32)).write_bytes(b"encrypted, key never saved")
    assert journal.tidy() == 2
    assert len(list(directory.iterdir())) == 1
    assert stored_bytes(journal, journal.get(uid).attachments[0].uid) == b"kept"


def test_wiping_the_vault_removes_the_evidence_files(journal: Journal) -> None:
    journal.add(sample(), [AttachmentSource(data=b"gone", name="g.txt")])
    directory = journal.vault.directory
    (directory / "unrelated.txt").write_text("the USB stick's own file")
    journal.vault.wipe()
    assert sorted(p.name for p in directory.iterdir()) == ["unrelated.txt"]
