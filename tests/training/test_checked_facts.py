# SPDX-License-Identifier: GPL-3.0-or-later
"""`checked:` facts of a lesson: validated, kept in the model, and the year-old ones listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.training.archive import build_archive, read_archive, source_files
from desktop.training.errors import PackInvalidError
from desktop.training.facts import facts_to_recheck
from desktop.training.model import CheckedFact
from desktop.training.validate import load_pack
from tests.training.sample import FIRST_MODULE, write_sample_pack

MODULE = "pathways/basics/accounts/module.yaml"
ANCHOR = '      - "https://meta.wikimedia.org/wiki/Password_strength_requirements"\n'
FACT = """\
      - fact: "Wikimedia accounts need passwords of at least 8 characters"
        source: "https://meta.wikimedia.org/wiki/Password_strength_requirements"
        on: 2025-01-02
"""


def with_checked(tmp_path: Path, entries: str) -> Path:
    folder = write_sample_pack(tmp_path / "pack")
    path = folder / MODULE
    text = path.read_text(encoding="utf-8")
    assert ANCHOR in text
    path.write_text(text.replace(ANCHOR, ANCHOR + "    checked:\n" + entries), encoding="utf-8")
    return folder


def problems(folder: Path, today: date | None = None) -> list[tuple[int, str, str]]:
    with pytest.raises(PackInvalidError) as caught:
        load_pack(source_files(folder), today)
    return [(p.line, p.code, p.field) for p in caught.value.problems]


def test_checked_facts_are_read_and_kept_in_the_archive(tmp_path: Path) -> None:
    # `on:` is a boolean to YAML 1.1 when it is a key; here it must be the word.
    folder = with_checked(tmp_path, FACT)
    pack = load_pack(source_files(folder), date(2026, 12, 7))
    lesson = pack.lesson(f"{FIRST_MODULE}/passwords")
    assert lesson is not None
    assert lesson.checked == (
        CheckedFact(
            "Wikimedia accounts need passwords of at least 8 characters",
            "https://meta.wikimedia.org/wiki/Password_strength_requirements",
            date(2025, 1, 2),
        ),
    )
    # The archive holds the source files, so an installed pack has the same facts.
    _manifest, files = read_archive(build_archive(pack, "2026-12-07T00:00:00Z"))
    assert load_pack(files).lesson(lesson.key) == lesson


def test_facts_checked_more_than_a_year_ago(tmp_path: Path) -> None:
    pack = load_pack(source_files(with_checked(tmp_path, FACT)))
    assert facts_to_recheck(pack, date(2026, 1, 2)) == []  # exactly 365 days
    old = facts_to_recheck(pack, date(2026, 1, 3))
    assert [(key, fact.on) for key, fact in old] == [
        (f"{FIRST_MODULE}/passwords", date(2025, 1, 2))
    ]


def test_a_date_in_the_future_is_refused_only_at_build(tmp_path: Path) -> None:
    folder = with_checked(tmp_path, FACT)
    assert problems(folder, date(2025, 1, 1)) == [(16, "future", "lessons[0].checked[0].on")]
    load_pack(source_files(folder))  # installing on a computer with a wrong clock


@pytest.mark.parametrize(
    ("entry", "code", "field"),
    [
        ('      - fact: ""\n        source: "https://a.example"\n        on: 2025-01-02\n',
         "empty", "fact"),
        (f'      - fact: "{"x" * 241}"\n        source: "https://a.example"\n'
         "        on: 2025-01-02\n", "too-long", "fact"),
        ('      - fact: "two\\nlines"\n        source: "https://a.example"\n'
         "        on: 2025-01-02\n", "invalid", "fact"),
        ('      - fact: "a"\n        source: "http://a.example"\n        on: 2025-01-02\n',
         "invalid", "source"),
        ('      - fact: "a"\n        source: "https://a.example"\n        on: 2025-02-30\n',
         "invalid", ""),
        ('      - fact: "a"\n        source: "https://a.example"\n        on: soon\n',
         "invalid", "on"),
        ('      - fact: "a"\n        source: "https://a.example"\n', "required", "on"),
        ('      - fact: "a"\n        source: "https://a.example"\n        on: 2025-01-02\n'
         "        by: me\n", "unknown", "by"),
    ],
)  # fmt: skip
def test_bad_checked_entries_are_reported(
    tmp_path: Path, entry: str, code: str, field: str
) -> None:
    found = problems(with_checked(tmp_path, entry))
    assert any(c == code and f.endswith(field) for _line, c, f in found), found


def test_at_most_forty_facts(tmp_path: Path) -> None:
    found = problems(with_checked(tmp_path, FACT * 41))
    assert [(c, f) for _line, c, f in found] == [("too-many", "lessons[0].checked")]
