# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion journal …`: the encrypted journal from a terminal or a script. Qt-free.

Every subcommand but `categories` reads the passphrase like `bastion info`. Input is checked
before the passphrase is asked for, so a typo costs no unlock and writes nothing. Output is
text for people (translated; control characters removed, so journal text cannot drive the
terminal) or, with --json, ASCII JSON with the stable English keys of docs/cli.md.

Journal modules are imported when a subcommand runs, not when the parser is built: the
window builds this parser too, and must start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Handler,
    PassphraseReader,
    content_line,
    line,
    opened,
)
from desktop.cli.journal.add import add_options, check_categories, cmd_add
from desktop.cli.journal.read import cmd_history, cmd_show, cmd_verify, occurred_json
from desktop.i18n import _, pgettext

if TYPE_CHECKING:
    from desktop.journal import EntrySummary, Filter, Journal

# desktop.journal.model.SEVERITIES, repeated so that building the parser imports no journal
# code (tests/test_cli_journal.py keeps the two equal).
SEVERITIES = ("low", "medium", "high", "emergency")
PAGE = 200


class _Parser(argparse.ArgumentParser):
    """A parser whose epilog is computed only when --help is shown (it reads categories)."""

    def __init__(self, *args: Any, epilog_factory: Callable[[], str] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self._epilog_factory = epilog_factory

    def format_help(self) -> str:
        if self._epilog_factory is not None:
            self.epilog = self._epilog_factory()
        return super().format_help()


def _categories_epilog() -> str:
    from desktop.journal import categories

    width = max(len(c.id) for c in categories())
    rows = [f"  {c.id:<{width}}  {pgettext('category', c.label)}" for c in categories()]
    return "\n".join([_("Categories:"), *rows])


def _positive(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be a whole number greater than 0"))
    return value


# ---------------------------------------------------------------------- parser
def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    journal = commands.add_parser(
        "journal",
        help=_("write, read, search and check the encrypted incident journal"),
        description=_(
            "The encrypted incident journal. Every command except “categories” asks for the "
            "passphrase: on the terminal without echo, or as the first line of standard input."
        ),
    )
    sub = journal.add_subparsers(
        dest="journal_command", metavar="SUBCOMMAND", required=True, parser_class=_Parser
    )
    with_categories: dict[str, Any] = {
        "formatter_class": argparse.RawDescriptionHelpFormatter,
        "epilog_factory": _categories_epilog,
    }
    many: dict[str, Any] = {"action": "append"}

    add = sub.add_parser("add", help=_("write a new entry and print its id"), **with_categories)
    add_options(add, SEVERITIES)

    listing = sub.add_parser(
        "list", help=_("list entries, newest incident first"), **with_categories
    )
    search = sub.add_parser(
        "search",
        help=_(
            "find entries containing words (typed when asked, or the line after the passphrase "
            "on standard input; never on the command line, where others can see them)"
        ),
    )
    # Words given the old way are caught here (hidden), so they get a clear refusal rather
    # than "unrecognized arguments: <the words>", which would repeat them on stderr.
    search.add_argument("retired_query", nargs="*", help=argparse.SUPPRESS)
    for parser in (listing, search):
        parser.add_argument("--json", action="store_true", help=_("print JSON"))
        parser.add_argument("--limit", type=_positive, metavar="N", help=_("at most N entries"))
    option = listing.add_argument
    option("--category", **many, metavar="ID", help=_("only this category (repeatable)"))
    option("--severity", **many, choices=SEVERITIES, help=_("only this severity (repeatable)"))
    option("--since", metavar="DATE", help=_("only incidents on or after DATE"))
    option("--until", metavar="DATE", help=_("only incidents on or before DATE"))
    option(
        "--tag-input",
        action="store_true",
        help=_("only entries with a tag, read like search words (never on the command line)"),
    )
    option("--tag", dest="retired_tag", help=argparse.SUPPRESS)

    show = sub.add_parser("show", help=_("show every field of one entry"))
    history = sub.add_parser("history", help=_("show every saved version of one entry"))
    for parser in (show, history):
        parser.add_argument("id", metavar="ID", help=_("the entry's id, or its first characters"))
    verify = sub.add_parser("verify", help=_("check that no saved version was altered"))
    categories = sub.add_parser("categories", help=_("list the category ids (no passphrase)"))
    for parser in (show, history, verify, categories):
        parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    # A console that cannot show a script (a legacy Windows code page) gets "?" rather than a
    # crash half-way through a listing. JSON output is ASCII, so it is unaffected.
    if isinstance(sys.stdout, io.TextIOWrapper):
        with contextlib.suppress(ValueError, io.UnsupportedOperation):
            sys.stdout.reconfigure(errors="replace")
    # `bastion journal list | head`: a reader that leaves is handled once, in cli/main.py.
    return _HANDLERS[args.journal_command](args, reader)


# ---------------------------------------------------------------------- list, search
def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text is not None else None
    except ValueError:
        message = _("--since and --until take a date like 2026-05-01.")
        raise CommandError(message, EXIT_USAGE) from None


def _retired(given: object) -> None:
    if given:
        message = _(
            "Search words and tags are no longer taken on the command line, because other "
            "users of this computer can see them. Type them when asked, or give them on the "
            "line after the passphrase."
        )
        raise CommandError(message, EXIT_USAGE)


def cmd_list(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.journal import Filter

    _retired(args.retired_tag)
    check_categories(args.category or ())
    tag = ""
    if args.tag_input:
        reader, tag = content_line(reader, _("Tag: "))
    flt = Filter(
        categories=frozenset(args.category or ()),
        severities=frozenset(args.severity or ()),
        date_from=_date(args.since),
        date_to=_date(args.until),
        tag=tag,
    )
    return _print_summaries(args, reader, flt)


def cmd_search(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.journal import Filter
    from desktop.journal.search import match_expression

    _retired(args.retired_query)
    reader, query = content_line(reader, _("Words to find: "))
    match_expression(query)  # SearchSyntaxError now, before the vault is unlocked
    return _print_summaries(args, reader, Filter(text=query))


def _print_summaries(args: argparse.Namespace, reader: PassphraseReader, flt: Filter) -> int:
    with opened(args, reader) as journal:
        found = _summaries(journal, flt, args.limit)
        if not args.json:
            for item in found:
                print(_summaryline(item))
            return EXIT_OK
        # A JSON array written item by item, as the pages arrive.
        separator = "[\n  "
        for item in found:
            sys.stdout.write(separator + json.dumps(_summary_json(item)))
            separator = ",\n  "
        sys.stdout.write("[]\n" if separator.startswith("[") else "\n]\n")
    return EXIT_OK


def _summaries(journal: Journal, flt: Filter, limit: int | None) -> Iterator[EntrySummary]:
    """Page by page with the keyset cursor: the whole journal is never held in memory."""
    cursor = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = PAGE if remaining is None else min(PAGE, remaining)
        page = journal.page(flt, after=cursor, limit=size)
        yield from page
        if len(page) < size:
            return
        cursor = page[-1].cursor
        remaining = None if remaining is None else remaining - len(page)


def _summaryline(item: EntrySummary) -> str:
    from desktop.journal import categories

    width = max(len(c.id) for c in categories())
    day = item.occurred.date.isoformat() + ("~" if item.occurred.approximate else " ")
    return f"{item.uid}  {day} {item.severity:<9}  {item.category:<{width}}  {line(item.title)}"


def _summary_json(item: EntrySummary) -> dict[str, Any]:
    return {
        "id": item.uid,
        "title": item.title,
        "category": item.category,
        "severity": item.severity,
        "occurred": occurred_json(item.occurred),
        "recorded_at": item.recorded_at,
        "updated_at": item.updated_at,
        "revision": item.revision,
        "attachment_count": item.attachment_count,
    }


# ---------------------------------------------------------------------- categories
def cmd_categories(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.journal import categories

    if args.json:
        document = [asdict(c) for c in categories()]
        print(json.dumps(document, indent=2))
        return EXIT_OK
    width = max(len(c.id) for c in categories())
    for c in categories():
        print(f"{c.id:<{width}}  {pgettext('category', c.label)}")
    return EXIT_OK


_HANDLERS: dict[str, Handler] = {
    "add": cmd_add,
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
    "history": cmd_history,
    "verify": cmd_verify,
    "categories": cmd_categories,
}
