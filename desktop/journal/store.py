# SPDX-License-Identifier: GPL-3.0-or-later
"""The journal over an unlocked vault: add, edit (with history), delete, browse, search.

Thread use: like `Vault`, a `Journal` may be used from several threads; each thread works on
its own SQLCipher connection (`vault.connection()`). Every change is one transaction that
writes the summary row, a new revision in the hash chain, the tags and the search index, so
a crash leaves the entry either as it was or as it is now.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.journal import evidence, integrity
from desktop.journal.errors import (
    AmbiguousEntryIdError,
    EntryNotFoundError,
    NothingChangedError,
)
from desktop.journal.evidence import AttachmentInfo, AttachmentSource
from desktop.journal.model import (
    EntryContent,
    canonical_json,
    checked,
    content_from_dict,
    content_to_dict,
)
from desktop.journal.query import (
    NO_FILTER,
    Cursor,
    EntrySummary,
    Filter,
    MatchCache,
    count_entries,
    page_entries,
)
from desktop.journal.search import normalise
from desktop.vault import Vault
from desktop.vault.database import Connection, driver_errors
from desktop.vault.vault import ATTACHMENTS_DIR

_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base32: no i, l, o, u
ID_LENGTH = 10
MIN_PREFIX = 4


def new_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    uid: str
    content: EntryContent
    recorded_at: str
    updated_at: str
    revision: int
    head_hash: str
    attachments: tuple[AttachmentInfo, ...] = field(default=())


@dataclass(frozen=True)
class Revision:
    number: int
    saved_at: str
    content: EntryContent
    attachments: tuple[dict[str, Any], ...]  # id, name, sha256, size: as the chain recorded
    prev_hash: str
    hash: str


class Journal:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.evidence = evidence.EvidenceStore(vault.directory / ATTACHMENTS_DIR)
        self._matches = MatchCache()

    # ------------------------------------------------------------------ writing
    def add(self, content: EntryContent, attachments: Sequence[AttachmentSource] = ()) -> str:
        """Save a new entry (and its evidence, in the same first revision); returns its id."""
        content = checked(content)
        uid = new_id()
        with self.evidence.importing(attachments):  # files written, not yet in the vault
            stored = [self.evidence.store(source) for source in attachments]
            try:
                with self.vault.transaction() as conn:
                    stamp = now()
                    cur = conn.execute(
                        "INSERT INTO journal_entries(uid, recorded_at, updated_at, revision, "
                        "title, category, severity, occurred_on, occurred_time, occurred_zone, "
                        "approximate, occurred_sort) VALUES (?, ?, ?, 0, '', '', '', '', '', '', "
                        "0, '')",
                        (uid, stamp, stamp),
                    )
                    entry_id = int(cur.lastrowid)
                    infos = [self.evidence.insert(conn, entry_id, item, stamp) for item in stored]
                    self._write_revision(conn, entry_id, uid, content, infos, stamp, fresh=True)
            except BaseException:
                for item in stored:
                    self.evidence.discard(item)
                raise
        return uid

    def update(self, uid: str, content: EntryContent) -> int:
        """Save an edit as a new revision; returns its number. NothingChangedError if equal."""
        content = checked(content)
        with self.vault.transaction() as conn:
            entry_id, _ = self._locate(conn, uid)
            current = self._head_content(conn, entry_id)
            if content_to_dict(content) == _without_attachments(current):
                raise NothingChangedError()
            infos = self.evidence.infos(conn, entry_id)
            return self._write_revision(conn, entry_id, uid, content, infos, now())

    def attach(self, uid: str, sources: Sequence[AttachmentSource]) -> list[AttachmentInfo]:
        """Add evidence to an existing entry; the list of attachments is part of a revision."""
        with self.evidence.importing(sources):
            stored = [self.evidence.store(source) for source in sources]
            try:
                with self.vault.transaction() as conn:
                    entry_id, _ = self._locate(conn, uid)
                    stamp = now()
                    added = [self.evidence.insert(conn, entry_id, item, stamp) for item in stored]
                    content = content_from_dict(self._head_content(conn, entry_id))
                    infos = self.evidence.infos(conn, entry_id)
                    self._write_revision(conn, entry_id, uid, content, infos, stamp)
            except BaseException:
                for item in stored:
                    self.evidence.discard(item)
                raise
        return added

    def remove_attachment(self, uid: str, attachment_uid: str) -> None:
        with self.vault.transaction() as conn:
            entry_id, _ = self._locate(conn, uid)
            blob = self.evidence.delete_row(conn, entry_id, attachment_uid)
            content = content_from_dict(self._head_content(conn, entry_id))
            infos = self.evidence.infos(conn, entry_id)
            self._write_revision(conn, entry_id, uid, content, infos, now())
        self.evidence.remove_files([blob])
        self._flush_deleted()

    def delete(self, uid: str) -> None:
        """Remove the entry, its history and its evidence; the evidence keys are destroyed."""
        with self.vault.transaction() as conn:
            entry_id, _ = self._locate(conn, uid)
            blobs = [
                row[0]
                for row in conn.execute(
                    "SELECT blob FROM journal_attachments WHERE entry_id = ?", (entry_id,)
                )
            ]
            conn.execute("DELETE FROM journal_fts WHERE rowid = ?", (entry_id,))
            conn.execute("DELETE FROM journal_entries WHERE id = ?", (entry_id,))
        self.evidence.remove_files(blobs)
        self._flush_deleted()

    def _flush_deleted(self) -> None:
        # secure_delete zeroes freed pages in the database file, but the WAL still holds the
        # old pages (keys included) until a checkpoint; fold it in now rather than at lock.
        with driver_errors():
            self.vault.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _write_revision(
        self,
        conn: Connection,
        entry_id: int,
        uid: str,
        content: EntryContent,
        attachments: Sequence[AttachmentInfo],
        stamp: str,
        *,
        fresh: bool = False,
    ) -> int:
        previous = conn.execute(
            "SELECT number, hash FROM journal_revisions WHERE entry_id = ? "
            "ORDER BY number DESC LIMIT 1",
            (entry_id,),
        ).fetchone()
        number, prev_hash = (previous[0] + 1, previous[1]) if previous else (1, integrity.GENESIS)
        record = content_to_dict(content)
        record["attachments"] = [a.chain_record() for a in attachments]
        text = canonical_json(record)
        digest = integrity.revision_hash(uid, number, stamp, prev_hash, text)
        conn.execute(
            "INSERT INTO journal_revisions(entry_id, number, saved_at, content, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (entry_id, number, stamp, text, prev_hash, digest),
        )
        occurred = content.occurred
        conn.execute(
            "UPDATE journal_entries SET updated_at = ?, revision = ?, title = ?, category = ?, "
            "severity = ?, occurred_on = ?, occurred_time = ?, occurred_zone = ?, "
            "approximate = ?, occurred_sort = ?, attachment_count = ? WHERE id = ?",
            (
                stamp,
                number,
                content.title,
                content.category,
                content.severity,
                occurred.date.isoformat(),
                occurred.time.strftime("%H:%M") if occurred.time else "",
                occurred.zone,
                int(occurred.approximate),
                occurred.sort_key(),
                len(attachments),
                entry_id,
            ),
        )
        conn.execute("DELETE FROM journal_tags WHERE entry_id = ?", (entry_id,))
        conn.executemany(
            "INSERT INTO journal_tags(entry_id, folded, tag) VALUES (?, ?, ?)",
            [(entry_id, tag.casefold(), tag) for tag in content.tags],
        )
        if not fresh:
            conn.execute("DELETE FROM journal_fts WHERE rowid = ?", (entry_id,))
        conn.execute(
            "INSERT INTO journal_fts(rowid, title, narrative, people, links, tags, place) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entry_id,
                normalise(content.title),
                normalise(content.narrative),
                normalise(" ".join(f"{p.username} {p.wiki}" for p in content.people)),
                normalise(" ".join(content.links)),
                normalise(" ".join(content.tags)),
                normalise(content.place),
            ),
        )
        return number

    # ------------------------------------------------------------------ reading
    def resolve(self, uid_or_prefix: str) -> str:
        """The full id for an id or an unambiguous prefix of at least MIN_PREFIX characters."""
        text = uid_or_prefix.strip().lower()
        if len(text) < MIN_PREFIX or any(c not in _ID_ALPHABET for c in text):
            raise EntryNotFoundError()
        with driver_errors():
            rows = (
                self.vault.connection()
                .execute(
                    "SELECT uid FROM journal_entries WHERE uid >= ? AND uid < ? LIMIT 2",
                    (text, text + "~"),
                )
                .fetchall()
            )
        if not rows:
            raise EntryNotFoundError()
        if len(rows) > 1 and rows[0][0] != text:
            raise AmbiguousEntryIdError()
        return str(rows[0][0])

    def get(self, uid: str) -> Entry:
        with driver_errors():
            conn = self.vault.connection()
            entry_id, row = self._locate(conn, uid)
            text, head_hash = conn.execute(
                "SELECT content, hash FROM journal_revisions WHERE entry_id = ? AND number = ?",
                (entry_id, row[2]),
            ).fetchone()
            return Entry(
                uid=uid,
                content=content_from_dict(json.loads(text)),
                recorded_at=row[0],
                updated_at=row[1],
                revision=row[2],
                head_hash=head_hash,
                attachments=tuple(self.evidence.infos(conn, entry_id)),
            )

    def history(self, uid: str) -> list[Revision]:
        """Every revision, oldest first."""
        with driver_errors():
            conn = self.vault.connection()
            entry_id, _ = self._locate(conn, uid)
            rows = conn.execute(
                "SELECT number, saved_at, content, prev_hash, hash FROM journal_revisions "
                "WHERE entry_id = ? ORDER BY number",
                (entry_id,),
            ).fetchall()
        result = []
        for number, saved_at, text, prev_hash, digest in rows:
            data = json.loads(text)
            result.append(
                Revision(
                    number,
                    saved_at,
                    content_from_dict(data),
                    tuple(data.get("attachments", [])),
                    prev_hash,
                    digest,
                )
            )
        return result

    def count(self, flt: Filter = NO_FILTER) -> int:
        with driver_errors():
            return count_entries(self.vault.connection(), flt, self._matches)

    def page(
        self, flt: Filter = NO_FILTER, after: Cursor | None = None, limit: int = 200
    ) -> list[EntrySummary]:
        """Up to `limit` entries, newest incident first, starting after `after`."""
        with driver_errors():
            return page_entries(self.vault.connection(), flt, after, limit, self._matches)

    def tags(self, limit: int = 500) -> list[tuple[str, int]]:
        """Tags in use with how many entries carry each, most used first."""
        with driver_errors():
            rows = (
                self.vault.connection()
                .execute(
                    "SELECT min(tag), count(*) AS n FROM journal_tags GROUP BY folded "
                    "ORDER BY n DESC, folded LIMIT ?",
                    (limit,),
                )
                .fetchall()
            )
        return [(str(tag), int(n)) for tag, n in rows]

    # ------------------------------------------------------------------ evidence out
    def open_attachment(
        self, attachment_uid: str
    ) -> tuple[AttachmentInfo, Generator[bytes, None, None]]:
        """Its description and its plaintext in verified chunks (nothing touches the disk)."""
        with driver_errors():
            return self.evidence.open(self.vault.connection(), attachment_uid)

    def read_attachment(
        self, attachment_uid: str, limit: int
    ) -> tuple[AttachmentInfo, bytes | None]:
        """The whole plaintext in memory for a preview, or None when larger than `limit`."""
        info, chunks = self.open_attachment(attachment_uid)
        if info.size > limit:
            chunks.close()
            return info, None
        return info, b"".join(chunks)

    def save_attachment(self, attachment_uid: str, destination: Path) -> AttachmentInfo:
        """Save a decrypted copy where the volunteer asked (the UI warns first)."""
        info, chunks = self.open_attachment(attachment_uid)
        self.evidence.save_copy(chunks, destination)
        return info

    def tidy(self) -> int:
        """Remove evidence files left by interrupted imports (none while one is under way)."""
        with driver_errors():
            return self.evidence.tidy(self.vault.connection())

    def verify(self) -> integrity.VerifyReport:
        with driver_errors():
            return integrity.verify(self.vault.connection())

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _locate(conn: Connection, uid: str) -> tuple[int, tuple[Any, ...]]:
        row = conn.execute(
            "SELECT id, recorded_at, updated_at, revision FROM journal_entries WHERE uid = ?",
            (uid,),
        ).fetchone()
        if row is None:
            raise EntryNotFoundError()
        return int(row[0]), tuple(row[1:])

    @staticmethod
    def _head_content(conn: Connection, entry_id: int) -> dict[str, Any]:
        text = conn.execute(
            "SELECT content FROM journal_revisions WHERE entry_id = ? ORDER BY number DESC LIMIT 1",
            (entry_id,),
        ).fetchone()[0]
        data: dict[str, Any] = json.loads(text)
        return data


def _without_attachments(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "attachments"}
