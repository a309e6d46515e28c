# SPDX-License-Identifier: GPL-3.0-or-later
"""What every headless command shares: exit codes, errors, passphrase reading, the unlocked
vault, reading files from outside with a cap, and printing untrusted text. Qt-free.

Command modules (desktop/cli/<group>.py) import this module and the core, never each other:
anything two groups need goes here. Passphrases are read from the terminal without echo or,
when standard input is not a terminal, one per line from standard input; never from argv or
the environment.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import desktop
from desktop import config
from desktop.errors import BastionError
from desktop.i18n import _
from desktop.vault import Vault
from desktop.vault.passphrase import check_new_passphrase

if TYPE_CHECKING:
    from desktop.journal import Journal
    from desktop.profiles import Profile
    from desktop.signing import SecretKey

log = logging.getLogger(__name__)

# What a command group's `run` dispatches to: one subcommand, its exit status.
Handler = Callable[[argparse.Namespace, "PassphraseReader"], int]

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
            import getpass  # termios and friends: only for a terminal, not for the window

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


class GivenPassphrase(PassphraseReader):
    """The passphrase line already read from piped standard input, before what follows it."""

    def __init__(self, passphrase: str) -> None:
        super().__init__()
        self._passphrase = passphrase

    def read(self, prompt: str) -> str:
        return self._passphrase


def content_line(reader: PassphraseReader, prompt: str) -> tuple[PassphraseReader, str]:
    """One line of journal content (search words, a tag) from standard input, never argv,
    where every user of the computer can read it: on a terminal asked for without echo,
    before the passphrase; piped, the line after the passphrase. Returns the reader that
    then gives the passphrase."""
    if reader.interactive:
        return reader, reader.read(prompt)
    given = GivenPassphrase(reader.read(_("Passphrase: ")))
    return given, reader.read(prompt)


MAX_KEY_FILE = 4 * 1024
LINE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
TEXT_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps \t and \n
# Unicode format characters (general category Cf, Unicode 14) but ZWNJ and ZWJ (U+200C,
# U+200D), which Arabic, Persian and Indic text needs to be spelt right: the bidi controls
# (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that reorder what follows them,
# and invisible ones (soft hyphen, zero-width space, word joiner, BOM, tag characters) that
# hide text. tests/cli/test_output.py checks this list against unicodedata.
FORMAT_CONTROL = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


def top_parser() -> argparse.ArgumentParser:
    """Only the options that come before a command: all the window needs."""
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
    return parser


def print_error(message: str) -> None:
    print(f"bastion: {message}", file=sys.stderr)


def run_printing(work: Callable[[], int]) -> int:
    """Run a command that prints; its exit code. A reader of standard output that leaves
    early (`bastion journal list | head -1`, `bastion info --json | true`) ends it quietly:
    no traceback, no "Exception ignored … BrokenPipeError" at exit, exit code 1."""
    try:
        code = work()
        if sys.stdout is not None:  # None in a windowed build with no console
            sys.stdout.flush()  # here, not at exit, where a failure can only be printed
    except BrokenPipeError:
        # What is still buffered goes to the null device, so the flush Python makes on the
        # way out cannot fail again.
        with contextlib.suppress(OSError, AttributeError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, sys.stdout.fileno())
            finally:
                os.close(devnull)
        return EXIT_FAILED
    return code


def data_dir(args: argparse.Namespace) -> Path:
    return config.resolve_data_dir(args.data_dir)


@contextlib.contextmanager
def unlocked(args: argparse.Namespace, reader: PassphraseReader) -> Iterator[Vault]:
    """The vault of --data-dir, unlocked with a passphrase read now, locked afterwards.

    What a killed run left (evidence files, partial outbox reports) is removed first, as
    the window does at unlock, so every command that opens the vault tidies.
    """
    vault = Vault(data_dir(args))
    vault.unlock(reader.read(_("Passphrase: ")))
    try:
        _tidy(vault)
        yield vault
    finally:
        vault.lock()


def _tidy(vault: Vault) -> None:
    from desktop.reports.housekeeping import tidy  # only once unlocked (start-up time)

    try:
        removed = tidy(vault)
    except BastionError as exc:  # never a reason to refuse the command: nothing is exposed
        log.warning("could not tidy the vault's folders: %s", type(exc).__name__)
        return
    if removed:
        log.info("removed %d unfinished file(s)", removed)


@contextlib.contextmanager
def opened(args: argparse.Namespace, reader: PassphraseReader) -> Iterator[Journal]:
    from desktop.journal import Journal

    with unlocked(args, reader) as vault:
        yield Journal(vault)


def line(text: str) -> str:
    """Untrusted text (journal, pack, report titles, profile names) on one line, with no
    control characters, so it cannot drive the terminal, and with every format character
    (FORMAT_CONTROL) shown as `\\u202e`, so it can neither reorder nor hide what is printed
    and a reader sees that something was there."""
    return escape_format(LINE_CONTROL.sub("", text.replace("\t", " ").replace("\n", " ")))


def text_block(text: str) -> str:
    """Untrusted text of several lines (a narrative): as line(), keeping tabs and newlines."""
    return escape_format(TEXT_CONTROL.sub("", text))


def escape_format(text: str) -> str:
    """Each FORMAT_CONTROL character as a visible escape: `\\u202e`, `\\U000e0041`."""

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return FORMAT_CONTROL.sub(escaped, text)


def read_capped(name: str, limit: int, unreadable: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `unreadable` (already
    translated) when it cannot be opened or read. NotAFileError for a folder, a device or a
    pipe and FileTooLargeError beyond `limit`, both checked on the opened file before
    anything is read (no check-then-open race, nothing large held in memory)."""
    from desktop.fsutil import read_outside_file

    try:
        return read_outside_file(Path(name), limit)
    except OSError:
        raise CommandError(unreadable) from None


