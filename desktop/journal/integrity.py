# SPDX-License-Identifier: GPL-3.0-or-later
"""The revision hash chain, and the check of the whole journal against it.

Each revision's hash covers the entry's id, the revision number, when it was saved, the
previous revision's hash and the canonical content (which lists the attachments with their
SHA-256). Changing any stored revision, dropping one or reordering them breaks the chain from
that point on, and `verify` names the entry and the revision.

What this does not do: someone who has the passphrase could rewrite an entry's whole chain
consistently. The chain proves that the journal was not altered *piecemeal*, by accident or by
a tool writing to the database; exported reports carry the revision hashes, which anchors
them outside the vault from then on (docs/journal.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from desktop.vault.database import Connection

GENESIS = "0" * 64
_DOMAIN = b"bastion.journal.revision.v1\n"


def revision_hash(uid: str, number: int, saved_at: str, prev_hash: str, content: str) -> str:
    # Every field before the content is free of newlines (ids, integers, ISO times, hex), so
    # joining with "\n" is unambiguous.
    head = "\n".join((uid, str(number), saved_at, prev_hash)).encode("ascii")
    return hashlib.sha256(_DOMAIN + head + b"\n" + content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IntegrityProblem:
    """Where the chain breaks. `revision` is None for problems with the entry as a whole."""

    entry_uid: str
    revision: int | None
    code: str  # hash, link, sequence, head, summary, attachments, content


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    revisions: int
    problems: tuple[IntegrityProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def broken_entries(self) -> list[str]:
        return list(dict.fromkeys(p.entry_uid for p in self.problems))


def verify_entry(conn: Connection, entry_id: int) -> tuple[int, list[IntegrityProblem]]:
    """Check one entry's chain, and that its summary row and attachments match the head."""
    row = conn.execute(
        "SELECT uid, revision, title, category, severity, occurred_sort "
        "FROM journal_entries WHERE id = ?",
        (entry_id,),
    ).fetchone()
    uid, head, title, category, severity, occurred_sort = row
    problems: list[IntegrityProblem] = []
    previous = GENESIS
    expected_number = 1
    content: dict[str, Any] | None = None
    count = 0
    for number, saved_at, text, prev_hash, stored in conn.execute(
        "SELECT number, saved_at, content, prev_hash, hash FROM journal_revisions "
        "WHERE entry_id = ? ORDER BY number",
        (entry_id,),
    ):
        count += 1
        if number != expected_number:
            problems.append(IntegrityProblem(uid, number, "sequence"))
        if prev_hash != previous:
            problems.append(IntegrityProblem(uid, number, "link"))
        if revision_hash(uid, number, saved_at, prev_hash, text) != stored:
            problems.append(IntegrityProblem(uid, number, "hash"))
        previous, expected_number = stored, number + 1
        try:
            content = json.loads(text)
        except ValueError:
            problems.append(IntegrityProblem(uid, number, "content"))
            content = None
    if count == 0 or head != expected_number - 1:
        problems.append(IntegrityProblem(uid, None, "head"))
    if content is not None and not problems:
        problems.extend(_check_summary(conn, entry_id, uid, content, row[2:]))
    return count, problems


def _check_summary(
    conn: Connection, entry_id: int, uid: str, content: dict[str, Any], summary: tuple[Any, ...]
) -> list[IntegrityProblem]:
    from desktop.journal.model import content_from_dict

    problems = []
    try:
        parsed = content_from_dict(content)
    except (KeyError, TypeError, ValueError):
        return [IntegrityProblem(uid, None, "content")]
    expected = (parsed.title, parsed.category, parsed.severity, parsed.occurred.sort_key())
    if tuple(summary) != expected:
        problems.append(IntegrityProblem(uid, None, "summary"))
    listed = sorted((a["id"], a["sha256"]) for a in content.get("attachments", []))
    stored = sorted(
        conn.execute(
            "SELECT uid, sha256 FROM journal_attachments WHERE entry_id = ?", (entry_id,)
        ).fetchall()
    )
    if listed != [tuple(item) for item in stored]:
        problems.append(IntegrityProblem(uid, None, "attachments"))
    return problems


def verify(conn: Connection) -> VerifyReport:
    entries = revisions = 0
    problems: list[IntegrityProblem] = []
    ids = [row[0] for row in conn.execute("SELECT id FROM journal_entries ORDER BY id")]
    for entry_id in ids:
        count, found = verify_entry(conn, entry_id)
        entries += 1
        revisions += count
        problems.extend(found)
    return VerifyReport(entries, revisions, tuple(problems))
