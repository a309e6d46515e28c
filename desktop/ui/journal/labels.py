# SPDX-License-Identifier: GPL-3.0-or-later
"""Translated labels and locale-aware formatting shared by the journal's widgets."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop.i18n import N_, current_language, ngettext, pgettext
from desktop.journal.model import Occurred, categories, category

_SEVERITY = {
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "emergency": N_("Emergency"),
}


def severity_label(severity: str) -> str:
    return pgettext("severity", _SEVERITY.get(severity, severity))


def category_label(category_id: str) -> str:
    found = category(category_id)
    return pgettext("category", found.label) if found else category_id


def category_description(category_id: str) -> str:
    found = category(category_id)
    return pgettext("category", found.description) if found else ""


def category_choices() -> list[tuple[str, str]]:
    """(id, translated label) in the order of categories.toml."""
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


# ---------------------------------------------------------------- text direction
def text_direction(text: str) -> Qt.LayoutDirection | None:
    """Direction of the first strong character (Unicode bidi classes L, R, AL); None if none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return None


def follow_typed_direction(widget: QLineEdit | QPlainTextEdit) -> None:
    """Make a field lay its text out in the direction of what is typed, not of the UI.

    An Arabic username in an English UI reads right to left, and an English URL in an Arabic
    UI reads left to right. Empty fields follow the UI.
    """

    def update() -> None:
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        direction = text_direction(text)
        parent: QWidget | None = widget.parentWidget()
        fallback = parent.layoutDirection() if parent is not None else widget.layoutDirection()
        chosen = direction or fallback
        if widget.layoutDirection() != chosen:
            widget.setLayoutDirection(chosen)

    widget.textChanged.connect(update)
    update()
