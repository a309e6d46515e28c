# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for training pack errors; merged into desktop.messages' one table.

The same rules hold: what happened and what to do, translated, and
nothing from the pack but the file names and field names our own checks let through.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.messages.common import problem_summary
from desktop.training import errors as pack_errors


def describe_pack_problem(problem: pack_errors.PackProblem) -> str:
    """One problem in a pack's files, for the trainer who has to fix it."""
    texts = {
        "missing-file": _("this file is missing"),
        "unexpected-file": _("this file is not part of the pack format, or nothing refers to it"),
        "bad-name": _("a file name uses characters that are not allowed"),
        "not-utf8": _("the file is not UTF-8 text"),
        "syntax": _("this is not valid YAML"),
        "yaml-feature": _("anchors, aliases and tags are not allowed"),
        "too-deep": _("lists and sections are nested too deeply"),
        "required": _("this field is missing"),
        "unknown": _("this field is not part of the pack format"),
        "type": _("this has the wrong type (text, number, list or translations)"),
        "empty": _("this is empty"),
        "too-long": _("this is too long"),
        "too-many": _("this list has too many items"),
        "too-few": _("this list has too few items"),
        "duplicate": _("this appears more than once"),
        "invalid": _("this is not in the expected form"),
        "out-of-range": _("this number is out of range"),
        "language": _("this language is not listed in pack.yaml"),
        "no-correct": _("no choice is marked correct"),
        "several-correct": _("a single-choice question has more than one correct choice"),
        "link": _("links must start with https://, or name a lesson of this pack as lesson:KEY"),
        "image": _("images must be files in the pack's images folder"),
        "format": _("this pack format is not supported"),
        "future": _("this date is after today"),
        "markdown": _(
            "this translation must stay one block: no blank line, and no list marker, heading "
            "mark or quote mark of its own"
        ),
        "links": _(
            "this translation must keep the link addresses, image names and placeholders in "
            "braces of the English"
        ),
        "unknown-context": _("this message (msgctxt) is not in the pack"),
    }
    text = texts.get(problem.code, _("this is not valid"))
    if problem.field:
        text = _("{field}: {problem}").format(field=problem.field, problem=text)
    if problem.line:
        return _("{file}, line {line}: {problem}").format(
            file=problem.file, line=problem.line, problem=text
        )
    return _("{file}: {problem}").format(file=problem.file, problem=text)


def problem_lines(exc: BaseException) -> list[str]:
    """Every problem of a PackInvalidError, one line each (for `bastion pack build`)."""
    return [describe_pack_problem(p) for p in getattr(exc, "problems", ())]


def _invalid(exc: BaseException) -> str:
    return _(
        "This training pack has mistakes, so it was not used. Whoever made it needs to correct "
        "them. {details}"
    ).format(details=problem_summary(problem_lines(exc)))


def _archive(exc: BaseException) -> str:
    reason = getattr(exc, "reason", "")
    texts = {
        "not-a-pack": _("This file is not a training pack."),
        "too-large": _("This pack is larger than Bastion accepts."),
        "too-many-files": _("This pack holds more files than Bastion accepts."),
        "file-too-large": _("A file in this pack is larger than Bastion accepts."),
        "traversal": _("A file in this pack tries to reach outside the pack."),
        "absolute": _("A file in this pack has an absolute path."),
        "link": _("This pack contains a link to another file, which is not allowed."),
        "not-a-file": _("This pack contains something that is not an ordinary file."),
        "duplicate": _("Two files in this pack have the same name."),
        "bad-name": _("A file name in this pack uses characters that are not allowed."),
        "encrypted": _("This pack contains password-protected files."),
        "compression": _("This pack uses a compression method Bastion does not accept."),
        "damaged": _("This pack is damaged."),
    }
    text = texts.get(reason, _("This pack is damaged."))
    return _("{problem} It was refused and nothing was changed.").format(problem=text)


def _manifest(exc: BaseException) -> str:
    reason = getattr(exc, "reason", "")
    if reason == "malformed":
        return _("This pack's list of files (manifest.json) cannot be read. It was refused.")
    if reason == "mismatch":
        return _(
            "This pack's list of files (manifest.json) does not agree with pack.yaml. It was "
            "refused."
        )
    # The file concerned is not named: the error's `member` is for the trainer's tools.
    return _(
        "This pack's content does not match its list of files, so it may have been changed "
        "after it was signed. It was refused and nothing was changed."
    )


def _rollback(exc: BaseException) -> str:
    return _(
        "This pack (version {offered}) is older than the one you already have (version "
        "{installed}), so it was refused. Someone may be trying to bring back outdated advice."
    ).format(offered=getattr(exc, "offered", 0), installed=getattr(exc, "installed", 0))


def _import(exc: BaseException) -> str:
    return _("The translations have mistakes, so nothing was imported. {details}").format(
        details=problem_summary(problem_lines(exc))
    )


def _language(exc: BaseException) -> str:
    if getattr(exc, "reason", "") == "source":
        return _("English is the language the pack is translated from. Give another language.")
    return _(
        "This language is not in the pack's list of languages. Add its code to “languages” "
        "in pack.yaml first."
    )


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    pack_errors.TranslationImportError: _import,
    pack_errors.TranslationLanguageError: _language,
    pack_errors.PackInvalidError: _invalid,
    pack_errors.PackArchiveError: _archive,
    pack_errors.PackManifestError: _manifest,
    pack_errors.PackUnreadableError: lambda _e: _(
        "The training pack could not be read. Check that the file is still there, and the USB "
        "stick still connected, then try again. Nothing was changed."
    ),
    pack_errors.PackSignatureMissingError: lambda _e: _(
        "The pack's signature was not found, so the pack cannot be trusted. It must be in the "
        "same folder as the pack, with the same name and “.minisig” added. Ask whoever gave "
        "you the pack for it."
    ),
    pack_errors.PackUntrustedError: lambda _e: _(
        "This pack is signed with a key Bastion does not trust, so it was refused. Packs are "
        "accepted from Bastion's own key and from organisations whose profile you imported "
        "and confirmed."
    ),
    pack_errors.PackRollbackError: _rollback,
    pack_errors.PackSameVersionError: lambda e: _(
        "You already have version {version} of this pack. Nothing was changed."
    ).format(version=getattr(e, "installed", 0)),
    pack_errors.PackTooNewError: lambda _e: _(
        "This pack needs a newer version of Bastion. Update Bastion to use it."
    ),
    pack_errors.PackNotFoundError: lambda _e: _(
        "That training content is not available any more. It may have been replaced by an update."
    ),
}
