# SPDX-License-Identifier: GPL-3.0-or-later
"""What a fingerprint check shows for a profile or a key, and the questions around it."""

from __future__ import annotations

from desktop.i18n import _
from desktop.profiles import ManualRecipient, StoredProfile
from desktop.ui.kit.direction import isolate, ltr
from desktop.ui.profiles.fingerprint_dialog import (
    ORGANISATION,
    OWN,
    PERSON,
    CheckSubject,
    KeyToCheck,
)


def profile_subject(stored: StoredProfile) -> CheckSubject:
    """Every key the profile carries: the printed card lists them all, and confirming the
    profile trusts them all."""
    profile = stored.profile
    keys = [KeyToCheck(_("Signing key: it signs the profile"), "minisign", profile.signing_key)]
    readers = _("Recipients: each of them can open the reports you send to this organisation.")
    keys += [
        KeyToCheck(r.label, "age", r.key, heading=readers if n == 0 else "")
        for n, r in enumerate(profile.recipients)
    ]
    keys += [
        KeyToCheck(
            # Translators: a key that signs training packs; {number} counts them from 1.
            _("Training pack key {number}").format(number=n),
            "minisign",
            key,
            heading=_("Keys that sign its training packs:") if n == 1 else "",
        )
        for n, key in enumerate(profile.pack_keys, start=1)
    ]
    return CheckSubject(
        owner=ORGANISATION,
        name=profile.name,
        keys=tuple(keys),
        # Translators: under the organisation's name in the fingerprint check.
        details=_("Version {version}, id {id}").format(
            version=profile.version, id=ltr(profile.org_id)
        ),
        trusted_before=stored.verified_at is not None,
    )


def recipient_subject(recipient: ManualRecipient) -> CheckSubject:
    return CheckSubject(
        owner=OWN if recipient.own else PERSON,
        name=recipient.label,
        keys=(KeyToCheck(recipient.label, "age", recipient.public_key),),
        trusted_before=recipient.verified_at is not None,
    )


def mismatch_question(subject: CheckSubject) -> str:
    """After "They do not match": what it means, and whether to remove it."""
    name = isolate(subject.name)
    if subject.trusted_before:
        # Profiles has no way to take a confirmation back: say plainly what still holds.
        return _(
            "Do not use {name}: the keys may not be what you confirmed before. Tell its "
            "owner what you found, over a channel you trust. Until you remove it, reports "
            "can still be encrypted to it.\n\nRemove it now? Reports you already sent are "
            "not affected."
        ).format(name=name)
    return _(
        "Do not use {name}: it may not come from who it claims to. Tell its owner what "
        "you found, over a channel you trust. It stays unconfirmed, so no report is "
        "encrypted to it.\n\nRemove it now? Reports you already sent are not affected."
    ).format(name=name)


def removal_question(kind: str, name: str) -> str:
    if kind == "org":
        return _(
            "Remove the profile of {name}? You will no longer be able to encrypt reports "
            "to it. Reports already sent or written are not affected."
        ).format(name=isolate(name))
    return _(
        "Remove the key {name}? You will no longer be able to encrypt reports to it. "
        "Reports already sent or written are not affected."
    ).format(name=isolate(name))


def withdrawal_question(name: str) -> str:
    return _(
        "Stop trusting {name}?\n\nNew reports will not be encrypted to it, and reports "
        "waiting in the outbox will not be uploaded to it, until you compare its "
        "fingerprints again. Its profile and the list of reports you already sent stay."
    ).format(name=isolate(name))
