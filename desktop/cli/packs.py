# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion pack …`: build, sign, verify, install and list training packs. Qt-free.

Trainers' tools (build, sign, verify) need no vault. A pack PACK travels with its detached
signature PACK.minisig, which the stock `minisign -Sm PACK` makes too. `install` checks the
signature before asking for the passphrase when it can (bundled keys), and always before
changing anything. docs/training-packs.md describes the format; docs/cli.md the commands.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_OK,
    CommandError,
    Handler,
    PassphraseReader,
    line,
    public_key_line,
    read_secret_key,
    unlocked,
)
from desktop.i18n import _, current_language, ngettext
from desktop.i18n.formats import format_percent

if TYPE_CHECKING:
    from collections.abc import Mapping

    from desktop.training.model import Pack
    from desktop.training.packs import CheckedPack, TrustedKey
    from desktop.training.translate import Coverage


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The `pack` command; its subcommands, for `pack po` (desktop/cli/pack_po.py) to join."""
    pack = commands.add_parser(
        "pack",
        help=_("build, sign, check and install training packs"),
        description=_(
            "A training pack is one file with its signature beside it, named like the pack "
            "with “.minisig” added."
        ),
    )
    sub = pack.add_subparsers(dest="pack_command", metavar="SUBCOMMAND", required=True)
    build = sub.add_parser("build", help=_("check a pack's source folder and build the pack"))
    build.add_argument("folder", metavar="DIR", help=_("the folder that holds pack.yaml"))
    build.add_argument(
        "-o", "--output", metavar="PACK", help=_("the pack to write; without it, only check")
    )
    build.add_argument(
        "--today",
        type=_day,
        metavar="YYYY-MM-DD",
        help=_("the day to check “checked” dates against (default: today)"),
    )
    sign = sub.add_parser("sign", help=_("sign a pack with a minisign secret key"))
    sign.add_argument("pack", metavar="PACK", help=_("the pack file"))
    sign.add_argument(
        "-k",
        "--secret-key",
        required=True,
        metavar="SECRETKEY",
        help=_("the minisign secret key file; its passphrase, if any, is asked for"),
    )
    verify = sub.add_parser("verify", help=_("check a pack, its signature and its content"))
    verify.add_argument("pack", metavar="PACK", help=_("the pack file"))
    verify.add_argument(
        "--key",
        metavar="PUB",
        help=_("the minisign public key expected (file or line); default: Bastion's own keys"),
    )
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    install = sub.add_parser("install", help=_("check a pack and add it to the vault"))
    install.add_argument("pack", metavar="PACK", help=_("the pack file"))
    listing = sub.add_parser("list", help=_("list the training packs in use, with progress"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    return sub


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("give a date as YYYY-MM-DD")) from None


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    return _HANDLERS[args.pack_command](args, reader)


# ---------------------------------------------------------------------- files
def _pack_file(name: str) -> tuple[bytes, str | None]:
    from desktop.training.packs import read_pack_file

    return read_pack_file(Path(name))


def _public_key(text: str) -> TrustedKey:
    from desktop.training.packs import parse_key_lines

    return parse_key_lines([public_key_line(text)], "--key")[0]


# ---------------------------------------------------------------------- trainer tools
def cmd_build(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.fsutil import atomic_write
    from desktop.messages.training import problem_lines
    from desktop.training.archive import build_archive, source_files
    from desktop.training.errors import PackInvalidError
    from desktop.training.validate import check_source

    folder = Path(args.folder)
    today = args.today or date.today()
    if not (folder / "pack.yaml").is_file():
        raise CommandError(_("That folder has no pack.yaml. Give the folder of the pack's source."))
    try:
        checked = check_source(source_files(folder), today)
    except PackInvalidError as exc:
        # Every problem on its own line: a trainer fixes them all in one round.
        for text in problem_lines(exc):
            print(line(text))
        count = len(exc.problems)
        raise CommandError(
            ngettext(
                "The pack has {count} problem. Nothing was written.",
                "The pack has {count} problems. Nothing was written.",
                count,
            ).format(count=count)
        ) from None
    # The archive holds the source files, catalogs included: a learner's Bastion applies
    # them itself, with the same checks.
    pack = checked.source
    data = None
    if args.output:
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        data = build_archive(pack, created)
        atomic_write(Path(args.output), data)
    _print_summary(pack)
    _print_old_facts(pack, today)
    _print_coverage(checked.coverage)
    if data is None:
        print(_("The pack is valid. Nothing was written: give -o PACK to write it."))
        return EXIT_OK
    print(_("SHA-256: {digest}").format(digest=hashlib.sha256(data).hexdigest()))
    print(_("Pack written. Sign it before handing it out: bastion pack sign PACK -k SECRETKEY"))
    return EXIT_OK


def cmd_sign(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.fsutil import atomic_write
    from desktop.signing import SIGNATURE_SUFFIX, sign
    from desktop.training.archive import check_manifest_matches, read_archive
    from desktop.training.validate import load_pack

    data, _signature = _pack_file(args.pack)
    manifest, files = read_archive(data)  # an invalid pack is never signed
    pack = load_pack(files)
    check_manifest_matches(manifest, pack)
    secret = read_secret_key(args.secret_key, reader)
    signature = sign(data, secret, trusted_comment=f"bastion-pack {pack.id} v{pack.version}")
    atomic_write(Path(args.pack + SIGNATURE_SUFFIX), signature.encode("utf-8"))
    print(_("Signed. The signature was written beside the pack, with “.minisig” added."))
    _print_key(secret.public_key().line())
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.training.packs import bundled_keys, check_pack

    data, signature = _pack_file(args.pack)
    trusted = [_public_key(args.key)] if args.key else bundled_keys()
    checked = check_pack(data, signature, trusted)
    if args.json:
        print(json.dumps(_pack_json(checked), indent=2, ensure_ascii=False))
        return EXIT_OK
    _print_summary(checked.pack)
    _print_key(checked.signer.line)
    _warn_if_expired(checked)
    print(_("The pack is valid and its signature is good."))
    return EXIT_OK


# ---------------------------------------------------------------------- vault
def cmd_install(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.training.errors import PackSignatureMissingError
    from desktop.training.packs import check_pack
    from desktop.training.store import Training

    data, signature = _pack_file(args.pack)
    if not signature:
        raise PackSignatureMissingError()  # before the passphrase: a bad file costs none
    with unlocked(args, reader) as vault:
        training = Training(vault)
        checked = check_pack(data, signature, training.trusted_keys())
        _warn_if_expired(checked)
        replaced = training.install(checked)
    _print_summary(checked.pack)
    if replaced is None:
        print(_("Pack installed."))
    else:
        print(_("Pack updated from version {old}.").format(old=replaced))
    return EXIT_OK


def cmd_list(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.training.progress import pack_status
    from desktop.training.store import Training

    with unlocked(args, reader) as vault:
        training = Training(vault)
        installed = {item.pack_id: item for item in training.installed()}
        rows = []
        for pack in training.packs():
            item = installed.get(pack.id)
            origin = "bundled" if item is None or item.version != pack.version else "installed"
            status = pack_status(pack, training.progress(pack.id))
            rows.append((pack, origin, status))
    if args.json:
        document = [
            {
                "id": pack.id,
                "version": pack.version,
                "origin": origin,
                "title": pack.title.get("en"),
                "expires": pack.expires.isoformat() if pack.expires else None,
                "done": status.done,
                "steps": status.total,
                "minutes_left": status.minutes_left,
            }
            for pack, origin, status in rows
        ]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    language = current_language()
    for pack, origin, status in rows:
        where = _("bundled") if origin == "bundled" else _("installed")
        print(
            line(
                _("{id}  v{version}  {title}  ({origin}, {percent} done)").format(
                    id=pack.id,
                    version=pack.version,
                    title=pack.title.get(language),
                    origin=where,
                    percent=format_percent(status.percent),
                )
            )
        )
    return EXIT_OK


# ---------------------------------------------------------------------- output
def _print_summary(pack: Pack) -> None:
    language = current_language()
    show = _("{label}: {value}")
    print(line(show.format(label=_("Pack"), value=f"{pack.title.get(language)} ({pack.id})")))
    print(line(show.format(label=_("Publisher"), value=pack.publisher.get(language))))
    print(show.format(label=_("Version"), value=pack.version))
    print(show.format(label=_("Languages"), value=", ".join(pack.languages)))
    print(show.format(label=_("Pathways"), value=len(pack.pathways)))
    modules = sum(len(pathway.modules) for pathway in pack.pathways)
    print(show.format(label=_("Modules"), value=modules))
    print(show.format(label=_("Lessons"), value=len(pack.lesson_keys())))
    expiry = pack.expires.isoformat() if pack.expires else _("never")
    print(show.format(label=_("Expires"), value=expiry))


def _print_old_facts(pack: Pack, today: date) -> None:
    from desktop.training.facts import facts_to_recheck

    old = facts_to_recheck(pack, today)
    for key, fact in old:
        print(
            line(
                _("To check again: {lesson}: “{fact}” (checked on {day})").format(
                    lesson=key, fact=fact.fact, day=fact.on.isoformat()
                )
            )
        )
    print(
        ngettext(
            "{count} fact was checked more than a year ago.",
            "{count} facts were checked more than a year ago.",
            len(old),
        ).format(count=len(old))
    )


def _print_coverage(coverage: Mapping[str, Coverage]) -> None:
    for language, counts in sorted(coverage.items()):
        total = counts.total or 1
        print(
            _(
                "{language}: {complete} complete ({complete_percent}), {stale} stale "
                "({stale_percent}), {missing} missing ({missing_percent})"
            ).format(
                language=language,
                complete=counts.complete,
                complete_percent=format_percent(round(100 * counts.complete / total)),
                stale=counts.stale,
                stale_percent=format_percent(round(100 * counts.stale / total)),
                missing=counts.missing,
                missing_percent=format_percent(round(100 * counts.missing / total)),
            )
        )


def _print_key(key_line: str) -> None:
    from desktop.signing.fingerprints import fingerprint

    print(_("Signed by: {key}").format(key=key_line))
    print("    " + _("fingerprint: {digits}").format(digits=fingerprint("minisign", key_line)))


def _warn_if_expired(checked: CheckedPack) -> None:
    if checked.expired(date.today()):
        print(
            _(
                "Warning: this pack expired on {day}. Its advice may be out of date; ask its "
                "publisher for a current one."
            ).format(day=checked.pack.expires.isoformat() if checked.pack.expires else "")
        )


def _pack_json(checked: CheckedPack) -> dict[str, Any]:
    from desktop.signing.fingerprints import fingerprint

    pack = checked.pack
    return {
        "id": pack.id,
        "version": pack.version,
        "title": dict(pack.title.values),
        "publisher": dict(pack.publisher.values),
        "languages": list(pack.languages),
        "min_app_version": pack.min_app_version,
        "expires": pack.expires.isoformat() if pack.expires else None,
        "expired": pack.expired(date.today()),
        "pathways": [p.id for p in pack.pathways],
        "lessons": len(pack.lesson_keys()),
        "signer": checked.signer.line,
        "signer_fingerprint": fingerprint("minisign", checked.signer.line),
        "sha256": hashlib.sha256(checked.archive).hexdigest(),
    }


_HANDLERS: dict[str, Handler] = {
    "build": cmd_build,
    "sign": cmd_sign,
    "verify": cmd_verify,
    "install": cmd_install,
    "list": cmd_list,
}
