# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion kit …`: build a trainer kit, and check one. Qt-free.

Neither command opens a vault: a trainer builds a kit with the organisation's secret key on a
machine of their own, and anyone checks one without a passphrase. docs/trainers.md is the
trainer's guide; docs/kits.md the format and the checks.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from desktop.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Handler,
    PassphraseReader,
    line,
    print_error,
    print_profile,
    public_key_line,
    read_secret_key,
)
from desktop.i18n import _, available_codes, current_language, ngettext


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kit = commands.add_parser(
        "kit",
        help=_("build or check a trainer kit: installers, a signed profile and packs"),
        description=_("Trainer kits for USB sticks. docs/trainers.md explains them."),
    )
    sub = kit.add_subparsers(dest="kit_command", metavar="ACTION", required=True)
    build = sub.add_parser("build", help=_("make a kit in a new folder and sign it"))
    build.add_argument(
        "--profile", required=True, metavar="FILE", help=_("the organisation's signed profile")
    )
    build.add_argument(
        "--pack", action="append", default=[], metavar="PACK", help=_("a signed training pack")
    )
    build.add_argument(
        "--installer", action="append", default=[], metavar="FILE", help=_("a file to install")
    )
    build.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="CODE",
        help=_("a language of the instructions (default: the current one)"),
    )
    build.add_argument(
        "-k",
        "--secret-key",
        required=True,
        metavar="SECRETKEY",
        help=_("the organisation's minisign secret key: the one that signed the profile"),
    )
    build.add_argument("-o", "--output", required=True, metavar="DIR", help=_("the new folder"))
    build.add_argument(
        "--card",
        metavar="FILE",
        help=_("where to write the printable card (default: beside the folder)"),
    )
    verify = sub.add_parser("verify", help=_("check that a kit is exactly as it was signed"))
    verify.add_argument("folder", metavar="DIR", help=_("the kit's folder"))
    verify.add_argument(
        "--key", metavar="KEY", help=_("the signing key the kit must be signed with")
    )


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    return _HANDLERS[args.kit_command](args, reader)


def _today() -> date:
    """The day written into the kit: SOURCE_DATE_EPOCH's when set (a reproducible kit)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def cmd_build(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.fsutil import atomic_write
    from desktop.kits.build import KitSource, build_kit

    out = Path(args.output)
    source = KitSource(
        profile=Path(args.profile),
        packs=[Path(p) for p in args.pack],
        installers=[Path(p) for p in args.installer],
        languages=args.language or [current_language()],
    )
    secret = read_secret_key(args.secret_key, reader)
    built = build_kit(out, source, secret, _today(), available_codes())
    card = Path(args.card) if args.card else out.with_name(out.name + "-card.html")
    atomic_write(card, built.card)
    print(
        ngettext(
            "Kit written: {count} file, signed.", "Kit written: {count} files, signed.", built.files
        ).format(count=built.files)
    )
    print(line(_("Card to print and hand out apart from the stick: {file}").format(file=card)))
    print_profile(built.profile)
    print(_("Check every copy after writing it to a stick: bastion kit verify DIR"))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.kits.errors import KitContentError
    from desktop.kits.verify import verify_kit
    from desktop.messages import describe
    from desktop.messages.kits import problem

    expected = public_key_line(args.key) if args.key else None
    try:
        kit = verify_kit(Path(args.folder), expected)
    except KitContentError as exc:
        for found in exc.problems:
            print(line(f"{problem(found.kind)} {found.path}"))
        print_error(describe(exc))
        return EXIT_FAILED
    print_profile(kit.profile)
    for checked in kit.packs:
        pack = checked.pack
        title = pack.title.get(current_language())
        shown = _("Training pack: {title}, version {version}")
        print(line(shown.format(title=title, version=pack.version)))
    for name in kit.manifest.installers:
        print(line(_("Installer: {name}").format(name=name)))
    print(
        ngettext(
            "The kit is intact: {count} file matches what its signing key signed.",
            "The kit is intact: {count} files match what its signing key signed.",
            kit.files,
        ).format(count=kit.files)
    )
    print(
        _(
            "That does not prove who made it: compare every fingerprint above with the card "
            "your trainer gave you. If one digit differs, do not use this kit."
        )
    )
    return EXIT_OK


_HANDLERS: dict[str, Handler] = {"build": cmd_build, "verify": cmd_verify}
