# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbered schema migrations. The schema version is SQLite's `user_version`.

Rules: append, never edit a released migration; each runs in one transaction with its
version bump, so a crash leaves the previous version intact. Each migration may name a
`seed` (sample rows written at that version) and a `check` (those rows read back at the
latest version); tests/vault/test_migrations.py upgrades from every earlier version with data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from desktop.vault.database import Connection, transaction
from desktop.vault.errors import VaultTooNewError


class Migration(NamedTuple):
    version: int
    description: str
    statements: tuple[str, ...]
    seed: Callable[[Connection], None] | None = None
    check: Callable[[Connection], bool] | None = None


def _seed_v1(conn: Connection) -> None:
    conn.execute("INSERT INTO settings(key, value) VALUES ('migration-probe', 'v1')")


def _check_v1(conn: Connection) -> bool:
    row = conn.execute("SELECT value FROM settings WHERE key = 'migration-probe'").fetchone()
    return bool(row == ("v1",))


def _seed_v2(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO journal_entries(id, uid, recorded_at, updated_at, revision, title, "
        "category, severity, occurred_on, occurred_time, occurred_zone, approximate, "
        "occurred_sort) VALUES (1, 'probe00000', '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:00:00Z', 1, 'probe', 'other', 'low', '2026-01-01', '', '', 0, "
        "'2026-01-01T12:00:00Z')"
    )
    conn.execute(
        "INSERT INTO journal_fts(rowid, title, narrative, people, links, tags, place) "
        "VALUES (1, 'migration probe', '', '', '', '', '')"
    )


def _check_v2(conn: Connection) -> bool:
    row = conn.execute(
        "SELECT e.uid FROM journal_fts f JOIN journal_entries e ON e.id = f.rowid "
        "WHERE journal_fts MATCH 'probe'"
    ).fetchone()
    return bool(row == ("probe00000",))


def _seed_v3(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO report_exports(uid, created_at, status, destination, location, "
        "recipients, entry_uids, entries, attachments, size, sha256, salt) VALUES "
        "('probe00000', '2026-01-01T00:00:00Z', 'written', 'file', 'probe.age', '[]', '[]', "
        "0, 0, 0, '', x'00')"
    )


def _check_v3(conn: Connection) -> bool:
    row = conn.execute("SELECT status FROM report_exports WHERE uid = 'probe00000'").fetchone()
    return bool(row == ("written",))


def _seed_v4(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO training_lessons(pack_id, lesson, opened_at, read_at, seconds) "
        "VALUES ('probe', 'a/b/c', '2026-01-01T00:00:00Z', NULL, 7)"
    )


def _check_v4(conn: Connection) -> bool:
    row = conn.execute(
        "SELECT seconds FROM training_lessons WHERE pack_id = 'probe' AND lesson = 'a/b/c'"
    ).fetchone()
    return bool(row == (7,))


def _seed_v5(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO sync_uploads(upload_id, report_uid, org_id, state, size, created_at, "
        "updated_at) VALUES ('probe-upload', 'probe00000', 'org.example', "
        "'queued', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )


def _check_v5(conn: Connection) -> bool:
    row = conn.execute("SELECT state FROM sync_uploads WHERE report_uid = 'probe00000'").fetchone()
    return bool(row == ("queued",))


def _seed_v6(conn: Connection) -> None:
    conn.execute(
        "INSERT INTO report_exports(uid, created_at, status, destination, location, recipients, "
        "entry_uids, entries, attachments, size, sha256, salt, carried) VALUES ('probe00001', "
        "'2026-01-01T00:00:00Z', 'queued', 'outbox', 'probe00001.age', '[]', '[]', 0, 0, 1, "
        "'00', X'', 1)"
    )


def _check_v6(conn: Connection) -> bool:
    row = conn.execute("SELECT carried FROM report_exports WHERE uid = 'probe00001'").fetchone()
    return bool(row == (1,))


# The journal's full-text tokenizer; desktop/journal/search.py normalises text to match it
# (a test checks the two agree). Changing it needs a new migration that rebuilds the index.
JOURNAL_TOKENIZE = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "vault metadata and settings",
        (
            """CREATE TABLE vault_meta (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) STRICT""",
            """CREATE TABLE settings (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) STRICT""",
            "INSERT INTO vault_meta(key, value) "
            "VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ'))",
        ),
        seed=_seed_v1,
        check=_check_v1,
    ),
    Migration(
        2,
        "incident journal: entries, revision chain, tags, attachments, full-text index",
        (
            # The current state of each entry, for listing and filtering; the revisions are
            # the record, and integrity.verify checks that this row matches the latest one.
            """CREATE TABLE journal_entries (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                recorded_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                revision INTEGER NOT NULL,
                title TEXT NOT NULL,
                category TEXT NOT NULL,
                severity TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                occurred_time TEXT NOT NULL,
                occurred_zone TEXT NOT NULL,
                approximate INTEGER NOT NULL,
                occurred_sort TEXT NOT NULL,
                attachment_count INTEGER NOT NULL DEFAULT 0
            ) STRICT""",
            "CREATE INDEX journal_entries_order ON journal_entries(occurred_sort DESC, id DESC)",
            "CREATE INDEX journal_entries_category ON journal_entries(category, occurred_sort)",
            "CREATE INDEX journal_entries_severity ON journal_entries(severity, occurred_sort)",
            """CREATE TABLE journal_revisions (
                entry_id INTEGER NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                saved_at TEXT NOT NULL,
                content TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (entry_id, number)
            ) STRICT""",
            """CREATE TABLE journal_tags (
                entry_id INTEGER NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
                folded TEXT NOT NULL,
                tag TEXT NOT NULL,
                PRIMARY KEY (entry_id, folded)
            ) STRICT, WITHOUT ROWID""",
            "CREATE INDEX journal_tags_folded ON journal_tags(folded, entry_id)",
            # `key` is the attachment file's own key: deleting the row destroys the file.
            """CREATE TABLE journal_attachments (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                entry_id INTEGER NOT NULL REFERENCES journal_entries(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                media_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                original_sha256 TEXT NOT NULL,
                metadata TEXT NOT NULL,
                blob TEXT NOT NULL UNIQUE,
                key BLOB NOT NULL,
                added_at TEXT NOT NULL
            ) STRICT""",
            "CREATE INDEX journal_attachments_entry ON journal_attachments(entry_id)",
            "CREATE VIRTUAL TABLE journal_fts USING fts5("
            "title, narrative, people, links, tags, place, "
            f"content='', contentless_delete=1, tokenize=\"{JOURNAL_TOKENIZE}\")",
        ),
        seed=_seed_v2,
        check=_check_v2,
    ),
    Migration(
        3,
        "reports: organisation profiles, recipients typed in by hand, the record of exports",
        (
            # `document` and `signature` are kept exactly as received, so the signature can be
            # checked again at any time; the columns beside them are read from the document.
            # `verified_at` stays NULL until the person has compared the fingerprints.
            """CREATE TABLE profiles (
                id INTEGER PRIMARY KEY,
                org_id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                version INTEGER NOT NULL,
                signing_key TEXT NOT NULL,
                document BLOB NOT NULL,
                signature TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                verified_at TEXT
            ) STRICT""",
            # `own` marks the volunteer's own backup key (reports can be encrypted to it too).
            """CREATE TABLE manual_recipients (
                id INTEGER PRIMARY KEY,
                label TEXT NOT NULL,
                public_key TEXT NOT NULL UNIQUE,
                own INTEGER NOT NULL DEFAULT 0,
                added_at TEXT NOT NULL,
                verified_at TEXT
            ) STRICT""",
            # One row per report written to a file or queued in the outbox. `salt` keys the
            # revision commitments in that report's manifest (docs/report-format.md); it never
            # leaves the vault.
            """CREATE TABLE report_exports (
                id INTEGER PRIMARY KEY,
                uid TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                status TEXT NOT NULL,
                destination TEXT NOT NULL,
                location TEXT NOT NULL,
                recipients TEXT NOT NULL,
                entry_uids TEXT NOT NULL,
                entries INTEGER NOT NULL,
                attachments INTEGER NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                salt BLOB NOT NULL
            ) STRICT""",
            "CREATE INDEX report_exports_created ON report_exports(created_at DESC)",
        ),
        seed=_seed_v3,
        check=_check_v3,
    ),
    Migration(
        4,
        "training: installed packs and learning progress",
        (
            # A pack installed from a file or by sync: the archive and its signature exactly as
            # received (checked again on every load), inside the vault, because which packs
            # someone installed (an organisation's, a language's) can say who they are.
            """CREATE TABLE training_packs (
                id INTEGER PRIMARY KEY,
                pack_id TEXT NOT NULL UNIQUE,
                version INTEGER NOT NULL,
                archive BLOB NOT NULL,
                signature TEXT NOT NULL,
                signer TEXT NOT NULL,
                installed_at TEXT NOT NULL
            ) STRICT""",
            # Progress refers to content by key ("pathway/module/lesson"), so it survives a
            # pack update that keeps the key; rows for keys a new version dropped are ignored.
            """CREATE TABLE training_lessons (
                pack_id TEXT NOT NULL,
                lesson TEXT NOT NULL,
                opened_at TEXT NOT NULL,
                read_at TEXT,
                seconds INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (pack_id, lesson)
            ) STRICT, WITHOUT ROWID""",
            """CREATE TABLE training_checks (
                pack_id TEXT NOT NULL,
                item TEXT NOT NULL,
                checked_at TEXT NOT NULL,
                PRIMARY KEY (pack_id, item)
            ) STRICT, WITHOUT ROWID""",
            """CREATE TABLE training_attempts (
                id INTEGER PRIMARY KEY,
                pack_id TEXT NOT NULL,
                module TEXT NOT NULL,
                taken_at TEXT NOT NULL,
                correct INTEGER NOT NULL,
                total INTEGER NOT NULL,
                passed INTEGER NOT NULL,
                answers TEXT NOT NULL
            ) STRICT""",
            "CREATE INDEX training_attempts_module ON training_attempts(pack_id, module)",
        ),
        seed=_seed_v4,
        check=_check_v4,
    ),
    Migration(
        5,
        "sync: the upload queue and what updates were last fetched",
        (
            # One row per queued report and organisation whose intake server it goes to.
            # `upload_id` is random and is the only thing the server learns besides the
            # ciphertext; `upload_url` is the tus upload the server made for it. The offset
            # stored here is only a hint: a resume always asks the server (HEAD).
            # `cancel` marks a row whose report the volunteer removed: the next pass asks the
            # server to delete the partial upload (tus termination), then drops the row.
            """CREATE TABLE sync_uploads (
                id INTEGER PRIMARY KEY,
                upload_id TEXT NOT NULL UNIQUE,
                report_uid TEXT NOT NULL,
                org_id TEXT NOT NULL,
                state TEXT NOT NULL,
                paused INTEGER NOT NULL DEFAULT 0,
                cancel INTEGER NOT NULL DEFAULT 0,
                upload_url TEXT,
                upload_offset INTEGER NOT NULL DEFAULT 0,
                size INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT,
                last_error TEXT,
                bytes_sent INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                sent_at TEXT,
                UNIQUE (report_uid, org_id)
            ) STRICT""",
            # Validators (ETag, Last-Modified) of the last download of each update URL, for
            # conditional requests. `trust` is a digest of the keys trusted at that time: a
            # file refused under other keys is fetched again once the trusted keys change.
            """CREATE TABLE sync_fetches (
                url TEXT PRIMARY KEY NOT NULL,
                etag TEXT,
                last_modified TEXT,
                trust TEXT NOT NULL,
                outcome TEXT NOT NULL,
                fetched_at TEXT NOT NULL
            ) STRICT, WITHOUT ROWID""",
        ),
        seed=_seed_v5,
        check=_check_v5,
    ),
    Migration(
        6,
        "reports: sealed reports carried for someone else",
        (
            # A report someone else made and encrypted, brought into this outbox to be
            # uploaded for them (desktop/reports/carry.py): this vault cannot read it, holds
            # no entries or commitment salt for it, and lists it as carried.
            "ALTER TABLE report_exports ADD COLUMN carried INTEGER NOT NULL DEFAULT 0",
        ),
        seed=_seed_v6,
        check=_check_v6,
    ),
)

LATEST = MIGRATIONS[-1].version


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int = LATEST) -> int:
    """Bring the schema up to `target`; returns the version reached."""
    current = schema_version(conn)
    if current > LATEST:
        raise VaultTooNewError(current, LATEST)
    for migration in MIGRATIONS:
        if current < migration.version <= target:
            with transaction(conn):
                for statement in migration.statements:
                    conn.execute(statement)
                # user_version cannot be a bound parameter; the value is our own int.
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            current = migration.version
    return current
