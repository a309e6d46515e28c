# SPDX-License-Identifier: GPL-3.0-or-later
"""What a pack holds, parsed: its YAML (pack.yaml, pathways, modules with checklists and
quizzes), its lesson Markdown (checked, then rendered) and its manifest.json.

tests/test_hostile_input.py already runs nesting bombs through the YAML reader and the
manifest, and tests/training/ the format's ordinary mistakes; these add mutations of every
file of the sample pack, documents made from scratch, and the YAML and Markdown features a
hand-written file can abuse.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from desktop.training.archive import MANIFEST, parse_manifest
from desktop.training.errors import PackInvalidError, PackManifestError
from desktop.training.render import MAX_LESSON_BYTES, markdown_problems, render_markdown
from desktop.training.source import load_yaml
from desktop.training.validate import load_pack
from tests.hostile.support import NASTY, edited_json, mutated, nasty_text, run
from tests.training.builders import manifest_for
from tests.training.sample import FILES as SOURCE

YAML_PARSER = "pack YAML (pack, pathways, modules)"
MARKDOWN_PARSER = "lesson Markdown"
MANIFEST_PARSER = "pack manifest.json"
FILES = {name: text.encode() for name, text in SOURCE.items()}
YAML_FILES = sorted(name for name in FILES if name.endswith(".yaml"))
LESSONS = sorted(name for name in FILES if name.endswith(".md"))
pytestmark = pytest.mark.timeout(300)


def pack_with(name: str, data: bytes) -> Callable[[], object]:
    return lambda: load_pack({**FILES, name: data})


# ---------------------------------------------------------------------- YAML
@given(name=st.sampled_from(YAML_FILES), data=st.data())
def test_mutated_yaml_files(name: str, data: st.DataObject) -> None:
    mutation = data.draw(mutated(FILES[name], max_edits=6))
    run(YAML_PARSER, pack_with(name, mutation), (PackInvalidError,))


@given(name=st.sampled_from(YAML_FILES), data=st.data())
def test_edited_yaml_documents(name: str, data: st.DataObject) -> None:
    """Fields replaced by values of any type; JSON is YAML's flow style, so it parses."""
    document = json.loads(json.dumps(yaml.safe_load(FILES[name]), default=str))
    run(YAML_PARSER, pack_with(name, data.draw(edited_json(document))), (PackInvalidError,))


def yaml_only(data: bytes) -> object:
    problems: list[object] = []
    value = load_yaml("pack.yaml", data, problems)  # type: ignore[arg-type]
    if problems:
        raise PackInvalidError(problems)  # type: ignore[arg-type]
    return value


@given(data=st.binary(max_size=2048) | st.text(max_size=2048).map(str.encode))
def test_random_yaml(data: bytes) -> None:
    run(YAML_PARSER, lambda: yaml_only(data), (PackInvalidError,))


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)
YAML_CORPUS: dict[str, bytes] = {
    "billion-laughs": LAUGHS.encode(),
    "python-tag": b"title: !!python/object/apply:os.system ['true']\n",
    "local-tag": b"title: !x {en: a}\n",
    "tag-directive": b"%TAG !e! tag:example.com,2000:\n---\ntitle: !e!x a\n",
    "yaml-directive-1-2": b"%YAML 1.2\n---\nformat: 1\n",
    "merge-key": b"base: &b {en: x}\ntitle:\n  <<: *b\n",
    "complex-key": b"? [a, b]\n: c\n",
    "integer-key": b"1: one\nformat: 1\n",
    "null-key": b"~: x\n",
    "duplicate-keys": b"format: 1\nformat: 2\n",
    "two-documents": b"format: 1\n---\nformat: 2\n",
    "huge-integer": b"format: " + b"9" * 5000 + b"\n",
    "float-overflow": b"version: 1e400\n",
    "nan-version": b"version: .nan\n",
    "impossible-date": b"expires: 2026-02-30\n",
    "date-time-expiry": b"expires: 2026-12-31T10:00:00Z\n",
    "bool-like-ids": b"pathways: [yes, no, on, off]\n",
    "octal-and-hex": b"version: 0o17\nformat: 0x1\n",
    "tab-indentation": b"title:\n\ten: x\n",
    "crlf-lines": b"format: 1\r\nid: sample-pack\r\n",
    "bom": b"\xef\xbb\xbfformat: 1\n",
    "nul-byte": b"format: 1\x00\n",
    "nel-and-separators": "title: {en: 'a\u0085b\u2028c'}\n".encode(),
    "escaped-surrogate": b'title: {en: "\\ud800"}\n',
    "escaped-nul": b'title: {en: "\\0"}\n',
    "bidi-title": "title: {en: '\u202eevil\u202c'}\n".encode(),
    "invalid-utf8": b"title: {en: \xff\xfe}\n",
    "overlong-utf8": b"title: {en: \xc0\xaf}\n",
    "overlong-line": b"title: {en: " + b"x" * 250_000 + b"}\n",
    "over-the-cap": b"# " + b"x" * (257 * 1024) + b"\n",
    "fifty-thousand-nodes": b"x: [" + b"1," * 50_001 + b"1]\n",
    "wide-mapping": b"".join(b"k%d: 1\n" % i for i in range(20_000)),
    "unclosed-quote": b'title: {en: "abc\n',
    "only-a-comment": b"# nothing\n",
    "empty": b"",
    "a-scalar": b"just text\n",
    "a-list": b"- a\n- b\n",
    "nasty-strings": "\n".join(f"k{i}: {json.dumps(s)}" for i, s in enumerate(NASTY)).encode(),
}


