# SPDX-License-Identifier: GPL-3.0-or-later
"""What the help window shows, read on a worker: the contacts of every confirmed
organisation, and the training pack's lesson on threats of harm in the UI language.

The Wikimedia routes come from the pack, not from strings in the app, so they are the facts
the pack's editors checked and dated, and they change when the pack does.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.profiles import Profiles
from desktop.training.render import render_lesson
from desktop.training.store import Training
from desktop.vault import Vault

# The lesson on threats of physical harm (emergency@wikimedia.org, and what to write).
EMERGENCY_LESSON = "when-targeted/removal-and-reporting/threats-of-harm"


@dataclass(frozen=True)
class OrganisationContacts:
    name: str
    contacts: tuple[tuple[str, str, str], ...]  # (label, kind, value)


@dataclass(frozen=True)
class HelpContent:
    organisations: tuple[OrganisationContacts, ...]
    lesson_html: str  # sanitised by the pack's renderer; "" when no pack has the lesson
    lesson_in_english: bool  # shown in English: not translated into the UI language yet


def load_help(vault: Vault, language: str) -> HelpContent:
    organisations = tuple(
        OrganisationContacts(
            stored.profile.name,
            tuple((c.label, c.kind, c.value) for c in stored.profile.contacts),
        )
        for stored in Profiles(vault).all()
        # Only organisations whose fingerprints were compared: an unconfirmed profile's
        # phone number could be anyone's.
        if stored.verified_at is not None and stored.profile.contacts
    )
    html, english = "", False
    for pack in Training(vault).packs():
        lesson = pack.lesson(EMERGENCY_LESSON)
        if lesson is not None:
            rendered = render_lesson(pack, lesson, language)
            html, english = rendered.html, rendered.fallback
            break
    return HelpContent(organisations, html, english)
