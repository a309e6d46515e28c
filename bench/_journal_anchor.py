# SPDX-License-Identifier: GPL-3.0-or-later
"""The anchor of bench/journal.py: the journal's schema and rows in plain SQLite.

The SQLite inside sqlcipher3 opened without a key: an unencrypted file, the same engine
version as the vault (the stdlib's SQLite 3.40 cannot create the `contentless_delete` FTS5
table). The schema is the migrations' own DDL; rows are prepared exactly as `Journal.add`
prepares them (validation, canonical JSON, revision hash, search normalisation), from the
same generator and seed, and the searches use the SQL shape of `Journal.count`/`page`.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Sequence
from pathlib import Path

from _journal_data import Generator

from desktop.journal import AttachmentSource, EntryContent, integrity
from desktop.journal.model import canonical_json, checked, content_to_dict
from desktop.journal.search import normalise
from desktop.vault.migrations import MIGRATIONS

# Same SQL shape as store.Journal.count/page with a text filter (query.where_clause).
FTS_WHERE = "1 AND e.id IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?)"
COLUMNS = (
    "e.id, e.uid, e.title, e.category, e.severity, e.occurred_on, e.occurred_time, "
    "e.occurred_zone, e.approximate, e.recorded_at, e.updated_at, e.revision, "
    "e.attachment_count, e.occurred_sort"
)
ORDER = "ORDER BY e.occurred_sort DESC, e.id DESC LIMIT ?"


class Plain:
    """The anchor: the same schema and rows in unencrypted SQLite, WAL, synchronous FULL."""

    def __init__(self, path: Path) -> None:
        import sqlcipher3  # never keyed here: a plain SQLite database

        self.path = path
        fresh = not path.exists()
        self.conn = sqlcipher3.connect(str(path), isolation_level=None)
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        if fresh:
            self.conn.execute("BEGIN")
            for migration in MIGRATIONS:
                for statement in migration.statements:
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {MIGRATIONS[-1].version}")
            self.conn.execute("COMMIT")

    def _insert(self, content: EntryContent, attachments: Sequence[AttachmentSource]) -> int:
        """What Journal.add writes for a new entry, prepared the same way."""
        content = checked(content)
        uid, stamp = secrets.token_hex(5), time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        files = [
            (secrets.token_hex(8), a.display_name(), hashlib.sha256(a.data or b"").hexdigest())
            for a in attachments
        ]
        record = content_to_dict(content)
        record["attachments"] = [
            {"id": f, "name": n, "sha256": h, "size": len(a.data or b"")}
            for (f, n, h), a in zip(files, attachments, strict=True)
        ]
        text = canonical_json(record)
        digest = integrity.revision_hash(uid, 1, stamp, integrity.GENESIS, text)
        at = content.occurred
        entry_id = self.conn.execute(
            "INSERT INTO journal_entries(uid, recorded_at, updated_at, revision, title, "
            "category, severity, occurred_on, occurred_time, occurred_zone, approximate, "
            "occurred_sort, attachment_count) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uid, stamp, stamp, content.title, content.category, content.severity,
             at.date.isoformat(), at.time.strftime("%H:%M") if at.time else "", at.zone,
             int(at.approximate), at.sort_key(), len(files)),
        ).lastrowid  # fmt: skip
        self.conn.execute(
            "INSERT INTO journal_revisions(entry_id, number, saved_at, content, prev_hash, hash) "
            "VALUES (?, 1, ?, ?, ?, ?)",
            (entry_id, stamp, text, integrity.GENESIS, digest),
        )
        self.conn.executemany(
            "INSERT INTO journal_tags(entry_id, folded, tag) VALUES (?, ?, ?)",
            [(entry_id, tag.casefold(), tag) for tag in content.tags],
        )
        for (f, n, h), a in zip(files, attachments, strict=True):
            self.conn.execute(
                "INSERT INTO journal_attachments(uid, entry_id, name, media_type, size, sha256, "
                "original_sha256, metadata, blob, key, added_at) "
                "VALUES (?, ?, ?, 'application/octet-stream', ?, ?, ?, 'not-image', ?, ?, ?)",
                (f, entry_id, n, len(a.data or b""), h, h, secrets.token_hex(16),
                 secrets.token_bytes(32), stamp),
            )  # fmt: skip
        people = " ".join(f"{p.username} {p.wiki}" for p in content.people)
        self.conn.execute(
            "INSERT INTO journal_fts(rowid, title, narrative, people, links, tags, place) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entry_id, normalise(content.title), normalise(content.narrative),
             normalise(people), normalise(" ".join(content.links)),
             normalise(" ".join(content.tags)), normalise(content.place)),
        )  # fmt: skip
        return int(entry_id)

    def fill(self, count: int, seed: int) -> None:
        self.conn.execute("BEGIN")
        for content, attachments in Generator(seed).entries(count):
            self._insert(content, attachments)
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def add(self, content: EntryContent) -> int:
        self.conn.execute("BEGIN IMMEDIATE")
        entry_id = self._insert(content, ())
        self.conn.execute("COMMIT")
        return entry_id

    def delete(self, entry_ids: Sequence[int]) -> None:
        for entry_id in entry_ids:
            self.conn.execute("DELETE FROM journal_fts WHERE rowid = ?", (entry_id,))
            self.conn.execute("DELETE FROM journal_entries WHERE id = ?", (entry_id,))

    def search(self, expression: str) -> int:
        count = self.conn.execute(
            f"SELECT count(*) FROM journal_entries e WHERE {FTS_WHERE}", (expression,)
        ).fetchone()[0]
        sql = f"SELECT {COLUMNS} FROM journal_entries e WHERE {FTS_WHERE} {ORDER}"
        self.conn.execute(sql, (expression, 100)).fetchall()
        return int(count)

    def open_list(self) -> None:
        """A fresh connection, then what the list shows first."""
        other = Plain(self.path)
        try:
            other.conn.execute("SELECT count(*) FROM journal_entries e WHERE 1").fetchone()
            other.conn.execute(f"SELECT {COLUMNS} FROM journal_entries e WHERE 1 {ORDER}", (100,))
        finally:
            other.conn.close()