# Large enough to take seconds: parsed as pack.yaml only, the rest as a module too.
_HEAVY = {"fifty-thousand-nodes", "wide-mapping", "overlong-line", "over-the-cap"}
_YAML_CASES = [("pack.yaml", name) for name in YAML_CORPUS] + [
    ("pathways/basics/accounts/module.yaml", name) for name in YAML_CORPUS if name not in _HEAVY
]


@pytest.mark.parametrize(("file", "case"), _YAML_CASES, ids=[f"{f}-{c}" for f, c in _YAML_CASES])
def test_hostile_yaml(file: str, case: str) -> None:
    run(YAML_PARSER, pack_with(file, YAML_CORPUS[case]), (PackInvalidError,), corpus=True)


# ---------------------------------------------------------------------- Markdown
# What nh3 is told to keep (desktop/training/render.py): nothing else may come out.
_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
         "blockquote", "a", "img", "hr", "br", "table", "thead", "tbody", "tr", "th",
         "td"}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


def check_and_render(path: str, data: bytes) -> str:
    """What a lesson goes through: checked on install, rendered when opened. Whatever the
    text, the HTML has only allowed tags, no event handlers, and links only to https://
    pages and pack images."""
    problems = markdown_problems(path, data, FILES)
    if problems:
        raise PackInvalidError(problems)
    html, links = render_markdown(data.decode("utf-8"), path, FILES)
    tags = _Tags()
    tags.feed(html)
    for tag, attributes in tags.seen:
        assert tag in _TAGS, tag
        for name, value in attributes:
            assert not name.startswith("on"), name
            if name == "href":
                assert (value or "").startswith("https://"), value
            if name == "src":
                assert (value or "").startswith("pack:images/"), value
    assert all(link.startswith("https://") for link in links)
    return html


@given(path=st.sampled_from(LESSONS), data=st.data())
def test_mutated_lessons(path: str, data: st.DataObject) -> None:
    mutation = data.draw(mutated(FILES[path], max_edits=6))
    run(MARKDOWN_PARSER, lambda: check_and_render(path, mutation), (PackInvalidError,))


_MARKUP = st.sampled_from(
    ["[", "]", "(", ")", "![", "](", "<", ">", "*", "_", "`", "#", "|", "\n", "> ", "- ", "1. ",
     "\\", "&#x", ";", "https://a.example/", "javascript:", "data:", "file:///", "../images/",
     "<img src=x onerror=alert(1)>", "<script>", "<a href='http://x'>", "[x]: ", "    ", "---"]
)  # fmt: skip


@given(pieces=st.lists(st.one_of(_MARKUP, nasty_text), max_size=40))
def test_generated_markdown(pieces: list[str]) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    run(MARKDOWN_PARSER, lambda: check_and_render(LESSONS[0], data), (PackInvalidError,))


