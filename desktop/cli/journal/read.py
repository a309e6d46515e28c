# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion journal show|history|verify`, Qt-free.

Split from the group's __init__ (the parser, add, list, search) to keep modules small.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    PassphraseReader,
    line,
    opened,
    print_error,
    text_block,
)
from desktop.i18n import _, ngettext
from desktop.journal.labels import category_label, field_label, metadata_label, severity_label

if TYPE_CHECKING:
    from desktop.journal import Occurred


def occurred_json(occurred: Occurred) -> dict[str, Any]:
    return {
        "date": occurred.date.isoformat(),
        "time": occurred.time.strftime("%H:%M") if occurred.time else None,
        "zone": occurred.zone or None,
        "approximate": occurred.approximate,
    }


# ---------------------------------------------------------------------- show
def cmd_show(args: argparse.Namespace, reader: PassphraseReader) -> int:
    with opened(args, reader) as journal:
        entry = journal.get(journal.resolve(args.id))
    c = entry.content
    if args.json:
        document = {
            "id": entry.uid,
            "title": c.title,
            "category": c.category,
            "severity": c.severity,
            "occurred": occurred_json(c.occurred),
            "place": c.place,
            "people": [{"username": p.username, "wiki": p.wiki} for p in c.people],
            "links": list(c.links),
            "narrative": c.narrative,
            "tags": list(c.tags),
            "recorded_at": entry.recorded_at,
            "updated_at": entry.updated_at,
            "revision": entry.revision,
            "head_hash": entry.head_hash,
            # id, name, media_type, size, sha256, original_sha256, metadata, added_at
            "attachments": [_renamed(asdict(a), uid="id") for a in entry.attachments],
        }
        print(json.dumps(document, indent=2))
        return EXIT_OK
    when = " ".join(
        part
        for part in (
            c.occurred.date.isoformat(),
            c.occurred.time.strftime("%H:%M") if c.occurred.time else "",
            c.occurred.zone,
            _("(approximate)") if c.occurred.approximate else "",
        )
        if part
    )
    people = ", ".join(
        _("{user} on {wiki}").format(user=p.username, wiki=p.wiki) if p.wiki else p.username
        for p in c.people
    )
    fields = {
        "id": entry.uid,
        "title": c.title,
        "when": when,
        "category": f"{category_label(c.category)} ({c.category})",
        "severity": severity_label(c.severity),
        "place": c.place,
        "people": people,
        "links": "  ".join(c.links),
        "tags": ", ".join(c.tags),
        "recorded_at": entry.recorded_at,
        "updated_at": entry.updated_at,
        "revision": str(entry.revision),
        "head_hash": entry.head_hash,
    }
    for name, value in fields.items():
        text = _("{label}: {value}").format(label=field_label(name), value=value or _("(none)"))
        print(line(text))
    print(_("{label}:").format(label=field_label("attachments")))
    for a in entry.attachments:
        size = ngettext("{count} byte", "{count} bytes", a.size).format(count=a.size)
        print(line(f"  {a.uid}  {a.name}  {a.media_type}  {size}  {metadata_label(a.metadata)}"))
        print(f"    sha256 {a.sha256}")
    print(_("{label}:").format(label=field_label("narrative")))
    for text in (c.narrative or _("(none)")).split("\n"):
        print("  " + text_block(text))
    return EXIT_OK


def _renamed(record: dict[str, Any], **names: str) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in record.items()}


# ---------------------------------------------------------------------- history
def cmd_history(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.journal import history

    with opened(args, reader) as journal:
        uid = journal.resolve(args.id)
        revisions = journal.history(uid)
    document: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for rev in revisions:
        record = history.record(rev.content, rev.attachments)
        document.append(
            {
                "number": rev.number,
                "saved_at": rev.saved_at,
                "hash": rev.hash,
                "prev_hash": rev.prev_hash,
                "changes": [
                    {"field": ch.field, "added": list(ch.added), "removed": list(ch.removed)}
                    for ch in history.changes(previous, record)
                ],
            }
        )
        previous = record
    if args.json:
        print(json.dumps({"id": uid, "revisions": document}, indent=2))
        return EXIT_OK
    for item in document:
        print(_("Revision {number}, saved {saved_at} (UTC)").format(**item))
        print("  " + _("hash: {hash}").format(hash=item["hash"]))
        print("  " + _("previous hash: {hash}").format(hash=item["prev_hash"]))
        for change in item["changes"]:
            print("  " + field_label(change["field"]))
            for sign, key in (("-", "removed"), ("+", "added")):
                for text in change[key]:
                    print(f"    {sign} {line(text)}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, reader: PassphraseReader) -> int:
    with opened(args, reader) as journal:
        report = journal.verify()
    broken = report.broken_entries()
    if args.json:
        document = {
            "ok": report.ok,
            "entries": report.entries,
            "revisions": report.revisions,
            "broken_entries": broken,
            "problems": [
                {"id": p.entry_uid, "revision": p.revision, "code": p.code} for p in report.problems
            ],
        }
        print(json.dumps(document, indent=2))
    elif report.ok:
        entries = ngettext("{count} entry", "{count} entries", report.entries)
        revisions = ngettext("{count} revision", "{count} revisions", report.revisions)
        print(
            _("The journal is intact ({entries}, {revisions} checked).").format(
                entries=entries.format(count=report.entries),
                revisions=revisions.format(count=report.revisions),
            )
        )
    for p in () if args.json else report.problems:
        where = _("revision {number}").format(number=p.revision) if p.revision else _("whole entry")
        print(f"{p.entry_uid}  {where}  {p.code}")
    if report.ok:
        return EXIT_OK
    print_error(
        ngettext(
            "{count} entry was altered outside Bastion or is damaged (listed on standard output).",
            "{count} entries were altered outside Bastion or are damaged (listed on standard "
            "output).",
            len(broken),
        ).format(count=len(broken))
    )
    return EXIT_FAILED
