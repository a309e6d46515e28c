# SPDX-License-Identifier: GPL-3.0-or-later
"""The export's threads: the prefetching source, the batching sink and its writes."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.errors import DiskFullError
from desktop.journal import Journal
from desktop.reports import export, tarstream
from desktop.reports.document import ReportRequest
from desktop.reports.exports import export_report, list_exports
from tests.reports.conftest import Team, Who


def _source_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "bastion-report-source"]


def test_prefetched_keeps_order_and_raises_the_producers_error_in_place() -> None:
    def chunks() -> Iterator[bytes]:
        yield b"a"
        yield b"b"
        raise ValueError("broken")

    stream = tarstream.prefetched(chunks())
    assert [next(stream), next(stream)] == [b"a", b"b"]
    with pytest.raises(ValueError, match="broken"):
        next(stream)
    assert not _source_threads()


def test_prefetched_closed_early_stops_the_producer_within_its_depth() -> None:
    made = 0

    def chunks() -> Iterator[bytes]:
        nonlocal made
        while True:
            made += 1
            yield bytes(10)

    stream = tarstream.prefetched(chunks(), depth=3)
    assert next(stream) == bytes(10)
    assert next(stream) == bytes(10)
    stream.close()
    assert not _source_threads()
    assert made <= 2 + 3 + 1  # taken, waiting, and the one in hand


@pytest.mark.skipif(not hasattr(os, "writev"), reason="no writev here (Windows)")
def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.writev

    def short(fd: int, pieces: list[bytes]) -> int:
        return real(fd, [pieces[0][:-5]])  # as if a signal arrived mid-way

    monkeypatch.setattr(os, "writev", short)
    pieces = [os.urandom(1000), os.urandom(3), os.urandom(2000)]
    fd = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        assert export._write_all(fd, pieces) == 3003
    finally:
        os.close(fd)
    assert (tmp_path / "out").read_bytes() == b"".join(pieces)


def test_without_writev_pieces_are_written_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "_WRITEV", False)  # as on Windows
    pieces = [os.urandom(70_000), b"", os.urandom(5)]
    fd = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        assert export._write_all(fd, pieces) == 70_005
    finally:
        os.close(fd)
    assert (tmp_path / "out").read_bytes() == b"".join(pieces)


def test_disk_full_while_writing_leaves_nothing(
    filled: Journal, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = export._write_all
    calls = 0

    def fails_second_time(fd: int, pieces: list[bytes]) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, pieces)

    monkeypatch.setattr(export, "_write_all", fails_second_time)
    with pytest.raises(DiskFullError):
        export_report(
            filled,
            ReportRequest(filled.selected),  # type: ignore[attr-defined]
            [Who("T&S", team.public_key)],
            tmp_path / "a.age",
            language="en",
        )
    assert calls >= 2
    assert not any(tmp_path.glob("*.age"))
    assert not any(tmp_path.glob(".*.part"))
    assert list_exports(filled.vault) == []
    assert not [t for t in threading.enumerate() if t.name.startswith("bastion-report")]


def test_writer_hashes_and_writes_many_small_pieces_in_order(tmp_path: Path) -> None:
    import hashlib

    pieces = [os.urandom(n % 300 + 1) for n in range(3000)]  # more than IOV_MAX per batch
    fd = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        writer = export._Writer(fd)
        for piece in pieces:
            assert writer.write(piece) == len(piece)
        writer.finish()
    finally:
        os.close(fd)
    whole = b"".join(pieces)
    assert (tmp_path / "out").read_bytes() == whole
    assert writer.size == len(whole)
    assert writer.digest.hexdigest() == hashlib.sha256(whole).hexdigest()
