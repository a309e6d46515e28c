# SPDX-License-Identifier: GPL-3.0-or-later
"""Lesson Markdown cut into the blocks translators translate, and put back together.

The block rules (docs/training-packs.md, "Translating a pack"):

- One message per *leaf* block: a heading's text, a paragraph (also the paragraph of a list
  item or of a quote) and a table cell. Lists and quotes are not messages themselves.
- Container syntax is never part of a message: `## `, `- `, `1. `, `> `, indentation and
  table pipes come from the English file when a translation is put back. A translator cannot
  drop or break a list marker because they never see one.
- Everything that is not a leaf (code, rules, blank lines, link reference definitions) is
  copied from the English file.
- A translated block must stay one block: parsed alone, a paragraph must give one paragraph
  (no blank line, no list marker, heading, quote, fence or table of its own), a heading or a
  table cell one line; and it keeps the English's link targets, image sources and {fields}.

markdown-it gives each leaf's source lines; what precedes the leaf's text on each line is its
container prefix. The English text of a leaf is its lines joined with spaces, so rewrapping an
English paragraph does not make its translation stale.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it.token import Token

from desktop.training.render import parser

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "list item"
QUOTE = "quote"
CELL = "table cell"
MAX_BLOCK = 8000

_PREFIX = re.compile(r"[ \t>*+\-0-9.)#]*")
_HEADING_END = re.compile(r"[ \t]*(?:#+[ \t]*)?")
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Block:
    kind: str  # HEADING, PARAGRAPH, ITEM, QUOTE or CELL
    text: str  # the message: the leaf's text without container syntax
    start: int  # first source line, 0-based
    end: int  # one past the last source line of the text
    prefixes: tuple[str, ...] = ()  # container prefix of each source line (not for cells)
    suffix: str = ""  # the closing `##` of a heading written `## Title ##`
    cell: int = -1  # column of a table cell
    row: tuple[str, ...] = ()  # every cell of a table cell's row, in English

    @property
    def line(self) -> int:
        return self.start + 1


@lru_cache(maxsize=256)
def split_blocks(text: str) -> tuple[Block, ...]:
    """The translatable blocks of a lesson, in reading order (cached: export, import and
    loading each need them, and parsing is the slow part)."""
    text = _lf(text)
    lines = text.split("\n")
    blocks: list[Block] = []
    containers: list[str] = []
    parent = ""
    column = 0
    rows: dict[int, list[str]] = {}
    for token in parser().parse(text):
        if token.type in ("list_item_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif token.type == "tr_open":
            column = 0
        elif token.type.endswith("_open"):
            parent = token.type
        elif token.type == "inline" and token.map:
            if parent in ("th_open", "td_open"):
                rows.setdefault(token.map[0], []).append(token.content.strip())
                if token.content.strip():
                    start = token.map[0]
                    blocks.append(Block(CELL, token.content.strip(), start, start + 1, cell=column))
                column += 1
                continue
            block = _leaf(token, lines, parent, containers)
            if block is not None:
                blocks.append(block)
    return tuple(replace(b, row=tuple(rows[b.start])) if b.kind == CELL else b for b in blocks)


def _leaf(token: Token, lines: list[str], parent: str, containers: list[str]) -> Block | None:
    assert token.map is not None
    start = token.map[0]
    content = token.content.split("\n")
    if not content or start + len(content) > len(lines):
        return None
    heading = parent == "heading_open"
    prefixes: list[str] = []
    parts: list[str] = []
    suffix = ""
    for offset, piece in enumerate(content):
        raw = lines[start + offset]
        stripped = piece.strip()
        at = raw.rfind(stripped) if stripped else -1
        if at < 0 or not _PREFIX.fullmatch(raw[:at]):
            return None  # not a shape this module can put back: the block stays English
        rest = raw[at + len(stripped) :]
        if not (_HEADING_END if heading else _WHITESPACE).fullmatch(rest):
            return None
        prefixes.append(raw[:at])
        suffix = rest.strip()
        # A hard break (two spaces or a backslash at the end) keeps its line; others join.
        hard = piece.endswith("  ") or stripped.endswith("\\")
        if hard and offset < len(content) - 1:
            stripped = stripped if stripped.endswith("\\") else stripped + "\\"
        parts.append(stripped + ("\n" if hard and offset < len(content) - 1 else " "))
    kind = HEADING if heading else _kind(containers)
    text = "".join(parts).strip()
    return Block(kind, text, start, start + len(content), tuple(prefixes), suffix)


_WHITESPACE = re.compile(r"[ \t]*")


def _lf(text: str) -> str:
    # markdown-it reads CRLF and CR as line ends too; the line arithmetic needs one kind.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _kind(containers: list[str]) -> str:
    if not containers:
        return PARAGRAPH
    return ITEM if containers[-1] == "list_item_open" else QUOTE


def compose(text: str, blocks: Sequence[Block], translations: Sequence[str | None]) -> str:
    """`text` (the English lesson) with each block replaced by its translation, if any."""
    lines = _lf(text).split("\n")
    replaced: dict[int, tuple[int, list[str]]] = {}
    rows: dict[int, dict[int, str]] = {}
    for block, translation in zip(blocks, translations, strict=True):
        if block.kind == CELL:
            rows.setdefault(block.start, {})
            if translation is not None:
                rows[block.start][block.cell] = translation
            continue
        if translation is not None:
            replaced[block.start] = (block.end, _put_back(block, translation))
    for block in blocks:
        cells = rows.get(block.start)
        if block.kind == CELL and cells:
            replaced[block.start] = (block.start + 1, [_row(block.row, cells)])
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in replaced:
            end, new = replaced[index]
            out.extend(new)
            index = end
        else:
            out.append(lines[index])
            index += 1
    return "\n".join(out)


def _put_back(block: Block, translation: str) -> list[str]:
    pieces = [piece.strip() for piece in translation.strip().splitlines()]
    first = block.prefixes[0]
    if len(block.prefixes) > 1:
        following = block.prefixes[1]
    else:
        following = _MARKER.sub(lambda m: " " * len(m.group()), first).replace("#", "")
    result = [first + pieces[0]] + [following + piece for piece in pieces[1:]]
    if block.suffix:
        result[-1] += " " + block.suffix
    return result


def _row(english: tuple[str, ...], cells: dict[int, str]) -> str:
    values = [cells.get(i, text) for i, text in enumerate(english)]
    return "| " + " | ".join(_PIPE.sub(r"\\|", value.strip()) for value in values) + " |"


@lru_cache(maxsize=8192)
def translation_problem(block: Block, translation: str) -> str | None:
    """Why `translation` cannot replace `block` (a PackProblem code), or None."""
    if len(translation) > MAX_BLOCK:
        return "too-long"
    # Checked as it will be put back: each line stripped (markdown-it reads \r as a break).
    text = "\n".join(piece.strip() for piece in translation.strip().splitlines())
    if block.kind in (HEADING, CELL) and "\n" in text:
        return "markdown"
    # Parsed once, for its shape and its links (a pack's load checks thousands of these).
    tokens = parser().parse(text)
    one_paragraph = [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    if block.kind not in (HEADING, CELL) and not one_paragraph:
        return "markdown"
    if _targets(block.text) != _found_targets(tokens, text):
        return "links"
    return None


@lru_cache(maxsize=8192)
def _targets(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Link targets and image sources, and {fields}: what a translation must keep."""
    return _found_targets(parser().parse(text), text)


def _found_targets(tokens: list[Token], text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    found: list[str] = []
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                found.append("link " + str(child.attrGet("href") or ""))
            elif child.type == "image":
                found.append("image " + str(child.attrGet("src") or ""))
    return tuple(sorted(found)), tuple(sorted(_FIELD.findall(text)))
