# SPDX-License-Identifier: GPL-3.0-or-later
"""The receiving side: open_report decrypts, checks every hash and refuses unsafe archives."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pyrage
import pytest

from desktop.journal import Journal
from desktop.reports.document import ReportRequest
from desktop.reports.errors import (
    BundleDamagedError,
    BundleFormatError,
    BundleTooNewError,
    IdentityInvalidError,
    WrongIdentityError,
)
from desktop.reports.exports import export_report
from desktop.reports.opener import open_report, read_identities
from tests.reports.conftest import Team, Who


@pytest.fixture
def bundle(filled: Journal, team: Team, tmp_path: Path) -> Path:
    target = tmp_path / "report.age"
    export_report(
        filled,
        ReportRequest(filled.selected),  # type: ignore[attr-defined]
        [Who("T&S", team.public_key)],
        target,
        language="en",
    )
    return target


def opened(data: bytes, team: Team, out: Path | None = None):  # type: ignore[no-untyped-def]
    return open_report(io.BytesIO(data), [team.identity], out)


def test_a_good_bundle_opens_and_extracts(bundle: Path, team: Team, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    report = opened(bundle.read_bytes(), team, out)
    assert report.ok, report.problems
    assert report.entries is not None
    assert len(report.entries["entries"]) == 2
    extracted = sorted(
        p.relative_to(out / report.top).as_posix() for p in out.rglob("*") if p.is_file()
    )
    assert len(extracted) == 5
    assert set(report.files) == set(extracted)
    assert {"manifest.json", "entries.json", "report.html"} <= set(extracted)
    assert all((p.stat().st_mode & 0o077) == 0 for p in out.rglob("*") if p.is_file())


@pytest.mark.parametrize("where", [0.05, 0.5, 0.999])
def test_one_changed_byte_anywhere_is_damage(bundle: Path, team: Team, where: float) -> None:
    data = bytearray(bundle.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    with pytest.raises((BundleDamagedError, WrongIdentityError)):
        opened(bytes(data), team)


def test_truncated_and_garbage(bundle: Path, team: Team) -> None:
    with pytest.raises(BundleDamagedError):
        opened(bundle.read_bytes()[:-100], team)
    with pytest.raises(BundleDamagedError):
        opened(b"not an age file at all", team)


def test_wrong_identity(bundle: Path, team: Team) -> None:
    other = pyrage.x25519.Identity.generate()
    with pytest.raises(WrongIdentityError):
        open_report(io.BytesIO(bundle.read_bytes()), [other])


def test_identity_file_parsing(team: Team) -> None:
    assert len(read_identities(team.identity_file.read_text())) == 1
    for bad in ("", "# only a comment\n", "AGE-SECRET-KEY-1NOPE\n", "age1abc\n"):
        with pytest.raises(IdentityInvalidError):
            read_identities(bad)


def _encrypt_tar(files: dict[str, bytes | None], team: Team) -> bytes:
    """A tar encrypted to the team: None makes a symlink named by the key."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            if data is None:
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                archive.addfile(info)
            else:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return pyrage.encrypt(raw.getvalue(), [pyrage.x25519.Recipient.from_str(team.public_key)])


def _manifest(files: dict[str, bytes], version: int = 1) -> bytes:
    import hashlib

    listed = [
        {"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
        for p, d in files.items()
    ]
    return json.dumps(
        {"format": "bastion-report", "format_version": version, "files": listed, "entries": []}
    ).encode()


def test_hostile_archives_are_reported_and_never_escape(team: Team, tmp_path: Path) -> None:
    good = {"entries.json": b'{"format": "bastion-report-entries", "format_version": 1}'}
    files: dict[str, bytes | None] = {
        "r/manifest.json": _manifest(good),
        "r/entries.json": good["entries.json"],
        "r/../../escape.txt": b"x",
        "/abs.txt": b"x",
        "other-top/x.txt": b"x",
        "r/extra.txt": b"not listed",
    }
    out = tmp_path / "out"
    out.mkdir()
    report = opened(_encrypt_tar(files, team), team, out)
    codes = {(p.path, p.code) for p in report.problems}
    assert ("r/../../escape.txt", "unsafe-path") in codes
    assert ("/abs.txt", "unsafe-path") in codes
    assert ("other-top/x.txt", "unsafe-path") in codes
    assert ("extra.txt", "unexpected") in codes
    assert not (tmp_path / "escape.txt").exists()
    # Links are refused outright (test_open_hostile.py); a report with problems is not
    # extracted at all, so nothing of it can be taken for what was sent.
    assert report.extracted is None
    assert list(out.iterdir()) == []


def test_missing_and_changed_files_are_named(team: Team) -> None:
    # Smaller than listed: named as a problem (larger is refused, test_open_hostile.py).
    listed = {"entries.json": b"{}" * 100, "report.html": b"<p>hi</p>"}
    files: dict[str, bytes | None] = {
        "r/manifest.json": _manifest(listed),
        "r/entries.json": b'{"format": "bastion-report-entries", "format_version": 1}',
    }
    report = opened(_encrypt_tar(files, team), team)
    assert {(p.path, p.code) for p in report.problems} == {
        ("entries.json", "size"),
        ("report.html", "missing"),
    }


def test_not_a_report_and_too_new(team: Team) -> None:
    with pytest.raises(BundleFormatError):
        opened(_encrypt_tar({"r/hello.txt": b"hi"}, team), team)
    with pytest.raises(BundleFormatError):
        opened(_encrypt_tar({"r/manifest.json": b"[1, 2]"}, team), team)
    with pytest.raises(BundleTooNewError):
        opened(_encrypt_tar({"r/manifest.json": _manifest({}, version=99)}, team), team)
    with pytest.raises(BundleFormatError):
        opened(pyrage.encrypt(b"plain text, not tar" * 100, [team.identity.to_public()]), team)


def test_a_killed_runs_temp_folder_goes_at_the_next_open_into_that_folder(
    bundle: Path, team: Team, tmp_path: Path
) -> None:
    """A kill leaves `.bastion-open-*` (decrypted files) in --out; the next open there removes
    it, and only it: not other names, not other modes, not one another run is writing into."""
    from desktop.fsutil import writing_into

    out = tmp_path / "out"
    out.mkdir()
    leftover = out / ".bastion-open-ab_cd123"
    (leftover / "report").mkdir(parents=True, mode=0o700)
    leftover.chmod(0o700)
    (leftover / "report" / "entries.json").write_bytes(b"decrypted")
    kept = {".bastion-open-mine", ".bastion-open-x", "bastion-open-abcd1234", "photos"}
    for name in kept:
        (out / name).mkdir(mode=0o700)
    shared = out / ".bastion-open-zzzz9999"
    shared.mkdir(mode=0o755)
    busy = out / ".bastion-open-busy0000"
    busy.mkdir(mode=0o700)
    with writing_into(busy):
        report = opened(bundle.read_bytes(), team, out)
    assert report.ok, report.problems
    assert {p.name for p in out.iterdir()} == {*kept, shared.name, busy.name, report.top}
