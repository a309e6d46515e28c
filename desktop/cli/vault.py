# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion init`, `bastion info`, `bastion passwd`: the vault itself. Qt-free."""

from __future__ import annotations

import argparse
import json
import math

import desktop
from desktop.cli.common import EXIT_OK, PassphraseReader, data_dir, unlocked
from desktop.i18n import _
from desktop.vault import Vault, VaultExistsError, kdf

# Past a minute per unlock nobody would wait; the cap also keeps the calibration's arithmetic
# finite (a huge value would overflow it).
MAX_KDF_SECONDS = 60


def _kdf_seconds(text: str) -> float:
    """--kdf-seconds: a finite number of seconds, 0 (the floor) to MAX_KDF_SECONDS."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= MAX_KDF_SECONDS):
        raise argparse.ArgumentTypeError(
            _("must be a number of seconds from 0 to {maximum}").format(maximum=MAX_KDF_SECONDS)
        )
    return value


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = commands.add_parser("init", help=_("create a new vault"))
    passwd = commands.add_parser("passwd", help=_("change the vault's passphrase"))
    for command in (init, passwd):
        command.add_argument(
            "--kdf-seconds",
            type=_kdf_seconds,
            default=kdf.TARGET_SECONDS,
            metavar="SECONDS",
            help=_(
                "aim for this unlock time, in seconds, when tuning the key derivation (never "
                "weaker than 64 MiB of memory and 3 passes)"
            ),
        )
    info = commands.add_parser("info", help=_("show the vault's format and parameters"))
    info.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace, reader: PassphraseReader) -> int:
    return _HANDLERS[args.command](args, reader)


def cmd_init(args: argparse.Namespace, reader: PassphraseReader) -> int:
    vault = Vault(data_dir(args), kdf_target_seconds=args.kdf_seconds)
    # Refuse before asking for a passphrase, so nobody types one for nothing.
    if vault.header_path.exists() or vault.database_path.exists():
        raise VaultExistsError()
    passphrase = reader.read_new(_("New passphrase: "), _("Repeat the new passphrase: "))
    vault.create(passphrase)
    vault.lock()
    print(_("Vault created in {path}.").format(path=vault.directory))
    return EXIT_OK


def cmd_info(args: argparse.Namespace, reader: PassphraseReader) -> int:
    with unlocked(args, reader) as vault:  # tidies, as every command that opens the vault
        info = vault.info()
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
    vault = Vault(data_dir(args), kdf_target_seconds=args.kdf_seconds)
    old = reader.read(_("Current passphrase: "))
    new = reader.read_new(_("New passphrase: "), _("Repeat the new passphrase: "))
    vault.change_passphrase(old, new)
    print(_("Passphrase changed."))
    return EXIT_OK


_HANDLERS = {"init": cmd_init, "info": cmd_info, "passwd": cmd_passwd}
