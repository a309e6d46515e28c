# SPDX-License-Identifier: GPL-3.0-or-later
"""Export end to end: the bundle, its manifest, padding, field choices, atomic writing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pyrage
import pytest

from desktop.journal import Journal
from desktop.profiles.errors import RecipientKeyInvalidError
from desktop.reports import document, tarstream
from desktop.reports.document import ReportRequest
from desktop.reports.errors import (
    DestinationExistsError,
    DestinationNotWritableError,
    ExportCancelledError,
    NoRecipientsError,
    NotEnoughSpaceError,
    NothingSelectedError,
)
from desktop.reports.exports import cancel_queued, export_report, list_exports, outbox_dir
from tests.reports.conftest import Team, Who


def decrypt_tar(path: Path, team: Team) -> tarfile.TarFile:
    plain = pyrage.decrypt(path.read_bytes(), [team.identity])
    return tarfile.open(fileobj=io.BytesIO(plain))


def members(archive: tarfile.TarFile) -> dict[str, bytes]:
    result = {}
    for member in archive.getmembers():
        handle = archive.extractfile(member)
        assert handle is not None
        result[member.name.split("/", 1)[1]] = handle.read()
    return result


def test_bundle_holds_every_chosen_file_with_hashes_that_match(
    filled: Journal, team: Team, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.age"
    target.parent.mkdir()
    record = export_report(
        filled,
        ReportRequest(filled.selected, cover_note="Please call", contact="Signal"),  # type: ignore[attr-defined]
        [Who("T&S", team.public_key)],
        target,
        language="en",
    )
    assert target.exists()
    assert record.status == "written"
    assert record.entries == 2
    assert [p.name for p in target.parent.iterdir()] == ["report.age"]  # no temp left
    assert hashlib.sha256(target.read_bytes()).hexdigest() == record.sha256
    files = members(decrypt_tar(target, team))
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "bastion-report"
    assert manifest["format_version"] == 1
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json"}
    for path, item in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == item["sha256"]
        assert len(files[path]) == item["size"]
    # Attachments are the journal's bytes, under safe names.
    first = filled.get(filled.selected[0])  # type: ignore[attr-defined]
    for info in first.attachments:
        path = next(p for p in listed if info.uid in p)
        assert ".." not in path
        assert path.startswith(f"attachments/{first.uid}/")
        _info, chunks = filled.open_attachment(info.uid)
        assert files[path] == b"".join(chunks)
    entries = json.loads(files["entries.json"])
    assert entries["cover_note"] == "Please call"
    assert entries["contact"] == "Signal"
    assert [e["title"] for e in entries["entries"]] == [
        "Home address posted on my talk page",
        "Threat by e-mail",
    ]
    assert entries["entries"][0]["category"]["label_en"]
    assert b"Not in the report" not in files["entries.json"] + files["report.html"]
    # Commitments, one per revision, never the raw revision hashes.
    second = manifest["entries"][1]
    history = filled.history(filled.selected[1])  # type: ignore[attr-defined]
    assert len(second["revision_commitments"]) == 2
    raw = {r.hash for r in history}
    text = b"".join(files.values()).decode("utf-8", "replace")
    assert not any(h in text for h in raw)


def test_left_out_fields_and_attachments_are_not_in_any_file(
    filled: Journal, team: Team, tmp_path: Path
) -> None:
    uid = filled.selected[0]  # type: ignore[attr-defined]
    request = ReportRequest(
        (uid,), fields=frozenset({"when", "category", "severity"}), attachments=frozenset()
    )
    target = tmp_path / "r.age"
    export_report(filled, request, [Who("T&S", team.public_key)], target, language="en")
    files = members(decrypt_tar(target, team))
    blob = b"".join(files.values())
    for secret in (b"Example-troll", b"User talk page", b"street", b"diff=1234567"):
        assert secret not in blob
    assert not any(p.startswith("attachments/") for p in files)
    assert "tags" not in json.loads(files["entries.json"])["entries"][0]
    entry = json.loads(files["entries.json"])["entries"][0]
    assert set(entry["withheld"]) == {"place", "people", "links", "narrative", "tags"}
    assert entry["attachments_withheld"] == 2


def test_size_is_padded_to_a_bucket(filled: Journal, team: Team, tmp_path: Path) -> None:
    sizes = []
    for i, note in enumerate(("a", "a much longer cover note " * 200)):
        target = tmp_path / f"r{i}.age"
        request = ReportRequest((filled.selected[1],), cover_note=note)  # type: ignore[attr-defined]
        export_report(filled, request, [Who("T&S", team.public_key)], target, language="en")
        sizes.append(len(pyrage.decrypt(target.read_bytes(), [team.identity])))
    # Both are below the floor bucket. (The encrypted files still differ by a few hundred
    # bytes: rage adds a random "grease" stanza to every header.)
    assert sizes == [tarstream.MIN_PADDED, tarstream.MIN_PADDED]


def test_padme_bounds() -> None:
    for n in (1, 511, 4096, 10**6, 3 * 2**30 + 7):
        padded = tarstream.padme(n)
        assert n <= padded <= n * 1.12 + 1
    assert tarstream.padded_size(100) == tarstream.MIN_PADDED
    assert tarstream.padded_size(10**7) % 512 == 0


def test_several_recipients_each_decrypt(filled: Journal, tmp_path: Path) -> None:
    ids = [pyrage.x25519.Identity.generate() for _ in range(3)]
    target = tmp_path / "r.age"
    export_report(
        filled,
        ReportRequest((filled.selected[1],)),  # type: ignore[attr-defined]
        [Who(f"k{i}", str(k.to_public())) for i, k in enumerate(ids)],
        target,
        language="en",
    )
    for identity in ids:
        assert pyrage.decrypt(target.read_bytes(), [identity])[:512].strip(b"\0")


def test_refusals_write_nothing(filled: Journal, team: Team, tmp_path: Path) -> None:
    who = [Who("T&S", team.public_key)]
    uid = filled.selected[1]  # type: ignore[attr-defined]
    with pytest.raises(NothingSelectedError):
        export_report(filled, ReportRequest(()), who, tmp_path / "a.age", language="en")
    with pytest.raises(NoRecipientsError):
        export_report(filled, ReportRequest((uid,)), [], tmp_path / "a.age", language="en")
    with pytest.raises(RecipientKeyInvalidError):
        export_report(
            filled, ReportRequest((uid,)), [Who("x", "age1nope")], tmp_path / "a.age", language="en"
        )
    with pytest.raises(DestinationNotWritableError):
        export_report(filled, ReportRequest((uid,)), who, tmp_path / "no" / "a.age", language="en")
    existing = tmp_path / "exists.age"
    existing.write_bytes(b"keep me")
    with pytest.raises(DestinationExistsError):
        export_report(filled, ReportRequest((uid,)), who, existing, language="en")
    assert existing.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".age", ".part")) == [
        "exists.age"
    ]
    assert list_exports(filled.vault) == []


def test_not_enough_room_is_found_before_writing(
    filled: Journal, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil,
        "disk_usage",
        lambda p: real(p)._replace(free=100_000),  # type: ignore[attr-defined]
    )
    with pytest.raises(NotEnoughSpaceError) as caught:
        export_report(
            filled,
            ReportRequest(filled.selected),  # type: ignore[attr-defined]
            [Who("T&S", team.public_key)],
            tmp_path / "a.age",
            language="en",
        )
    assert caught.value.needed > 3 * 1024 * 1024
    assert not list(tmp_path.glob("*.age"))
    assert not list(tmp_path.glob(".*.part"))


def test_cancel_removes_the_partial_file(filled: Journal, team: Team, tmp_path: Path) -> None:
    seen: list[int] = []
    with pytest.raises(ExportCancelledError):
        export_report(
            filled,
            ReportRequest(filled.selected),  # type: ignore[attr-defined]
            [Who("T&S", team.public_key)],
            tmp_path / "a.age",
            language="en",
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: len(seen) >= 1,
        )
    assert seen
    assert not any(tmp_path.glob("*.age"))
    assert not any(tmp_path.glob(".*.part"))
    assert list_exports(filled.vault) == []


def test_outbox_queue_and_cancel(filled: Journal, team: Team) -> None:
    record = export_report(
        filled,
        ReportRequest((filled.selected[1],)),  # type: ignore[attr-defined]
        [Who("T&S", team.public_key, "wmf")],
        None,
        language="en",
    )
    queued = outbox_dir(filled.vault) / f"{record.uid}.age"
    assert record.status == "queued"
    assert queued.exists()
    assert [r.uid for r in list_exports(filled.vault)] == [record.uid]
    assert list_exports(filled.vault)[0].recipients == (("T&S", team.public_key, "wmf"),)
    assert cancel_queued(filled.vault, record.uid)
    assert not queued.exists()
    assert list_exports(filled.vault) == []


def test_safe_name() -> None:
    assert document.safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert document.safe_name("a\x00b.txt") == "a_b.txt"
    assert document.safe_name("...") == "file"
    long = document.safe_name("x" * 300 + ".jpeg")
    assert len(long) <= document.MAX_NAME
    assert long.endswith(".jpeg")


def test_wipe_removes_queued_reports(filled: Journal, team: Team) -> None:
    record = export_report(
        filled,
        ReportRequest((filled.selected[1],)),  # type: ignore[attr-defined]
        [Who("T&S", team.public_key)],
        None,
        language="en",
    )
    folder = outbox_dir(filled.vault)
    (folder / "notes-of-mine.txt").write_text("not Bastion's")
    assert (folder / f"{record.uid}.age").exists()
    filled.vault.wipe()
    assert [p.name for p in folder.iterdir()] == ["notes-of-mine.txt"]
