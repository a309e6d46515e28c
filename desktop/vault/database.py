# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening SQLCipher connections with the raw database key, and mapping driver errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.errors import DiskFullError, StorageError
from desktop.vault.errors import DatabaseCorruptError

Connection = Any  # sqlcipher3.Connection: the driver ships no type information

_SQLITE_FULL = 13
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


def translate(exc: Exception) -> Exception:
    """Map a driver error to a typed error; the driver's text is dropped (it can quote data)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _SQLITE_FULL:
        return DiskFullError()
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DatabaseCorruptError()
    if primary == _SQLITE_IOERR:
        return StorageError()
    return exc


@contextlib.contextmanager
def driver_errors() -> Iterator[None]:
    import sqlcipher3  # at first use, like the other crypto libraries: start-up time

    try:
        yield
    except sqlcipher3.Error as exc:
        mapped = translate(exc)
        if mapped is exc:
            raise
        raise mapped from None


def open_connection(path: Path, key: bytearray, *, wal: bool = True) -> Connection:
    """Open `path` with the raw 256-bit key and the pragmas DESIGN.md fixes.

    The key goes to SQLCipher as a hex blob literal built here from bytes we generated, never
    from user text (PRAGMAs cannot take bound parameters). The hex string is a copy we cannot
    wipe; see docs/threat-model.md on key material in memory.
    """
    import sqlcipher3

    # SQLCipher takes an existing empty file for a new database and would write a fresh
    # schema over it. A vault's database is complete before its header exists, so an empty
    # one is damage (an interrupted copy), never a vault to start. A path that does not exist
    # yet is a database being created.
    with contextlib.suppress(FileNotFoundError):
        if path.stat().st_size == 0:
            raise DatabaseCorruptError()
    with driver_errors():
        # check_same_thread=False only so lock() can close connections opened by workers;
        # each connection is still used by the one thread that opened it.
        conn = sqlcipher3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=10.0
        )
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("PRAGMA cipher_memory_security = ON")
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("PRAGMA cipher_compatibility = 4")
            # The first read decrypts page 1 and checks its HMAC.
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            conn.execute("PRAGMA secure_delete = ON")
            # 16 MiB of decrypted pages (the default is 2 MB): a search over a large journal
            # otherwise decrypts the same pages again and again (bench/journal.py).
            conn.execute("PRAGMA cache_size = -16384")
            conn.execute("PRAGMA foreign_keys = ON")
            if wal:
                conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed entry survives power loss, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
    return conn


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
    with driver_errors():
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            # SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR); a second
            # ROLLBACK would then fail and hide the real error.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def versions() -> dict[str, str]:
    """SQLCipher, SQLite and crypto-provider versions, from a throwaway in-memory database."""
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = 'version-probe'")
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        provider = conn.execute("PRAGMA cipher_provider_version").fetchone()[0]
    finally:
        conn.close()
    return {"sqlcipher": cipher, "sqlite": sqlcipher3.sqlite_version, "crypto": provider}
