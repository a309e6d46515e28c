# SPDX-License-Identifier: GPL-3.0-or-later
"""The vault end to end: lifecycle, typed errors, tampering, passphrase change, wipe, threads."""

from __future__ import annotations

import base64
import errno
import json
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from desktop import fsutil
from desktop.errors import DiskFullError
from desktop.vault import kdf
from desktop.vault.errors import (
    DatabaseCorruptError,
    DatabaseMissingError,
    HeaderCorruptError,
    HeaderMissingError,
    PassphraseTooShortError,
    PassphraseTooWeakError,
    VaultExistsError,
    VaultLockedError,
    VaultNotFoundError,
    VaultTooNewError,
    WrongPassphraseError,
)
from desktop.vault.migrations import LATEST
from desktop.vault.vault import CREATING_NAME, Vault, VaultState
from tests.conftest import (
    NEW_PASSPHRASE,
    PASSPHRASE,
    WRONG_PASSPHRASE,
    MakeVault,
    snapshot,
)

Document = dict[str, Any]


# ---------------------------------------------------------------- helpers
def read_header(vault: Vault) -> Document:
    document: Document = json.loads(vault.header_path.read_text("ascii"))
    return document


def write_header(vault: Vault, document: Document) -> None:
    vault.header_path.write_text(json.dumps(document), "ascii")


def flip_b64_byte(value: str, index: int = 0) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


def no_ospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def temp_files(directory: Path) -> list[str]:
    return [path.name for path in directory.iterdir() if path.name.startswith(".tmp-")]


# ---------------------------------------------------------------- lifecycle
def test_state_is_absent_before_anything_exists(data_dir: Path) -> None:
    assert Vault(data_dir).state() is VaultState.ABSENT


def test_create_leaves_the_vault_unlocked_and_present(vault: Vault) -> None:
    assert vault.is_unlocked
    assert vault.state() is VaultState.PRESENT
    assert vault.header_path.is_file()
    assert vault.database_path.is_file()
    assert not (vault.directory / CREATING_NAME).exists()


