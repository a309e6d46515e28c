# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentences for organisation profile and recipient errors."""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.messages.common import problem_summary
from desktop.profiles import errors as profile_errors


def describe_profile_problem(problem: profile_errors.ProfileProblem) -> str:
    """One problem of a profile document, for the organisation that has to fix it.

    `problem.path` is a field path from our own parser ("recipients[2].key"; key names from
    the document appear only if they are plain [A-Za-z0-9_-], else "?"), so it may be shown.
    """
    code = problem.code
    texts = {
        "too-large": _("The file is larger than 64 KiB."),
        "not-utf8": _("The file is not UTF-8 text."),
        "not-json": _("The file is not valid JSON."),
        "too-deep": _("The file's JSON is nested too deeply."),
        "number": _("The file holds a number too large to use."),
        "not-object": _("The file must hold one JSON object."),
        "required": _("this field is missing"),
        "unknown": _("this field is not part of the profile format"),
        "duplicate": _("this appears more than once"),
        "type": _("this has the wrong type (text, number or list)"),
        "empty": _("this is empty"),
        "too-long": _("this is too long"),
        "too-many": _("this list has too many items"),
        "whitespace": _("this starts or ends with spaces"),
        "control": _("this contains control or text-direction characters"),
        "looks-like-key": _("this looks like a key or a fingerprint"),
        "invalid": _("this is not in the expected form"),
        "out-of-range": _("this number is out of range"),
        "insecure-url": _("this address must start with https://"),
        "credentials": _("this address must not contain a user name or password"),
        "before-issued": _("the expiry date is before the issue date"),
    }
    text = texts.get(code, _("this is not valid"))
    if not problem.path:
        return text
    return _("{field}: {problem}").format(field=problem.path, problem=text)


def mixed_scripts_marker() -> str:
    """Shown next to an organisation name or recipient label whose letters come from more than
    one alphabet in one word (checks.mixed_scripts): it may imitate another name."""
    # Translators: a short warning next to a name in which one word mixes letters of
    # different alphabets (Latin "a" and Cyrillic "а" look the same), so it may imitate
    # another organisation's name.
    return _("mixed scripts")


def _profile_invalid(exc: BaseException) -> str:
    problems = tuple(getattr(exc, "problems", ()))
    details = problem_summary([describe_profile_problem(p) for p in problems])
    return (
        _(
            "This profile is not valid, so it was not used. The organisation that made it needs "
            "to correct it. {details}"
        )
        .format(details=details)
        .rstrip()
    )


def _label_invalid(exc: BaseException) -> str:
    code = getattr(exc, "code", "")
    if code == "empty":
        return _("Give the recipient a name, so you can recognise it later.")
    if code == "too-long":
        return _("The recipient's name is too long. Use a shorter one.")
    if code == "whitespace":
        return _("The recipient's name starts or ends with spaces. Remove them.")
    if code == "looks-like-key":
        return _(
            "The recipient's name looks like a key or a fingerprint. Use a name without groups "
            "of digits or long codes."
        )
    return _("The recipient's name contains characters that cannot be used.")


MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {
    profile_errors.ProfileInvalidError: _profile_invalid,
    profile_errors.ProfileTooNewError: lambda _e: _(
        "This profile was made for a newer version of Bastion. Update Bastion to use it."
    ),
    profile_errors.ProfileKeyChangedError: lambda _e: _(
        "This update is signed by a different key than the profile you already have, so it "
        "was refused. It may be forged. Ask the organisation directly, on a channel you "
        "trust, whether they changed their key."
    ),
    profile_errors.ProfileRollbackError: lambda _e: _(
        "This profile is older than the one you already have, so it was refused. Someone may "
        "be trying to bring back outdated recipients."
    ),
    profile_errors.ProfileVersionReusedError: lambda _e: _(
        "This profile has the same version number as the one you already have, but different "
        "contents, so it was refused. Ask the organisation for a new version."
    ),
    profile_errors.ProfileUnchangedError: lambda _e: _(
        "You already have this exact profile. Nothing was changed."
    ),
    profile_errors.ProfileNotFoundError: lambda _e: _(
        "There is no organisation profile with that id. It may have been removed."
    ),
    profile_errors.ProfileNotVerifiedError: lambda _e: _(
        "The organisation's fingerprints have not been confirmed yet, so reports are not "
        "encrypted to it. Compare the fingerprints with the organisation first."
    ),
    profile_errors.RecipientKeyInvalidError: lambda _e: _(
        "That is not an age public key. It starts with “age1”. Never use a key that starts "
        "with “AGE-SECRET-KEY”."
    ),
    profile_errors.RecipientLabelInvalidError: _label_invalid,
    profile_errors.RecipientExistsError: lambda _e: _(
        "This key is already in your list of recipients."
    ),
    profile_errors.RecipientNotFoundError: lambda _e: _(
        "That recipient is no longer in your list. It may have been removed."
    ),
    profile_errors.RecipientNotVerifiedError: lambda _e: _(
        "This recipient's fingerprint has not been confirmed yet, so reports are not "
        "encrypted to it. Compare the fingerprint with its owner first."
    ),
    profile_errors.ProfileUnreadableError: lambda _e: _(
        "The profile file could not be read. Check that it exists and is a file, not a folder."
    ),
    profile_errors.ProfileSignatureMissingError: lambda _e: _(
        "The profile's signature was not found, so the profile cannot be trusted. It must be "
        "in the same folder as the profile, with the same name and “.minisig” added (for "
        "example wmf.json.minisig). Ask the organisation for it."
    ),
}
