# SPDX-License-Identifier: GPL-3.0-or-later
"""What changed between two revisions, field by field, for the history view."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from desktop.journal.model import content_to_dict

# The order fields are shown in; names match content_to_dict's keys plus "attachments".
FIELDS = (
    "title",
    "when",
    "category",
    "severity",
    "place",
    "people",
    "links",
    "narrative",
    "tags",
    "attachments",
)


@dataclass(frozen=True)
class Change:
    field: str
    added: tuple[str, ...]  # lines (or list items) that appear in the newer revision
    removed: tuple[str, ...]  # lines (or list items) that are gone from it


def _as_lines(name: str, value: Any) -> list[str]:
    if name == "when":
        parts = [value["date"], value.get("time") or "", value.get("zone") or ""]
        line = " ".join(p for p in parts if p)
        return [line + (" ~" if value.get("approximate") else "")]
    if name == "people":
        return [f"{p['username']} ({p['wiki']})" if p.get("wiki") else p["username"] for p in value]
    if name == "attachments":
        return [f"{a['name']} · {a['sha256'][:12]}" for a in value]
    if name == "narrative":
        return str(value).split("\n") if value else []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if value != "" else []


def changes(older: dict[str, Any] | None, newer: dict[str, Any]) -> list[Change]:
    """Field changes from `older` to `newer` (records as stored; None for the first revision)."""
    result = []
    for name in FIELDS:
        before = _as_lines(name, older[name]) if older is not None and name in older else []
        after = _as_lines(name, newer[name]) if name in newer else []
        if before == after:
            continue
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        added: list[str] = []
        removed: list[str] = []
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                removed.extend(before[a1:a2])
            if tag in ("replace", "insert"):
                added.extend(after[b1:b2])
        result.append(Change(name, tuple(added), tuple(removed)))
    return result


def record(content: Any, attachments: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """A revision's stored record, rebuilt from a `Revision` for `changes()`."""
    data = content_to_dict(content)
    data["attachments"] = list(attachments)
    return data