def test_create_makes_a_private_directory_and_header(vault: Vault) -> None:
    assert stat.S_IMODE(vault.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(vault.header_path.stat().st_mode) == 0o600


def test_setting_round_trips_and_default_applies(vault: Vault) -> None:
    vault.set_setting("autolock", "15")
    vault.set_setting("autolock", "30")  # upsert, not a duplicate-key error
    assert vault.get_setting("autolock") == "30"
    assert vault.get_setting("missing") is None
    assert vault.get_setting("missing", "fallback") == "fallback"


def test_lock_drops_and_wipes_the_key(vault: Vault) -> None:
    key = vault._key
    assert key is not None
    assert any(key)
    vault.lock()
    assert vault._key is None
    assert not vault.is_unlocked
    # The buffer the connections were keyed with is zeroed in place, not just dropped.
    assert key == bytearray(len(key))
    with pytest.raises(VaultLockedError):
        vault.connection()
    with pytest.raises(VaultLockedError):
        vault.get_setting("anything")
    with pytest.raises(VaultLockedError):
        vault.info()
    vault.lock()  # locking twice is harmless


def test_unlock_with_the_right_passphrase_keeps_the_data(vault: Vault) -> None:
    vault.set_setting("language", "fa")
    vault.lock()
    reopened = Vault(vault.directory)
    reopened.unlock(PASSPHRASE)
    try:
        assert reopened.get_setting("language") == "fa"
    finally:
        reopened.lock()


def test_lock_leaves_no_wal_or_shm_files(vault: Vault) -> None:
    vault.set_setting("k", "v")
    assert vault.database_path.with_name("vault.db-wal").exists()
    vault.lock()
    assert sorted(p.name for p in vault.directory.iterdir()) == ["vault.db", "vault.key"]


def test_state_is_damaged_without_header(vault: Vault) -> None:
    vault.lock()
    vault.header_path.unlink()
    assert vault.state() is VaultState.DAMAGED


def test_info_reports_format_not_contents(vault: Vault) -> None:
    info = vault.info()
    assert info.vault_id == read_header(vault)["vault_id"]
    assert info.header_version == 1
    assert info.schema_version == info.latest_schema_version == LATEST
    assert info.kdf == kdf.FLOOR
    assert info.header_bytes == vault.header_path.stat().st_size
    assert info.database_bytes >= vault.database_path.stat().st_size > 0


# ---------------------------------------------------------------- create refuses
def test_create_refuses_kdf_params_below_the_floor(data_dir: Path) -> None:
    weak = kdf.KdfParams(memory_kib=1024, time_cost=1, parallelism=1)
    with pytest.raises(ValueError, match="floor"):
        Vault(data_dir).create(PASSPHRASE, weak)
    assert Vault(data_dir).state() is VaultState.ABSENT


@pytest.mark.parametrize(
    ("passphrase", "error"),
    [("short", PassphraseTooShortError), ("password1234", PassphraseTooWeakError)],
)
def test_create_refuses_a_bad_passphrase_before_touching_disk(
    data_dir: Path, passphrase: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        Vault(data_dir).create(passphrase, kdf.FLOOR)
    assert not data_dir.exists()


@pytest.mark.parametrize("existing", ["vault.key", "vault.db"])
def test_create_never_overwrites_an_existing_file(
    make_vault: MakeVault, data_dir: Path, existing: str
) -> None:
    first = make_vault()
    first.set_setting("precious", "yes")
    first.lock()
    # Leave only one of the two files, so each is checked on its own.
    other = "vault.db" if existing == "vault.key" else "vault.key"
    (data_dir / other).unlink()
    before = snapshot(data_dir)
    with pytest.raises(VaultExistsError):
        Vault(data_dir).create(NEW_PASSPHRASE, kdf.FLOOR)
    assert snapshot(data_dir) == before


def test_create_refuses_when_a_header_appears_during_creation(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process creates a vault between the existence check and the header write:
    # the exclusive write must refuse rather than replace that header.
    sentinel = b'{"someone": "else"}'
    real_derive = kdf.derive

    def racing_derive(*args: Any, **kwargs: Any) -> bytearray:
        (data_dir / "vault.key").write_bytes(sentinel)
        return real_derive(*args, **kwargs)

    monkeypatch.setattr(kdf, "derive", racing_derive)
    with pytest.raises(VaultExistsError):
        Vault(data_dir).create(PASSPHRASE, kdf.FLOOR)
    assert (data_dir / "vault.key").read_bytes() == sentinel
    assert sorted(p.name for p in data_dir.iterdir()) == ["vault.key"]


def test_failed_create_on_full_disk_leaves_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsutil.os, "fsync", no_ospc)
    with pytest.raises(DiskFullError):
        Vault(data_dir).create(PASSPHRASE, kdf.FLOOR)
    assert list(data_dir.iterdir()) == []


# ---------------------------------------------------------------- typed errors on unlock
def test_wrong_passphrase_is_rejected_after_a_full_derivation(vault: Vault) -> None:
    vault.lock()

    def time_right() -> float:
        start = time.perf_counter()
        vault.unlock(PASSPHRASE)
        elapsed = time.perf_counter() - start
        vault.lock()
        return elapsed

    def time_wrong() -> float:
        start = time.perf_counter()
        with pytest.raises(WrongPassphraseError):
            vault.unlock(WRONG_PASSPHRASE)
        elapsed = time.perf_counter() - start
        assert not vault.is_unlocked
        return elapsed

    right = min(time_right() for _ in range(2))
    wrong = min(time_wrong() for _ in range(2))
    # A loose bound, not a benchmark: a wrong guess must cost a full Argon2id derivation too,
    # or guessing offline against a copied vault.key would get cheaper.
    assert wrong >= 0.5 * right


def test_unlock_in_an_empty_directory_is_not_found(data_dir: Path) -> None:
    data_dir.mkdir()
    with pytest.raises(VaultNotFoundError):
        Vault(data_dir).unlock(PASSPHRASE)


def test_unlock_without_header_but_with_database(vault: Vault) -> None:
    vault.lock()
    vault.header_path.unlink()
    with pytest.raises(HeaderMissingError):
        vault.unlock(PASSPHRASE)


def _not_json(vault: Vault, _doc: Document) -> None:
    vault.header_path.write_bytes(b"\x00 this is not { json")


def _mutate(change: Callable[[Document], None]) -> Callable[[Vault, Document], None]:
    def apply(vault: Vault, document: Document) -> None:
        change(document)
        write_header(vault, document)

    return apply


CORRUPT_HEADERS = {
    "not json": (_not_json, "json"),
    "wrong format": (_mutate(lambda d: d.update(format="bastion-other")), "format"),
    "memory below floor": (_mutate(lambda d: d["kdf"].update(memory_kib=1024)), "kdf"),
    "absurd memory": (_mutate(lambda d: d["kdf"].update(memory_kib=2**40)), "kdf"),
    "time cost below floor": (_mutate(lambda d: d["kdf"].update(time_cost=1)), "kdf"),
    "other algorithm": (_mutate(lambda d: d["kdf"].update(algorithm="scrypt")), "kdf"),
    "bad base64": (_mutate(lambda d: d.update(salt="!!not base64!!")), "encoding"),
    "short salt": (
        _mutate(lambda d: d.update(salt=base64.b64encode(b"8 bytes!").decode())),
        "length",
    ),
    "bool for int": (_mutate(lambda d: d["kdf"].update(time_cost=True)), "field"),
    "missing wrap": (_mutate(lambda d: d.pop("wrap")), "field"),
    "bad vault id": (_mutate(lambda d: d.update(vault_id="../../etc/passwd")), "vault_id"),
    "version zero": (_mutate(lambda d: d.update(version=0)), "version"),
}


@pytest.mark.parametrize("case", CORRUPT_HEADERS.values(), ids=CORRUPT_HEADERS.keys())
def test_corrupt_header_is_refused_before_any_derivation(
    vault: Vault,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[Callable[[Vault, Document], None], str],
) -> None:
    corrupt, reason = case
    vault.lock()
    corrupt(vault, read_header(vault))
    # An absurd header must never reach Argon2 (it could demand terabytes of memory).
    monkeypatch.setattr(kdf, "derive", lambda *a, **k: pytest.fail("derived from a bad header"))
    with pytest.raises(HeaderCorruptError) as caught:
        vault.unlock(PASSPHRASE)
    assert caught.value.reason == reason


def test_header_from_a_newer_version_is_too_new(vault: Vault) -> None:
    vault.lock()
    document = read_header(vault)
    document["version"] = 99
    write_header(vault, document)
    with pytest.raises(VaultTooNewError) as caught:
        vault.unlock(PASSPHRASE)
    assert (caught.value.found, caught.value.supported) == (99, 1)


def test_database_from_a_newer_version_is_too_new(vault: Vault) -> None:
    vault.connection().execute(f"PRAGMA user_version = {LATEST + 1}")
    vault.lock()
    with pytest.raises(VaultTooNewError) as caught:
        vault.unlock(PASSPHRASE)
    assert caught.value.found == LATEST + 1
    assert not vault.is_unlocked


def test_unlock_with_header_but_no_database(vault: Vault) -> None:
    vault.lock()
    vault.database_path.unlink()
    with pytest.raises(DatabaseMissingError):
        vault.unlock(PASSPHRASE)
    assert not vault.is_unlocked


def _garble_page_one(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.seek(2048)  # middle of the first 4096-byte page
        handle.write(b"\xa5" * 32)


def _truncate_to_half_a_page(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(2000)


def _truncate_to_empty(path: Path) -> None:
    # An interrupted copy to a USB stick: SQLCipher would read this as a new, empty database.
    path.write_bytes(b"")


def _replace_with_noise(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


@pytest.mark.parametrize(
    "damage", [_garble_page_one, _truncate_to_half_a_page, _truncate_to_empty, _replace_with_noise]
)
def test_damaged_database_is_corrupt_and_left_alone(
    vault: Vault, damage: Callable[[Path], None]
) -> None:
    vault.set_setting("precious", "yes")
    vault.lock()
    damage(vault.database_path)
    before = snapshot(vault.directory)
    with pytest.raises(DatabaseCorruptError):
        vault.unlock(PASSPHRASE)
    assert not vault.is_unlocked
    # Nothing written: no new schema, no WAL files, the damaged bytes kept for recovery.
    assert snapshot(vault.directory) == before


# ---------------------------------------------------------------- disk full
def test_database_full_raises_disk_full_and_keeps_committed_data(vault: Vault) -> None:
    vault.set_setting("committed", "before")
    conn = vault.connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the "disk" has no page left
    with pytest.raises(DiskFullError):
        vault.set_setting("large", "x" * 200_000)
    assert not conn.in_transaction
    vault.lock()
    vault.unlock(PASSPHRASE)
    assert vault.get_setting("committed") == "before"
    assert vault.get_setting("large") is None


def test_header_write_on_full_disk_keeps_the_old_passphrase(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.lock()
    header_before = vault.header_path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(fsutil.os, "fsync", no_ospc)
        with pytest.raises(DiskFullError):
            vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, kdf.FLOOR)
    assert vault.header_path.read_bytes() == header_before
    assert temp_files(vault.directory) == []
    vault.unlock(PASSPHRASE)


# ---------------------------------------------------------------- tampering
def _flip_wrapped_key(d: Document) -> None:
    d["wrap"]["wrapped_key"] = flip_b64_byte(d["wrap"]["wrapped_key"], 5)


def _flip_nonce(d: Document) -> None:
    d["wrap"]["nonce"] = flip_b64_byte(d["wrap"]["nonce"])


def _flip_salt(d: Document) -> None:
    d["salt"] = flip_b64_byte(d["salt"])


def _other_vault_id(d: Document) -> None:
    d["vault_id"] = "0" * 32 if d["vault_id"] != "0" * 32 else "1" * 32


def _more_passes(d: Document) -> None:
    d["kdf"]["time_cost"] += 1  # still within the allowed range


def _fewer_lanes(d: Document) -> None:
    d["kdf"]["parallelism"] = 2  # still within the allowed range


@pytest.mark.parametrize(
    "tamper",
    [_flip_wrapped_key, _flip_nonce, _flip_salt, _other_vault_id, _more_passes, _fewer_lanes],
)
def test_tampered_header_does_not_unlock(vault: Vault, tamper: Callable[[Document], None]) -> None:
    vault.lock()
    document = read_header(vault)
    tamper(document)
    write_header(vault, document)
    before = snapshot(vault.directory)
    # Every field is bound to the wrapped key, so the right passphrase no longer opens it.
    with pytest.raises(WrongPassphraseError):
        vault.unlock(PASSPHRASE)
    assert not vault.is_unlocked
    assert snapshot(vault.directory) == before


# ---------------------------------------------------------------- change passphrase
def test_change_passphrase_rewraps_only_the_header(vault: Vault) -> None:
    vault.set_setting("journal", "kept")
    vault.lock()
    vault_id = read_header(vault)["vault_id"]
    database_before = vault.database_path.read_bytes()
    header_before = vault.header_path.read_bytes()

    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, kdf.FLOOR)

    assert vault.database_path.read_bytes() == database_before
    assert vault.header_path.read_bytes() != header_before
    assert read_header(vault)["vault_id"] == vault_id
    assert temp_files(vault.directory) == []
    with pytest.raises(WrongPassphraseError):
        vault.unlock(PASSPHRASE)
    vault.unlock(NEW_PASSPHRASE)
    assert vault.get_setting("journal") == "kept"


def test_change_passphrase_while_unlocked_keeps_the_session(vault: Vault) -> None:
    vault.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, kdf.FLOOR)
    assert vault.is_unlocked
    vault.set_setting("after", "change")
    assert vault.info().vault_id == read_header(vault)["vault_id"]


def test_change_passphrase_with_wrong_old_changes_nothing(vault: Vault) -> None:
    vault.lock()
    header_before = vault.header_path.read_bytes()
    with pytest.raises(WrongPassphraseError):
        vault.change_passphrase(WRONG_PASSPHRASE, NEW_PASSPHRASE, kdf.FLOOR)
    assert vault.header_path.read_bytes() == header_before


@pytest.mark.parametrize(
    ("new", "error"),
    [("tiny", PassphraseTooShortError), ("passwordpassword", PassphraseTooWeakError)],
)
def test_change_passphrase_refuses_a_bad_new_one(
    vault: Vault, new: str, error: type[Exception]
) -> None:
    vault.lock()
    header_before = vault.header_path.read_bytes()
    with pytest.raises(error):
        vault.change_passphrase(PASSPHRASE, new, kdf.FLOOR)
    assert vault.header_path.read_bytes() == header_before
    vault.unlock(PASSPHRASE)


# ---------------------------------------------------------------- wipe
def test_wipe_destroys_the_header_before_the_database(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.vault.vault as vault_module

    events: list[tuple[str, bool]] = []
    real_overwrite = vault_module.overwrite_and_unlink
    real_remove = Vault._remove_database_files

    def spy_overwrite(path: Path) -> None:
        events.append((f"overwrite {path.name}", vault.database_path.exists()))
        real_overwrite(path)

    def spy_remove(self: Vault, path: Path) -> None:
        events.append((f"remove {path.name}", self.header_path.exists()))
        real_remove(self, path)

    monkeypatch.setattr(vault_module, "overwrite_and_unlink", spy_overwrite)
    monkeypatch.setattr(Vault, "_remove_database_files", spy_remove)
    vault.wipe()
    # The key header goes first, while the database is still there (a crash mid-wipe leaves
    # undecryptable ciphertext, never a readable vault); no removal happens with it present.
    assert events[0] == ("overwrite vault.key", True)
    assert ("remove vault.db", False) in events
    assert all(not header_there for _name, header_there in events[1:])


def test_wipe_overwrites_the_header_bytes(vault: Vault, tmp_path: Path) -> None:
    # A second hard link sees the same inode: it shows what the header bytes became.
    witness = tmp_path / "witness"
    os.link(vault.header_path, witness)
    original = witness.read_bytes()
    vault.wipe()
    assert witness.stat().st_size == len(original)
    assert witness.read_bytes() != original
    assert b"wrapped_key" not in witness.read_bytes()


def test_wipe_removes_only_vault_files(vault: Vault) -> None:
    notes = vault.directory / "notes.txt"
    notes.write_text("not Bastion's")
    vault.set_setting("k", "v")  # so WAL side files exist at wipe time
    (vault.directory / (CREATING_NAME + "-journal")).write_bytes(b"stale")
    vault.wipe()
    assert [p.name for p in vault.directory.iterdir()] == ["notes.txt"]
    assert notes.read_text() == "not Bastion's"
    assert vault.state() is VaultState.ABSENT
    assert not vault.is_unlocked
    with pytest.raises(VaultNotFoundError):
        vault.unlock(PASSPHRASE)


# ---------------------------------------------------------------- interrupted creation
def test_unlock_finishes_an_interrupted_creation(vault: Vault) -> None:
    vault.set_setting("created", "yes")
    vault.lock()
    # The crash came after the header was written, before the database was renamed.
    vault.database_path.rename(vault.directory / CREATING_NAME)
    assert vault.state() is VaultState.PRESENT
    vault.unlock(PASSPHRASE)
    assert vault.database_path.is_file()
    assert not (vault.directory / CREATING_NAME).exists()
    assert vault.get_setting("created") == "yes"


def test_create_removes_a_stale_creating_database(data_dir: Path, make_vault: MakeVault) -> None:
    data_dir.mkdir()
    # A creation that died before its header was written: junk that would not open.
    (data_dir / CREATING_NAME).write_bytes(os.urandom(8192))
    (data_dir / (CREATING_NAME + "-journal")).write_bytes(os.urandom(512))
    vault = make_vault()
    vault.set_setting("fresh", "vault")
    vault.lock()
    assert sorted(p.name for p in data_dir.iterdir()) == ["vault.db", "vault.key"]
    vault.unlock(PASSPHRASE)
    assert vault.get_setting("fresh") == "vault"
    vault.lock()


# ---------------------------------------------------------------- threads
def test_each_thread_gets_its_own_connection_and_lock_closes_them(vault: Vault) -> None:
    vault.set_setting("shared", "value")
    connections: list[Any] = []
    reads: list[str | None] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            conn = vault.connection()
            assert vault.connection() is conn  # cached per thread
            barrier.wait(timeout=10)  # both threads hold a connection at once
            connections.append(conn)
            reads.append(vault.get_setting("shared"))
        except BaseException as exc:  # surfaced below: a thread's failure is not a test's
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert reads == ["value", "value"]
    assert connections[0] is not connections[1]
    assert vault.connection() not in connections

    vault.lock()
    for conn in connections:
        with pytest.raises(sqlcipher3.ProgrammingError):
            conn.execute("SELECT 1")


def test_a_thread_connection_from_before_a_relock_is_not_reused(vault: Vault) -> None:
    old = vault.connection()
    vault.lock()
    vault.unlock(PASSPHRASE)
    new = vault.connection()
    assert new is not old
    assert new.execute("SELECT count(*) FROM settings").fetchone() == (0,)


def test_close_thread_connection_closes_only_this_threads(vault: Vault) -> None:
    conn = vault.connection()
    vault.close_thread_connection()
    with pytest.raises(sqlcipher3.ProgrammingError):
        conn.execute("SELECT 1")
    assert vault.connection() is not conn


def test_lock_interrupts_a_workers_query_and_closes_its_connection_after_it(
    vault: Vault,
) -> None:
    """Closing a connection while its thread runs a query crashes the driver (segfault)."""
    started = threading.Event()
    outcome: list[object] = []
    held: list[Any] = []
    long_query = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) "
        "SELECT count(*) FROM c"
    )

    def worker() -> None:
        try:
            with vault.worker_scope():
                conn = vault.connection()
                held.append(conn)
                started.set()
                outcome.append(conn.execute(long_query).fetchone())
        except sqlcipher3.OperationalError as exc:
            outcome.append(exc)
        except BaseException as exc:  # surfaced below
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    assert started.wait(timeout=10)
    time.sleep(0.05)  # the query is running
    vault.lock()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], sqlcipher3.OperationalError)  # interrupted, not crashed
    with pytest.raises(sqlcipher3.ProgrammingError):  # closed by the worker on its way out
        held[0].execute("SELECT 1")
    assert not vault.is_unlocked


