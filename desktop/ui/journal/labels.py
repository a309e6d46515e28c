# SPDX-License-Identifier: GPL-3.0-or-later
"""Journal labels for the widgets, re-exported from desktop.journal.labels."""

from __future__ import annotations

from desktop.i18n.formats import format_size, format_timestamp
from desktop.journal.labels import (
    attachment_count,
    category_choices,
    category_description,
    category_label,
    field_label,
    format_occurred,
    metadata_label,
    severity_label,
)

__all__ = [
    "attachment_count",
    "category_choices",
    "category_description",
    "category_label",
    "field_label",
    "format_occurred",
    "format_size",
    "format_timestamp",
    "metadata_label",
    "severity_label",
]
