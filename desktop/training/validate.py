# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a pack's files into the model, collecting every problem with its file and line.

The same checks run on the bundled pack (a test), on `bastion pack build` (so a trainer sees all
mistakes at once) and on every install. Anything not in the format is refused rather than
ignored: a misspelt key must not silently drop a quiz's correct answer.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.training.errors import PackInvalidError, PackProblem
from desktop.training.facts import read_checked
from desktop.training.fields import (
    LANGUAGE,
    MAX_TITLE,
    MAX_VERSION,
    PACK_FILE,
    SEGMENT,
    VERSION_TEXT,
    FieldReader,
)
from desktop.training.model import (
    FALLBACK_LANGUAGE,
    LEVELS,
    MULTIPLE,
    SINGLE,
    ChecklistItem,
    Choice,
    Lesson,
    Module,
    Pack,
    Pathway,
    Question,
    Quiz,
)
from desktop.training.po import PO_DIR
from desktop.training.render import IMAGE_DIR, IMAGE_SUFFIXES, markdown_problems
from desktop.training.source import YMap
from desktop.training.translate import Coverage, translate_pack

FORMAT = 1


def app_version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def path_problem(path: str) -> str | None:
    """Why a file name inside a pack is refused (bad-name), or None."""
    parts = path.split("/")
    if len(path) > 240 or not all(SEGMENT.fullmatch(p) for p in parts):
        return "bad-name"
    return None


def load_pack(
    files: Mapping[str, bytes],
    today: date | None = None,
    languages: Collection[str] | None = None,
) -> Pack:
    """The pack made of `files` (path → bytes), with its translation catalogs applied.

    Raises PackInvalidError listing every problem. `today`: the build day, given by
    `bastion pack build` only, to refuse "checked" dates in the future (facts.py).
    `languages`: read only these catalogs (the reader's language), the others as if absent;
    None reads and checks all, as building, installing and importing a pack do.
    """
    return check_source(files, today, languages).pack


@dataclass(frozen=True)
class CheckedSource:
    source: Pack  # as written: English, and translations written beside it
    pack: Pack  # with the PO catalogs applied (what learners see)
    coverage: Mapping[str, Coverage]  # language → complete, stale, missing messages


def check_source(
    files: Mapping[str, bytes],
    today: date | None = None,
    languages: Collection[str] | None = None,
) -> CheckedSource:
    """load_pack, keeping the pack as written and each language's coverage (for build)."""
    reader = _Reader(files, today)
    pack = reader.pack()
    if reader.problems or pack is None:
        raise PackInvalidError(reader.problems or [PackProblem(PACK_FILE, 0, "missing-file")])
    translated, problems, coverage = translate_pack(pack, languages)
    if problems:
        raise PackInvalidError(problems)
    return CheckedSource(pack, translated, coverage)


