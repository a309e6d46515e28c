# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion journal add`: a new entry whose content comes from a JSON document, never argv.

Every local user can read every process's argv (`ps`, /proc), so titles, places, people,
links, tags and the account live in a file or on standard input (`--json-input FILE|-`);
argv keeps ids and options only (category id, severity, date, attachments' paths, flags).
Standard input starts with the passphrase line when piped, so `-` means "the rest of
standard input after the passphrase"; on a terminal the document is read first (to the end
of input) and the passphrase is then asked for without echo, as always.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    GivenPassphrase,
    PassphraseReader,
    opened,
    read_capped,
)
from desktop.errors import FileTooLargeError
from desktop.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from desktop.journal import AttachmentSource, Occurred, Person
    from desktop.journal.errors import FieldProblem

# The document's fields (the names of `journal show --json`, with `when` as for --when).
FIELDS = ("title", "when", "category", "severity", "place", "people", "links", "tags", "narrative")
# Every field at its largest, with every character escaped as \uXXXX, fits well below this.
MAX_DOCUMENT = 8 * 1024 * 1024
# Options that used to carry content; they are refused with a pointer to --json-input.
RETIRED = ("--title", "--place", "--person", "--link", "--tag")


def add_options(add: argparse.ArgumentParser, severities: tuple[str, ...]) -> None:
    option = add.add_argument
    option(
        "--json-input",
        required=True,
        metavar="FILE",
        help=_(
            "the entry as a JSON document, from a file or “-” for standard input after the "
            "passphrase line (fields: title, when, category, severity, place, people, links, "
            "tags, narrative)"
        ),
    )
    option("--category", metavar="ID", help=_("what happened: a category id"))
    option("--severity", choices=severities, help=_("default: medium"))
    option(
        "--when",
        metavar="ISO",
        help=_("2026-05-01, 2026-05-01T14:30, or with +03:00 or Z (default: today)"),
    )
    option("--approximate", action="store_true", help=_("the date is a guess"))
    option(
        "--body-file",
        metavar="FILE",
        help=_("what happened, from a UTF-8 text file (not “-”: stdin is for the passphrase)"),
    )
    option(
        "--attach",
        action="append",
        metavar="FILE",
        help=_("a file to add as evidence (repeatable)"),
    )
    option(
        "--keep-metadata",
        action="store_true",
        help=_("keep hidden information (location, camera, time) in attached images"),
    )
    for retired in RETIRED:
        # Hidden, so that an old script gets a clear answer rather than "unrecognized
        # arguments: --title <the title>", which would repeat the content on stderr.
        option(retired, action="append", dest="retired", help=argparse.SUPPRESS)


