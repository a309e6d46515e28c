# SPDX-License-Identifier: GPL-3.0-or-later
"""Lesson rendering: sanitised HTML, no remote resources, links only listed, English fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.training.archive import source_files
from desktop.training.model import Pack
from desktop.training.render import render_lesson, render_markdown
from desktop.training.validate import load_pack
from tests.training.sample import write_sample_pack

FILES = {"images/lock.png": b"png", "pathways/p/m/l.en.md": b""}
LESSON = "pathways/p/m/l.en.md"


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return load_pack(source_files(write_sample_pack(tmp_path / "pack")))


def test_lesson_in_the_app_language(pack: Pack) -> None:
    lesson = pack.lesson("basics/accounts/passwords")
    assert lesson is not None
    rendered = render_lesson(pack, lesson, "ar")
    assert (rendered.language, rendered.fallback) == ("ar", False)
    assert "<strong>كلمة مرور مختلفة</strong>" in rendered.html


def test_missing_translation_falls_back_to_english_and_says_so(pack: Pack) -> None:
    lesson = pack.lesson("basics/accounts/two-factor")
    assert lesson is not None
    rendered = render_lesson(pack, lesson, "ar")
    assert (rendered.language, rendered.fallback) == ("en", True)
    assert render_lesson(pack, lesson, "en").fallback is False


def test_links_are_kept_and_listed_images_come_from_the_pack(pack: Pack) -> None:
    lesson = pack.lesson("basics/accounts/passwords")
    assert lesson is not None
    rendered = render_lesson(pack, lesson, "en")
    url = "https://meta.wikimedia.org/wiki/Password_strength_requirements"
    assert rendered.links == (url,)
    assert f'<a href="{url}">' in rendered.html
    assert '<img src="pack:images/lock.png" alt="A strong password">' in rendered.html


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="https://tracker.example/x.png">', "<img"),
        ("<iframe src=https://x></iframe>", "<iframe"),
        ('<a href="https://x" onclick="steal()">x</a>', "<a "),
        ("[x](javascript:alert(1))", 'href="javascript'),
        ("[x](file:///etc/passwd)", 'href="file'),
        ("[x](http://plain.example)", 'href="http://'),
        ("![x](https://tracker.example/pixel.png)", "tracker.example"),
        ("![x](../../../../secret.png)", "secret.png"),
        ('<style>body{background:url("https://x")}</style>', "<style"),
    ],
)
def test_nothing_active_or_remote_survives(markdown: str, forbidden: str) -> None:
    html, links = render_markdown(markdown, LESSON, FILES)
    assert forbidden not in html
    assert links == ()


def test_raw_html_is_shown_as_text_not_dropped_silently() -> None:
    html, _links = render_markdown("Type <b>this</b>", LESSON, FILES)
    assert "&lt;b&gt;this&lt;/b&gt;" in html


def test_tables_and_lists_render() -> None:
    html, _links = render_markdown("- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n", LESSON, FILES)
    assert "<li>a</li>" in html
    assert "<td>1</td>" in html