class _Reader(FieldReader):
    """Walks pack.yaml, pathways, modules, lessons, checklists and quizzes into the model."""

    def __init__(self, files: Mapping[str, bytes], today: date | None) -> None:
        super().__init__(files)
        self.today = today
        # Lesson files are checked once every lesson is known: a `lesson:` link may name one
        # that comes later in the pack.
        self.markdown: list[str] = []

    # ------------------------------------------------------------------ documents

    def pack(self) -> Pack | None:
        for path in self.files:
            code = path_problem(path)
            if code:
                self.problems.append(PackProblem("?", 0, code))
        obj = self.document(PACK_FILE)
        if obj is None:
            return None
        self.keys(
            obj,
            "",
            {"format", "id", "version", "min_app_version", "title", "publisher", "languages",
             "pathways"},
            {"expires"},
        )  # fmt: skip
        if obj.get("format") != FORMAT:
            self.problem(obj.line_of("format"), "format", "format")
        pack_id = self.field(obj, "id", "", self.ident)
        version = self.integer(
            obj.get("version"), obj.line_of("version"), "version", 1, MAX_VERSION
        )
        min_app = obj.get("min_app_version")
        if not isinstance(min_app, str) or not VERSION_TEXT.fullmatch(min_app):
            self.problem(obj.line_of("min_app_version"), "invalid", "min_app_version")
            min_app = "0"
        expires = obj.get("expires")
        if expires is not None and (not isinstance(expires, date) or hasattr(expires, "hour")):
            self.problem(obj.line_of("expires"), "type", "expires")
            expires = None
        self.languages = self.language_list(obj)
        title = self.text(obj.get("title"), obj.line_of("title"), "title", MAX_TITLE)
        publisher = self.text(
            obj.get("publisher"), obj.line_of("publisher"), "publisher", MAX_TITLE
        )
        names = self.items(obj.get("pathways"), obj.line_of("pathways"), "pathways", 1, 50)
        ids = [
            (self.ident(n, names.line_of(i), "pathways"), names.line_of(i))
            for i, n in enumerate(names)
        ]
        self.file = PACK_FILE
        self.unique(ids, "pathways")
        pathways = tuple(self.pathway(pid) for pid, _ in dict.fromkeys(ids) if pid != "?")
        keys = {lesson.key for p in pathways if p for m in p.modules for lesson in m.lessons}
        for path in self.markdown:
            self.problems.extend(markdown_problems(path, self.files[path], self.files, keys))
        self.unused()
        return Pack(
            id=pack_id,
            version=version,
            min_app_version=min_app,
            expires=expires,
            title=title,
            publisher=publisher,
            languages=self.languages,
            pathways=tuple(p for p in pathways if p is not None),
            files=dict(self.files),
        )

    def language_list(self, obj: YMap) -> tuple[str, ...]:
        items = self.items(obj.get("languages"), obj.line_of("languages"), "languages", 1, 60)
        found: list[str] = []
        for i, code in enumerate(items):
            if not isinstance(code, str) or not LANGUAGE.fullmatch(code) or code in found:
                self.problem(
                    items.line_of(i), "invalid" if code not in found else "duplicate", "languages"
                )
            else:
                found.append(code)
        if FALLBACK_LANGUAGE not in found:
            self.problem(obj.line_of("languages"), "required", f"languages.{FALLBACK_LANGUAGE}")
            found.append(FALLBACK_LANGUAGE)
        return tuple(found)

    def pathway(self, pathway_id: str) -> Pathway | None:
        path = f"pathways/{pathway_id}/pathway.yaml"
        obj = self.document(path)
        if obj is None:
            self.used.update(p for p in self.files if p.startswith(f"pathways/{pathway_id}/"))
            return None
        self.keys(obj, "", {"title", "level", "summary", "modules"})
        title = self.text(obj.get("title"), obj.line_of("title"), "title", MAX_TITLE)
        summary = self.text(obj.get("summary"), obj.line_of("summary"), "summary")
        level = obj.get("level")
        if level not in LEVELS:
            self.problem(obj.line_of("level"), "invalid", "level")
            level = LEVELS[0]
        names = self.items(obj.get("modules"), obj.line_of("modules"), "modules", 1, 50)
        ids = [
            (self.ident(n, names.line_of(i), "modules"), names.line_of(i))
            for i, n in enumerate(names)
        ]
        self.unique(ids, "modules")
        modules = [self.module(pathway_id, mid) for mid, _ in dict.fromkeys(ids) if mid != "?"]
        return Pathway(pathway_id, title, str(level), summary, tuple(m for m in modules if m))

    def module(self, pathway_id: str, module_id: str) -> Module | None:
        folder = f"pathways/{pathway_id}/{module_id}"
        obj = self.document(f"{folder}/module.yaml")
        if obj is None:
            # Its lessons are not "unexpected": the one problem is the module file.
            self.used.update(p for p in self.files if p.startswith(folder + "/"))
            return None
        key = f"{pathway_id}/{module_id}"
        self.keys(obj, "", {"title", "summary", "lessons"}, {"checklist", "quiz"})
        title = self.text(obj.get("title"), obj.line_of("title"), "title", MAX_TITLE)
        summary = self.text(obj.get("summary"), obj.line_of("summary"), "summary")
        lessons = self.lessons(obj, folder, key)
        checklist = self.checklist(obj, key) if "checklist" in obj else ()
        quiz = self.quiz(obj.get("quiz"), obj.line_of("quiz")) if "quiz" in obj else None
        return Module(module_id, key, title, summary, lessons, checklist, quiz)

    def lessons(self, obj: YMap, folder: str, module_key: str) -> tuple[Lesson, ...]:
        document = self.file
        items = self.items(obj.get("lessons"), obj.line_of("lessons"), "lessons", 1, 20)
        result: list[Lesson] = []
        ids: list[tuple[str, int]] = []
        for i, item in enumerate(items):
            name = f"lessons[{i}]."
            if not isinstance(item, YMap):
                self.problem(items.line_of(i), "type", f"lessons[{i}]")
                continue
            self.keys(item, name, {"id", "minutes", "title"}, {"sources", "checked"})
            lesson_id = self.field(item, "id", name, self.ident)
            ids.append((lesson_id, item.line))
            minutes = self.integer(
                item.get("minutes"), item.line_of("minutes"), name + "minutes", 1, 60
            )
            title = self.text(item.get("title"), item.line_of("title"), name + "title", MAX_TITLE)
            sources = self.sources(item, name)
            checked = read_checked(self, item, name, self.today)
            files = self.lesson_files(folder, lesson_id) if lesson_id != "?" else {}
            self.file = document
            if lesson_id != "?" and FALLBACK_LANGUAGE not in files:
                self.problem(item.line, "missing-file", name + "id")
            if lesson_id != "?" and FALLBACK_LANGUAGE in files:
                key = f"{module_key}/{lesson_id}"
                result.append(Lesson(lesson_id, key, minutes, title, files, sources, checked))
        self.unique(ids, "lessons")
        return tuple(result)

    def sources(self, item: YMap, name: str) -> tuple[str, ...]:
        if "sources" not in item:
            return ()
        values = self.items(item["sources"], item.line_of("sources"), name + "sources", 0, 30)
        good = [s for s in values if isinstance(s, str) and s.startswith("https://")]
        for i, value in enumerate(values):
            if value not in good:
                self.problem(values.line_of(i), "invalid", f"{name}sources")
        return tuple(good)

    def lesson_files(self, folder: str, lesson_id: str) -> dict[str, str]:
        files: dict[str, str] = {}
        for language in self.languages:
            path = f"{folder}/{lesson_id}.{language}.md"
            if path in self.files:
                self.used.add(path)
                self.markdown.append(path)
                files[language] = path
        return files

    def checklist(self, obj: YMap, module_key: str) -> tuple[ChecklistItem, ...]:
        items = self.items(obj.get("checklist"), obj.line_of("checklist"), "checklist", 1, 50)
        result: list[ChecklistItem] = []
        for i, item in enumerate(items):
            name = f"checklist[{i}]."
            if not isinstance(item, YMap):
                self.problem(items.line_of(i), "type", f"checklist[{i}]")
                continue
            self.keys(item, name, {"id", "text"})
            item_id = self.field(item, "id", name, self.ident)
            text = self.text(item.get("text"), item.line_of("text"), name + "text")
            result.append(ChecklistItem(item_id, f"{module_key}/{item_id}", text))
        self.unique([(c.id, items.line_of(i)) for i, c in enumerate(result)], "checklist")
        return tuple(result)

    def quiz(self, value: Any, line: int) -> Quiz | None:
        if not isinstance(value, YMap):
            self.problem(line, "type", "quiz")
            return None
        self.keys(value, "quiz.", {"pass_mark", "questions"})
        mark = self.integer(
            value.get("pass_mark"), value.line_of("pass_mark"), "quiz.pass_mark", 1, 100
        )
        items = self.items(
            value.get("questions"), value.line_of("questions"), "quiz.questions", 1, 50
        )
        questions = [
            self.question(q, items.line_of(i), f"quiz.questions[{i}]") for i, q in enumerate(items)
        ]
        found = [q for q in questions if q is not None]
        self.unique([(q.id, items.line_of(i)) for i, q in enumerate(found)], "quiz.questions")
        return Quiz(mark, tuple(found))

    def question(self, obj: Any, line: int, name: str) -> Question | None:
        if not isinstance(obj, YMap):
            self.problem(line, "type", name)
            return None
        self.keys(obj, name + ".", {"id", "kind", "text", "choices"})
        question_id = self.field(obj, "id", name + ".", self.ident)
        kind = obj.get("kind")
        known_kind = kind in (SINGLE, MULTIPLE)
        if not known_kind:
            self.problem(obj.line_of("kind"), "invalid", name + ".kind")
        text = self.text(obj.get("text"), obj.line_of("text"), name + ".text")
        items = self.items(obj.get("choices"), obj.line_of("choices"), name + ".choices", 2, 8)
        choices = [
            self.choice(c, items.line_of(i), f"{name}.choices[{i}]") for i, c in enumerate(items)
        ]
        found = tuple(c for c in choices if c is not None)
        self.unique([(c.id, items.line_of(i)) for i, c in enumerate(found)], name + ".choices")
        correct = sum(c.correct for c in found)
        if correct == 0:
            self.problem(obj.line_of("choices"), "no-correct", name + ".choices")
        elif kind == SINGLE and correct > 1:  # an unknown kind is reported once, above
            self.problem(obj.line_of("choices"), "several-correct", name + ".choices")
        return Question(question_id, str(kind) if known_kind else SINGLE, text, found)

    def choice(self, obj: Any, line: int, name: str) -> Choice | None:
        if not isinstance(obj, YMap):
            self.problem(line, "type", name)
            return None
        self.keys(obj, name + ".", {"id", "text", "correct"}, {"feedback"})
        choice_id = self.field(obj, "id", name + ".", self.ident)
        correct = obj.get("correct")
        if not isinstance(correct, bool):
            self.problem(obj.line_of("correct"), "type", name + ".correct")
            correct = False
        text = self.text(obj.get("text"), obj.line_of("text"), name + ".text")
        feedback = None
        if "feedback" in obj:
            feedback = self.text(obj["feedback"], obj.line_of("feedback"), name + ".feedback")
        return Choice(choice_id, text, correct, feedback)

    def unused(self) -> None:
        for path in sorted(self.files):
            if path in self.used or path_problem(path) or path.startswith(PO_DIR + "/"):
                continue  # po/: the translation catalogs, checked by translate.py
            folder, _, name = path.rpartition("/")
            if folder == IMAGE_DIR and name.lower().endswith(IMAGE_SUFFIXES):
                continue
            self.problems.append(PackProblem(path, 0, "unexpected-file"))