def cmd_add(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.journal import EntryContent, Occurred, model
    from desktop.journal.errors import EntryInvalidError, FieldProblem

    if args.retired:
        message = _(
            "Entry text is no longer taken from options such as --title, because other users "
            "of this computer can see them. Put it in a JSON document and give --json-input."
        )
        raise CommandError(message, EXIT_USAGE)
    if args.body_file == "-":
        message = _("--body-file cannot be “-”: standard input carries the passphrase.")
        raise CommandError(message, EXIT_USAGE)
    if args.category is not None:
        check_categories([args.category])
    given_when = when(args.when) if args.when else None
    reader, document = _document(args.json_input, reader)
    problems: list[FieldProblem] = []
    fields = _fields(document, problems)
    for name, given in (("category", args.category), ("severity", args.severity)):
        if given is not None and name in fields:
            problems.append(FieldProblem(name, "given-twice"))
    if args.when and "when" in fields:
        problems.append(FieldProblem("when", "given-twice"))
    if args.body_file and "narrative" in fields:
        problems.append(FieldProblem("narrative", "given-twice"))
    occurred = given_when or _document_when(fields.get("when"), problems) or Occurred(date.today())
    if problems:
        raise EntryInvalidError(problems)
    content = model.checked(
        EntryContent(
            title=fields.get("title", ""),
            occurred=replace(occurred, approximate=args.approximate),
            category=args.category or fields.get("category", ""),
            severity=args.severity or fields.get("severity", "medium"),
            place=fields.get("place", ""),
            people=fields.get("people", ()),
            links=fields.get("links", ()),
            narrative=_read_body(args.body_file) if args.body_file else fields.get("narrative", ""),
            tags=fields.get("tags", ()),
        )
    )
    sources = [_source(name, args.keep_metadata) for name in args.attach or ()]
    with opened(args, reader) as journal:
        uid = journal.add(content, sources)
    print(uid)
    return EXIT_OK


# ---------------------------------------------------------------------- the document
def _document(name: str, reader: PassphraseReader) -> tuple[PassphraseReader, Any]:
    from desktop import bounded

    unreadable = _("The --json-input file could not be read. Check that it exists and is a file.")
    if name == "-":
        stream = reader._stream  # the reader's own input: sys.stdin, or a test's stream
        if not reader.interactive:
            # The first line is the passphrase; it is only read here, the vault is unlocked
            # once the document has passed every check.
            reader = GivenPassphrase(reader.read(_("Passphrase: ")))
        try:
            text = stream.read(MAX_DOCUMENT + 1)
        except (UnicodeDecodeError, OSError):
            raise CommandError(_not_utf8()) from None
    else:
        try:
            data = read_capped(name, MAX_DOCUMENT, unreadable)
        except FileTooLargeError:
            raise CommandError(_too_large()) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CommandError(_not_utf8()) from None
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_DOCUMENT:  # standard input, read one character past the limit
        raise CommandError(_too_large())
    try:
        document = bounded.loads(text, max_length=MAX_DOCUMENT, max_depth=4)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        message = _("The entry document is not a JSON object. See “bastion journal add --help”.")
        raise CommandError(message)
    if any(key not in FIELDS for key in document):
        # The unknown name is not repeated: it comes from the person's file.
        message = _(
            "The entry document has a field Bastion does not know. Its fields are: {fields}."
        ).format(fields=", ".join(FIELDS))
        raise CommandError(message)
    return reader, document


def _not_utf8() -> str:
    return _("The entry document is not UTF-8 text. Save it as UTF-8 and try again.")


def _fields(document: dict[str, Any], problems: list[FieldProblem]) -> dict[str, Any]:
    """The document's values in EntryContent's types; a wrongly typed value is a problem of
    its field (the value itself is never quoted)."""
    from desktop.journal import Person
    from desktop.journal.errors import FieldProblem

    fields: dict[str, Any] = {}
    for name, value in document.items():
        if value is None:  # null is "none", as in profiles
            continue
        if name in ("people", "links", "tags"):
            if not isinstance(value, list):
                problems.append(FieldProblem(name, "wrong-type"))
                continue
            items: list[Any] = []
            for index, item in enumerate(value):
                item = _person(item) if name == "people" else item
                if not isinstance(item, Person if name == "people" else str):
                    problems.append(FieldProblem(f"{name}.{index}", "wrong-type"))
                items.append(item)
            fields[name] = tuple(items)
        elif isinstance(value, str):
            fields[name] = value
        else:
            problems.append(FieldProblem(name, "wrong-type"))
    return fields


def _person(item: Any) -> Person | None:
    """`"USER@WIKI"` (the part after the last @ is the wiki) or {"username", "wiki"}."""
    from desktop.journal import Person

    if isinstance(item, str):
        username, at, wiki = item.rpartition("@")
        return Person(username, wiki) if at else Person(item)
    if isinstance(item, dict) and set(item) <= {"username", "wiki"}:
        username, wiki = item.get("username", ""), item.get("wiki", "")
        if isinstance(username, str) and isinstance(wiki, str):
            return Person(username, wiki)
    return None


def _document_when(value: str | None, problems: list[FieldProblem]) -> Occurred | None:
    from desktop.journal.errors import FieldProblem
    from desktop.journal.model import parse_when

    if value is None:
        return None
    try:
        return parse_when(value)
    except ValueError:
        problems.append(FieldProblem("when", "format"))
        return None


# ---------------------------------------------------------------------- options
def when(text: str) -> Occurred:
    from desktop.journal.model import parse_when

    try:
        return parse_when(text)
    except ValueError:
        message = _("--when takes 2026-05-01 or 2026-05-01T14:30, optionally with +03:00 or Z.")
        raise CommandError(message, EXIT_USAGE) from None


def check_categories(ids: Iterable[str]) -> None:
    from desktop.journal import category

    if any(category(item) is None for item in ids):
        message = _("There is no category with that id. “bastion journal categories” lists them.")
        raise CommandError(message, EXIT_USAGE)


def _too_large() -> str:
    return _("The entry document is too large.")


def _read_body(name: str) -> str:
    from desktop.journal import model
    from desktop.journal.errors import EntryInvalidError, FieldProblem

    unreadable = _("The --body-file file could not be read. Check that it exists and is a file.")
    limit = model.MAX_NARRATIVE * 4  # UTF-8 takes at most 4 bytes a character
    try:
        data = read_capped(name, limit, unreadable)
    except FileTooLargeError:
        # Said of the field, as for a narrative typed into the window.
        raise EntryInvalidError([FieldProblem("narrative", "too-long")]) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        message = _("The --body-file file is not UTF-8 text. Save it as UTF-8 and try again.")
        raise CommandError(message) from None


def _source(name: str, keep_metadata: bool) -> AttachmentSource:
    from desktop.journal import AttachmentSource

    if not os.path.isfile(name) or not os.access(name, os.R_OK):
        message = _(
            "A file given to --attach could not be read. Check that it exists and is a file."
        )
        raise CommandError(message)
    return AttachmentSource(path=Path(name), keep_metadata=keep_metadata)