# Markdown that makes markdown-it-py work hardest: unmatched openers cost it about 30 times
# what ordinary text does (about 1 µs per byte here): 28 µs per byte of `![`, growing
# linearly, so a lesson at the cap (MAX_LESSON_BYTES, 256 KiB) takes 7.5 s per parse, and it
# is parsed twice (checked, rendered). Slow, not a hang; reported. The deadline is per byte,
# with room for tracemalloc, which triples the cost of markdown-it's many small objects.
SLOW = 16 * 1024
PER_BYTE = 300e-6
MARKDOWN_CORPUS: dict[str, str] = {
    "open-brackets": "[" * SLOW,
    "open-images": "![" * (SLOW // 2),
    "open-links": "[a](" * (SLOW // 4),
    "emphasis-runs": "*a" * (SLOW // 2),
    "mixed-emphasis": "*_" * (SLOW // 2),
    "backticks": "`" * SLOW,
    "angle-brackets": "<" * SLOW,
    "entities": "&#" * (SLOW // 2),
    "backslashes": "\\" * SLOW,
    "nested-quotes": ">" * SLOW,
    "nested-lists": "- " * (SLOW // 2) + "x",
    "wide-table": "|a" * (SLOW // 4) + "\n" + "|-" * (SLOW // 4),
    "reference-definitions": "[a]: <" * (SLOW // 6),
    "raw-html": "<img src=x onerror=alert(1)><script>alert(1)</script><iframe src=//x>",
    "javascript-link": "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](  javascript:x)",
    "data-and-file-links": "[x](data:text/html,<script>) [y](file:///etc/passwd) <http://x>",
    "autolink-http": "<http://example.org> <mailto:a@b.c> www.example.org",
    "image-outside-pack": "![x](../../../../etc/passwd.png) ![y](/images/a.png) ![z](%2e%2e/a.png)",
    "image-remote": "![x](https://example.org/a.png) ![y](//example.org/a.png)",
    "link-with-controls": "[x](https://a.example/\x00) [y](<https://a.example/ b>)",
    "bidi-text": "\u202eevil\u202c \u2066x\u2069 text",
    "nul-bytes": "a\x00b\x00" * 100,
    "top-heading": "# Not allowed\n\ntext",
    "empty": "",
    "only-spaces": " \n\t\n",
    "over-the-cap": "x" * (MAX_LESSON_BYTES + 1),
}


@pytest.mark.parametrize("text", MARKDOWN_CORPUS.values(), ids=MARKDOWN_CORPUS.keys())
def test_hostile_markdown(text: str) -> None:
    data = text.encode()
    seconds = max(2.0, len(data) * PER_BYTE)
    run(
        MARKDOWN_PARSER,
        lambda: check_and_render(LESSONS[0], data),
        (PackInvalidError,),
        corpus=True,
        seconds=seconds,
    )


@pytest.mark.parametrize("data", [b"\xff\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"a\xe2\x80"])
def test_lessons_that_are_not_utf8(data: bytes) -> None:
    run(MARKDOWN_PARSER, pack_with(LESSONS[0], data), (PackInvalidError,), corpus=True)


# ---------------------------------------------------------------------- manifest.json
MANIFEST_DOCUMENT = json.loads(manifest_for(FILES))


@given(
    data=st.one_of(
        edited_json(MANIFEST_DOCUMENT),
        mutated(manifest_for(FILES), max_edits=6),
        st.binary(max_size=512),
    )
)
def test_generated_manifests(data: bytes) -> None:
    run(MANIFEST_PARSER, lambda: parse_manifest(data), (PackManifestError,))


def _manifest(**fields: object) -> bytes:
    return json.dumps({**MANIFEST_DOCUMENT, **fields}).encode()


def _entry(**fields: object) -> bytes:
    return _manifest(files=[{"path": "pack.yaml", "size": 1, "sha256": "00", **fields}])


MANIFEST_CORPUS: dict[str, bytes] = {
    "empty": b"",
    "bom": b"\xef\xbb\xbf" + manifest_for(FILES),
    "not-utf8": b'{"format": 1, "id": "\xff"}',
    "a-list": b"[]",
    "files-an-object": _manifest(files={"pack.yaml": 1}),
    "files-strings": _manifest(files=["pack.yaml"]),
    "path-twice": _manifest(files=[{"path": "a", "size": 1, "sha256": ""}] * 2),
    "path-absolute": _entry(path="/etc/passwd"),
    "path-traversal": _entry(path="../x"),
    "path-nul": _entry(path="a\x00b"),
    "path-a-number": _entry(path=5),
    "size-true": _entry(size=True),
    "size-negative": _entry(size=-1),
    "size-float": _entry(size=1.5),
    "sha256-a-list": _entry(sha256=[]),
    "format-text": _manifest(format="1"),
    "format-huge-float": _manifest(format=1e300),
    "format-a-list": _manifest(format=[1]),
    "version-null": _manifest(version=None),
    "expires-impossible": _manifest(expires="2026-02-30"),
    "expires-a-number": _manifest(expires=20261231),
    "expires-week-date": _manifest(expires="2026-W01-1"),
    "duplicate-keys": manifest_for(FILES)[:-1] + b', "files": []}',
    "over-the-cap": b'{"x": "' + b"x" * (1024 * 1024) + b'"}',
}


@pytest.mark.parametrize("data", MANIFEST_CORPUS.values(), ids=MANIFEST_CORPUS.keys())
def test_hostile_manifests(data: bytes) -> None:
    assert MANIFEST == "manifest.json"
    run(MANIFEST_PARSER, lambda: parse_manifest(data), (PackManifestError,), corpus=True)
