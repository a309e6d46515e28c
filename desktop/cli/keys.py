# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion keygen -o DIR`: the key pairs of a team that receives reports and signs profiles.

Writes, into a new folder readable by its owner only:
    age-identity.txt   age X25519 secret key, as `age-keygen` writes it (opens reports)
    age-recipient.txt  its public key, "age1…" (reports are encrypted to it)
    signing.key        minisign secret key, encrypted with a passphrase unless --no-password
    signing.pub        minisign public key (profiles and packs are checked with it)
Both formats are the stock tools' own, so the team can use `age -d` and `minisign -S` without
Bastion. Nothing secret is printed. Files already in DIR are never overwritten: a folder that
is not empty is refused before any passphrase is asked. docs/keys.md explains the files.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from desktop.cli.common import EXIT_OK, CommandError, PassphraseReader, print_error
from desktop.fsutil import atomic_write, ensure_private_dir, storage_errors
from desktop.i18n import _

AGE_IDENTITY = "age-identity.txt"
AGE_RECIPIENT = "age-recipient.txt"
SIGNING_KEY = "signing.key"
SIGNING_PUB = "signing.pub"
PUBLIC_MODE = 0o644


# ---------------------------------------------------------------------- parser
def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keygen = commands.add_parser(
        "keygen",
        help=_("create the keys of a team that receives reports and signs profiles"),
        description=_(
            "Creates an age key pair (to open reports) and a minisign key pair (to sign "
            "organisation profiles) in a new folder. The secret halves never leave it: keep "
            "it offline and back it up. Publish the public halves."
        ),
    )
    keygen.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help=_("a new or empty folder for the keys (made readable by you only)"),
    )
    keygen.add_argument(
        "--no-password",
        action="store_true",
        help=_("do not protect the signing key with a passphrase (like minisign -W)"),
    )


# ---------------------------------------------------------------------- run
def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from pyrage import x25519  # at first use: start-up time

    from desktop.signing import SecretKey
    from desktop.signing.fingerprints import fingerprint

    directory = Path(args.output)
    _check_free(directory)
    password = None
    if not args.no_password:
        password = reader.read_new(
            _("New passphrase for the signing key: "), _("Repeat the passphrase: ")
        )
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    secret = SecretKey.generate()
    public = secret.public_key()
    try:
        secret_file = secret.to_bytes(password)  # scrypt: a few seconds when encrypted
    except ValueError:
        message = _(
            "minisign cannot use that passphrase: it is longer than 1023 bytes or contains a "
            "control character. Choose another one."
        )
        raise CommandError(message) from None
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    identity_file = f"# created: {created}\n# public key: {recipient}\n{identity}\n"
    _write_all(
        directory,
        [
            (AGE_IDENTITY, identity_file.encode("ascii"), True),
            (AGE_RECIPIENT, f"{recipient}\n".encode("ascii"), False),
            (SIGNING_KEY, secret_file, True),
            (SIGNING_PUB, public.to_text().encode("ascii"), False),
        ],
    )
    show = "    " + _("fingerprint: {digits}")
    print(_("Keys created in {path}.").format(path=directory))
    print()
    print(_("age public key (people encrypt reports to it), in {file}:").format(file=AGE_RECIPIENT))
    print("    " + recipient)
    print(show.format(digits=fingerprint("age", recipient)))
    print(
        _("minisign public key {key_id} (it checks your signatures), in {file}:").format(
            key_id=public.key_id_hex(), file=SIGNING_PUB
        )
    )
    print("    " + public.line())
    print(show.format(digits=fingerprint("minisign", public.line())))
    print()
    print(
        _(
            "Publish the two public keys and read their fingerprints aloud or print them on a "
            "card, so that people can check them."
        )
    )
    print(
        _(
            "Keep {path} offline, on a computer that is never connected to the internet if you "
            "can, and keep a backup of it on encrypted media. Whoever has {identity} can read "
            "every report sent to you; whoever has {key} can sign in your name."
        ).format(path=directory, identity=AGE_IDENTITY, key=SIGNING_KEY)
    )
    if password is None:
        # After the work, so that a failure still prints one line only.
        print_error(
            _(
                "warning: {key} is not protected by a passphrase. Anyone who copies it can sign "
                "in your name."
            ).format(key=SIGNING_KEY)
        )
    return EXIT_OK


def _check_free(directory: Path) -> None:
    """Refuse a file, or a folder with anything in it, before a passphrase is typed."""
    if not directory.exists():
        return
    if not directory.is_dir():
        message = _("The output is an existing file, not a folder. Choose a new folder name.")
        raise CommandError(message)
    try:
        empty = next(os.scandir(directory), None) is None
    except OSError:
        empty = False
    if not empty:
        message = _(
            "The output folder is not empty. Bastion never overwrites keys: choose a new folder."
        )
        raise CommandError(message)


def _write_all(directory: Path, files: list[tuple[str, bytes, bool]]) -> None:
    """Create the folder (0700) and the files, each atomically and never over another file.

    The temporary files live in the private folder itself, mode 0600 (mkstemp), so a crash
    cannot leave a secret anywhere the key itself would not be. On failure, what this call
    made is removed again, so the folder can simply be used for the next attempt.
    """
    existed = directory.exists()
    ensure_private_dir(directory)
    written: list[Path] = []
    try:
        for name, data, private in files:
            path = directory / name
            atomic_write(path, data, exclusive=True)
            written.append(path)
            if not private and os.name == "posix":
                with storage_errors():
                    os.chmod(path, PUBLIC_MODE)
    except BaseException as exc:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        if not existed:
            with contextlib.suppress(OSError):
                directory.rmdir()
        if isinstance(exc, FileExistsError):
            message = _(
                "A key file appeared in the output folder while the keys were being made. "
                "Nothing was overwritten; choose a new folder."
            )
            raise CommandError(message) from None
        raise
