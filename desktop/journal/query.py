# SPDX-License-Identifier: GPL-3.0-or-later
"""Browsing the journal: filters, keyset cursors and the summary rows the list shows."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from desktop.journal.model import Occurred
from desktop.journal.search import match_expression
from desktop.vault.database import Connection


@dataclass(frozen=True)
class Filter:
    """What the list shows. Empty fields do not filter."""

    text: str = ""
    categories: frozenset[str] = frozenset()
    severities: frozenset[str] = frozenset()
    date_from: date | None = None
    date_to: date | None = None
    tag: str = ""
    has_attachments: bool | None = None


@dataclass(frozen=True)
class Cursor:
    """Where the previous page ended (keyset paging: no OFFSET scans on deep pages)."""

    occurred_sort: str
    row_id: int


@dataclass(frozen=True)
class EntrySummary:
    uid: str
    title: str
    category: str
    severity: str
    occurred: Occurred
    recorded_at: str
    updated_at: str
    revision: int
    attachment_count: int
    cursor: Cursor


SUMMARY_COLUMNS = (
    "e.id, e.uid, e.title, e.category, e.severity, e.occurred_on, e.occurred_time, "
    "e.occurred_zone, e.approximate, e.recorded_at, e.updated_at, e.revision, "
    "e.attachment_count, e.occurred_sort"
)


def summary_from_row(row: tuple[Any, ...]) -> EntrySummary:
    (
        row_id,
        uid,
        title,
        category,
        severity,
        on,
        at,
        zone,
        approx,
        recorded,
        updated,
        rev,
        n,
        key,
    ) = row
    occurred = Occurred(
        date.fromisoformat(on), time.fromisoformat(at) if at else None, zone, bool(approx)
    )
    return EntrySummary(
        uid, title, category, severity, occurred, recorded, updated, rev, n, Cursor(key, row_id)
    )


def where_clause(flt: Filter, *, text: bool = True) -> tuple[str, list[Any]]:
    clauses = ["1"]
    params: list[Any] = []
    if text and flt.text.strip():
        clauses.append("e.id IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?)")
        params.append(match_expression(flt.text))
    if flt.categories:
        clauses.append(f"e.category IN ({', '.join('?' * len(flt.categories))})")
        params.extend(sorted(flt.categories))
    if flt.severities:
        clauses.append(f"e.severity IN ({', '.join('?' * len(flt.severities))})")
        params.extend(sorted(flt.severities))
    if flt.date_from is not None:
        clauses.append("e.occurred_on >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append("e.occurred_on <= ?")
        params.append(flt.date_to.isoformat())
    if flt.tag.strip():
        clauses.append("e.id IN (SELECT entry_id FROM journal_tags WHERE folded = ?)")
        params.append(flt.tag.strip().casefold())
    if flt.has_attachments is not None:
        clauses.append(
            "e.attachment_count > 0" if flt.has_attachments else "e.attachment_count = 0"
        )
    return " AND ".join(clauses), params


NO_FILTER = Filter()

# Below this many matches, SQLite sorts the matching rows; above it, walking the date index
# until a page is full is cheaper than looking up and sorting every match (bench/journal.py:
# a word found in 30,000 of 100,000 entries took 250 ms the first way, under 25 ms this way).
SMALL_MATCH = 300


class MatchCache:
    """The entry ids matching the last search on each thread's connection.

    One search shows a count and then pages; FTS5 is evaluated once for all of them. Only
    row ids are kept, never text. The key includes the connection's change counters, so any
    write (here or by another connection) makes the next search evaluate again.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def ids(self, conn: Connection, expression: str) -> frozenset[int]:
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        key = (expression, version, conn.total_changes)
        cached = getattr(self._local, "entry", None)
        if cached is not None and cached[0] is conn and cached[1] == key:
            found: frozenset[int] = cached[2]
            return found
        found = frozenset(
            row[0]
            for row in conn.execute(
                "SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?", (expression,)
            )
        )
        self._local.entry = (conn, key, found)
        return found


def count_entries(conn: Connection, flt: Filter, cache: MatchCache) -> int:
    if not flt.text.strip():
        where, params = where_clause(flt)
        return int(
            conn.execute(
                f"SELECT count(*) FROM journal_entries e WHERE {where}", params
            ).fetchone()[0]
        )
    ids = cache.ids(conn, match_expression(flt.text))
    where, params = where_clause(flt, text=False)
    if where == "1" or not ids:
        return len(ids)
    rows = conn.execute(f"SELECT e.id FROM journal_entries e WHERE {where}", params)
    return sum(1 for (row_id,) in rows if row_id in ids)


def page_entries(
    conn: Connection, flt: Filter, after: Cursor | None, limit: int, cache: MatchCache
) -> list[EntrySummary]:
    """Up to `limit` entries, newest incident first, starting after `after`."""
    searching = bool(flt.text.strip())
    ids = cache.ids(conn, match_expression(flt.text)) if searching else frozenset()
    if searching and not ids:
        return []
    where, params = where_clause(flt, text=False)
    if after is not None:
        where += " AND (e.occurred_sort, e.id) < (?, ?)"
        params.extend([after.occurred_sort, after.row_id])
    order = "ORDER BY e.occurred_sort DESC, e.id DESC"
    if searching and len(ids) > SMALL_MATCH:
        walk = conn.execute(
            f"SELECT e.id FROM journal_entries e INDEXED BY journal_entries_order "
            f"WHERE {where} {order}",
            params,
        )
        chosen: list[int] = []
        for (row_id,) in walk:
            if row_id in ids:
                chosen.append(row_id)
                if len(chosen) == limit:
                    break
        walk.close()
        ids = frozenset(chosen)
        where, params = "1", []
    if searching:
        where += " AND e.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(ids)))
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM journal_entries e WHERE {where} {order} LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [summary_from_row(row) for row in rows]
