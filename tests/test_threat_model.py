# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/threat-model.md links each claim to the test that proves it; these links must not rot.

A claim's proof is written right in the claim, as
``([tests/vault/test_header.py](../tests/vault/test_header.py) `test_a`, `test_b`)``: the link
must name a file that exists, and every backticked name right after it must be a function
defined in that file. Code spans that name a path (`desktop/fsutil.py::read_regular_file`,
`docs/journal.md`) must exist too. Each adversary in "Adversaries and what Bastion does", and
each later section of claims, must carry at least one link to a test.

A renamed or deleted test makes this fail, naming the line of the document to update.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "threat-model.md"

ADVERSARIES = "Adversaries and what Bastion does"
# Sections that list assets or limitations: nothing there is a claim to prove.
NO_CLAIMS = ("Assets", "Out of scope")

LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)\)")
# After a link: `name`, `name` and `name` (commas, "and" and line breaks between them).
NEXT_NAME = re.compile(r"\s*(?:,\s*)?(?:and\s+)?`(?P<name>[A-Za-z_]\w*)`")
# A path written as code: `tests/x.py`, `desktop/fsutil.py::read_regular_file`, `docs/sync.md`.
CODE_PATH = re.compile(r"`(?P<path>(?:tests|desktop|docs)/[\w./-]+?)(?:::(?P<name>\w+))?`")
HEADING = re.compile(r"^(?P<level>#{2,3}) (?P<title>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Link:
    line: int
    target: str  # as written, relative to docs/
    path: Path  # resolved
    names: tuple[str, ...]  # the backticked names right after the link

    @property
    def is_test(self) -> bool:
        return self.path.is_relative_to(ROOT / "tests") and self.path.suffix == ".py"


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def links(text: str, base: Path) -> list[Link]:
    """Every relative link in `text` (web and in-page links are not files to check)."""
    found = []
    for match in LINK.finditer(text):
        target = match["target"]
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        names = []
        position = match.end()
        while following := NEXT_NAME.match(text, position):
            names.append(following["name"])
            position = following.end()
        path = (base / target.split("#", 1)[0]).resolve()
        found.append(Link(line_of(text, match.start()), target, path, tuple(names)))
    return found


@cache
def defined_names(path: Path) -> frozenset[str]:
    """Functions (tests, fixtures, helpers, methods) and classes defined in a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return frozenset(node.name for node in ast.walk(tree) if isinstance(node, kinds))


def link_problems(text: str, base: Path) -> list[str]:
    problems = []
    for link in links(text, base):
        where = f"line {link.line}: {link.target}"
        if not link.path.is_file():
            problems.append(f"{where} does not exist")
            continue
        if link.names and link.path.suffix != ".py":
            problems.append(f"{where} names {', '.join(link.names)} but is not a Python file")
            continue
        for name in link.names:
            if name not in defined_names(link.path):
                problems.append(f"{where} has no `def {name}`")
    return problems


def code_path_problems(text: str, root: Path) -> list[str]:
    problems = []
    for match in CODE_PATH.finditer(text):
        where = f"line {line_of(text, match.start())}: `{match[0].strip('`')}`"
        path = root / match["path"]
        if not path.is_file():
            problems.append(f"{where}: {match['path']} does not exist")
        elif match["name"] and (
            path.suffix != ".py" or match["name"] not in defined_names(path.resolve())
        ):
            problems.append(f"{where}: {match['path']} defines no {match['name']}")
    return problems


def sections(text: str, level: int, within: str | None = None) -> dict[str, str]:
    """Heading title → body, for headings of `level` (2 or 3), optionally inside one `##`."""
    if within is not None:
        text = sections(text, 2)[within]
    marks = "#" * level
    headings = [m for m in HEADING.finditer(text) if m["level"] == marks]
    bodies = {}
    for this, after in zip(headings, [*headings[1:], None], strict=True):
        end = after.start() if after is not None else len(text)
        bodies[this["title"]] = text[this.end() : end]
    return bodies


def sections_without_test_links(text: str, base: Path) -> list[str]:
    missing = []
    adversaries = sections(text, 3, within=ADVERSARIES)
    for title, body in adversaries.items():
        if not any(link.is_test for link in links(body, base)):
            missing.append(title)
    for title, body in sections(text, 2).items():
        if title == ADVERSARIES or title.startswith(NO_CLAIMS):
            continue
        if not any(link.is_test for link in links(body, base)):
            missing.append(title)
    return missing


# ---------------------------------------------------------------- the document
@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_every_link_names_an_existing_file_and_test(doc: str) -> None:
    assert link_problems(doc, DOC.parent) == []


def test_every_path_written_as_code_exists(doc: str) -> None:
    assert code_path_problems(doc, ROOT) == []


def test_every_adversary_and_every_section_of_claims_links_a_test(doc: str) -> None:
    adversaries = sections(doc, 3, within=ADVERSARIES)
    # The numbered adversaries, in order: a heading this parser missed would go unchecked.
    numbers = [int(title.split(".", 1)[0]) for title in adversaries]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 4
    assert sections_without_test_links(doc, DOC.parent) == []


def test_the_document_links_many_tests(doc: str) -> None:
    # The checks above pass trivially on a document whose links the parser no longer sees.
    tests = [link for link in links(doc, DOC.parent) if link.is_test]
    assert len(tests) >= 50
    assert sum(len(link.names) for link in tests) >= 50


# ---------------------------------------------------------------- the checks can fail
SAMPLE = """\
# Threat model

## Assets

Nothing to prove here.

## Adversaries and what Bastion does

### 1. Someone with the device

- **Encrypted.** ([tests/vault/test_at_rest.py](../tests/vault/test_at_rest.py)
  `test_locked_vault_shows_no_plaintext`, `test_no_such_test`) and
  ([tests/vault/test_gone.py](../tests/vault/test_gone.py)); see `desktop/fsutil.py::nothing`.

### 2. Someone at the computer

- **Quick exit.** Claimed, and linked to nothing but [a page](reliability.md).

## The journal

- Claimed without a link.
"""


def test_broken_links_missing_tests_and_unlinked_sections_are_reported() -> None:
    base = DOC.parent
    assert link_problems(SAMPLE, base) == [
        "line 11: ../tests/vault/test_at_rest.py has no `def test_no_such_test`",
        "line 13: ../tests/vault/test_gone.py does not exist",
    ]
    assert code_path_problems(SAMPLE, ROOT) == [
        "line 13: `desktop/fsutil.py::nothing`: desktop/fsutil.py defines no nothing"
    ]
    assert sections_without_test_links(SAMPLE, base) == [
        "2. Someone at the computer",
        "The journal",
    ]
