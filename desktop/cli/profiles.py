# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion profile …`: sign, check, import, list and remove organisation profiles. Qt-free.

A profile FILE travels with its detached signature FILE.minisig (the stock `minisign -Vm FILE`
checks it too). Files are checked before any passphrase is asked for, so a wrong file costs no
unlock. Everything shown from a profile is untrusted text: it goes through `line()`, which
removes control characters, so a document cannot drive the terminal. docs/profiles.md
describes the format and the trust rules; docs/cli.md the commands.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Handler,
    PassphraseReader,
    line,
    marked,
    print_fingerprint,
    print_profile,
    public_key_line,
    read_capped,
    read_secret_key,
    unlocked,
)
from desktop.i18n import _, pgettext
from desktop.signing import SIGNATURE_SUFFIX

if TYPE_CHECKING:
    from desktop.profiles import Profiles, StoredProfile

MAX_SIGNATURE = 16 * 1024


# ---------------------------------------------------------------------- parser
def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profile = commands.add_parser(
        "profile",
        help=_("sign, check, import and list organisation profiles"),
        description=_(
            "Organisation profiles say whom reports are encrypted to. A profile file comes "
            "with its signature in the same folder, named like the file with “.minisig” added."
        ),
    )
    sub = profile.add_subparsers(dest="profile_command", metavar="SUBCOMMAND", required=True)
    sign = sub.add_parser(
        "sign", help=_("sign a profile with the organisation's minisign secret key")
    )
    sign.add_argument("file", metavar="FILE", help=_("the profile (JSON)"))
    sign.add_argument(
        "-k",
        "--secret-key",
        required=True,
        metavar="SECRETKEY",
        help=_("the minisign secret key file; its passphrase, if any, is asked for"),
    )
    verify = sub.add_parser(
        "verify", help=_("check a profile and its signature, and show its fingerprints")
    )
    verify.add_argument("file", metavar="FILE", help=_("the profile (JSON)"))
    verify.add_argument(
        "--key",
        metavar="PUB",
        help=_("also require the signature to be by this minisign public key (file or line)"),
    )
    add = sub.add_parser("import", help=_("add a profile, or an update of one, to the vault"))
    add.add_argument("file", metavar="FILE", help=_("the profile (JSON)"))
    add.add_argument(
        "--yes",
        action="store_true",
        help=_("the fingerprints were already compared with the organisation: mark as confirmed"),
    )
    listing = sub.add_parser("list", help=_("list the profiles in the vault"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    remove = sub.add_parser("remove", help=_("remove a profile from the vault"))
    remove.add_argument("id", metavar="ID", help=_("the organisation's id"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    return _HANDLERS[args.profile_command](args, reader)


# ---------------------------------------------------------------------- files
def _document(name: str) -> bytes:
    from desktop.profiles import MAX_DOCUMENT

    unreadable = _("The profile file could not be read. Check that it exists and is a file.")
    # One byte over the limit is enough for parse_profile to refuse it as too large.
    return read_capped(name, MAX_DOCUMENT, unreadable)


def _signature(name: str) -> str:
    unreadable = _(
        "The signature file could not be read. It must sit beside the profile, named like it "
        "with “.minisig” added."
    )
    data = read_capped(name + SIGNATURE_SUFFIX, MAX_SIGNATURE, unreadable)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from desktop.signing import MalformedSignatureError

        raise MalformedSignatureError() from None


@contextlib.contextmanager
def _opened(args: argparse.Namespace, reader: PassphraseReader) -> Iterator[Profiles]:
    from desktop.profiles import Profiles

    with unlocked(args, reader) as vault:
        yield Profiles(vault)


# ---------------------------------------------------------------------- sign, verify
def cmd_sign(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.fsutil import atomic_write
    from desktop.profiles import parse_profile
    from desktop.signing import sign

    document = _document(args.file)
    profile = parse_profile(document)  # an invalid profile is never signed
    secret = read_secret_key(args.secret_key, reader)
    if secret.public_key().line() != profile.signing_key:
        raise CommandError(
            _(
                "This secret key does not belong to the signing key named in the profile "
                "(“signing_key”). Nothing was signed."
            )
        )
    comment = f"bastion-profile {profile.org_id} v{profile.version}"
    signature = sign(document, secret, trusted_comment=comment)
    atomic_write(Path(args.file + SIGNATURE_SUFFIX), signature.encode("utf-8"))
    print(_("Signed. The signature was written beside the profile, with “.minisig” added."))
    print_fingerprint(_("Signing key"), "minisign", profile.signing_key)
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, _reader: PassphraseReader) -> int:
    from desktop.profiles import verify_profile

    expected = public_key_line(args.key) if args.key else None
    profile = verify_profile(_document(args.file), _signature(args.file))
    if expected is not None and expected != profile.signing_key:
        raise CommandError(
            _(
                "The signature is good, but by a different key than the one given with --key. "
                "Do not trust this profile."
            )
        )
    print_profile(profile)
    print(
        _(
            "The signature is valid: the file is exactly as its signing key signed it. That "
            "does not prove who made it: compare the fingerprints with the organisation."
        )
    )
    return EXIT_OK


# ---------------------------------------------------------------------- import, list, remove
def cmd_import(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.profiles import ProfileUnchangedError, verify_profile

    document, signature = _document(args.file), _signature(args.file)
    profile = verify_profile(document, signature)  # before the passphrase: a bad file costs none
    with _opened(args, reader) as profiles:
        try:
            profiles.import_profile(document, signature)
            print(_("Profile imported."))
        except ProfileUnchangedError:
            # Importing the same file again is how a profile left unverified is confirmed.
            if profiles.get(profile.org_id).verified_at is not None:
                raise
            print(_("This profile was imported before but not confirmed yet."))
        print_profile(profile)
        if args.yes or (reader.interactive and _confirmed()):
            profiles.mark_verified(profile.org_id)
            print(_("Confirmed: reports can now be encrypted to these recipients."))
        else:
            print(
                _(
                    "Not confirmed: its recipients will not be used until you confirm "
                    "the fingerprints. Import the file again on a terminal, or with --yes."
                )
            )
    return EXIT_OK


def _confirmed() -> bool:
    # What the person types to confirm; short, and easy to type in their own language.
    word = pgettext("confirmation word", "match")
    prompt = _(
        "Compare every fingerprint above with the organisation: on its printed card, or read "
        "aloud together on a call. If all of them match, type “{word}”: "
    ).format(word=word)
    try:
        answer = input(prompt)
    except EOFError:
        return False
    # The English word too: many people type on a Latin keyboard whatever their language.
    return answer.strip().casefold() in {word.casefold(), "match"}


def cmd_list(args: argparse.Namespace, reader: PassphraseReader) -> int:
    with _opened(args, reader) as profiles:
        stored = profiles.all()
    today = date.today()
    if args.json:
        print(json.dumps([_profile_json(item, today) for item in stored], indent=2))
        return EXIT_OK
    for item in stored:
        p = item.profile
        state = _("confirmed") if item.verified_at else _("not confirmed")
        if p.expired(today):
            state = _("{state}, expired").format(state=state)
        print(line(f"{p.org_id}  v{p.version}  {marked(p.name)}  ({state})"))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop.profiles.checks import org_id_problem

    if org_id_problem(args.id) is not None:
        message = _("That is not an organisation id. “bastion profile list” shows them.")
        raise CommandError(message, EXIT_USAGE)
    with _opened(args, reader) as profiles:
        profiles.remove(args.id)
    print(_("Profile removed. Reports already written are not affected."))
    return EXIT_OK


def _profile_json(item: StoredProfile, today: date) -> dict[str, Any]:
    from desktop.profiles.checks import mixed_scripts
    from desktop.signing.fingerprints import fingerprint

    p = item.profile
    return {
        "id": p.org_id,
        "name": p.name,
        # As the text output's marker: a word mixing alphabets may imitate a known name.
        "name_mixes_scripts": mixed_scripts(p.name),
        "version": p.version,
        "issued": p.issued.isoformat(),
        "expires": p.expires.isoformat() if p.expires else None,
        "expired": p.expired(today),
        "imported_at": item.imported_at,
        "verified_at": item.verified_at,
        "signing_key": p.signing_key,
        "signing_key_fingerprint": fingerprint("minisign", p.signing_key),
        "recipients": [
            {"label": r.label, "key": r.key, "fingerprint": fingerprint("age", r.key)}
            for r in p.recipients
        ],
        "intake_url": p.intake_url,
        "update_url": p.update_url,
        "pack_keys": list(p.pack_keys),
        "contacts": [{"label": c.label, "kind": c.kind, "value": c.value} for c in p.contacts],
    }


_HANDLERS: dict[str, Handler] = {
    "sign": cmd_sign,
    "verify": cmd_verify,
    "import": cmd_import,
    "list": cmd_list,
    "remove": cmd_remove,
}