def test_worker_scope_closes_the_threads_connection(vault: Vault) -> None:
    opened: list[Any] = []

    def worker() -> None:
        with vault.worker_scope():
            conn = vault.connection()
            opened.append(conn)
            conn.execute("SELECT 1")

    for _ in range(3):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(timeout=30)
    assert len(opened) == 3
    for conn in opened:
        with pytest.raises(sqlcipher3.ProgrammingError):
            conn.execute("SELECT 1")
    assert vault.connection() not in opened  # this thread's own is unaffected
    vault.lock()
    with pytest.raises(VaultLockedError), vault.worker_scope():
        vault.connection()


def test_locking_while_workers_query_never_crashes(vault: Vault) -> None:
    """Locks land at random points of short queries (execute, fetch, freeing cursors)."""
    vault.set_setting("probe", "value")
    failures: list[BaseException] = []

    def worker(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                vault.get_setting("probe")
                list(vault.connection().execute("SELECT key FROM settings"))
            except VaultLockedError:
                return
            except sqlcipher3.Error:
                continue  # interrupted, or the connection closed between two calls
            except BaseException as exc:  # surfaced below
                failures.append(exc)
                return

    for _ in range(10):
        if not vault.is_unlocked:
            vault.unlock(PASSPHRASE)
        stop = threading.Event()
        threads = [threading.Thread(target=worker, args=(stop,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(0.005)
        vault.lock()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert failures == []
