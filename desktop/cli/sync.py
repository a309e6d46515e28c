# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion sync run|status|retry`: sync without the window (cron, a script, a terminal).

`run` does what the app's worker does: send the queued reports that are due (all of them with
`--now`), cancel removed ones on the server, fetch updates from confirmed organisations. The
exit code is 0 when everything tried went through, 1 otherwise; `--json` prints the report.
A run that sends nothing says what waits and until when. `status` lists every upload with
its state, the reason it waits and its next try; `retry` puts failed uploads back in the
queue (what "Try again" does in the app). Qt-free.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from desktop.cli.common import EXIT_FAILED, EXIT_OK, PassphraseReader, line, unlocked
from desktop.i18n import _
from desktop.messages import describe
from desktop.messages import sync as sentences

if TYPE_CHECKING:
    from desktop.sync.outbox import OutboxItem


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
    status_parser = sub.add_parser(
        "status", help=_("show each upload: its state, why it waits, when it is tried next")
    )
    status_parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    retry_parser = sub.add_parser("retry", help=_("put failed uploads back in the queue"))
    which = retry_parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "report", nargs="?", metavar="ID", help=_("the report's id, as sync status shows it")
    )
    which.add_argument("--all", action="store_true", help=_("every failed upload"))
    retry_parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    if args.sync_command == "status":
        return _status(args, reader)
    if args.sync_command == "retry":
        return _retry(args, reader)
    return _run(args, reader)


def _run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.sync.engine import run_pass
    from desktop.sync.outbox import STATE_UPLOADED, Outbox
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
        left = _Left(Outbox(vault).items(), report.finished_at)
    ok = all(u.state == STATE_UPLOADED for u in report.uploads) and all(
        u.outcome in ("installed", "unchanged", "not-newer") for u in report.updates
    )
    # Failed uploads are not tried again by themselves: a run that leaves them is no success,
    # even when it had nothing else to do.
    ok = ok and not left.failed
    if args.json:
        result = {"enabled": True, **report.to_json(), "waiting": left.to_json()}
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return EXIT_OK if ok else EXIT_FAILED
    _print_report(report)
    if not report.uploads:
        for text in sentences.nothing_due(
            len(left.waiting), left.until(), left.paused, left.failed
        ):
            if report.updates and text == _("Nothing was due."):
                continue
            print(line(text))
    return EXIT_OK if ok else EXIT_FAILED


class _Left:
    """What waits in the outbox after a pass: not due yet, paused, failed."""

    def __init__(self, items: list[OutboxItem], now: datetime) -> None:
        from desktop.sync.outbox import STATE_FAILED

        pending = [i for i in items if i.pending]
        self.waiting = [
            i for i in pending if not i.paused and i.next_attempt_at and i.next_attempt_at > now
        ]
        self.paused = sum(1 for i in pending if i.paused)
        self.failed = sum(1 for i in items if i.state == STATE_FAILED)

    def next_at(self) -> datetime | None:
        return min((i.next_attempt_at for i in self.waiting if i.next_attempt_at), default=None)

    def until(self) -> str | None:
        when = self.next_at()
        return _time(when) if when is not None else None

    def to_json(self) -> dict[str, Any]:
        when = self.next_at()
        return {
            "uploads": len(self.waiting),
            "next_attempt_at": _iso(when) if when is not None else None,
            "paused": self.paused,
            "failed": self.failed,
        }


def _status(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.sync.outbox import Outbox
    from desktop.sync.settings import load_settings

    with unlocked(args, reader) as vault:
        enabled = load_settings(vault).enabled
        items = Outbox(vault).items()
    now = datetime.now(UTC)
    if args.json:
        shown = {"enabled": enabled, "uploads": [_item_json(i) for i in items]}
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not enabled:
        print(sentences.sync_turned_off())
    if not items:
        print(sentences.outbox_empty())
    for item in items:
        print(line(f"{item.report_uid}  {_item_line(item, now)}"))
    return EXIT_OK


def _item_line(item: OutboxItem, now: datetime) -> str:
    from desktop.i18n.formats import format_percent
    from desktop.sync.errors import error_for_code
    from desktop.sync.outbox import STATE_UPLOADED

    if item.state == STATE_UPLOADED:
        time = _time(item.sent_at) if item.sent_at else ""
    elif item.next_attempt_at is not None and item.next_attempt_at > now:
        time = _time(item.next_attempt_at)
    else:
        time = None
    return sentences.upload_state(
        item.state,
        paused=item.paused,
        started=item.offset > 0,
        organisation=item.org_name or item.org_id or "—",
        percent=format_percent(int(100 * item.fraction)),
        time=time,
        reason=describe(error_for_code(item.last_error)) if item.last_error else "",
    )


def _item_json(item: OutboxItem) -> dict[str, Any]:
    return {
        "report": item.report_uid,
        "organisation": item.org_id or None,
        "state": item.state,
        "paused": item.paused,
        "offset": item.offset,
        "size": item.size,
        "attempts": item.attempts,
        "error": item.last_error,
        "next_attempt_at": _iso(item.next_attempt_at) if item.next_attempt_at else None,
    }


def _retry(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.sync.outbox import STATE_FAILED, Outbox

    with unlocked(args, reader) as vault:
        outbox = Outbox(vault)
        chosen = [
            i
            for i in outbox.items()
            if i.state == STATE_FAILED and (args.all or i.report_uid == args.report)
        ]
        for item in chosen:
            outbox.retry(item.id)
    if args.json:
        print(json.dumps({"retried": [i.report_uid for i in chosen]}))
    elif chosen:
        print(sentences.retried(len(chosen)))
    else:
        print(sentences.nothing_to_retry())
    return EXIT_OK if chosen else EXIT_FAILED


def _time(when: datetime) -> str:
    from desktop.i18n.formats import format_timestamp

    return format_timestamp(_iso(when))


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _print_report(report: object) -> None:
    from desktop.sync.errors import error_for_code
    from desktop.sync.outbox import STATE_FAILED, STATE_UPLOADED
    from desktop.sync.results import SyncReport

    assert isinstance(report, SyncReport)
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
