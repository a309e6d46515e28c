# SPDX-License-Identifier: GPL-3.0-or-later
"""Connections that `Vault.lock()` can close from any thread without crashing the driver.

A connection belongs to the thread that opened it, but locking happens on the UI thread
while workers may be in the middle of a query. The driver (pysqlite) frees its statements
on close(); a worker inside execute() or fetch…() at that moment reads freed memory and the
process dies (a segfault, seen in tests/vault/test_vault.py's lock-while-querying test).

So every call into the driver holds the connection's `busy` lock. `close()` from another
thread interrupts the statement under way (it fails at once with "interrupted") and closes
the connection either at once, when idle, or as soon as that call returns. A later call on
the closed connection raises the driver's ProgrammingError: an error, never a crash.
Cursors are freed under the same lock (freeing one resets its statement).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from desktop.vault.database import Connection


class GuardedCursor:
    """A cursor whose fetches hold the connection's busy lock."""

    __slots__ = ("_connection", "_cursor")

    def __init__(self, cursor: Any, connection: GuardedConnection) -> None:
        self._cursor = cursor
        self._connection = connection

    def fetchone(self) -> Any:
        return self._connection.call(self._cursor.fetchone)

    def fetchall(self) -> list[Any]:
        result: list[Any] = self._connection.call(self._cursor.fetchall)
        return result

    def fetchmany(self, size: int | None = None) -> list[Any]:
        if size is None:
            size = self._cursor.arraysize
        result: list[Any] = self._connection.call(self._cursor.fetchmany, size)
        return result

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        return self._connection.call(self._cursor.__next__)

    def __getattr__(self, name: str) -> Any:
        # lastrowid, rowcount, description: plain values the cursor already holds.
        return getattr(self._cursor, name)

    def __del__(self) -> None:
        # Freeing a driver cursor resets its statement: not while another thread closes
        # the connection, so the last reference goes under the busy lock too.
        connection = getattr(self, "_connection", None)
        if connection is None:
            return
        with connection._busy:
            self._cursor = None


class GuardedConnection:
    """Wraps a driver connection; see the module docstring."""

    def __init__(self, raw: Connection) -> None:
        self._raw = raw
        self._busy = threading.RLock()
        self._doomed = False

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        try:
            with self._busy:
                return function(*args)
        finally:
            # close() may have come from another thread while this call ran.
            if self._doomed:
                self._close_if_idle()

    def execute(self, *args: Any) -> GuardedCursor:
        return GuardedCursor(self.call(self._raw.execute, *args), self)

    def executemany(self, *args: Any) -> GuardedCursor:
        return GuardedCursor(self.call(self._raw.executemany, *args), self)

    @property
    def in_transaction(self) -> bool:
        return bool(self.call(getattr, self._raw, "in_transaction"))

    @property
    def total_changes(self) -> int:
        return int(self.call(getattr, self._raw, "total_changes"))

    def interrupt(self) -> None:
        """Stop the statement under way on any thread (SQLite allows this from anywhere)."""
        with contextlib.suppress(Exception):
            self._raw.interrupt()

    def try_execute(self, sql: str) -> bool:
        """Run `sql` only if no other thread is using the connection now; True if it ran."""
        if not self._busy.acquire(blocking=False):
            return False
        try:
            with contextlib.suppress(Exception):
                self._raw.execute(sql)
            return True
        finally:
            self._busy.release()

    def close(self) -> None:
        """Close now if idle; otherwise interrupt, and the call under way closes it."""
        self._doomed = True
        if not self._close_if_idle():
            self.interrupt()

    def _close_if_idle(self) -> bool:
        if not self._busy.acquire(blocking=False):
            return False
        try:
            with contextlib.suppress(Exception):
                self._raw.close()
            return True
        finally:
            self._busy.release()
