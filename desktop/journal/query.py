# SPDX-License-Identifier: GPL-3.0-or-later
"""Browsing the journal: filters, keyset cursors and the summary rows the list shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from desktop.journal.model import Occurred
from desktop.journal.search import match_expression


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


def where_clause(flt: Filter) -> tuple[str, list[Any]]:
    clauses = ["1"]
    params: list[Any] = []
    if flt.text.strip():
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
