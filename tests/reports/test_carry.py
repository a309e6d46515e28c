# SPDX-License-Identifier: GPL-3.0-or-later
"""Carrying a sealed report for someone else: taken only sealed, uploaded byte for byte to the
organisation's real tus server, opened there by the team with the stock `age`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pyrage
import pytest

from desktop.errors import NotAFileError
from desktop.journal import Journal
from desktop.profiles import Profiles, Recipient
from desktop.profiles.errors import ProfileNotFoundError, ProfileNotVerifiedError
from desktop.reports import carry
from desktop.reports.carry import carry_report, check_sealed
from desktop.reports.document import ReportRequest
from desktop.reports.errors import (
    NoIntakeServerError,
    NotEnoughSpaceError,
    NotSealedReportError,
    ReportCarriedError,
)
from desktop.reports.exports import (
    STATUS_HELD,
    STATUS_QUEUED,
    STATUS_SENT,
    export_report,
    get_export,
    list_exports,
    outbox_dir,
    release_held,
    tidy_outbox,
)
from desktop.reports.proof import report_proof
from desktop.sync.engine import run_pass
from desktop.sync.outbox import STATE_UPLOADED
from desktop.sync.settings import PROXY_NONE, SyncSettings
from desktop.vault import Vault
from tests.conftest import MakeVault
from tests.journal.conftest import sample
from tests.sync.support import ORG, add_org


def sealed_by_someone_else(
    make_vault: MakeVault, tmp_path: Path, identity: pyrage.x25519.Identity
) -> Path:
    """A report another volunteer exported to a file (their own vault, their own journal)."""
    theirs = make_vault(tmp_path / "theirs")
    try:
        journal = Journal(theirs)
        entry = journal.add(sample(title="Threat after my edit to the election article"))
        out = tmp_path / "stick" / "a1b2c3d4.age"
        out.parent.mkdir()
        export_report(
            journal,
            ReportRequest(entry_uids=(entry,)),
            [Recipient("Team", str(identity.to_public()), ORG)],
            out,
            language="en",
        )
    finally:
        theirs.lock()
    return out


def outbox_files(vault: Vault) -> list[str]:
    folder = outbox_dir(vault)
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_carried_report_reaches_the_team_unread(
    vault: Vault, make_vault: MakeVault, tus_server: Any, tmp_path: Path
) -> None:
    identity = pyrage.x25519.Identity.generate()
    sealed = sealed_by_someone_else(make_vault, tmp_path, identity)
    add_org(vault, tus_server.url)
    record = carry_report(vault, Profiles(vault), sealed, ORG)
    assert record.carried
    assert record.status == STATUS_QUEUED
    assert record.entries == 0
    assert record.entry_uids == ()
    assert outbox_files(vault) == [f"{record.uid}.age"]
    assert (outbox_dir(vault) / f"{record.uid}.age").read_bytes() == sealed.read_bytes()
    assert sealed.exists()  # the courier's copy; the original is theirs to keep or wipe
    stored = get_export(vault, record.uid)
    assert stored is not None
    assert stored.carried
    # The courier's vault holds nothing of the content: no entries, no salt to prove with.
    with pytest.raises(ReportCarriedError):
        report_proof(Journal(vault), record.uid)

    result = run_pass(vault, settings=SyncSettings(proxy=PROXY_NONE), updates=False)
    assert [u.state for u in result.uploads] == [STATE_UPLOADED]
    arrived = tus_server.stored(tus_server.uploads()[0]["id"])
    assert arrived == sealed.read_bytes()
    assert next(r for r in list_exports(vault) if r.uid == record.uid).status == STATUS_SENT
    key = tmp_path / "team.txt"
    key.write_text(f"{identity}\n")
    plain = subprocess.run(
        ["age", "-d", "-i", str(key)], input=arrived, capture_output=True, check=True
    ).stdout
    assert b"Threat after my edit to the election article" in plain


def test_a_kept_carried_report_waits_and_survives_the_tidy(
    vault: Vault, make_vault: MakeVault, tmp_path: Path
) -> None:
    sealed = sealed_by_someone_else(make_vault, tmp_path, pyrage.x25519.Identity.generate())
    add_org(vault, "https://intake.example.org/files/")
    record = carry_report(vault, Profiles(vault), sealed, ORG, hold=True)
    assert record.status == STATUS_HELD
    assert tidy_outbox(vault) == 0
    assert outbox_files(vault) == [f"{record.uid}.age"]
    assert release_held(vault, record.uid)


def age_file(tmp_path: Path, *args: str, data: bytes = b"secret words") -> Path:
    identity = pyrage.x25519.Identity.generate()
    out = tmp_path / "made-with-age"
    subprocess.run(
        ["age", *args, "-r", str(identity.to_public()), "-o", str(out)], input=data, check=True
    )
    return out


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b"My name is ... and I live in ..."), "not-age"),
        (lambda p: p.write_bytes(b""), "not-age"),
        # The header alone: cut off before any payload.
        (lambda p: p.write_bytes(p.with_name("made-with-age").read_bytes()[:180]), "truncated"),
        # A single stanza line without the MAC line.
        (lambda p: p.write_bytes(b"age-encryption.org/v1\n-> X25519 abc\n"), "header"),
        # Junk where a stanza body should be.
        (lambda p: p.write_bytes(b"age-encryption.org/v1\n-> X25519 a\n<html>\n--- x\n"), "header"),
    ],
)
def test_only_a_sealed_file_is_taken(
    vault: Vault, tmp_path: Path, make: Any, reason: str | None
) -> None:
    add_org(vault, "https://intake.example.org/files/")
    age_file(tmp_path)
    candidate = tmp_path / "candidate"
    make(candidate)
    with pytest.raises(NotSealedReportError) as caught:
        carry_report(vault, Profiles(vault), candidate, ORG)
    if reason is not None:
        assert caught.value.reason == reason
    assert outbox_files(vault) == []
    assert list_exports(vault) == []


def test_an_armoured_age_file_is_refused(vault: Vault, tmp_path: Path) -> None:
    # The sync path sends bytes as they are; armour is text a courier might paste elsewhere.
    add_org(vault, "https://intake.example.org/files/")
    with pytest.raises(NotSealedReportError):
        carry_report(vault, Profiles(vault), age_file(tmp_path, "-a"), ORG)


def test_a_file_made_with_the_stock_age_is_taken(vault: Vault, tmp_path: Path) -> None:
    add_org(vault, "https://intake.example.org/files/")
    made = age_file(tmp_path, data=os.urandom(200_000))
    record = carry_report(vault, Profiles(vault), made, ORG)
    assert (outbox_dir(vault) / f"{record.uid}.age").read_bytes() == made.read_bytes()


def test_a_fifo_or_folder_is_refused_without_blocking(vault: Vault, tmp_path: Path) -> None:
    add_org(vault, "https://intake.example.org/files/")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for candidate in (fifo, tmp_path):
        with pytest.raises(NotAFileError):
            carry_report(vault, Profiles(vault), candidate, ORG)
    assert outbox_files(vault) == []


def test_only_to_a_confirmed_organisation_with_a_server(vault: Vault, tmp_path: Path) -> None:
    made = age_file(tmp_path)
    with pytest.raises(ProfileNotFoundError):
        carry_report(vault, Profiles(vault), made, ORG)
    add_org(vault, "https://intake.example.org/files/", verified=False)
    with pytest.raises(ProfileNotVerifiedError):
        carry_report(vault, Profiles(vault), made, ORG)
    other = add_org(vault, None, id="courier-test-no-server")[1]["id"]
    with pytest.raises(NoIntakeServerError):
        carry_report(vault, Profiles(vault), made, other)
    assert outbox_files(vault) == []


def test_no_room_leaves_nothing(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_org(vault, "https://intake.example.org/files/")
    made = age_file(tmp_path)

    class Usage:
        free = 1000

    # A full disk cannot be made here without root; the check reads the free space only.
    monkeypatch.setattr(carry.shutil, "disk_usage", lambda _p: Usage())
    with pytest.raises(NotEnoughSpaceError):
        carry_report(vault, Profiles(vault), made, ORG)
    assert outbox_files(vault) == []


def test_the_header_check_reads_no_further_than_the_header(tmp_path: Path) -> None:
    made = age_file(tmp_path, data=os.urandom(1 << 20))
    with made.open("rb") as handle:
        check_sealed(handle, made.stat().st_size)
        assert handle.tell() == 0
    with made.open("rb") as handle, pytest.raises(NotSealedReportError) as caught:
        check_sealed(handle, carry.MAX_CARRIED + 1)
    assert caught.value.reason == "size"