def public_key_line(text: str) -> str:
    """--key: a .pub file, or the key's base64 line itself. Returns the line."""
    from desktop.signing import PublicKey

    # Anything that exists is taken for a file, so a folder or a pipe is refused as such
    # rather than read as a key line.
    if os.path.exists(text):
        unreadable = _("The public key file could not be read.")
        text = read_capped(text, MAX_KEY_FILE, unreadable).decode("utf-8", errors="replace")
    return PublicKey.parse(text).line()


def read_secret_key(name: str, reader: PassphraseReader) -> SecretKey:
    """A minisign secret key file; its passphrase, if it has one, is read from `reader`."""
    from desktop.signing import SecretKey, secret_key_is_encrypted

    unreadable = _("The secret key file could not be read. Check that it exists and is a file.")
    data = read_capped(name, MAX_KEY_FILE, unreadable)
    password = None
    if secret_key_is_encrypted(data):
        password = reader.read(_("Passphrase of the secret key: "))
    return SecretKey.parse(data, password)


# ---------------------------------------------------------------------- profiles
def marked(name: str) -> str:
    """A name from a profile, with a marker when one word mixes alphabets (a look-alike)."""
    from desktop.messages.profiles import mixed_scripts_marker
    from desktop.profiles.checks import mixed_scripts

    return f"{name} [{mixed_scripts_marker()}]" if mixed_scripts(name) else name


def print_fingerprint(label: str, kind: str, key: str) -> None:
    from desktop.signing.fingerprints import fingerprint

    print(line(_("{label}: {key}").format(label=label, key=key)))
    print("    " + _("fingerprint: {digits}").format(digits=fingerprint(kind, key)))


def print_profile(profile: Profile) -> None:
    """A profile as `profile verify|import` and `kit verify` show it: untrusted text through
    line(), every fingerprint the printed card lists."""
    from datetime import date

    today = date.today()
    show = _("{label}: {value}")
    name = marked(profile.name)
    print(line(show.format(label=_("Organisation"), value=f"{name} ({profile.org_id})")))
    print(show.format(label=_("Version"), value=profile.version))
    print(show.format(label=_("Issued"), value=profile.issued.isoformat()))
    if profile.expires is None:
        expiry = _("never")
    elif profile.expired(today):
        expiry = _("{day}, EXPIRED: ask the organisation for a current profile").format(
            day=profile.expires.isoformat()
        )
    else:
        expiry = profile.expires.isoformat()
    print(show.format(label=_("Expires"), value=expiry))
    print_fingerprint(_("Signing key"), "minisign", profile.signing_key)
    print(_("Recipients (reports are encrypted to each of them):"))
    for recipient in profile.recipients:
        print_fingerprint("  " + marked(recipient.label), "age", recipient.key)
    for label, url in (
        (_("Upload address"), profile.intake_url),
        (_("Update address"), profile.update_url),
    ):
        if url:
            print(line(show.format(label=label, value=url)))
    for key in profile.pack_keys:
        print_fingerprint(_("Training pack key"), "minisign", key)
    kinds = {"email": _("email"), "phone": _("phone"), "url": _("web"), "other": _("other")}
    for contact in profile.contacts:
        kind = kinds.get(contact.kind, contact.kind)
        print(line(show.format(label=contact.label, value=f"{contact.value} ({kind})")))
