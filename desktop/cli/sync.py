# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion sync run`: one sync pass without the window (cron, a script, a terminal). Qt-free.

It does what the app's worker does: send the queued reports that are due (all of them with
`--now`), cancel removed ones on the server, fetch updates from confirmed organisations. The
exit code is 0 when everything tried went through, 1 otherwise; `--json` prints the report.
"""

from __future__ import annotations

import argparse
import json

from desktop.cli.common import EXIT_FAILED, EXIT_OK, PassphraseReader, line, unlocked
from desktop.i18n import _
from desktop.messages import describe


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser(
        "sync",
        help=_("send queued reports and fetch updates"),
        description=_(
            "Uses the connection settings stored in the vault (proxy, Tor). Nothing is sent "
            "when sync is turned off in the app's settings."
        ),
    )
    sub = sync.add_subparsers(dest="sync_command", metavar="SUBCOMMAND", required=True)
    run_parser = sub.add_parser("run", help=_("run one sync pass now"))
    run_parser.add_argument(
        "--now",
        action="store_true",
        help=_("also send reports that are waiting before trying again"),
    )
    run_parser.add_argument(
        "--no-updates", action="store_true", help=_("send only; fetch no updates")
    )
    run_parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.sync.engine import run_pass
    from desktop.sync.outbox import STATE_UPLOADED
    from desktop.sync.settings import load_settings

    with unlocked(args, reader) as vault:
        settings = load_settings(vault)
        if not settings.enabled:
            if args.json:
                print(json.dumps({"enabled": False}))
            else:
                print(_("Sync is turned off in the settings. Nothing was sent."))
            return EXIT_OK
        report = run_pass(vault, settings=settings, force=args.now, updates=not args.no_updates)
    ok = all(u.state == STATE_UPLOADED for u in report.uploads) and all(
        u.outcome in ("installed", "unchanged", "not-newer") for u in report.updates
    )
    if args.json:
        print(json.dumps({"enabled": True, **report.to_json()}, indent=2, ensure_ascii=False))
        return EXIT_OK if ok else EXIT_FAILED
    _print_report(report)
    return EXIT_OK if ok else EXIT_FAILED


def _print_report(report: object) -> None:
    from desktop.sync.errors import error_for_code
    from desktop.sync.outbox import STATE_FAILED, STATE_UPLOADED
    from desktop.sync.results import SyncReport

    assert isinstance(report, SyncReport)
    if not report.uploads and not report.updates:
        print(_("Nothing was due."))
    for upload in report.uploads:
        who = upload.org_id or "-"
        if upload.state == STATE_UPLOADED:
            text = _("Report {report} sent to {organisation}.")
        elif upload.state == STATE_FAILED:
            text = _("Report {report} could not be sent to {organisation}: {reason}")
        else:
            text = _("Report {report} for {organisation} is waiting: {reason}")
        reason = describe(error_for_code(upload.error)) if upload.error else ""
        print(line(text.format(report=upload.report_uid, organisation=who, reason=reason)))
    for update in report.updates:
        print(line(_update_line(update)))
    if report.offline:
        print(_("No server could be reached. Queued reports stay in the outbox."))


def _update_line(update: object) -> str:
    from desktop.sync.results import UpdateResult

    assert isinstance(update, UpdateResult)
    reason = describe(update.exception) if update.exception is not None else ""
    texts = {
        "installed": _("{file} from {organisation}: installed version {version}."),
        "unchanged": _("{file} from {organisation}: no change."),
        "not-newer": _("{file} from {organisation}: not newer than yours, left alone."),
        "refused": _("{file} from {organisation}: refused, nothing changed. {reason}"),
        "failed": _("{file} from {organisation}: could not be fetched. {reason}"),
    }
    return texts[update.outcome].format(
        file=update.name, organisation=update.org_id, version=update.version, reason=reason
    )
