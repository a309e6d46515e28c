# SPDX-License-Identifier: GPL-3.0-or-later
"""Headless commands. Qt-free: `desktop.app` handles the window and `self-test`'s Qt part.

Passphrases are read from the terminal without echo or, when standard input is not a
terminal, one per line from standard input; never from argv or the environment.
Bad input: one line on stderr, a non-zero exit, nothing changed.
`bastion journal …` lives in desktop/cli_journal.py; docs/cli.md describes every command.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

import desktop
from desktop import config
from desktop.errors import BastionError
from desktop.i18n import _
from desktop.messages import describe
from desktop.vault import Vault, VaultExistsError, kdf
from desktop.vault.passphrase import check_new_passphrase

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class InputEndedError(BastionError):
    """Standard input ended before every expected passphrase line was read."""


class CommandError(BastionError):
    """Bad input a command found itself (a file it cannot read, a malformed date).

    Raised by the CLI layer only, like InputEndedError: `message` is already translated and
    quotes nothing the person typed (no paths, no journal text). `run()` prints it as the one
    line on stderr and exits with `exit_code`.
    """

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__()
        self.message = message
        self.exit_code = exit_code


class PassphraseReader:
    """Reads passphrases from a terminal (no echo) or, when piped, one per line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdin

    @property
    def interactive(self) -> bool:
        try:
            return self._stream.isatty()
        except (AttributeError, ValueError):
            return False

    def read(self, prompt: str) -> str:
        if self.interactive:
            return getpass.getpass(prompt)
        line = self._stream.readline()
        if not line:
            raise InputEndedError()
        return line.removesuffix("\n").removesuffix("\r")

    def read_new(self, prompt: str, again: str) -> str:
        """A new passphrase: typed twice on a terminal, one line when piped."""
        first = self.read(prompt)
        if self.interactive:
            check_new_passphrase(first, self.read(again))
        else:
            check_new_passphrase(first)
        return first


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bastion",
        description=_("Bastion: safety training, an encrypted journal and secure reports."),
    )
    parser.add_argument("--version", action="version", version=f"Bastion {desktop.__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("keep the vault and preferences in this folder (for example on a USB stick)"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "self-test",
        help=_("check this installation: versions, translations, a throwaway vault, the window"),
    )
    init = commands.add_parser("init", help=_("create a new vault"))
    passwd = commands.add_parser("passwd", help=_("change the vault's passphrase"))
    for command in (init, passwd):
        command.add_argument(
            "--kdf-seconds",
            type=float,
            default=kdf.TARGET_SECONDS,
            metavar="SECONDS",
            help=_(
                "aim for this unlock time, in seconds, when tuning the key derivation (never "
                "weaker than 64 MiB of memory and 3 passes)"
            ),
        )
    info = commands.add_parser("info", help=_("show the vault's format and parameters"))
    info.add_argument("--json", action="store_true", help=_("print JSON"))
    # Its own module keeps this one short; imported here, not at the top, because it imports
    # this module back (PassphraseReader, CommandError, the exit codes).
    from desktop import cli_journal, cli_keys, cli_packs, cli_profiles, cli_reports, cli_sync

    cli_journal.add_parser(commands)
    cli_reports.add_parser(commands)
    cli_profiles.add_parser(commands)
    cli_keys.add_parser(commands)
    cli_packs.add_parser(commands)
    cli_sync.add_parser(commands)
    return parser


def print_error(message: str) -> None:
    print(f"bastion: {message}", file=sys.stderr)


def _data_dir(args: argparse.Namespace) -> Path:
    return config.resolve_data_dir(args.data_dir)


@contextlib.contextmanager
def unlocked(args: argparse.Namespace, reader: PassphraseReader) -> Iterator[Vault]:
    """The vault of --data-dir, unlocked with a passphrase read now, locked afterwards."""
    vault = Vault(_data_dir(args))
    vault.unlock(reader.read(_("Passphrase: ")))
    try:
        yield vault
    finally:
        vault.lock()


