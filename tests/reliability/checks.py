# SPDX-License-Identifier: GPL-3.0-or-later
"""What is checked after every kill, in the test process (no extra child: a check costs one
key derivation at the FLOOR parameters, about 0.1 s).

The vault is opened the way every command opens it (`desktop.cli.common.unlocked`: unlock,
then tidy), so "the next run tidies" is checked on the code the next command runs; the series
then carries on with real commands, which open the same vault again.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.cli import common
from desktop.journal import Journal
from desktop.reports.exports import STATUS_QUEUED, list_exports
from desktop.vault import Vault
from desktop.vault.vault import ATTACHMENTS_DIR, CREATING_NAME, OUTBOX_DIR
from tests.conftest import PASSPHRASE

# SQLite's own files come and go with every opening; they are not leftovers.
_DATABASE_FILES = {"vault.db", "vault.db-wal", "vault.db-shm", "vault.db-journal"}


def names(directory: Path) -> set[str]:
    """Every file in the data folder and its sub-folders, relative, but the database's."""
    if not directory.is_dir():
        return set()
    return {
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.is_file() and path.name not in _DATABASE_FILES
    }


def unfinished(directory: Path) -> set[str]:
    """Files an interrupted write leaves by name alone: temp files of atomic writes and of
    evidence imports, a database being created, partial outbox reports."""
    found = set()
    for name in names(directory):
        folder, _, base = name.rpartition("/")
        partial_report = folder == OUTBOX_DIR and base.endswith(".part")
        if base.startswith((".tmp-", CREATING_NAME)) or partial_report:
            found.add(name)
    return found


@dataclass
class Opening:
    vault: Vault
    removed: set[str]  # the files the opening tidied away


@contextlib.contextmanager
def reopened(
    directory: Path, replay: object = "", passphrase: str = PASSPHRASE
) -> Iterator[Opening]:
    """The vault opened as the next command would open it, checked to hold no leftovers.
    `replay` (how to replay the run) is added to the message of any failed check."""
    before = names(directory)
    args = argparse.Namespace(data_dir=str(directory))
    reader = common.PassphraseReader(io.StringIO(passphrase + "\n"))
    with common.unlocked(args, reader) as vault:
        removed = before - names(directory)
        try:
            assert_nothing_left(vault)
        except AssertionError as exc:
            raise AssertionError(f"{exc} {replay}") from None
        yield Opening(vault, removed)


def assert_nothing_left(vault: Vault) -> None:
    """No unfinished file, no evidence file without its row, no outbox file the vault does
    not account for (a report is in the outbox exactly while it is recorded as queued)."""
    directory = vault.directory
    left = unfinished(directory)
    assert not left, f"left after the next opening: {sorted(left)}"
    connection = vault.connection()
    referenced = {row[0] for row in connection.execute("SELECT blob FROM journal_attachments")}
    attachments = directory / ATTACHMENTS_DIR
    stored = {p.name for p in attachments.iterdir()} if attachments.is_dir() else set()
    assert stored <= referenced, f"evidence files with no row: {sorted(stored - referenced)}"
    assert referenced <= stored, f"rows whose evidence file is gone: {sorted(referenced - stored)}"
    outbox = directory / OUTBOX_DIR
    waiting = {p.name for p in outbox.iterdir()} if outbox.is_dir() else set()
    queued = {
        f"{record.uid}.age": record.sha256
        for record in list_exports(vault, limit=100_000)
        if record.status == STATUS_QUEUED and record.destination == "outbox"
    }
    assert waiting <= set(queued), f"outbox files not recorded as queued: {waiting - set(queued)}"
    for name, digest in queued.items():
        path = outbox / name
        assert path.is_file(), f"queued report {name} has no file"
        assert sha256_file(path) == digest, f"queued report {name} is not what was recorded"


_HASHED: dict[tuple[str, int, int], str] = {}


def sha256_file(path: Path) -> str:
    """The file's SHA-256, remembered while its size and time stay the same (the outbox is
    checked after every kill, and reports only come and go: none is rewritten in place)."""
    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns)
    if key not in _HASHED:
        _HASHED[key] = _sha256(path)
    return _HASHED[key]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Evidence:
    uid: str
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class EntryState:
    uid: str
    title: str
    narratives: tuple[str, ...]  # of every revision, oldest first
    evidence: tuple[Evidence, ...]

    @property
    def narrative(self) -> str:
        return self.narratives[-1]


def journal_state(journal: Journal) -> dict[str, EntryState]:
    """Every entry by title; verify() must pass first (the hash chain, the attachment lists)."""
    report = journal.verify()
    assert report.ok, f"journal verify failed: {report.problems}"
    found: dict[str, EntryState] = {}
    for summary in journal.page(limit=100_000):
        entry = journal.get(summary.uid)
        history = journal.history(summary.uid)
        assert [r.number for r in history] == list(range(1, entry.revision + 1))
        assert entry.content.title not in found, f"two entries titled {entry.content.title}"
        found[entry.content.title] = EntryState(
            entry.uid,
            entry.content.title,
            tuple(r.content.narrative for r in history),
            tuple(Evidence(a.uid, a.name, a.size, a.sha256) for a in entry.attachments),
        )
    return found


def decrypted_sha256(journal: Journal, evidence: Evidence) -> str:
    """The attachment decrypted (every chunk authenticated, the FINAL tag included)."""
    info, chunks = journal.open_attachment(evidence.uid)
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    assert (info.size, info.sha256) == (size, digest.hexdigest()), "evidence differs from its row"
    return digest.hexdigest()
