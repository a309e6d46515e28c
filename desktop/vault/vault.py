# SPDX-License-Identifier: GPL-3.0-or-later
"""The vault: an SQLCipher database whose random key is wrapped by the passphrase.

Files in the data directory:
    vault.key   the key header (desktop.vault.header); destroy it and the data is gone
    vault.db    the SQLCipher database (+ -wal and -shm while open)
    attachments/  encrypted evidence files, each with its own key inside the database

Thread use: `Vault` methods may be called from any thread. `connection()` gives the calling
thread its own SQLCipher connection; `lock()` closes all of them and wipes the key buffer.
A connection a worker is using at that moment is interrupted and closed as soon as the call
under way returns (desktop.vault.guarded). Worker tasks wrap their database work in
`worker_scope()`, which closes the thread's connection at the end: thread pools keep no
per-thread state from one task to the next, so each task would otherwise leave one open.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from desktop.fsutil import (
    FileRefusedError,
    atomic_write,
    ensure_private_dir,
    overwrite_and_unlink,
    read_regular_file,
    storage_errors,
)
from desktop.vault import header as header_mod
from desktop.vault import kdf
from desktop.vault.attempts import Attempts
from desktop.vault.database import Connection, driver_errors, open_connection, transaction
from desktop.vault.errors import (
    DatabaseMissingError,
    HeaderCorruptError,
    HeaderMissingError,
    VaultExistsError,
    VaultLockedError,
    VaultNotFoundError,
)
from desktop.vault.guarded import GuardedConnection
from desktop.vault.migrations import LATEST, migrate, schema_version
from desktop.vault.passphrase import check_new_passphrase

HEADER_NAME = "vault.key"
DATABASE_NAME = "vault.db"
# Encrypted evidence files (desktop/journal/blobs.py); their keys live in the database.
ATTACHMENTS_DIR = "attachments"
OUTBOX_DIR = "outbox"  # reports queued for upload (desktop/reports/exports.py)
# A database being created is written under this name and renamed once the header exists.
CREATING_NAME = ".vault-creating.db"
_SIDE_FILES = ("-wal", "-shm", "-journal")


class VaultState(Enum):
    ABSENT = "absent"  # nothing there: first run
    PRESENT = "present"  # header (and database) there: unlock
    DAMAGED = "damaged"  # a database without its header: cannot be opened


class VaultInfo(NamedTuple):
    """What `bastion info` shows: format and sizes, never contents."""

    vault_id: str
    header_version: int
    schema_version: int
    latest_schema_version: int
    kdf: kdf.KdfParams
    database_bytes: int
    header_bytes: int


class Vault:
    def __init__(self, directory: Path, *, kdf_target_seconds: float = kdf.TARGET_SECONDS):
        self.directory = Path(directory)
        self.header_path = self.directory / HEADER_NAME
        self.database_path = self.directory / DATABASE_NAME
        self._creating_path = self.directory / CREATING_NAME
        self._kdf_target = kdf_target_seconds
        self._key: bytearray | None = None
        self._header: header_mod.KeyHeader | None = None
        self._guard = threading.RLock()
        self._connections: list[GuardedConnection] = []
        self._local = threading.local()
        self._generation = 0
        self.attempts = Attempts(self.directory)

    # ------------------------------------------------------------------ state
    def state(self) -> VaultState:
        if self.header_path.exists():
            return VaultState.PRESENT
        if self.database_path.exists():
            return VaultState.DAMAGED
        return VaultState.ABSENT

    @property
    def is_unlocked(self) -> bool:
        return self._key is not None

    # ------------------------------------------------------------------ create
    def create(self, passphrase: str, params: kdf.KdfParams | None = None) -> None:
        """Create a new vault and leave it unlocked. Never overwrites anything."""
        check_new_passphrase(passphrase)
        ensure_private_dir(self.directory)
        if self.header_path.exists() or self.database_path.exists():
            raise VaultExistsError()
        if params is None:
            params = kdf.calibrate(self._kdf_target)
        if not params.is_allowed():
            raise ValueError("KDF parameters below the floor")
        self._remove_database_files(self._creating_path)  # leftovers of a failed creation
        with storage_errors():
            self.attempts.remove()  # a count left by an erased vault is not this one's

        # os.urandom is what secrets.token_bytes returns; the secrets module would load OpenSSL
        # (through hmac) on the way to the unlock screen.
        database_key = bytearray(os.urandom(kdf.KEY_BYTES))
        salt = os.urandom(kdf.SALT_BYTES)
        kek = kdf.derive(passphrase, salt, params)
        try:
            sealed = header_mod.seal(kek, database_key, params, salt)
        finally:
            kdf.wipe(kek)
        try:
            conn = open_connection(self._creating_path, database_key, wal=False)
            try:
                migrate(conn)
            finally:
                conn.close()
            try:
                atomic_write(self.header_path, header_mod.encode(sealed), exclusive=True)
            except FileExistsError:
                raise VaultExistsError() from None
            with storage_errors():
                os.replace(self._creating_path, self.database_path)
        except BaseException:
            kdf.wipe(database_key)
            self._remove_database_files(self._creating_path)
            raise
        with self._guard:
            self._header, self._key = sealed, database_key
            self._generation += 1

    # ------------------------------------------------------------------ unlock / lock
    def _read_header(self) -> header_mod.KeyHeader:
        if not self.header_path.exists():
            if self.database_path.exists():
                raise HeaderMissingError()
            raise VaultNotFoundError()
        try:
            with storage_errors():
                # A FIFO, a device or a folder in its place is refused before it is read (one
                # would block, another never end), and nothing past the size cap is read.
                data = read_regular_file(self.header_path, header_mod.MAX_HEADER_BYTES)
        except FileRefusedError as exc:
            raise HeaderCorruptError(exc.reason) from None
        return header_mod.decode(data)

    def _unwrap(self, passphrase: str, sealed: header_mod.KeyHeader) -> bytearray:
        """The database key. One full Argon2id derivation, right or wrong, and a counted try:
        refused while a wait after wrong passphrases runs, erasing when the volunteer's rule
        says so (desktop.vault.attempts)."""
        with self.attempts.counted(erase=self.wipe):
            kek = kdf.derive(passphrase, sealed.salt, sealed.kdf)
            try:
                return header_mod.unseal(sealed, kek)
            finally:
                kdf.wipe(kek)

    def unlock(self, passphrase: str) -> None:
        """Derive, unwrap, open and migrate."""
        sealed = self._read_header()
        database_key = self._unwrap(passphrase, sealed)
        try:
            self._finish_interrupted_creation()
            if not self.database_path.exists():
                raise DatabaseMissingError()
            conn = open_connection(self.database_path, database_key)
            try:
                migrate(conn)
            finally:
                conn.close()
        except BaseException:
            kdf.wipe(database_key)
            raise
        with self._guard:
            self.lock()
            self._header, self._key = sealed, database_key
            self._generation += 1

    def _finish_interrupted_creation(self) -> None:
        # The header was written but the process died before the rename: the key just
        # unwrapped belongs to that database, so completing the rename is safe.
        if not self.database_path.exists() and self._creating_path.exists():
            with storage_errors():
                os.replace(self._creating_path, self.database_path)

    def lock(self) -> None:
        """Close every connection, drop and wipe the key. Safe to call when already locked."""
        with self._guard:
            connections, self._connections = self._connections, []
            # Fold the WAL into the database so no -wal file lingers, on a connection no
            # worker is using (if all are busy, SQLite removes the WAL at the last close).
            any(conn.try_execute("PRAGMA wal_checkpoint(TRUNCATE)") for conn in connections)
            for conn in connections:
                conn.close()  # a worker's query under way is interrupted, never freed under it
            kdf.wipe(self._key)
            self._key = None
            self._header = None
            self._generation += 1
        # No gc.collect() here: lock() also runs on worker threads, and a collection there
        # could finalise Qt objects off the GUI thread. The UI collects on its own thread.

    # ------------------------------------------------------------------ connections
    def connection(self) -> Connection:
        """The calling thread's connection, opened on first use. VaultLockedError if locked."""
        with self._guard:
            if self._key is None:
                raise VaultLockedError()
            cached = getattr(self._local, "entry", None)
            if cached is not None and cached[0] == self._generation:
                return cached[1]
            conn = GuardedConnection(open_connection(self.database_path, self._key))
            self._connections.append(conn)
            self._local.entry = (self._generation, conn)
            return conn

    @contextlib.contextmanager
    def worker_scope(self) -> Iterator[None]:
        """Wrap a worker task's database work; the thread's connection is closed at the end.

        Thread pools keep no per-thread state from one task to the next (PySide drops the
        thread's Python state after each task), so every task opens its own connection;
        without this, each would stay open, key and page cache included, until the lock.
        """
        try:
            yield
        finally:
            with self._guard:
                self._close_local()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction on this thread's connection."""
        with transaction(self.connection()) as conn:
            yield conn

    def close_thread_connection(self) -> None:
        """Close this thread's connection (call at the end of a worker thread)."""
        with self._guard:
            cached = getattr(self._local, "entry", None)
            if cached is None or cached[0] != self._generation:
                self._local.entry = None
                return
            self._close_local()

    def _close_local(self) -> None:
        """Close this thread's connection, whichever generation it belongs to (under _guard)."""
        cached = getattr(self._local, "entry", None)
        self._local.entry = None
        if cached is None:
            return
        conn = cached[1]
        self._connections = [item for item in self._connections if item is not conn]
        conn.close()

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with driver_errors():
            row = (
                self.connection()
                .execute("SELECT value FROM settings WHERE key = ?", (key,))
                .fetchone()
            )
        return row[0] if row else default

    def settings(self) -> dict[str, str]:
        """Every setting at once (read by the worker that unlocks, for the UI to use)."""
        with driver_errors():
            rows = self.connection().execute("SELECT key, value FROM settings").fetchall()
        return dict(rows)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------------ passphrase / info
    def change_passphrase(self, old: str, new: str, params: kdf.KdfParams | None = None) -> None:
        """Rewrap the database key under `new`. The database itself is not touched."""
        check_new_passphrase(new)
        sealed = self._read_header()
        database_key = self._unwrap(old, sealed)
        try:
            if params is None:
                params = kdf.calibrate(self._kdf_target)
            salt = os.urandom(kdf.SALT_BYTES)
            new_kek = kdf.derive(new, salt, params)
            try:
                resealed = header_mod.seal(new_kek, database_key, params, salt, sealed.vault_id)
            finally:
                kdf.wipe(new_kek)
            atomic_write(self.header_path, header_mod.encode(resealed))
        finally:
            kdf.wipe(database_key)
        with self._guard:
            if self._header is not None:
                self._header = resealed

    def info(self) -> VaultInfo:
        with self._guard:
            if self._key is None or self._header is None:
                raise VaultLockedError()
            sealed = self._header
            with driver_errors():
                version = schema_version(self.connection())
        with storage_errors():
            database_bytes = sum(
                path.stat().st_size
                for path in self._database_files(self.database_path)
                if path.exists()
            )
            header_bytes = self.header_path.stat().st_size
        return VaultInfo(
            vault_id=sealed.vault_id,
            header_version=sealed.version,
            schema_version=version,
            latest_schema_version=LATEST,
            kdf=sealed.kdf,
            database_bytes=database_bytes,
            header_bytes=header_bytes,
        )

    # ------------------------------------------------------------------ wipe
    def wipe(self) -> None:
        """Crypto-erase: destroy the key header first, then remove the vault's files.

        Only files the vault owns are removed; the data directory may be the root of a USB
        stick with other things on it.
        """
        self.lock()
        overwrite_and_unlink(self.header_path)
        self._remove_database_files(self.database_path)
        self._remove_database_files(self._creating_path)
        self._remove_attachment_files()
        self._remove_outbox()
        with storage_errors():
            self.attempts.remove()

    def _remove_outbox(self) -> None:
        # Queued reports are encrypted to their recipients, not to the vault, so destroying
        # the key does not make them noise: they would still tell that reports were waiting.
        folder = self.directory / OUTBOX_DIR
        if not folder.is_dir():
            return
        with storage_errors():
            for path in folder.iterdir():
                name = path.name
                if (
                    name.endswith(".age")
                    and len(name) == 20
                    and all(c in "0123456789abcdef" for c in name[:16])
                ):
                    path.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()

    def _remove_attachment_files(self) -> None:
        # Their keys died with the database; the files are noise now, but they still tell
        # how many pieces of evidence there were and how big. Only our own names go.
        folder = self.directory / ATTACHMENTS_DIR
        if not folder.is_dir():
            return
        with storage_errors():
            for path in folder.iterdir():
                name = path.name.removeprefix(".tmp-")
                if len(name) == 32 and all(c in "0123456789abcdef" for c in name):
                    path.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()

    @staticmethod
    def _database_files(path: Path) -> list[Path]:
        return [path] + [path.with_name(path.name + suffix) for suffix in _SIDE_FILES]

    def _remove_database_files(self, path: Path) -> None:
        with storage_errors():
            for candidate in self._database_files(path):
                with contextlib.suppress(FileNotFoundError):
                    candidate.unlink()
