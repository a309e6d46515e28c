# SPDX-License-Identifier: GPL-3.0-or-later
"""The headless commands' entry point: the argument parser and the dispatch. Qt-free.

`desktop.app` handles the window and `self-test`'s Qt part, and calls `run()` for any other
command. Each command group lives in its own module (desktop/cli/<group>.py) with an
`add_parser` and a `run`; this module wires them and turns their errors into one line on
stderr. docs/cli.md describes every command.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from desktop.cli import (
    common,
    journal,
    keys,
    kits,
    pack_po,
    packs,
    profiles,
    reports,
    sync,
    vault,
)
from desktop.cli.common import (
    EXIT_FAILED,
    CommandError,
    InputEndedError,
    PassphraseReader,
    print_error,
    run_printing,
)
from desktop.errors import BastionError
from desktop.i18n import _
from desktop.messages import describe

# Which group runs each command (`init`, `info` and `passwd` share the vault group).
_GROUPS = {
    "init": vault,
    "info": vault,
    "passwd": vault,
    "journal": journal,
    "report": reports,
    "profile": profiles,
    "keygen": keys,
    "pack": packs,
    "sync": sync,
    "kit": kits,
}


def build_parser() -> argparse.ArgumentParser:
    parser = common.top_parser()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "self-test",
        help=_("check this installation: versions, translations, a throwaway vault, the window"),
    )
    vault.add_parser(commands)
    journal.add_parser(commands)
    reports.add_parser(commands)
    profiles.add_parser(commands)
    keys.add_parser(commands)
    pack_po.add_parser(packs.add_parser(commands))
    sync.add_parser(commands)
    kits.add_parser(commands)
    return parser


def run(args: argparse.Namespace, reader: PassphraseReader | None = None) -> int:
    """Run a headless command; errors become one translated line on stderr.

    A reader of standard output that leaves early (`bastion journal list | head -1`) ends the
    command quietly, whichever command it is: no traceback, no "Exception ignored" at exit.
    The vault was locked on the way out, as for any other error.
    """
    return run_printing(lambda: _run(args, reader))


def _run(args: argparse.Namespace, reader: PassphraseReader | None) -> int:
    group = _GROUPS[args.command]
    if getattr(args, "pack_command", None) == "po":
        group = pack_po  # `pack po …`: its own module, a sibling of packs
    try:
        return group.run(args, reader or PassphraseReader())
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
