# SPDX-License-Identifier: GPL-3.0-or-later
"""open_report against archives made to hurt: refused at once, typed, and nothing written.

Before these checks a sparse member declaring 1 TB was hashed (and with an output folder,
written) for hours, and a refused report left its files behind. The CLI side, with the stock
`age` command, is in tests/cli/test_reports.py.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import time
from pathlib import Path

import pyrage
import pytest

from desktop.reports.errors import (
    BundleUnsafeError,
    DestinationExistsError,
    NotEnoughSpaceError,
)
from desktop.reports.opener import open_report
from tests.reports import hostile
from tests.reports.conftest import Team

# Refusals are decided on headers: a bundle of a few KiB takes well under a second. Far
# below what hashing or writing a terabyte (or skipping one in a tar stream) takes.
QUICK = 10.0


def encrypted(plain: bytes, team: Team) -> bytes:
    return pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(team.public_key)])


def snapshot(folder: Path) -> list[tuple[str, int]]:
    """Everything below `folder` (hidden temp folders included), with sizes."""
    return sorted((str(p.relative_to(folder)), p.lstat().st_size) for p in folder.rglob("*"))


def test_the_builder_makes_a_good_report(team: Team, tmp_path: Path) -> None:
    """The hostile archives are a good report plus one thing: the good one opens."""
    out = tmp_path / "out"
    report = open_report(io.BytesIO(encrypted(hostile.good(), team)), [team.identity], out)
    assert report.ok, report.problems
    assert report.extracted == out / hostile.TOP
    assert sorted(p.name for p in out.iterdir()) == [hostile.TOP]  # no temp folder left
    assert sorted(p.name for p in report.extracted.iterdir()) == ["entries.json", "manifest.json"]
    assert (out.stat().st_mode & 0o777) == 0o700


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", sorted(hostile.HOSTILE))
@pytest.mark.parametrize("out_exists", [False, True])
def test_hostile_archives_are_refused_quickly_and_write_nothing(
    case: str, out_exists: bool, team: Team, tmp_path: Path
) -> None:
    bundle = encrypted(hostile.HOSTILE[case](), team)
    parent = tmp_path / "dest"
    parent.mkdir()
    out = parent / "out"
    if out_exists:
        out.mkdir()
    before = snapshot(parent)
    started = time.monotonic()
    with pytest.raises(BundleUnsafeError):
        open_report(io.BytesIO(bundle), [team.identity], out)
    assert time.monotonic() - started < QUICK
    assert snapshot(parent) == before  # no file, no temp folder; --out not even created


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", ["sparse-gnu", "sparse-pax", "total-before-manifest"])
def test_bombs_are_refused_without_an_output_folder_too(case: str, team: Team) -> None:
    """Hashing alone (no --out) was hours of work for the sparse ones."""
    started = time.monotonic()
    with pytest.raises(BundleUnsafeError):
        open_report(io.BytesIO(encrypted(hostile.HOSTILE[case](), team)), [team.identity])
    assert time.monotonic() - started < QUICK


def test_too_little_room_is_refused_before_anything_is_written(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = encrypted(hostile.good(), team)
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage._replace(free=len(bundle) // 2))
    decrypted: list[object] = []
    real_decrypt = pyrage.decrypt_io
    monkeypatch.setattr(pyrage, "decrypt_io", lambda *a: decrypted.append(a) or real_decrypt(*a))
    dest = tmp_path / "dest"
    dest.mkdir()
    out = dest / "new" / "out"
    with pytest.raises(NotEnoughSpaceError) as caught:
        open_report(io.BytesIO(bundle), [team.identity], out)
    assert caught.value.needed >= len(bundle)
    assert caught.value.available == len(bundle) // 2
    assert decrypted == []  # refused before a byte was decrypted
    assert list(dest.iterdir()) == []  # nor a folder made


def test_a_report_with_problems_is_not_extracted(team: Team, tmp_path: Path) -> None:
    """Shorter than listed is named as a problem; nothing of such a report is extracted."""
    files = {"entries.json": hostile.ENTRIES + b" " * 10}  # the manifest expects more
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in (
            ("manifest.json", hostile.manifest(files)),
            ("entries.json", hostile.ENTRIES),
        ):
            info = tarfile.TarInfo(f"{hostile.TOP}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    out = tmp_path / "out"
    report = open_report(io.BytesIO(encrypted(plain.getvalue(), team)), [team.identity], out)
    assert {(p.path, p.code) for p in report.problems} == {("entries.json", "size")}
    assert report.extracted is None
    assert not out.exists()


def test_an_existing_report_folder_is_never_replaced(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    real = os.path.lexists

    def appears(path: str | os.PathLike[str]) -> bool:
        # Someone makes the same folder while the report is being checked.
        if Path(path).name == hostile.TOP and not real(path):
            (out / hostile.TOP).mkdir()
            (out / hostile.TOP / "theirs.txt").write_text("kept")
        return real(path)

    monkeypatch.setattr(os.path, "lexists", appears)
    with pytest.raises(DestinationExistsError):
        open_report(io.BytesIO(encrypted(hostile.good(), team)), [team.identity], out)
    assert [p.name for p in out.iterdir()] == [hostile.TOP]  # our temp folder is gone
    assert [p.name for p in (out / hostile.TOP).iterdir()] == ["theirs.txt"]
