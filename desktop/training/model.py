# SPDX-License-Identifier: GPL-3.0-or-later
"""What a training pack is made of, once read and checked (docs/training-packs.md).

Everything here is immutable and plain: the UI and the CLI read these objects, progress refers
to them by key (`pathway/module/lesson`), and nothing here touches the vault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

LEVELS = ("beginner", "intermediate", "advanced")
SINGLE = "single"
MULTIPLE = "multiple"
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Text:
    """One piece of text in the languages the pack has it in; English is always there."""

    values: Mapping[str, str]
    # (file, line) of the English, for translators' catalogs (`#: file:line`); not content.
    where: tuple[str, int] = field(default=("", 0), compare=False, repr=False)

    def pick(self, language: str) -> tuple[str, str]:
        """(text, language it is in): the app's language, else English."""
        if language in self.values:
            return self.values[language], language
        return self.values[FALLBACK_LANGUAGE], FALLBACK_LANGUAGE

    def get(self, language: str) -> str:
        return self.pick(language)[0]


@dataclass(frozen=True)
class CheckedFact:
    """A time-sensitive fact of a lesson, when and where it was last checked (reviewers only)."""

    fact: str
    source: str  # an https:// address
    on: date


@dataclass(frozen=True)
class Lesson:
    id: str
    key: str  # "pathway/module/lesson": how progress refers to it
    minutes: int
    title: Text
    # Language code → path of the Markdown file inside the pack.
    files: Mapping[str, str]
    # Where the facts were checked: for reviewers, never shown to learners.
    sources: tuple[str, ...] = ()
    # Time-sensitive facts and the day each was checked: for reviewers, never shown.
    checked: tuple[CheckedFact, ...] = ()
    # Language → (Markdown, complete) put together from the pack's PO catalogs: blocks whose
    # translation is missing or stale are in English, and `complete` is False.
    texts: Mapping[str, tuple[str, bool]] = field(default_factory=dict, compare=False)

    def file_for(self, language: str) -> tuple[str, str]:
        """(path, language) of the lesson text to show: the app's language, else English."""
        if language in self.files:
            return self.files[language], language
        return self.files[FALLBACK_LANGUAGE], FALLBACK_LANGUAGE


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    key: str  # "pathway/module/item"
    text: Text


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text
    correct: bool
    feedback: Text | None


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # SINGLE or MULTIPLE
    text: Text
    choices: tuple[Choice, ...]

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices if c.correct)


@dataclass(frozen=True)
class Quiz:
    pass_mark: int  # percent of questions answered right
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Module:
    id: str
    key: str  # "pathway/module"
    title: Text
    summary: Text
    lessons: tuple[Lesson, ...]
    checklist: tuple[ChecklistItem, ...]
    quiz: Quiz | None

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


@dataclass(frozen=True)
class Pathway:
    id: str
    title: Text
    level: str
    summary: Text
    modules: tuple[Module, ...]

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)


@dataclass(frozen=True)
class Pack:
    id: str
    version: int
    min_app_version: str
    expires: date | None
    title: Text
    publisher: Text
    languages: tuple[str, ...]
    pathways: tuple[Pathway, ...]
    # Path inside the pack → bytes of every file (lessons, images, YAML).
    files: Mapping[str, bytes] = field(repr=False, compare=False, default_factory=dict)

    def pathway(self, pathway_id: str) -> Pathway | None:
        return next((p for p in self.pathways if p.id == pathway_id), None)

    def module(self, key: str) -> Module | None:
        pathway_id, _, module_id = key.partition("/")
        pathway = self.pathway(pathway_id)
        if pathway is None:
            return None
        return next((m for m in pathway.modules if m.id == module_id), None)

    def lesson(self, key: str) -> Lesson | None:
        module_key, _, lesson_id = key.rpartition("/")
        module = self.module(module_key)
        if module is None:
            return None
        return next((lesson for lesson in module.lessons if lesson.id == lesson_id), None)

    def lesson_keys(self) -> tuple[str, ...]:
        return tuple(lesson.key for p in self.pathways for m in p.modules for lesson in m.lessons)

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires
