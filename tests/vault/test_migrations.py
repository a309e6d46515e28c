# SPDX-License-Identifier: GPL-3.0-or-later
"""Schema migrations, generic over MIGRATIONS: every older version upgrades with its data.

A new migration gets covered here by adding it (with a `seed` and a `check`) to MIGRATIONS;
no test needs editing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from desktop.vault import migrations
from desktop.vault.database import Connection, open_connection
from desktop.vault.errors import VaultTooNewError
from desktop.vault.migrations import LATEST, MIGRATIONS, Migration, migrate, schema_version


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    """A raw SQLCipher database (version 0) under a random key, as the vault would open it."""
    connection = open_connection(tmp_path / "migrate.db", bytearray(secrets.token_bytes(32)))
    yield connection
    connection.close()


def table_names(conn: Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def test_versions_are_numbered_one_by_one_from_one() -> None:
    # migrate() walks MIGRATIONS in order; a gap or a reordering would skip or repeat one.
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1].version == LATEST


def test_every_migration_brings_seed_and_check() -> None:
    # Without them the upgrade test below cannot prove that data survives later migrations.
    for migration in MIGRATIONS:
        assert migration.seed is not None, migration.version
        assert migration.check is not None, migration.version


def test_a_new_database_starts_at_version_zero(conn: Connection) -> None:
    assert schema_version(conn) == 0
    assert migrate(conn, target=0) == 0
    assert table_names(conn) == set()


@pytest.mark.parametrize("start", range(LATEST + 1))
def test_upgrade_from_every_version_keeps_the_data(conn: Connection, start: int) -> None:
    assert migrate(conn, target=start) == start
    assert schema_version(conn) == start
    seeded = [m for m in MIGRATIONS if m.version <= start]
    for migration in seeded:
        assert migration.seed is not None
        migration.seed(conn)

    assert migrate(conn) == LATEST

    assert schema_version(conn) == LATEST
    for migration in seeded:
        assert migration.check is not None
        assert migration.check(conn), f"data seeded at v{migration.version} lost from v{start}"


@pytest.mark.parametrize("start", range(1, LATEST + 1))
def test_data_written_at_each_version_survives(conn: Connection, start: int) -> None:
    # Step by step: each migration's rows are written right after its own version is reached.
    for migration in MIGRATIONS:
        if migration.version > start:
            break
        migrate(conn, target=migration.version)
        assert migration.seed is not None
        migration.seed(conn)
    migrate(conn)
    for migration in MIGRATIONS[:start]:
        assert migration.check is not None
        assert migration.check(conn)


def test_migrating_twice_changes_nothing(conn: Connection) -> None:
    migrate(conn)
    tables = table_names(conn)
    created = conn.execute("SELECT value FROM vault_meta WHERE key = 'created_at'").fetchall()
    assert migrate(conn) == LATEST
    assert table_names(conn) == tables
    # A re-run would fail on CREATE TABLE or add a second row; neither happened.
    assert conn.execute("SELECT value FROM vault_meta WHERE key = 'created_at'").fetchall() == (
        created
    )


def test_a_newer_database_is_refused(conn: Connection) -> None:
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(VaultTooNewError) as caught:
        migrate(conn)
    assert (caught.value.found, caught.value.supported) == (LATEST + 1, LATEST)
    assert schema_version(conn) == LATEST + 1


def test_a_failing_migration_rolls_back_entirely(
    conn: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate(conn)
    bad = Migration(
        LATEST + 1,
        "half-good migration",
        (
            "CREATE TABLE should_vanish (x TEXT) STRICT",
            "INSERT INTO settings(key, value) VALUES ('should', 'vanish')",
            "THIS IS NOT SQL",
        ),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, bad))
    with pytest.raises(sqlcipher3.Error):
        migrate(conn, target=LATEST + 1)
    assert not conn.in_transaction
    assert schema_version(conn) == LATEST
    assert "should_vanish" not in table_names(conn)
    assert conn.execute("SELECT count(*) FROM settings WHERE key = 'should'").fetchone() == (0,)
