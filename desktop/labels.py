# SPDX-License-Identifier: GPL-3.0-or-later
"""Translated labels and locale-aware formatting for journal data, shared by the CLI and the UI.

Qt-free (the UI's direction helpers are in desktop/ui/journal/labels.py). Errors are not here:
`desktop.messages` turns those into sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from desktop.i18n import _, current_language, ngettext, pgettext

if TYPE_CHECKING:
    # Imported where used: the window builds the CLI parser, which imports this module, and
    # the journal is not needed to show the first screen.
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


def _locale() -> str:
    return current_language()


def format_occurred(occurred: Occurred) -> str:
    """The date (and time and zone, if known) in the current language; "≈" marks a guess."""
    from babel.dates import format_date, format_time

    text = format_date(occurred.date, format="medium", locale=_locale())
    if occurred.time is not None:
        text += " " + format_time(occurred.time, format="short", locale=_locale())
    if occurred.zone:
        text += f" ({occurred.zone})"
    return f"≈ {text}" if occurred.approximate else text


def format_timestamp(iso_utc: str) -> str:
    """A stored UTC timestamp in local time, in the current language."""
    from babel.dates import format_datetime

    moment = datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_datetime(moment.astimezone(), format="medium", locale=_locale())


def attachment_count(n: int) -> str:
    return ngettext("{count} attachment", "{count} attachments", n).format(count=n)


def format_size(size: int) -> str:
    from babel.numbers import format_decimal

    units = (
        pgettext("file size", "{size} B"),
        pgettext("file size", "{size} KB"),
        pgettext("file size", "{size} MB"),
        pgettext("file size", "{size} GB"),
    )
    value = float(size)
    index = 0
    while value >= 1000 and index < len(units) - 1:
        value /= 1000
        index += 1
    shown = format_decimal(round(value, 1 if index else 0), locale=_locale())
    return units[index].format(size=shown)


def format_percent(percent: int) -> str:
    """A whole percentage written the way the current language writes it ("40 %", «٤٠٪»)."""
    from babel.numbers import format_percent as babel_percent

    return str(babel_percent(percent / 100, locale=_locale()))


def metadata_label(state: str) -> str:
    labels = {
        "removed": _("hidden image information removed"),
        "kept": _("hidden image information kept"),
        "unsupported": _("an image format Bastion cannot clean"),
        "not-image": _("not an image"),
    }
    return labels.get(state, state)


def format_list(items: Iterable[str]) -> str:
    """Items joined the way the current language writes a list ("a, b", «أ، ب»)."""
    from babel.lists import format_list as babel_list

    values = list(items)
    if len(values) < 2:
        return "".join(values)
    return str(babel_list(values, style="standard", locale=_locale()))


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
