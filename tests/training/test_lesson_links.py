# SPDX-License-Identifier: GPL-3.0-or-later
"""`lesson:` links: accepted only to a lesson of the same pack, kept by rendering and by
translations, and never listed with the web links the reader asks about."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.training.archive import source_files
from desktop.training.blocks import split_blocks, translation_problem
from desktop.training.errors import PackInvalidError, PackProblem
from desktop.training.render import markdown_problems, render_lesson, render_markdown
from desktop.training.validate import load_pack
from tests.training.sample import write_sample_pack

LESSON_FILE = "pathways/basics/accounts/two-factor.en.md"
TARGET = "basics/devices/encryption"  # a lesson in another module, later in the pack


def with_link(tmp_path: Path, href: str) -> Path:
    folder = write_sample_pack(tmp_path / "pack")
    (folder / LESSON_FILE).write_text(
        f"Turn on *two-factor authentication*. See [encryption]({href}).\n", encoding="utf-8"
    )
    return folder


def problems(folder: Path) -> list[PackProblem]:
    with pytest.raises(PackInvalidError) as caught:
        load_pack(source_files(folder))
    return list(caught.value.problems)


def test_a_link_to_a_lesson_of_the_pack_is_accepted_and_kept(tmp_path: Path) -> None:
    pack = load_pack(source_files(with_link(tmp_path, f"lesson:{TARGET}")))
    lesson = pack.lesson("basics/accounts/two-factor")
    assert lesson is not None
    rendered = render_lesson(pack, lesson, "en")
    assert f'<a href="lesson:{TARGET}">encryption</a>' in rendered.html
    assert rendered.links == ()  # only web links: those are the ones the reader asks about


@pytest.mark.parametrize(
    "href",
    [
        "lesson:basics/devices/missing",  # no such lesson
        "lesson:basics/devices",  # a module, not a lesson
        "lesson:../devices/encryption",
        f"lesson:./{TARGET}",
        f"lesson:/{TARGET}",
        f"lesson:{TARGET}#keys",  # no anchors: the key exactly
        f"lesson:{TARGET}?x=1",
        f"LESSON:{TARGET}",
        "lesson:",
        f"pack:{TARGET}",
        "mailto:stewards@wikimedia.org",
        TARGET,  # relative: not a lesson link
        "http://example.org/",
    ],
)
def test_other_targets_are_a_link_problem(tmp_path: Path, href: str) -> None:
    found = problems(with_link(tmp_path, href))
    assert [(p.file, p.line, p.code) for p in found] == [(LESSON_FILE, 1, "link")]


def test_without_the_pack_lessons_a_lesson_link_is_a_problem_and_dropped() -> None:
    text = f"See [encryption](lesson:{TARGET}).\n"
    assert [p.code for p in markdown_problems("l.en.md", text.encode(), {})] == ["link"]
    assert markdown_problems("l.en.md", text.encode(), {}, {TARGET}) == []
    html, links = render_markdown(text, "l.en.md", {})
    assert "href" not in html
    html, links = render_markdown(text, "l.en.md", {}, {TARGET})
    assert f'href="lesson:{TARGET}"' in html
    assert links == ()


def test_a_translation_must_keep_the_lesson_target() -> None:
    block = split_blocks(f"See the [glossary](lesson:{TARGET}).\n")[0]
    assert translation_problem(block, f"Voir le [glossaire](lesson:{TARGET}).") is None
    assert translation_problem(block, "Voir le glossaire.") == "links"
    other = "Voir le [glossaire](lesson:basics/devices/updates)."
    assert translation_problem(block, other) == "links"
