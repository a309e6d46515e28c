# SPDX-License-Identifier: GPL-3.0-or-later
"""The upload queue, kept in the vault (table `sync_uploads`, migration 5).

A report queued by the exporter (`report_exports` with status "queued", its ciphertext in
`outbox/`) becomes one upload per organisation among its recipients. Each upload keeps its
state across restarts: the tus upload URL, the last known offset, attempts and when to try
next, and the last error as a code. Nothing here touches the network.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.reports.exports import STATUS_QUEUED, STATUS_SENT, cancel_queued, outbox_dir
from desktop.vault.database import driver_errors

if TYPE_CHECKING:
    from desktop.vault import Vault

STATE_QUEUED = "queued"
STATE_UPLOADING = "uploading"
STATE_UPLOADED = "uploaded"
STATE_FAILED = "failed"  # permanently: no more automatic attempts
# Recipient sources that are not organisations (desktop.profiles.store).
_NOT_ORGANISATIONS = frozenset({"manual", "own"})

_COLUMNS = (
    "u.id, u.upload_id, u.report_uid, u.org_id, COALESCE(p.name, ''), u.state, u.paused, "
    "u.upload_offset, u.size, u.attempts, u.next_attempt_at, u.last_error, u.sent_at, "
    "u.upload_url"
)


def stamp(when: datetime | None = None) -> str:
    return (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass(frozen=True)
class OutboxItem:
    id: int
    upload_id: str
    report_uid: str
    org_id: str
    org_name: str
    state: str
    paused: bool
    offset: int
    size: int
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None
    upload_url: str | None = None

    @property
    def fraction(self) -> float:
        return min(1.0, self.offset / self.size) if self.size else 1.0

    @property
    def pending(self) -> bool:
        return self.state in (STATE_QUEUED, STATE_UPLOADING)


@dataclass(frozen=True)
class OutboxSummary:
    pending: int
    paused: int
    failed: int
    uploaded: int
    bytes_total: int
    bytes_done: int
    next_attempt_at: datetime | None


class Outbox:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def plan(self) -> None:
        """One upload per organisation for every queued report that has none yet.

        A report for nobody with an intake server (only keys added by hand) still gets one
        row, with no organisation: it shows in the queue as "cannot be uploaded".
        """
        with self.vault.transaction() as conn:
            rows = conn.execute(
                "SELECT e.uid, e.recipients, e.size FROM report_exports e "
                "WHERE e.status = ? AND e.destination = 'outbox' AND NOT EXISTS "
                "(SELECT 1 FROM sync_uploads u WHERE u.report_uid = e.uid)",
                (STATUS_QUEUED,),
            ).fetchall()
            now = stamp()
            for uid, recipients, size in rows:
                orgs = sorted({str(r[2]) for r in json.loads(recipients)} - _NOT_ORGANISATIONS) or [
                    ""
                ]
                for org in orgs:
                    conn.execute(
                        "INSERT INTO sync_uploads(upload_id, report_uid, org_id, state, size, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (secrets.token_hex(16), uid, org, STATE_QUEUED, size, now, now),
                    )

    def items(self) -> list[OutboxItem]:
        """Every upload not cancelled, oldest first (after plan())."""
        self.plan()
        with driver_errors():
            rows = (
                self.vault.connection()
                .execute(
                    f"SELECT {_COLUMNS} FROM sync_uploads u "
                    "LEFT JOIN profiles p ON p.org_id = u.org_id "
                    "WHERE u.cancel = 0 ORDER BY u.created_at, u.id"
                )
                .fetchall()
            )
        return [_item(row) for row in rows]

    def get(self, item_id: int) -> OutboxItem | None:
        row = (
            self.vault.connection()
            .execute(
                f"SELECT {_COLUMNS} FROM sync_uploads u "
                "LEFT JOIN profiles p ON p.org_id = u.org_id WHERE u.id = ? AND u.cancel = 0",
                (item_id,),
            )
            .fetchone()
        )
        return _item(row) if row else None

    def pause(self, item_id: int) -> None:
        self._update(item_id, "paused = 1")

    def resume(self, item_id: int) -> None:
        """Unpause; due at once (a person asked for it, so no backoff wait)."""
        self._update(item_id, "paused = 0, next_attempt_at = NULL")

    def retry(self, item_id: int) -> None:
        """A failed upload goes back to the queue, with its attempts counted afresh."""
        with self.vault.transaction() as conn:
            conn.execute(
                "UPDATE sync_uploads SET state = ?, attempts = 0, next_attempt_at = NULL, "
                "last_error = NULL, updated_at = ? WHERE id = ? AND state = ?",
                (STATE_QUEUED, stamp(), item_id, STATE_FAILED),
            )

    def remove_report(self, report_uid: str) -> bool:
        """Take a report out of the outbox ("Remove from outbox").

        Uploads not begun are dropped; begun ones are marked for the next pass to cancel on
        the server (tus termination). If it already reached one organisation, its record
        stays, as sent, and only what was still waiting is stopped.
        """
        with self.vault.transaction() as conn:
            delivered = conn.execute(
                "SELECT COUNT(*) FROM sync_uploads WHERE report_uid = ? AND state = ?",
                (report_uid, STATE_UPLOADED),
            ).fetchone()[0]
            conn.execute(
                "DELETE FROM sync_uploads WHERE report_uid = ? AND state != ? AND "
                "upload_url IS NULL",
                (report_uid, STATE_UPLOADED),
            )
            conn.execute(
                "UPDATE sync_uploads SET cancel = 1, updated_at = ? WHERE report_uid = ? "
                "AND state != ?",
                (stamp(), report_uid, STATE_UPLOADED),
            )
            if delivered:
                found = conn.execute(
                    "UPDATE report_exports SET status = ? WHERE uid = ? AND status = ?",
                    (STATUS_SENT, report_uid, STATUS_QUEUED),
                ).rowcount
        if delivered:
            remove_file(self.vault, report_uid)
            return bool(found)
        return cancel_queued(self.vault, report_uid)

    def _update(self, item_id: int, assignment: str) -> None:
        with self.vault.transaction() as conn:
            conn.execute(
                f"UPDATE sync_uploads SET {assignment}, updated_at = ? WHERE id = ?",
                (stamp(), item_id),
            )


def summary(vault: Vault, now: datetime | None = None) -> OutboxSummary:
    """Counts for the status indicator (after planning new reports)."""
    items = Outbox(vault).items()
    now = now or datetime.now(UTC)
    pending = [i for i in items if i.pending]
    active = [i for i in pending if not i.paused]
    waits = [i.next_attempt_at for i in active if i.next_attempt_at is not None]
    due_now = any(i.next_attempt_at is None or i.next_attempt_at <= now for i in active)
    return OutboxSummary(
        pending=len(pending),
        paused=sum(1 for i in pending if i.paused),
        failed=sum(1 for i in items if i.state == STATE_FAILED),
        uploaded=sum(1 for i in items if i.state == STATE_UPLOADED),
        bytes_total=sum(i.size for i in pending),
        bytes_done=sum(i.offset for i in pending),
        next_attempt_at=None if due_now or not waits else min(waits),
    )


def report_path(vault: Vault, report_uid: str) -> Path:
    return outbox_dir(vault) / f"{report_uid}.age"


def remove_file(vault: Vault, report_uid: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        report_path(vault, report_uid).unlink()


def _item(row: Any) -> OutboxItem:
    return OutboxItem(
        id=int(row[0]),
        upload_id=str(row[1]),
        report_uid=str(row[2]),
        org_id=str(row[3]),
        org_name=str(row[4]),
        state=str(row[5]),
        paused=bool(row[6]),
        offset=int(row[7]),
        size=int(row[8]),
        attempts=int(row[9]),
        next_attempt_at=parse_stamp(row[10]),
        last_error=row[11],
        sent_at=parse_stamp(row[12]),
        upload_url=row[13],
    )
