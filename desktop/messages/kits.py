# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for trainer kits (desktop/kits): building one, and checking one from a stick."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _, available_codes, ngettext
from desktop.kits import errors as kit_errors


def _input(exc: BaseException) -> str:
    assert isinstance(exc, kit_errors.KitInputError)
    what = {
        "profile": _("The profile"),
        "pack": _("A training pack"),
        "installer": _("An installer"),
    }.get(exc.role, _("A file"))
    why = {
        "not-a-file": _("{what} is not a file (a folder, a device or a pipe)."),
        "name": _(
            "{what} has a name a kit cannot carry. Use only the Latin letters A to Z, digits, "
            "dots, hyphens, plus signs and underscores, starting with a letter or a digit."
        ),
        "duplicate": _("{what} has the same name as another file of the kit. Rename one."),
    }.get(exc.reason, _("{what} could not be read. Check that it exists and is a file."))
    return why.format(what=what) + " " + _("Nothing was written.")


def _not_found(exc: BaseException) -> str:
    assert isinstance(exc, kit_errors.KitNotFoundError)
    if exc.what == "folder":
        return _("This folder could not be opened. Check that it is there and is a folder.")
    return _(
        "This folder is not a whole Bastion kit: it lacks SHA256SUMS, its signature or the "
        "organisation's profile. Do not use it; ask your trainer for a new copy."
    )


def _content(exc: BaseException) -> str:
    assert isinstance(exc, kit_errors.KitContentError)
    count = len(exc.problems)
    return ngettext(
        "{count} file in this kit is not as the organisation signed it. Do not install "
        "anything from it; ask your trainer for a new copy.",
        "{count} files in this kit are not as the organisation signed them. Do not install "
        "anything from it; ask your trainer for a new copy.",
        count,
    ).format(count=count)


def problem(kind: str) -> str:
    """One line per file of a KitContentError; the path follows it."""
    return {
        "changed": _("changed:"),
        "missing": _("missing:"),
        "added": _("added:"),
    }.get(kind, _("not a plain file:"))


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    kit_errors.KitOutputExistsError: lambda _e: _(
        "The output folder already exists and is not empty. Choose a new folder, or empty "
        "it first. Nothing was written."
    ),
    kit_errors.KitInputError: _input,
    kit_errors.KitKeyMismatchError: lambda _e: _(
        "This secret key is not the profile's signing key, so it cannot sign the kit. Use "
        "the key that signed the profile. Nothing was written."
    ),
    kit_errors.KitLanguageError: lambda _e: _(
        "Bastion has no translation for a language given with --language, so the kit's "
        "instructions cannot be written in it. Languages it has: {codes}. Nothing was written."
    ).format(codes=", ".join(available_codes())),
    kit_errors.KitNotFoundError: _not_found,
    kit_errors.KitContentError: _content,
    kit_errors.KitManifestError: lambda _e: _(
        "This kit's list of files is damaged or does not match its content. Do not use it; "
        "ask your trainer for a new copy."
    ),
    kit_errors.KitTooNewError: lambda _e: _(
        "This kit was made by a newer version of Bastion. Install the newer Bastion first, "
        "from a source you trust."
    ),
    kit_errors.KitKeyChangedError: lambda _e: _(
        "The kit is signed correctly, but by a different key than the one given with --key. "
        "Do not trust this kit."
    ),
}
