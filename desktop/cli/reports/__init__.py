# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion report export|open|list|send|carry|proof`: encrypted reports from a script, and the
team's side (list, send, carry and proof are in records.py).

`export`, `list`, `send` and `proof` unlock the vault like the journal commands; `open` needs
no vault (it is what a receiving team runs). Input is checked before the passphrase is asked
for. Text taken from a report (titles) is untrusted and printed through `line()`, which
removes control characters. docs/cli.md describes every option and the JSON output.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    PassphraseReader,
    line,
    opened,
    read_capped,
)
from desktop.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from desktop.profiles import Recipient

FIELDS = ("when", "category", "severity", "place", "people", "links", "narrative", "tags")
MAX_TEXT_FILE = 1 << 20
# age-keygen writes one identity in about 190 bytes; a file of many keys stays far below.
MAX_IDENTITY_FILE = 1 << 20


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help=_("make an encrypted report, or open one you received"),
        description=_(
            "Reports are encrypted to the receiving team's age keys before they are written. "
            "“export”, “list” and “proof” ask for the vault's passphrase; “open” does not use "
            "the vault."
        ),
    )
    sub = report.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True)

    export = sub.add_parser("export", help=_("write an encrypted report of journal entries"))
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help=_("every entry in the journal"))
    which.add_argument(
        "--entry", action="append", metavar="ID", help=_("an entry's id or its first characters")
    )
    export.add_argument(
        "--profile", action="append", metavar="ID", help=_("encrypt to a confirmed organisation")
    )
    export.add_argument(
        "--recipient", action="append", metavar="AGEPUB", help=_("encrypt to this age key (age1…)")
    )
    export.add_argument(
        "--backup", action="store_true", help=_("also encrypt to your own backup key")
    )
    export.add_argument(
        "--without",
        action="append",
        choices=FIELDS,
        metavar="FIELD",
        help=_("leave this field out (repeatable): {fields}").format(fields=", ".join(FIELDS)),
    )
    export.add_argument("--no-attachments", action="store_true", help=_("leave attachments out"))
    export.add_argument("--note-file", metavar="FILE", help=_("a cover note, from a text file"))
    export.add_argument(
        "--contact-file", metavar="FILE", help=_("how to contact you back, from a text file")
    )
    where = export.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="FILE", help=_("write the report to this file"))
    where.add_argument(
        "--outbox", action="store_true", help=_("queue the report for upload instead")
    )
    export.add_argument(
        "--hold",
        action="store_true",
        help=_("with --outbox: keep it there, not sent until “report send ID”"),
    )
    export.add_argument("--json", action="store_true", help=_("print JSON"))

    opener = sub.add_parser("open", help=_("decrypt a report and check every file in it"))
    opener.add_argument("bundle", metavar="BUNDLE", help=_("the encrypted report (.age)"))
    opener.add_argument(
        "-i", "--identity", required=True, metavar="FILE", help=_("the team's age identity file")
    )
    opener.add_argument("--out", metavar="DIR", help=_("also extract the files into DIR"))
    opener.add_argument("--json", action="store_true", help=_("print JSON"))

    listing = sub.add_parser("list", help=_("list the reports you made"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))

    send = sub.add_parser("send", help=_("let a report kept in the outbox be sent"))
    send.add_argument("report_id", metavar="ID", help=_("the report's id (“report list”)"))

    carry = sub.add_parser(
        "carry",
        help=_("carry a report someone else sealed: queue their .age file for an organisation"),
        description=_(
            "Copies an encrypted report file made by someone else into your outbox, to be "
            "uploaded to the organisation's server at the next sync. You cannot read it; only "
            "a sealed (age-encrypted) file is taken."
        ),
    )
    carry.add_argument("file", metavar="FILE", help=_("the sealed report (.age)"))
    carry.add_argument(
        "--to", required=True, metavar="ORG", help=_("the confirmed organisation to send it to")
    )
    carry.add_argument(
        "--hold", action="store_true", help=_("keep it in the outbox until “report send ID”")
    )
    carry.add_argument("--json", action="store_true", help=_("print JSON"))

    proof = sub.add_parser(
        "proof",
        help=_("print what one report's commitments cover, with their salt (JSON)"),
        description=_(
            "Prints the salt of a report's revision commitments and, for each entry, the "
            "revisions it covered with their hashes, so a team can check the report against "
            "the journal. Only when you choose to: with them, whoever has the report can test "
            "guesses for the fields you left out of it."
        ),
    )
    proof.add_argument("report_id", metavar="ID", help=_("the report's id (“report list”)"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.cli.reports.records import cmd_carry, cmd_list, cmd_proof, cmd_send

    if args.report_command == "open":
        return cmd_open(args)
    if args.report_command == "export":
        return cmd_export(args, reader)
    if args.report_command == "proof":
        return cmd_proof(args, reader)
    if args.report_command == "send":
        return cmd_send(args, reader)
    if args.report_command == "carry":
        return cmd_carry(args, reader)
    return cmd_list(args, reader)


def _text_file(name: str | None) -> str:
    if not name:
        return ""
    if name == "-":
        raise CommandError(_("Standard input is for the passphrase; give a file."), EXIT_USAGE)
    from desktop.errors import FileTooLargeError

    try:
        data = read_capped(name, MAX_TEXT_FILE, _("That text file could not be read."))
    except FileTooLargeError:
        raise CommandError(_("That text file is too long."), EXIT_USAGE) from None
    try:
        return data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise CommandError(_("That text file is not UTF-8 text."), EXIT_USAGE) from None


# ---------------------------------------------------------------------- export
def cmd_export(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.reports.document import OPTIONAL_FIELDS, ReportRequest
    from desktop.reports.export import parse_recipients
    from desktop.reports.exports import export_report

    if not (args.profile or args.recipient or args.backup):
        raise CommandError(_("Say whom to encrypt to: --profile or --recipient."), EXIT_USAGE)
    if args.hold and not args.outbox:
        raise CommandError(_("--hold goes with --outbox."), EXIT_USAGE)
    if args.recipient:
        parse_recipients(args.recipient)  # a typo costs no unlock
    note, contact = _text_file(args.note_file), _text_file(args.contact_file)
    destination = None if args.outbox else Path(args.output).absolute()
    with opened(args, reader) as journal:
        recipients = _recipients(journal.vault, args)
        if args.all:
            uids: list[str] = []
            after = None
            while page := journal.page(after=after, limit=500):
                uids += [s.uid for s in page]
                after = page[-1].cursor
        else:
            uids = [journal.resolve(e) for e in args.entry]
        request = ReportRequest(
            tuple(uids),
            fields=frozenset(OPTIONAL_FIELDS) - frozenset(args.without or ()),
            attachments=frozenset() if args.no_attachments else None,
            cover_note=note,
            contact=contact,
        )
        record = export_report(
            journal,
            request,
            recipients,
            destination,
            language=current_language(),
            hold=args.hold,
        )
    if args.json:
        document = {
            "report_id": record.uid,
            "status": record.status,
            "path": record.location,
            "size": record.size,
            "sha256": record.sha256,
            "entries": record.entries,
            "attachments": record.attachments,
            "recipients": [{"label": r[0], "key": r[1], "source": r[2]} for r in record.recipients],
        }
        print(json.dumps(document, indent=2))
        return EXIT_OK
    counts = ngettext("{count} entry", "{count} entries", record.entries).format(
        count=record.entries
    )
    people = ngettext("{count} recipient", "{count} recipients", len(record.recipients)).format(
        count=len(record.recipients)
    )
    if record.status == "queued":
        print(
            _("Report queued for upload: {entries}, encrypted to {people}.").format(
                entries=counts, people=people
            )
        )
    elif record.status == "held":
        print(
            _(
                "Report kept in the outbox, not sent: {entries}, encrypted to {people}. "
                "“bastion report send {report_id}” lets it go."
            ).format(entries=counts, people=people, report_id=record.uid)
        )
    else:
        print(
            _("Report written to {path}: {entries}, encrypted to {people}.").format(
                path=record.location, entries=counts, people=people
            )
        )
    return EXIT_OK


def _recipients(vault: Any, args: argparse.Namespace) -> list[Recipient]:
    from desktop.profiles import Profiles, Recipient
    from desktop.profiles.store import SOURCE_MANUAL

    resolved: list[Recipient] = []
    if args.profile or args.backup:
        resolved += Profiles(vault).resolve(
            org_ids=args.profile or (), include_own=bool(args.backup)
        )
    for number, key in enumerate(args.recipient or (), 1):
        label = _("recipient {number}").format(number=number)
        resolved.append(Recipient(label, key.strip(), SOURCE_MANUAL))
    return resolved


# ---------------------------------------------------------------------- open
def cmd_open(args: argparse.Namespace) -> int:
    from desktop.reports.opener import open_report, read_identities

    unreadable = _("The identity file could not be read.")
    data = read_capped(args.identity, MAX_IDENTITY_FILE, unreadable)
    try:
        identity_text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(unreadable) from None
    identities = read_identities(identity_text)
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None and out_dir.is_dir():
        from desktop.reports.extract import remove_leftovers

        remove_leftovers(out_dir)  # what a killed `report open` left would count as content
    if out_dir is not None and out_dir.exists() and _not_empty_folder(out_dir):
        raise CommandError(_("The folder given with --out must be new or empty."), EXIT_USAGE)
    with _regular_file(args.bundle) as handle:
        # Creates --out (and a private temp folder in it) only once there is room; fills it
        # only when the report is whole.
        report = open_report(handle, identities, out_dir)
    manifest, entries = report.manifest, report.entries or {}
    titles = [(str(e.get("id", "")), str(e.get("title", ""))) for e in entries.get("entries", [])]
    problems = [{"path": p.path, "code": p.code} for p in report.problems]
    if args.json:
        document = {
            "ok": report.ok,
            "report_id": manifest.get("report_id"),
            "created_at": manifest.get("created_at"),
            "app_version": manifest.get("app_version"),
            "language": manifest.get("language"),
            "format_version": manifest.get("format_version"),
            "files_checked": len(report.files),
            "entries": [{"id": uid, "title": title} for uid, title in titles],
            "problems": problems,
            "extracted": None if report.extracted is None else str(report.extracted),
        }
        print(json.dumps(document, indent=2, ensure_ascii=True))
    else:
        _print_summary(report, titles, out_dir)
    return EXIT_OK if report.ok else EXIT_FAILED


def _not_empty_folder(path: Path) -> bool:
    return not path.is_dir() or any(path.iterdir())


def _regular_file(name: str) -> BinaryIO:
    """The report, opened for reading if it is a regular file: its size bounds what the
    archive inside may hold, and a FIFO or a device has none (nor an end, for some)."""
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        raise CommandError(_("The report file could not be read.")) from None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        raise CommandError(_("The report file could not be read."))
    return os.fdopen(fd, "rb")


def _print_summary(report: Any, titles: list[tuple[str, str]], out_dir: Path | None) -> None:
    manifest = report.manifest
    print(
        _("Report {id}, made on {date} (UTC) with Bastion {version}, language {language}.").format(
            id=line(str(manifest.get("report_id", ""))),
            date=line(str(manifest.get("created_at", ""))),
            version=line(str(manifest.get("app_version", ""))),
            language=line(str(manifest.get("language", ""))),
        )
    )
    for number, (uid, title) in enumerate(titles, 1):
        print(f"  {number}. {line(title)} [{line(uid)}]")
    print(
        ngettext("{count} file checked.", "{count} files checked.", len(report.files)).format(
            count=len(report.files)
        )
    )
    if report.ok:
        print(_("Every file matches the manifest."))
    else:
        out = sys.stdout
        print(
            ngettext(
                "{count} problem: this report is not what was sent.",
                "{count} problems: this report is not what was sent.",
                len(report.problems),
            ).format(count=len(report.problems)),
            file=out,
        )
        for problem in report.problems:
            print(f"  {line(problem.path)}: {problem.code}", file=out)
    if report.extracted is not None:
        print(_("Files extracted to {path}.").format(path=line(str(report.extracted))))
    elif out_dir is not None:
        print(_("Nothing was extracted."))