def cmd_init(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault = Vault(_data_dir(args), kdf_target_seconds=args.kdf_seconds)
    # Refuse before asking for a passphrase, so nobody types one for nothing.
    if vault.header_path.exists() or vault.database_path.exists():
        raise VaultExistsError()
    passphrase = reader.read_new(_("New passphrase: "), _("Repeat the new passphrase: "))
    vault.create(passphrase)
    vault.lock()
    print(_("Vault created in {path}.").format(path=vault.directory))
    return EXIT_OK


def cmd_info(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault = Vault(_data_dir(args))
    vault.unlock(reader.read(_("Passphrase: ")))
    try:
        info = vault.info()
    finally:
        vault.lock()
    document = {
        "app_version": desktop.__version__,
        "vault_id": info.vault_id,
        "header_version": info.header_version,
        "schema_version": info.schema_version,
        "latest_schema_version": info.latest_schema_version,
        "kdf": {
            "algorithm": "argon2id",
            "memory_kib": info.kdf.memory_kib,
            "time_cost": info.kdf.time_cost,
            "parallelism": info.kdf.parallelism,
        },
        "cipher": "sqlcipher4",
        "database_bytes": info.database_bytes,
        "header_bytes": info.header_bytes,
    }
    if args.json:
        print(json.dumps(document, indent=2))
        return EXIT_OK
    lines = [
        _("Vault format: header version {header}, schema version {schema} (latest {latest})"),
        _("Key derivation: Argon2id, {memory} MiB, {passes} passes, {lanes} lanes"),
        _("Database: {db_bytes} bytes, key header: {header_bytes} bytes"),
    ]
    print(
        "\n".join(lines).format(
            header=info.header_version,
            schema=info.schema_version,
            latest=info.latest_schema_version,
            memory=info.kdf.memory_kib // 1024,
            passes=info.kdf.time_cost,
            lanes=info.kdf.parallelism,
            db_bytes=info.database_bytes,
            header_bytes=info.header_bytes,
        )
    )
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault = Vault(_data_dir(args), kdf_target_seconds=args.kdf_seconds)
    old = reader.read(_("Current passphrase: "))
    new = reader.read_new(_("New passphrase: "), _("Repeat the new passphrase: "))
    vault.change_passphrase(old, new)
    print(_("Passphrase changed."))
    return EXIT_OK


def cmd_journal(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop import cli_journal

    return cli_journal.run(args, reader)


def cmd_report(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop import cli_reports

    return cli_reports.run(args, reader)


def cmd_profile(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop import cli_profiles

    return cli_profiles.run(args, reader)


def cmd_pack(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop import cli_packs

    return cli_packs.run(args, reader)


def cmd_sync(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop import cli_sync

    return cli_sync.run(args, reader)


def cmd_keygen(args: argparse.Namespace, reader: PassphraseReader) -> int:
    from desktop import cli_keys

    return cli_keys.run(args, reader)


COMMANDS: dict[str, Callable[[argparse.Namespace, PassphraseReader], int]] = {
    "init": cmd_init,
    "info": cmd_info,
    "passwd": cmd_passwd,
    "journal": cmd_journal,
    "report": cmd_report,
    "profile": cmd_profile,
    "keygen": cmd_keygen,
    "pack": cmd_pack,
    "sync": cmd_sync,
}


def run(args: argparse.Namespace, reader: PassphraseReader | None = None) -> int:
    """Run a headless command; errors become one translated line on stderr."""
    handler = COMMANDS[args.command]
    try:
        return handler(args, reader or PassphraseReader())
    except InputEndedError:
        print_error(_("Standard input ended before the passphrase was read."))
    except CommandError as exc:
        print_error(exc.message)
        return exc.exit_code
    except BastionError as exc:
        print_error(describe(exc))
    except KeyboardInterrupt:
        print_error(_("Interrupted. Nothing was changed."))
    return EXIT_FAILED


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
