# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the Learn area is: (kind, pack id, key) for each page, one level above each, and the
lesson to continue with. Qt-free: plain functions over the packs and their progress."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from desktop.training.model import Pack, Text
from desktop.training.progress import Progress, next_lesson

OVERVIEW, PATHWAY, MODULE, LESSON, CHECKLIST, QUIZ = (
    "overview", "pathway", "module", "lesson", "checklist", "quiz",
)  # fmt: skip
# The key is a pathway id, a module key ("pathway/module") or a lesson key, by kind.
Location = tuple[str, str, str]
HOME: Location = (OVERVIEW, "", "")


def module_key_of(lesson_key: str) -> str:
    return lesson_key.rpartition("/")[0]


def exists(packs: Mapping[str, Pack], location: Location) -> bool:
    kind, pack_id, key = location
    if kind == OVERVIEW:
        return True
    pack = packs.get(pack_id)
    if pack is None:
        return False
    if kind == PATHWAY:
        return pack.pathway(key) is not None
    if kind == LESSON:
        return pack.lesson(key) is not None
    return pack.module(key) is not None


def parent(location: Location) -> Location:
    """One level up: lesson, checklist or quiz → module → pathway → overview."""
    kind, pack_id, key = location
    if kind == MODULE:
        return PATHWAY, pack_id, key.partition("/")[0]
    if kind == LESSON:
        return MODULE, pack_id, module_key_of(key)
    if kind in (CHECKLIST, QUIZ):
        return MODULE, pack_id, key
    return HOME


def title_of(
    packs: Mapping[str, Pack], location: Location, shown: Callable[[Text], str]
) -> str | None:
    """The title of a pathway or module place (None for others, or when it is gone)."""
    kind, pack_id, key = location
    pack = packs.get(pack_id)
    if pack is None:
        return None
    found = pack.pathway(key) if kind == PATHWAY else pack.module(key) if kind == MODULE else None
    return shown(found.title) if found is not None else None


def continue_target(
    packs: Mapping[str, Pack],
    progress: Mapping[str, Progress],
    position: tuple[str, str] | None,
) -> tuple[str, str] | None:
    """(pack id, lesson key) to continue with: the lesson opened last while unread, else the
    next unread one after it; None before any lesson was opened or when all are read."""
    if position is None:
        return None
    pack_id, key = position
    pack = packs.get(pack_id)
    if pack is None:
        return None
    done = progress.get(pack_id, Progress())
    if pack.lesson(key) is not None and key not in done.read:
        return pack_id, key
    following = next_lesson(pack, done, key)
    return (pack_id, following) if following is not None else None
