# SPDX-License-Identifier: GPL-3.0-or-later
"""Quiz scoring and what counts as done: pure functions over a pack and recorded progress.

A module is complete when every lesson was read, every checklist item ticked and its quiz
passed. A pathway's progress counts those steps (one per lesson, per item, per quiz), so a long
checklist weighs as much as the work it takes; "time left" is the reading time of the lessons
not read yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

from desktop.training.model import SINGLE, Module, Pack, Pathway, Quiz


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    chosen: frozenset[str]
    right: bool


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    passed: bool
    questions: tuple[QuestionResult, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


@dataclass(frozen=True)
class Progress:
    """What the vault records for one pack."""

    read: Set[str] = frozenset()  # lesson keys read to the end
    opened: Set[str] = frozenset()  # lesson keys opened at least once
    seconds: Mapping[str, int] = field(default_factory=dict)  # lesson key → time spent
    checked: Set[str] = frozenset()  # checklist item keys ticked
    best: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # module → (right, of)
    passed: Set[str] = frozenset()  # module keys whose quiz was passed at least once
    attempts: Mapping[str, int] = field(default_factory=dict)  # module key → attempts


@dataclass(frozen=True)
class Status:
    done: int
    total: int
    minutes_left: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100


def score(quiz: Quiz, answers: Mapping[str, Set[str]]) -> QuizResult:
    """Each question is right when exactly its correct choices were chosen."""
    results = []
    for question in quiz.questions:
        known = {c.id for c in question.choices}
        chosen = frozenset(answers.get(question.id, frozenset())) & known
        if question.kind == SINGLE and len(chosen) > 1:
            chosen = frozenset()
        results.append(QuestionResult(question.id, chosen, chosen == question.correct_ids))
    correct = sum(r.right for r in results)
    total = len(results)
    passed = total > 0 and 100 * correct >= quiz.pass_mark * total
    return QuizResult(correct, total, passed, tuple(results))


def module_status(module: Module, progress: Progress) -> Status:
    done = sum(lesson.key in progress.read for lesson in module.lessons)
    done += sum(item.key in progress.checked for item in module.checklist)
    total = len(module.lessons) + len(module.checklist)
    if module.quiz is not None:
        total += 1
        done += module.key in progress.passed
    left = sum(lesson.minutes for lesson in module.lessons if lesson.key not in progress.read)
    return Status(done, total, left)


def pathway_status(pathway: Pathway, progress: Progress) -> Status:
    parts = [module_status(module, progress) for module in pathway.modules]
    return Status(
        sum(p.done for p in parts), sum(p.total for p in parts), sum(p.minutes_left for p in parts)
    )


def pack_status(pack: Pack, progress: Progress) -> Status:
    parts = [pathway_status(pathway, progress) for pathway in pack.pathways]
    return Status(
        sum(p.done for p in parts), sum(p.total for p in parts), sum(p.minutes_left for p in parts)
    )


def next_lesson(pack: Pack, progress: Progress, last: str | None = None) -> str | None:
    """The lesson to continue with: `last` (the lesson opened last) if it is not read yet,
    else the first unread one after it, else the first unread one in the pack; None when
    every lesson is read."""
    keys = pack.lesson_keys()
    start = keys.index(last) if last in keys else 0
    for key in keys[start:] + keys[:start]:
        if key not in progress.read:
            return key
    return None
