# SPDX-License-Identifier: GPL-3.0-or-later
"""Making a report end to end, and the vault's record of the reports made.

The record (table `report_exports`) lets the volunteer see what was sent to whom and when, and
keeps the salt of the revision commitments (document.py). It lives in the vault, so it is as
private as the journal. Reports queued for upload sit in the data folder's `outbox/`, already
encrypted to their recipients; the sync work picks them up from there. A report being
written there is a `.part` file until complete; `tidy_outbox()` removes those a kill left.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.fsutil import (
    ensure_private_dir,
    remove_leftovers,
    writing_into,
    writing_into_if_possible,
)
from desktop.reports import document, export
from desktop.reports.errors import NoRecipientsError
from desktop.vault.database import driver_errors
from desktop.vault.vault import OUTBOX_DIR

if TYPE_CHECKING:
    from desktop.journal import Journal
    from desktop.profiles import Recipient
    from desktop.vault import Vault

STATUS_WRITTEN = "written"
STATUS_QUEUED = "queued"
# In the outbox but kept back by the volunteer ("keep it here, don't send yet"): sync leaves
# it alone until `release_held` makes it queued.
STATUS_HELD = "held"
# Queued, then uploaded by sync to every organisation it was for; the outbox file is gone.
STATUS_SENT = "sent"
# What export.write_report names a report being written (tempfile.mkstemp's random part).
_PARTIAL = re.compile(r"\.bastion-report-[a-z0-9_]{8}\.part")
# What a queued report is called in the outbox: its uid (16 hex digits) and `.age`.
_REPORT_NAME = re.compile(r"[0-9a-f]{16}\.age")


@dataclass(frozen=True)
class ExportRecord:
    uid: str
    created_at: str
    status: str
    destination: str  # "file" or "outbox"
    location: str
    recipients: tuple[tuple[str, str, str], ...]  # (label, public key, source)
    entry_uids: tuple[str, ...]
    entries: int
    attachments: int
    size: int
    sha256: str
    # Sealed by someone else and brought here to be uploaded for them (carry.py): no entries,
    # no commitment salt, and this vault cannot read it.
    carried: bool = False


def neutral_name() -> str:
    """A file name for a report that says nothing: not the app, not the day, not the subject
    (a USB stick may be searched at a checkpoint). Random, so two reports never collide."""
    return f"{secrets.token_hex(4)}.age"


def outbox_dir(vault: Vault) -> Path:
    return vault.directory / OUTBOX_DIR


def export_report(
    journal: Journal,
    request: document.ReportRequest,
    recipients: Sequence[Recipient],
    destination: Path | None,
    *,
    language: str,
    progress: export.Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    check_space: bool = True,
    hold: bool = False,
) -> ExportRecord:
    """Plan, encrypt and write a report; `destination=None` queues it in the outbox, or with
    `hold` keeps it there unsent until `release_held`."""
    if not recipients:
        raise NoRecipientsError()
    plan = document.plan_report(journal, request, language)
    writing: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if destination is None:
        folder = outbox_dir(journal.vault)
        ensure_private_dir(folder)
        status = STATUS_HELD if hold else STATUS_QUEUED
        target, kind = folder / f"{plan.report_id}.age", "outbox"
        writing = writing_into(folder)  # tidy_outbox() leaves its `.part` file alone
    else:
        target, kind, status = destination, "file", STATUS_WRITTEN
        # A report an earlier run was writing here when it was killed (a USB stick): gone
        # before this one starts, and this one marked so a run beside it leaves it alone.
        tidy_partial_reports(destination.parent)
        writing = writing_into_if_possible(destination.parent)
    with writing:
        return _write(
            journal, plan, recipients, target, kind, status, progress, cancelled, check_space
        )


def _write(
    journal: Journal,
    plan: document.ReportPlan,
    recipients: Sequence[Recipient],
    target: Path,
    kind: str,
    status: str,
    progress: export.Progress | None,
    cancelled: Callable[[], bool] | None,
    check_space: bool,
) -> ExportRecord:
    result = export.write_report(
        journal,
        plan,
        [r.public_key for r in recipients],
        target,
        progress=progress,
        cancelled=cancelled,
        check_space=check_space,
    )
    record = ExportRecord(
        uid=result.report_id,
        created_at=result.created_at,
        status=status,
        destination=kind,
        location=str(result.path),
        recipients=tuple((r.label, r.public_key, r.source) for r in recipients),
        entry_uids=result.entry_uids,
        entries=result.entries,
        attachments=result.attachments,
        size=result.size,
        sha256=result.sha256,
    )
    insert_record(journal.vault, record, result.salt)
    return record


def insert_record(vault: Vault, record: ExportRecord, salt: bytes) -> None:
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO report_exports(uid, created_at, status, destination, location, "
            "recipients, entry_uids, entries, attachments, size, sha256, salt, carried) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.uid,
                record.created_at,
                record.status,
                record.destination,
                record.location,
                json.dumps([list(r) for r in record.recipients], ensure_ascii=False),
                json.dumps(list(record.entry_uids)),
                record.entries,
                record.attachments,
                record.size,
                record.sha256,
                salt,
                int(record.carried),
            ),
        )


_RECORD_COLUMNS = (
    "uid, created_at, status, destination, location, recipients, entry_uids, "
    "entries, attachments, size, sha256, carried"
)


def list_exports(vault: Vault, limit: int = 500) -> list[ExportRecord]:
    """Reports made, newest first."""
    rows = (
        vault.connection()
        .execute(
            f"SELECT {_RECORD_COLUMNS} FROM report_exports "
            "ORDER BY created_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        .fetchall()
    )
    return [_record(row) for row in rows]


def get_export(vault: Vault, report_uid: str) -> ExportRecord | None:
    """One report made, by its id."""
    row = (
        vault.connection()
        .execute(f"SELECT {_RECORD_COLUMNS} FROM report_exports WHERE uid = ?", (report_uid,))
        .fetchone()
    )
    return _record(row) if row is not None else None


def _record(row: Any) -> ExportRecord:
    return ExportRecord(
        uid=row[0],
        created_at=row[1],
        status=row[2],
        destination=row[3],
        location=row[4],
        recipients=tuple(tuple(r) for r in json.loads(row[5])),
        entry_uids=tuple(json.loads(row[6])),
        entries=row[7],
        attachments=row[8],
        size=row[9],
        sha256=row[10],
        carried=bool(row[11]),
    )


def commitment_salt(vault: Vault, report_uid: str) -> bytes | None:
    """The salt of a report's revision commitments (to prove them later; never exported)."""
    row = (
        vault.connection()
        .execute("SELECT salt FROM report_exports WHERE uid = ?", (report_uid,))
        .fetchone()
    )
    return bytes(row[0]) if row else None


