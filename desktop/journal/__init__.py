# SPDX-License-Identifier: GPL-3.0-or-later
"""The encrypted incident journal (Qt-free). See docs/journal.md.

Names are loaded on first use (PEP 562): `desktop.messages` imports the journal's errors at
start-up, and the rest of the journal is not needed to show the unlock screen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "AttachmentInfo": "evidence",
    "AttachmentSource": "evidence",
    "MetadataState": "evidence",
    "IntegrityProblem": "integrity",
    "VerifyReport": "integrity",
    "SEVERITIES": "model",
    "Category": "model",
    "EntryContent": "model",
    "Occurred": "model",
    "Person": "model",
    "categories": "model",
    "category": "model",
    "Cursor": "store",
    "Entry": "store",
    "EntrySummary": "store",
    "Filter": "store",
    "Journal": "store",
    "Revision": "store",
}

__all__ = [
    "SEVERITIES",
    "AttachmentInfo",
    "AttachmentSource",
    "Category",
    "Cursor",
    "Entry",
    "EntryContent",
    "EntrySummary",
    "Filter",
    "IntegrityProblem",
    "Journal",
    "MetadataState",
    "Occurred",
    "Person",
    "Revision",
    "VerifyReport",
    "categories",
    "category",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"desktop.journal.{module}"), name)


if TYPE_CHECKING:
    from desktop.journal.evidence import AttachmentInfo, AttachmentSource, MetadataState
    from desktop.journal.integrity import IntegrityProblem, VerifyReport
    from desktop.journal.model import (
        SEVERITIES,
        Category,
        EntryContent,
        Occurred,
        Person,
        categories,
        category,
    )
    from desktop.journal.store import Cursor, Entry, EntrySummary, Filter, Journal, Revision
