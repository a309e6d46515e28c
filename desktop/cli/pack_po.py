# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion pack po export|import`: a pack's texts as gettext PO catalogs, and back. Qt-free.

A subcommand of `pack` (desktop/cli/packs.py makes the `pack` parser; main wires this in),
kept apart because it is a separate job: translators' files, not archives and signatures.
desktop/training/pofiles.py does the work; docs/translating.md is the translators' guide.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.cli.common import EXIT_OK, CommandError, Handler, PassphraseReader, line
from desktop.i18n import _, ngettext


def add_parser(pack: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    po = pack.add_parser(
        "po",
        help=_("export or import the pack's texts as PO files for translators"),
        description=_("docs/translating.md explains how to translate a pack."),
    )
    sub = po.add_subparsers(dest="po_command", metavar="SUBCOMMAND", required=True)
    export = sub.add_parser("export", help=_("write one PO file per module for a language"))
    export.add_argument("folder", metavar="DIR", help=_("the folder that holds pack.yaml"))
    export.add_argument("language", metavar="LANG", help=_("the language code, like ar or pt_BR"))
    export.add_argument(
        "--out",
        metavar="OUT",
        help=_("where to write LANG/…po (default: the pack's own po folder)"),
    )
    load = sub.add_parser("import", help=_("check translated PO files and add them to the pack"))
    load.add_argument("folder", metavar="DIR", help=_("the folder that holds pack.yaml"))
    load.add_argument("language", metavar="LANG", help=_("the language code, like ar or pt_BR"))
    load.add_argument("source", metavar="FROM", help=_("the folder that holds LANG/…po"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    return _HANDLERS[args.po_command](args, reader)


def _folder(text: str) -> Path:
    folder = Path(text)
    if not (folder / "pack.yaml").is_file():
        raise CommandError(_("That folder has no pack.yaml. Give the folder of the pack's source."))
    return folder


def _language(text: str) -> str:
    from desktop.training.fields import LANGUAGE

    if not LANGUAGE.fullmatch(text):
        raise CommandError(_("That is not a language code. Give one like ar, fr or pt_BR."))
    return text


@contextmanager
def _pack_problems_listed() -> Iterator[None]:
    """The pack's own mistakes, each on its line as `pack build` prints them: the English or
    the catalogs already in the pack must be valid before translations go out or come in."""
    from desktop.messages.training import problem_lines
    from desktop.training.errors import PackInvalidError

    try:
        yield
    except PackInvalidError as exc:
        for text in problem_lines(exc):
            print(line(text))
        raise CommandError(
            _(
                "The pack has mistakes (listed above). Correct them, then check again with "
                "bastion pack build."
            )
        ) from None


def cmd_export(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.training.po import PO_DIR
    from desktop.training.pofiles import export_catalogs

    folder = _folder(args.folder)
    language = _language(args.language)
    out = Path(args.out) if args.out else folder / PO_DIR
    with _pack_problems_listed():
        written = export_catalogs(folder, language, out)
    print(
        ngettext(
            "{count} PO file written for {language}.",
            "{count} PO files written for {language}.",
            len(written),
        ).format(count=len(written), language=language)
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.messages.training import problem_lines
    from desktop.training.errors import TranslationImportError
    from desktop.training.pofiles import import_catalogs

    folder = _folder(args.folder)
    language = _language(args.language)
    try:
        with _pack_problems_listed():
            changed = import_catalogs(folder, language, Path(args.source))
    except TranslationImportError as exc:
        # Every problem on its own line, as for `pack build`: fixed in one round.
        for text in problem_lines(exc):
            print(line(text))
        count = len(exc.problems)
        raise CommandError(
            ngettext(
                "The translations have {count} problem. Nothing was imported.",
                "The translations have {count} problems. Nothing was imported.",
                count,
            ).format(count=count)
        ) from None
    print(
        ngettext(
            "{count} PO file of the pack changed.",
            "{count} PO files of the pack changed.",
            len(changed),
        ).format(count=len(changed))
    )
    return EXIT_OK


_HANDLERS: dict[str, Handler] = {"export": cmd_export, "import": cmd_import}
