# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion report list`, `report send`, `report carry` and `report proof`: the vault's
record of the reports made. Split from the group's __init__ (the parser, export, open) to
keep modules small."""

from __future__ import annotations

import argparse
import json
import re

from desktop.cli.common import EXIT_OK, CommandError, PassphraseReader, line, opened
from desktop.i18n import _


# ---------------------------------------------------------------------- list
def cmd_list(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.reports.exports import list_exports

    with opened(args, reader) as journal:
        records = list_exports(journal.vault)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "report_id": r.uid,
                        "created_at": r.created_at,
                        "status": r.status,
                        "destination": r.destination,
                        "path": r.location,
                        "entries": r.entries,
                        "attachments": r.attachments,
                        "size": r.size,
                        "sha256": r.sha256,
                        "carried": r.carried,
                        "recipients": [
                            {"label": x[0], "key": x[1], "source": x[2]} for x in r.recipients
                        ],
                    }
                    for r in records
                ],
                indent=2,
            )
        )
        return EXIT_OK
    if not records:
        print(_("No reports yet."))
    for r in records:
        status = {
            "queued": _("queued for upload"),
            "held": _("kept in the outbox, not sent"),
            "sent": _("sent"),
        }.get(r.status, _("written"))
        if r.carried:
            status = _("{status}, carried for someone else").format(status=status)
        print(f"{r.created_at}  {r.uid}  {status}  {line(r.location)}")
    return EXIT_OK


# ---------------------------------------------------------------------- send
def cmd_send(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.reports.errors import ReportNotFoundError
    from desktop.reports.exports import release_held

    if not re.fullmatch(r"[0-9a-f]{16}", args.report_id):
        raise ReportNotFoundError()  # refused before the passphrase is asked for
    with opened(args, reader) as journal:
        if not release_held(journal.vault, args.report_id):
            raise CommandError(
                _("No report with that id is kept in the outbox. “bastion report list” shows them.")
            )
    print(_("The report will be sent at the next sync (“bastion sync run”, or the window)."))
    return EXIT_OK


# ---------------------------------------------------------------------- carry
def cmd_carry(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from pathlib import Path

    from desktop.profiles import Profiles
    from desktop.reports.carry import carry_report

    source = Path(args.file)
    if not source.is_file():  # before the passphrase is asked for; carry_report checks again
        raise CommandError(_("There is no file there."))
    with opened(args, reader) as journal:
        vault = journal.vault
        record = carry_report(vault, Profiles(vault), source, args.to, hold=args.hold)
    if args.json:
        print(json.dumps({"report_id": record.uid, "status": record.status, "size": record.size}))
    elif args.hold:
        print(
            _("Kept in the outbox as {id}; “bastion report send {id}” lets it go.").format(
                id=record.uid
            )
        )
    else:
        print(_("Queued as {id}; it is uploaded at the next sync.").format(id=record.uid))
    return EXIT_OK


# ---------------------------------------------------------------------- proof
def cmd_proof(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.reports.errors import ReportNotFoundError
    from desktop.reports.proof import report_proof

    if not re.fullmatch(r"[0-9a-f]{16}", args.report_id):
        raise ReportNotFoundError()  # refused before the passphrase is asked for
    with opened(args, reader) as journal:
        document = report_proof(journal, args.report_id)
    print(json.dumps(document, indent=2))
    return EXIT_OK
