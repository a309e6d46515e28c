# SPDX-License-Identifier: GPL-3.0-or-later
"""Translated labels of journal data (categories, severities, fields, metadata states), for the
CLI, the window and the report document alike. Qt-free.

The category vocabulary itself is data (categories.toml, loaded by model.py); here it gets
the current language. Errors are not here: `desktop.messages` turns those into sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.i18n import _, ngettext, pgettext
from desktop.i18n.formats import format_clock, format_day

if TYPE_CHECKING:
    from desktop.journal.model import Occurred


def severity_label(severity: str) -> str:
    labels = {
        "low": pgettext("severity", "Low"),
        "medium": pgettext("severity", "Medium"),
        "high": pgettext("severity", "High"),
        "emergency": pgettext("severity", "Emergency"),
    }
    return labels.get(severity, severity)


def category_label(category_id: str) -> str:
    from desktop.journal.model import category

    found = category(category_id)
    return pgettext("category", found.label) if found else category_id


def category_description(category_id: str) -> str:
    from desktop.journal.model import category

    found = category(category_id)
    return pgettext("category", found.description) if found else ""


def category_choices() -> list[tuple[str, str]]:
    """(id, translated label) in the order of categories.toml."""
    from desktop.journal.model import categories

    return [(c.id, pgettext("category", c.label)) for c in categories()]


def format_occurred(occurred: Occurred) -> str:
    """The date (and time and zone, if known) in the current language; "≈" marks a guess."""
    text = format_day(occurred.date)
    if occurred.time is not None:
        text += " " + format_clock(occurred.time)
    if occurred.zone:
        text += f" ({occurred.zone})"
    return f"≈ {text}" if occurred.approximate else text


def attachment_count(n: int) -> str:
    return ngettext("{count} attachment", "{count} attachments", n).format(count=n)


def metadata_label(state: str) -> str:
    labels = {
        "removed": _("hidden image information removed"),
        "kept": _("hidden image information kept"),
        "unsupported": _("an image format Bastion cannot clean"),
        "not-image": _("not an image"),
    }
    return labels.get(state, state)


def field_label(name: str) -> str:
    labels = {
        "id": _("Id"),
        "title": _("Title"),
        "when": _("When"),
        "category": _("Category"),
        "severity": _("Severity"),
        "place": _("Place"),
        "people": _("People"),
        "links": _("Links"),
        "narrative": _("What happened"),
        "tags": _("Tags"),
        "attachments": _("Attachments"),
        "recorded_at": _("Recorded (UTC)"),
        "updated_at": _("Last changed (UTC)"),
        "revision": _("Revisions"),
        "head_hash": _("Latest revision hash"),
    }
    return labels.get(name, name)
