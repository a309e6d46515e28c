# SPDX-License-Identifier: GPL-3.0-or-later
"""Lesson Markdown → sanitised HTML for Qt's rich-text viewer.

Three layers, because a pack author (or whoever tampered with a pack that a key-holder then
signed) must not be able to make the viewer fetch anything or run anything:

1. markdown-it with raw HTML off: tags in the source come out as text.
2. Links: only `https://` targets survive; they are shown, never followed by the viewer (the UI
   asks before opening one). Besides them, `lesson:<pathway>/<module>/<lesson>` links to a
   lesson of the same pack (a glossary, say): the UI opens that lesson itself. Images: only
   files inside the pack's `images/` folder, rewritten to the `pack:` scheme that the UI
   resolves from memory. Anything else is dropped here and reported by validation.
3. nh3 (ammonia) cleans the result against a short allow-list of tags, attributes and schemes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from desktop.training.errors import PackProblem
from desktop.training.model import FALLBACK_LANGUAGE, Lesson, Pack

IMAGE_DIR = "images"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
PACK_SCHEME = "pack"
LESSON_SCHEME = "lesson"  # `lesson:<lesson key>`: another lesson of the same pack
MAX_LESSON_BYTES = 256 * 1024

_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "code", "pre",
    "blockquote", "a", "img", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}


@dataclass(frozen=True)
class RenderedLesson:
    html: str
    language: str  # the language the text is in (English when it is a fallback)
    fallback: bool  # True when the app's language was asked for but English is shown
    # Every https target, in order: the UI confirms before opening. Links to lessons of the
    # pack (LESSON_SCHEME) are not here: they leave nothing, so nothing needs confirming.
    links: tuple[str, ...]


@cache
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    return md.enable("table")


def render_lesson(pack: Pack, lesson: Lesson, language: str) -> RenderedLesson:
    if language in lesson.texts:
        # Put together from the PO catalogs: any English block left makes it a fallback.
        text, complete = lesson.texts[language]
        path = lesson.files[FALLBACK_LANGUAGE]  # same folder: images resolve the same way
        html, links = render_markdown(text, path, pack.files, pack.lesson_keys())
        return RenderedLesson(html, language, fallback=not complete, links=links)
    path, shown = lesson.file_for(language)
    text = pack.files[path].decode("utf-8")
    html, links = render_markdown(text, path, pack.files, pack.lesson_keys())
    return RenderedLesson(html, shown, fallback=shown != language, links=links)


def render_markdown(
    text: str, path: str, files: Mapping[str, bytes], lessons: Collection[str] = ()
) -> tuple[str, tuple[str, ...]]:
    """Sanitised HTML and the https links in it; `lessons`: the keys `lesson:` links may name."""
    md = parser()
    tokens = md.parse(text)
    links: list[str] = []
    for token in _inline_children(tokens):
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if _safe_link(href):
                links.append(href)
            elif not _lesson_link(href, lessons):
                token.attrs.pop("href", None)
        elif token.type == "image":
            source = resolve_image(path, str(token.attrGet("src") or ""), files)
            if source is None:
                token.attrs.pop("src", None)
            else:
                token.attrSet("src", f"{PACK_SCHEME}:{source}")
    html = md.renderer.render(tokens, md.options, {})
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"https", PACK_SCHEME, LESSON_SCHEME},
        link_rel=None,
        strip_comments=True,
    )
    return cleaned, tuple(links)


def markdown_problems(
    path: str, data: bytes, files: Mapping[str, bytes], lessons: Collection[str] = ()
) -> list[PackProblem]:
    """Why this lesson file cannot be shown as written (encoding, links, images).

    `lessons`: the lesson keys of the pack, which `lesson:` links may name.
    """
    if len(data) > MAX_LESSON_BYTES:
        return [PackProblem(path, 0, "too-long")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [PackProblem(path, 0, "not-utf8")]
    if not text.strip():
        return [PackProblem(path, 1, "empty")]
    problems: list[PackProblem] = []
    line = 0
    for token in parser().parse(text):
        if token.map:
            line = token.map[0] + 1
        for child in token.children or ():
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            if child.type == "link_open" and not (_safe_link(href) or _lesson_link(href, lessons)):
                problems.append(PackProblem(path, line, "link"))
            elif child.type == "image" and (
                resolve_image(path, str(child.attrGet("src") or ""), files) is None
            ):
                problems.append(PackProblem(path, line, "image"))
    return problems


def resolve_image(lesson_path: str, src: str, files: Mapping[str, bytes]) -> str | None:
    """The pack path `src` points to when it is an image in the pack's images/ folder."""
    if not src or "\\" in src or ":" in src or src.startswith("/") or "%" in src:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(lesson_path), src))
    if target.startswith("../") or posixpath.dirname(target) != IMAGE_DIR:
        return None
    if not target.lower().endswith(IMAGE_SUFFIXES) or target not in files:
        return None
    return target


def _safe_link(href: str) -> bool:
    # Only web pages over TLS; no mailto:, no file:, no relative links into the pack.
    return (
        href.startswith("https://")
        and len(href) <= 2000
        and not any(c.isspace() or ord(c) < 32 for c in href)
    )


def _lesson_link(href: str, lessons: Collection[str]) -> bool:
    # The exact key of a lesson in the pack: no "..", no fragment, no query, nothing to
    # resolve (a key is made of plain names, so anything else cannot match one).
    scheme, colon, key = href.partition(":")
    return scheme == LESSON_SCHEME and bool(colon) and key in lessons


def _inline_children(tokens: list[Token]) -> Any:
    for token in tokens:
        yield from token.children or ()
