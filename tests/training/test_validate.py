# SPDX-License-Identifier: GPL-3.0-or-later
"""Pack validation: every problem reported with its file and line, nothing silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.training.archive import source_files
from desktop.training.errors import PackInvalidError, PackProblem
from desktop.training.model import MULTIPLE, SINGLE
from desktop.training.validate import load_pack
from tests.training.sample import FIRST_MODULE, PACK_ID, write_sample_pack

MODULE_FILE = "pathways/basics/accounts/module.yaml"


def problems(folder: Path) -> list[PackProblem]:
    with pytest.raises(PackInvalidError) as caught:
        load_pack(source_files(folder))
    return list(caught.value.problems)


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write_sample_pack(tmp_path / "pack")


def test_the_sample_pack_loads_into_the_model(sample: Path) -> None:
    pack = load_pack(source_files(sample))
    assert (pack.id, pack.version, pack.languages) == (PACK_ID, 3, ("en", "ar"))
    pathway = pack.pathways[0]
    assert (pathway.id, pathway.level, pathway.minutes) == ("basics", "beginner", 18)
    module = pack.module(FIRST_MODULE)
    assert module is not None
    assert module.quiz is not None
    assert [lesson.key for lesson in module.lessons] == [
        "basics/accounts/passwords",
        "basics/accounts/two-factor",
    ]
    assert module.lessons[0].files == {
        "en": "pathways/basics/accounts/passwords.en.md",
        "ar": "pathways/basics/accounts/passwords.ar.md",
    }
    assert module.lessons[0].sources == (
        "https://meta.wikimedia.org/wiki/Password_strength_requirements",
    )
    assert [q.kind for q in module.quiz.questions] == [SINGLE, MULTIPLE, SINGLE, SINGLE]
    assert module.quiz.questions[1].correct_ids == {"app", "key"}
    assert module.checklist[1].key == "basics/accounts/unique"
    assert pack.pathways[0].title.pick("ar") == ("الأساسيات", "ar")
    assert module.title.pick("ar") == ("Accounts", "en")  # falls back per item


def test_every_problem_is_reported_with_file_and_line(sample: Path) -> None:
    edit(sample, MODULE_FILE, "    minutes: 4\n", "    minutes: 400\n    colour: red\n")
    edit(sample, MODULE_FILE, "kind: multiple", "kind: many")
    edit(sample, "pathways/basics/pathway.yaml", "level: beginner", "level: expert")
    found = problems(sample)
    assert PackProblem(MODULE_FILE, 7, "out-of-range", "lessons[0].minutes") in found
    assert PackProblem(MODULE_FILE, 8, "unknown", "lessons[0].colour") in found
    kind_line = line_of(sample, MODULE_FILE, "kind: many")
    assert PackProblem(MODULE_FILE, kind_line, "invalid", "quiz.questions[1].kind") in found
    assert PackProblem("pathways/basics/pathway.yaml", 4, "invalid", "level") in found
    assert len(found) == 4


@pytest.mark.parametrize(
    ("old", "new", "code", "field"),
    [
        ("title:\n  en: Accounts", "title:\n  ar: حسابات", "required", "title.en"),
        ("title:\n  en: Accounts", "title:\n  fr: Comptes", "language", "title.fr"),
        ("title:\n  en: Accounts", "title: Accounts", "type", "title"),
        ("title:\n  en: Accounts", 'title:\n  en: "  "', "empty", "title.en"),
        ("pass_mark: 75", "pass_mark: 0", "out-of-range", "quiz.pass_mark"),
        ("pass_mark: 75", "pass_mark: high", "type", "quiz.pass_mark"),
        ("  - id: two-factor", "  - id: Two_Factor", "invalid", "lessons[1].id"),
        ("  - id: two-factor", "  - id: passwords", "duplicate", "lessons"),
        ('id: "no"\n          correct: true', 'id: "no"\n          correct: false',
         "no-correct", "quiz.questions[0].choices"),
        ("id: page\n          correct: false", "id: page\n          correct: true",
         "several-correct", "quiz.questions[2].choices"),
        ("          correct: false\n          text:\n            en: \"Yes\"",
         "          correct: maybe\n          text:\n            en: \"Yes\"", "type",
         "quiz.questions[0].choices[0].correct"),
        ("      - \"https://meta", "      - \"http://meta", "invalid", "lessons[0].sources"),
    ],
)  # fmt: skip
def test_a_field_problem_names_the_field(
    sample: Path, old: str, new: str, code: str, field: str
) -> None:
    edit(sample, MODULE_FILE, old, new)
    found = [p for p in problems(sample) if p.file == MODULE_FILE]
    assert (code, field) in [(p.code, p.field) for p in found]
    assert all(p.line > 0 for p in found)


def test_yaml_syntax_errors_give_the_line(sample: Path) -> None:
    edit(sample, MODULE_FILE, "summary:\n  en: Keep", "summary:\n  en: [Keep")
    (found,) = problems(sample)
    assert (found.file, found.code) == (MODULE_FILE, "syntax")
    assert found.line >= 4


@pytest.mark.parametrize(
    "text",
    [
        "base: &a {en: x}\ntitle: *a\n",  # aliases: the "billion laughs" bomb
        "title: !!python/object:os.system {en: x}\n",
        "title: !custom {en: x}\n",
    ],
)
def test_anchors_aliases_and_tags_are_refused(sample: Path, text: str) -> None:
    (sample / MODULE_FILE).write_text(text, encoding="utf-8")
    found = problems(sample)
    assert (found[0].file, found[0].code) == (MODULE_FILE, "yaml-feature")


def test_duplicate_keys_are_refused_not_overwritten(sample: Path) -> None:
    edit(sample, MODULE_FILE, "summary:", "title:\n  en: Again\nsummary:")
    found = problems(sample)
    assert [(p.code, p.field) for p in found] == [("duplicate", "title")]


def test_missing_and_unexpected_files(sample: Path) -> None:
    (sample / "pathways/basics/accounts/two-factor.en.md").unlink()
    (sample / "pathways/basics/accounts/notes.txt").write_text("x")
    (sample / "pathways/basics/accounts/two-factor.fr.md").write_text("x")
    (sample / "pathways/basics/devices/module.yaml").unlink()
    found = {(p.file, p.code) for p in problems(sample)}
    assert found == {
        (MODULE_FILE, "missing-file"),
        ("pathways/basics/accounts/notes.txt", "unexpected-file"),
        ("pathways/basics/accounts/two-factor.fr.md", "unexpected-file"),
        ("pathways/basics/devices/module.yaml", "missing-file"),
    }


@pytest.mark.parametrize(
    ("markdown", "code"),
    [
        ("See [this](http://example.org).", "link"),
        ("See [this](../devices/updates.en.md).", "link"),
        ("![x](https://example.org/track.png)", "image"),
        ("![x](../../../pack.yaml)", "image"),
        ("![x](../../../../outside.png)", "image"),
        ("![x](../../../images/missing.png)", "image"),
    ],
)
def test_lesson_links_and_images_are_checked(sample: Path, markdown: str, code: str) -> None:
    lesson = "pathways/basics/accounts/two-factor.en.md"
    (sample / lesson).write_text(f"Intro.\n\n{markdown}\n", encoding="utf-8")
    assert [(p.file, p.line, p.code) for p in problems(sample)] == [(lesson, 3, code)]


def test_pack_yaml_problems(sample: Path) -> None:
    edit(sample, "pack.yaml", "format: 1", "format: 2")
    edit(sample, "pack.yaml", "languages: [en, ar]", "languages: [ar, Arabic]")
    edit(sample, "pack.yaml", 'min_app_version: "0.1.0"', "min_app_version: soon\nexpires: someday")
    found = {(p.code, p.field) for p in problems(sample)}
    assert {
        ("format", "format"),
        ("invalid", "languages"),
        ("required", "languages.en"),
        ("invalid", "min_app_version"),
        ("type", "expires"),
    } <= found


def test_bad_file_names_are_refused(sample: Path) -> None:
    (sample / "images" / "with space.png").write_bytes(b"x")
    assert ("?", "bad-name") in {(p.file, p.code) for p in problems(sample)}
