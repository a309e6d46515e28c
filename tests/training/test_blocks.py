# SPDX-License-Identifier: GPL-3.0-or-later
"""Lesson Markdown cut into translatable blocks and put back (desktop/training/blocks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.training.blocks import (
    CELL,
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    compose,
    split_blocks,
    translation_problem,
)
from desktop.training.render import parser

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "training" / "default"
LESSON = """\
Intro line one
continues here.

## Steps ##

1. First step
   wraps.
2. Second step.
   - Nested **item** with [a link](https://example.org/a).

> A quote
> that wraps.

| What | Where |
|---|---|
| a \\| b | c |

```
code stays
```

Hard break\\
next line.
"""


def test_blocks_and_their_kinds() -> None:
    blocks = split_blocks(LESSON)
    assert [(b.kind, b.text) for b in blocks] == [
        (PARAGRAPH, "Intro line one continues here."),
        (HEADING, "Steps"),
        (ITEM, "First step wraps."),
        (ITEM, "Second step."),
        (ITEM, "Nested **item** with [a link](https://example.org/a)."),
        (QUOTE, "A quote that wraps."),
        (CELL, "What"),
        (CELL, "Where"),
        (CELL, "a | b"),
        (CELL, "c"),
        (PARAGRAPH, "Hard break\\\nnext line."),
    ]
    assert (blocks[0].line, blocks[1].line, blocks[2].line) == (1, 4, 6)


def test_translations_are_put_back_in_the_english_structure() -> None:
    blocks = split_blocks(LESSON)
    text = compose(LESSON, blocks, [f"T{n} {b.text}" for n, b in enumerate(blocks)])
    html = parser().render(text)
    assert "<h2>T1 Steps</h2>" in html
    assert "<li>T2 First step wraps.</li>" in html
    assert '<li>T4 Nested <strong>item</strong> with <a href="https://example.org/a">' in html
    assert "<blockquote>\n<p>T5 A quote that wraps.</p>" in html
    assert "<td>T8 a | b</td>" in html
    assert "code stays" in html
    assert "T10 Hard break<br />" in html
    # Untranslated blocks are the English lines, unchanged.
    partial = compose(LESSON, blocks, [None] * len(blocks))
    assert partial == LESSON


@pytest.mark.parametrize("path", sorted(DEFAULT.rglob("*.en.md")), ids=lambda p: p.stem)
def test_every_default_lesson_survives_a_round_trip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    blocks = split_blocks(text)
    assert blocks
    same = compose(text, blocks, [b.text for b in blocks])
    assert parser().render(same) == parser().render(text)
    marked = compose(text, blocks, ["ÜÜ " + b.text for b in blocks])
    assert parser().render(marked).count("ÜÜ ") == len(blocks)
    assert all(translation_problem(b, "ÜÜ " + b.text) is None for b in blocks)


def test_crlf_lessons() -> None:
    text = "Para one\r\nline two\r\n\r\n- item\r\n"
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == ["Para one line two", "item"]
    assert compose(text, blocks, ["X", "Y"]) == "X\n\n- Y\n"


@pytest.mark.parametrize(
    ("index", "translation", "problem"),
    [
        (0, "Eins\n\nZwei", "markdown"),
        (0, "- Eins", "markdown"),
        (0, "# Eins", "markdown"),
        (0, "> Eins", "markdown"),
        (0, "Eins\n===", "markdown"),
        (0, "```\nEins", "markdown"),
        (1, "Schritte\nmehr", "markdown"),
        (1, "Schritte\rmehr", "markdown"),
        (2, "1. Erster Schritt", "markdown"),
        (4, "Verschachtelt **Punkt** mit [Link](https://example.org/b).", "links"),
        (4, "Verschachtelt **Punkt** ohne Link.", "links"),
        (4, "Verschachtelt mit [Link](https://example.org/a).", None),
        (8, "a | b", None),
        (8, "a\nb", "markdown"),
        (0, "x" * 8001, "too-long"),
    ],
)
def test_translation_problems(index: int, translation: str, problem: str | None) -> None:
    assert translation_problem(split_blocks(LESSON)[index], translation) == problem
