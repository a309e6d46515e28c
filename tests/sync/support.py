# SPDX-License-Identifier: GPL-3.0-or-later
"""Vault set-ups for sync tests: a confirmed organisation with an intake server, and reports
queued in its outbox (real exports, or opaque bytes where only the transfer is under test)."""

from __future__ import annotations

import hashlib
import os
import secrets
from typing import Any

import pyrage

from desktop.profiles import Profiles
from desktop.reports.exports import STATUS_QUEUED, ExportRecord, insert_record, outbox_dir
from desktop.vault import Vault
from tests.profiles.builders import OrgKey, document, encode

ORG = "wmf-trust-and-safety"


def add_org(
    vault: Vault,
    intake_url: str | None,
    *,
    key: OrgKey | None = None,
    verified: bool = True,
    **fields: Any,
) -> tuple[OrgKey, dict[str, Any]]:
    """Import (and confirm) an organisation profile; returns its key and fields for updates."""
    key = key or OrgKey.generate()
    changes: dict[str, Any] = {"intake_url": intake_url if intake_url else ...}
    changes.setdefault("update_url", ...)
    changes.update(fields)
    doc = document(key.line, **changes)
    data = encode(doc)
    Profiles(vault).import_profile(data, key.sign(data))
    if verified:
        Profiles(vault).mark_verified(doc["id"])
    return key, doc


def queue_bytes(vault: Vault, data: bytes, org_id: str = ORG) -> str:
    """Put `data` in the outbox as a queued report for `org_id` (what the exporter records)."""
    uid = secrets.token_hex(8)
    folder = outbox_dir(vault)
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{uid}.age"
    path.write_bytes(data)
    record = ExportRecord(
        uid=uid,
        created_at="2026-11-22T10:00:00Z",
        status=STATUS_QUEUED,
        destination="outbox",
        location=str(path),
        recipients=(("Team", str(pyrage.x25519.Identity.generate().to_public()), org_id),),
        entry_uids=(),
        entries=1,
        attachments=0,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    insert_record(vault, record, os.urandom(32))
    return uid


def random_report(size: int) -> bytes:
    return os.urandom(size)
