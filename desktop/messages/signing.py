# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for signature and signing-key errors (packs, profiles, kits)."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.signing import errors as signing_errors

MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    signing_errors.MalformedKeyError: lambda _e: _(
        "This is not a minisign key that Bastion can read, or the key file is damaged. "
        "Check that you chose the right file."
    ),
    signing_errors.MalformedSignatureError: lambda _e: _(
        "The signature is damaged or is not a minisign signature, so the file cannot be "
        "trusted. Ask for the file and its signature again."
    ),
    signing_errors.LegacySignatureError: lambda _e: _(
        "This signature uses minisign's old format (made with “minisign -l”), which Bastion "
        "does not accept. Ask for the file to be signed again without -l."
    ),
    signing_errors.UnknownKeyError: lambda _e: _(
        "The file was signed with a different key than the one expected, so it cannot be "
        "trusted. Ask the organisation which key they use, through a channel you already trust."
    ),
    signing_errors.BadSignatureError: lambda _e: _(
        "The signature does not match: the file or its signature was changed after signing. "
        "Do not use it. Ask for both again."
    ),
    signing_errors.WrongKeyPasswordError: lambda _e: _(
        "That passphrase does not unlock the secret key. Check the keyboard language or "
        "layout and Caps Lock, then try again."
    ),
}