def release_held(vault: Vault, report_uid: str) -> bool:
    """Let a report kept in the outbox be sent (the next sync pass plans its uploads)."""
    with vault.transaction() as conn:
        changed = conn.execute(
            "UPDATE report_exports SET status = ? WHERE uid = ? AND status = ?",
            (STATUS_QUEUED, report_uid, STATUS_HELD),
        ).rowcount
    return bool(changed)


def cancel_queued(vault: Vault, report_uid: str) -> bool:
    """Take a queued or held report out of the outbox: its file is deleted and its record
    removed."""
    with vault.transaction() as conn:
        row = conn.execute(
            "SELECT location FROM report_exports WHERE uid = ? AND status IN (?, ?)",
            (report_uid, STATUS_QUEUED, STATUS_HELD),
        ).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM report_exports WHERE uid = ?", (report_uid,))
    with contextlib.suppress(FileNotFoundError):
        (outbox_dir(vault) / Path(row[0]).name).unlink()
    return True


def tidy_outbox(vault: Vault) -> int:
    """Remove what interrupted work left in the outbox; returns how many files went: the
    `.part` files of reports whose writing was cut off, and finished reports the vault does
    not hold as queued: one sent while the process died before removing its copy, or one
    renamed into place before its record was written (the export never said it was done).
    Reports kept back (held) stay, like queued ones.
    Nothing while a report is being written there."""
    folder = outbox_dir(vault)
    if not folder.is_dir():
        return 0
    with driver_errors():
        queued = {
            f"{row[0]}.age"
            for row in vault.connection().execute(
                "SELECT uid FROM report_exports WHERE status IN (?, ?) AND destination = 'outbox'",
                (STATUS_QUEUED, STATUS_HELD),
            )
        }

    def leftover(name: str) -> bool:
        # An export keeps the folder marked until its record is written, so a report between
        # its rename and its record is never taken for an unrecorded one.
        return bool(
            _PARTIAL.fullmatch(name) or (_REPORT_NAME.fullmatch(name) and name not in queued)
        )

    return remove_leftovers(folder, leftover)


def tidy_partial_reports(folder: Path) -> int:
    """Remove, in `folder`, the `.part` files of reports a killed run was writing; how many.
    Only names export.write_report gives (ciphertext, never complete), and nothing while any
    process writes a report into `folder`. Where the folder cannot be locked, nothing."""
    return remove_leftovers(folder, _PARTIAL.fullmatch)
