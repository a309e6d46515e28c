# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbered schema migrations. The schema version is SQLite's `user_version`.

Rules: append, never edit a released migration; each runs in one transaction with its
version bump, so a crash leaves the previous version intact. Each migration may name a
`seed` (sample rows written at that version) and a `check` (those rows read back at the
latest version); tests/vault/test_migrations.py upgrades from every earlier version with data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.vault.database import Connection, transaction
from desktop.vault.errors import VaultTooNewError


@dataclass(frozen=True)
class Migration:
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
