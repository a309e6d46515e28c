# SPDX-License-Identifier: GPL-3.0-or-later
"""What goes into a report: the chosen entries and fields, entries.json and manifest.json.

Documented in docs/report-format.md. Everything here is built in memory from the unlocked
journal; attachments are only described (their bytes stream later, in export.py).

Revision hashes are not copied into the report as they are: a hash over a whole revision lets
whoever holds the report test guesses for a field the volunteer left out (a place, a name).
The manifest carries a commitment per revision, SHA-256(salt ‖ revision hash), with a random
salt that stays in the vault's record of the export. Revealing the salt later proves that the
journal held exactly those revisions when the report was sent, and reveals nothing before.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import desktop
from desktop.reports.errors import NothingSelectedError

if TYPE_CHECKING:
    from desktop.journal import AttachmentInfo, Entry, Journal, Revision

FORMAT = "bastion-report"
FORMAT_VERSION = 1
ENTRIES_FORMAT = "bastion-report-entries"
COMMITMENT_SCHEME = "sha256(salt || revision_hash)"

# Fields a volunteer may leave out; the title is always included (it names the entry).
OPTIONAL_FIELDS = ("when", "category", "severity", "place", "people", "links", "narrative", "tags")
SEVERITY_ENGLISH = {"low": "Low", "medium": "Medium", "high": "High", "emergency": "Emergency"}
MAX_NOTE = 20_000
MAX_NAME = 120


@dataclass(frozen=True)
class ReportRequest:
    """What the volunteer chose. `attachments=None` means every attachment of those entries."""

    entry_uids: tuple[str, ...]
    fields: frozenset[str] = frozenset(OPTIONAL_FIELDS)
    attachments: frozenset[str] | None = None
    cover_note: str = ""
    contact: str = ""


@dataclass(frozen=True)
class PlannedAttachment:
    entry_uid: str
    info: AttachmentInfo
    path: str  # inside the bundle, relative to its top folder


@dataclass
class ReportPlan:
    report_id: str
    created_at: str
    language: str
    salt: bytes
    entries: list[Entry]
    histories: dict[str, list[Revision]]
    attachments: list[PlannedAttachment]
    request: ReportRequest
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def top(self) -> str:
        return f"bastion-report-{self.report_id}"


def safe_name(name: str) -> str:
    """A file name that is safe in any archive and on any filesystem, keeping the extension."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]", "_", text).strip(" .")
    if not text:
        text = "file"
    if len(text) > MAX_NAME:
        stem, dot, ext = text.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        text = (stem if ext else text)[: MAX_NAME - len(ext) - 1] + ("." + ext if ext else "")
    return text


def plan_report(journal: Journal, request: ReportRequest, language: str) -> ReportPlan:
    """Read the chosen entries (in the order given) and lay out the bundle."""
    uids = list(dict.fromkeys(request.entry_uids))
    if not uids:
        raise NothingSelectedError()
    entries = [journal.get(uid) for uid in uids]
    histories = {uid: journal.history(uid) for uid in uids}
    attachments: list[PlannedAttachment] = []
    for entry in entries:
        for info in entry.attachments:
            if request.attachments is None or info.uid in request.attachments:
                path = f"attachments/{entry.uid}/{info.uid}-{safe_name(info.name)}"
                attachments.append(PlannedAttachment(entry.uid, info, path))
    return ReportPlan(
        report_id=secrets.token_hex(8),
        created_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        language=language,
        salt=secrets.token_bytes(32),
        entries=entries,
        histories=histories,
        attachments=attachments,
        request=request,
    )


def commitment(salt: bytes, revision_hash: str) -> str:
    return hashlib.sha256(salt + revision_hash.encode("ascii")).hexdigest()


def _category_record(category_id: str) -> dict[str, Any]:
    from desktop.journal import category
    from desktop.journal.labels import category_label

    found = category(category_id)
    return {
        "id": category_id,
        "label": category_label(category_id),
        "label_en": found.label if found else category_id,
        "irs_type": found.irs_type if found else None,
        "irs_behavior": found.irs_behavior if found else None,
    }


def entry_record(plan: ReportPlan, entry: Entry) -> dict[str, Any]:
    """One entry as entries.json has it: only the fields the volunteer chose."""
    from desktop.journal.labels import severity_label

    chosen = plan.request.fields
    c = entry.content
    record: dict[str, Any] = {
        "id": entry.uid,
        "title": c.title,
        "recorded_at": entry.recorded_at,
        "updated_at": entry.updated_at,
        "revision": entry.revision,
    }
    if "when" in chosen:
        record["when"] = {
            "date": c.occurred.date.isoformat(),
            "time": c.occurred.time.strftime("%H:%M") if c.occurred.time else None,
            "zone": c.occurred.zone or None,
            "approximate": c.occurred.approximate,
        }
    if "category" in chosen:
        record["category"] = _category_record(c.category)
    if "severity" in chosen:
        record["severity"] = {
            "id": c.severity,
            "label": severity_label(c.severity),
            "label_en": SEVERITY_ENGLISH.get(c.severity, c.severity),
        }
    if "place" in chosen:
        record["place"] = c.place
    if "people" in chosen:
        record["people"] = [{"username": p.username, "wiki": p.wiki} for p in c.people]
    if "links" in chosen:
        record["links"] = list(c.links)
    if "narrative" in chosen:
        record["narrative"] = c.narrative
    if "tags" in chosen:
        record["tags"] = list(c.tags)
    record["withheld"] = [name for name in OPTIONAL_FIELDS if name not in chosen]
    planned = [a for a in plan.attachments if a.entry_uid == entry.uid]
    record["attachments"] = [attachment_record(a) for a in planned]
    record["attachments_withheld"] = len(entry.attachments) - len(planned)
    return record


def attachment_record(item: PlannedAttachment) -> dict[str, Any]:
    info = item.info
    return {
        "id": info.uid,
        "name": info.name,
        "path": item.path,
        "media_type": info.media_type,
        "size": info.size,
        "sha256": info.sha256,
        "metadata": info.metadata,
        "added_at": info.added_at,
    }


def entries_document(plan: ReportPlan) -> dict[str, Any]:
    return {
        "format": ENTRIES_FORMAT,
        "format_version": FORMAT_VERSION,
        "report_id": plan.report_id,
        "language": plan.language,
        "cover_note": plan.request.cover_note,
        "contact": plan.request.contact,
        "entries": [entry_record(plan, e) for e in plan.entries],
    }


def manifest_document(plan: ReportPlan, files: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The manifest: `files` lists every other file of the bundle with its size and SHA-256."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "report_id": plan.report_id,
        "app": "Bastion",
        "app_version": desktop.__version__,
        "language": plan.language,
        "created_at": plan.created_at,
        "commitment_scheme": COMMITMENT_SCHEME,
        "files": list(files),
        "entries": [
            {
                "id": e.uid,
                "revision": e.revision,
                "revision_commitments": [
                    commitment(plan.salt, r.hash) for r in plan.histories[e.uid]
                ],
                "attachments": [
                    {"id": a.info.uid, "path": a.path, "sha256": a.info.sha256}
                    for a in plan.attachments
                    if a.entry_uid == e.uid
                ],
            }
            for e in plan.entries
        ],
    }


def dumps(document: dict[str, Any]) -> bytes:
    """Readable, stable JSON (UTF-8, not ASCII-escaped: the team reads it in any script)."""
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
