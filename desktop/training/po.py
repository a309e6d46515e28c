# SPDX-License-Identifier: GPL-3.0-or-later
"""Gettext PO catalogs of a pack's learner-visible texts: what they hold, reading, matching.

A pack's translations live in PO files inside the pack (`po/<lang>/pack.po` for the pack's and
pathways' texts, `po/<lang>/<pathway>/<module>.po` for a module's), never in the English YAML:
PyYAML cannot rewrite a file without losing its comments and key order, and the English files
stay the writers' own. docs/training-packs.md ("Translating a pack") is the user's view.

Identity: each message has a msgctxt naming where it belongs — the YAML path built from ids
for YAML texts (`lessons/<id>/title`, `quiz/<question>/<choice>/feedback`), and the lesson
plus the block's position for lesson text (`lessons/<id>/text/<n>`). A position alone is
fragile, so a lesson block is matched by its English (the msgid) first, anywhere in the same
lesson, and by position only when its English is nowhere: moved paragraphs keep their
translation, and a changed paragraph is found at its place and marked stale.

Staleness: a stored translation keeps the English it translates as its msgid. When the
English differs now, the translation is stale: never shown, exported as fuzzy with the old
English as `#| msgid`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, normalize, read_po, unescape, write_po

from desktop.training.blocks import Block, split_blocks
from desktop.training.errors import PackProblem
from desktop.training.fields import MAX_TEXT, MAX_TITLE
from desktop.training.model import FALLBACK_LANGUAGE, Pack, Text
from desktop.training.source import capped_text

PO_DIR = "po"
PACK_CATALOG = "pack"
MAX_PO_BYTES = 2 * 1024 * 1024
MAX_MESSAGES = 5_000
DONE, STALE, MISSING = "complete", "stale", "missing"
_CONTEXT = re.compile(r"[a-z0-9][a-z0-9/._-]{0,199}")
_DATES = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


@dataclass(frozen=True)
class Source:
    """One learner-visible English text, as a message of a catalog."""

    context: str
    english: str
    file: str  # where the English is, for `#:`
    line: int
    note: str  # for translators (`#.`): what the text is
    limit: int
    group: str  # where a message with the same English may have moved from
    block: Block | None = None  # the lesson block, for lesson text


@dataclass(frozen=True)
class Entry:
    """One message read from a PO file."""

    context: str
    msgid: str
    msgstr: str
    fuzzy: bool
    previous: str
    line: int


@dataclass(frozen=True)
class Match:
    state: str  # DONE, STALE or MISSING
    translation: str  # "" when missing
    previous: str  # the English a stale translation was made for
    found: bool  # an entry of the catalog was used (even an empty or fuzzy one)


def catalog_path(language: str, catalog: str) -> str:
    return f"{PO_DIR}/{language}/{catalog}.po"


def pack_sources(pack: Pack) -> dict[str, list[Source]]:
    """Catalog name ("pack" or "pathway/module") → its messages, in the order of the files."""
    top: list[Source] = []
    top += _texts("title", pack.title, "pack title", MAX_TITLE)
    top += _texts("publisher", pack.publisher, "publisher", MAX_TITLE)
    result = {PACK_CATALOG: top}
    for pathway in pack.pathways:
        top += _texts(f"pathways/{pathway.id}/title", pathway.title, "pathway title", MAX_TITLE)
        top += _texts(f"pathways/{pathway.id}/summary", pathway.summary, "pathway summary")
        for module in pathway.modules:
            items = _texts("title", module.title, "module title", MAX_TITLE)
            items += _texts("summary", module.summary, "module summary")
            for lesson in module.lessons:
                name = f"lessons/{lesson.id}"
                items += _texts(name + "/title", lesson.title, "lesson title", MAX_TITLE)
                items += _lesson_blocks(pack, lesson.files[FALLBACK_LANGUAGE], name + "/text")
            for item in module.checklist:
                items += _texts(f"checklist/{item.id}", item.text, "checklist item")
            for question in module.quiz.questions if module.quiz else ():
                name = f"quiz/{question.id}"
                items += _texts(name + "/text", question.text, "quiz question")
                for choice in question.choices:
                    items += _texts(f"{name}/{choice.id}/text", choice.text, "answer")
                    if choice.feedback is not None:
                        items += _texts(f"{name}/{choice.id}/feedback", choice.feedback, "feedback")
            result[module.key] = items
    return result


def _texts(context: str, text: Text, note: str, limit: int = MAX_TEXT) -> list[Source]:
    english = text.values[FALLBACK_LANGUAGE]
    if not english:
        return []
    file, line = text.where
    return [Source(context, english, file, line, note, limit, context)]


def _lesson_blocks(pack: Pack, path: str, group: str) -> list[Source]:
    text = pack.files[path].decode("utf-8")
    return [
        Source(f"{group}/{n}", block.text, path, block.line, block.kind, 0, group, block)
        for n, block in enumerate(split_blocks(text), start=1)
    ]


# ---------------------------------------------------------------------- reading
def read_catalog(name: str, data: bytes, problems: list[PackProblem]) -> list[Entry] | None:
    """The messages of a PO file, or None after adding to `problems` why it cannot be read.

    Untrusted input (a translator's file, or an installed pack): capped before parsing,
    strict UTF-8 whatever the header says, no plural forms, and Babel's parser told to stop
    at the first line it does not understand.
    """
    text = capped_text(name, data, MAX_PO_BYTES, problems)
    if text is None:
        return None
    if text.count("msgid ") > MAX_MESSAGES:
        problems.append(PackProblem(name, 0, "too-many"))
        return None
    try:
        catalog = read_po(io.StringIO(text), abort_invalid=True, ignore_obsolete=True)
    except PoFileError as exc:
        problems.append(PackProblem(name, exc.lineno + 1, "syntax"))
        return None
    except (ValueError, TypeError, KeyError, IndexError, UnicodeError):
        problems.append(PackProblem(name, 0, "syntax"))
        return None
    entries: list[Entry] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        line = message.lineno or 0
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            problems.append(PackProblem(name, line, "invalid", "msgid_plural"))
            continue
        context = message.context or ""
        previous = _previous(message.user_comments) if message.fuzzy else ""
        entries.append(Entry(context, message.id, message.string, message.fuzzy, previous, line))
    return entries


def _previous(comments: Sequence[str]) -> str:
    """The `#| msgid` of a fuzzy message: Babel reads those lines as comments ("| ...")."""
    parts: list[str] = []
    collecting = False
    for comment in comments:
        if not comment.startswith("|"):
            continue
        body = comment[1:].strip()
        keyword, _, rest = body.partition(" ")
        if keyword == "msgid":
            collecting, body = True, rest.strip()
        elif not body.startswith('"'):
            collecting = False
        if collecting and len(body) >= 2 and body[0] == body[-1] == '"':
            parts.append(unescape(body))
    return "".join(parts)


def shown_context(context: str) -> str:
    """`context` when it looks like one of ours (it goes into problem reports), else "?"."""
    return context if _CONTEXT.fullmatch(context) else "?"


# ---------------------------------------------------------------------- matching
def match(sources: Sequence[Source], entries: Sequence[Entry]) -> dict[str, Match]:
    """Each source's translation in `entries`: by context and English, then by English in
    the same lesson (a moved block), then by context alone (changed English: stale).

    Indexed, not searched: an installed pack's catalogs are untrusted, and thousands of
    entries must not cost seconds.
    """
    used: set[int] = set()
    exact: dict[tuple[str, str], list[int]] = {}
    moved: dict[tuple[str, str], list[int]] = {}
    placed: dict[str, list[int]] = {}
    for index, item in enumerate(entries):
        exact.setdefault((item.context, item.msgid), []).append(index)
        moved.setdefault((_group(item.context), item.msgid), []).append(index)
        placed.setdefault(item.context, []).append(index)

    def take(candidates: list[int]) -> Entry | None:
        for index in candidates:
            if index not in used:
                used.add(index)
                return entries[index]
        return None

    result: dict[str, Match] = {}
    for source in sources:
        entry = take(exact.get((source.context, source.english), []))
        if entry is not None:
            result[source.context] = _as_is(entry)
    for source in sources:
        if source.context in result or source.group == source.context:
            continue
        entry = take(moved.get((source.group, source.english), []))
        if entry is not None:
            result[source.context] = _as_is(entry)
    for source in sources:
        if source.context in result:
            continue
        entry = take(placed.get(source.context, []))
        if entry is None:
            result[source.context] = Match(MISSING, "", "", found=False)
        elif not entry.msgstr.strip():
            result[source.context] = Match(MISSING, "", "", found=True)
        else:
            # The English the translation was made for: an already stale one keeps its own.
            made_for = entry.previous if entry.fuzzy and entry.previous else entry.msgid
            result[source.context] = Match(STALE, entry.msgstr, made_for, found=True)
    return result


def _as_is(entry: Entry) -> Match:
    if not entry.msgstr.strip():
        return Match(MISSING, "", "", found=True)
    if entry.fuzzy:
        # Fuzzy: a translator's guess or an earlier stale one; its English is in `previous`.
        return Match(STALE, entry.msgstr, entry.previous or entry.msgid, found=True)
    return Match(DONE, entry.msgstr, "", found=True)


def _group(context: str) -> str:
    head, _, tail = context.rpartition("/")
    return head if tail.isdigit() else context


# ---------------------------------------------------------------------- writing
def write_catalog(
    pack: Pack, language: str, sources: Sequence[Source], matches: dict[str, Match]
) -> bytes:
    """A PO file with every source, its translation (stale ones fuzzy with `#| msgid`).

    Deterministic: the same pack and translations give the same bytes, so an import of an
    unchanged export changes nothing. The creation and revision dates are left out for that.
    """
    catalog = Catalog(
        locale=_babel_locale(language),
        project=pack.id,
        version=str(pack.version),
        charset="utf-8",
        fuzzy=False,
    )
    # Fixed: Babel's default names the current year, which would change the file each year.
    catalog.header_comment = (
        f"# Translations of the training pack {pack.id} ({language}).\n"
        "# Made by `bastion pack po export`: docs/translating.md says how to translate it."
    )
    previous: list[str] = []
    for source in sources:
        found = matches.get(source.context, Match(MISSING, "", "", found=False))
        stale = found.state == STALE
        if stale:
            previous.append(found.previous if found.previous != source.english else "")
        catalog[source.english] = Message(
            source.english,
            found.translation if found.state != MISSING else "",
            locations=[(source.file, source.line)] if source.file else [],
            auto_comments=[source.note],
            flags=["fuzzy"] if stale else [],
            context=source.context,
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, sort_output=False)
    return _with_previous(buffer.getvalue(), previous)


def _with_previous(data: bytes, previous: list[str]) -> bytes:
    """`data` without its dates, with `#| msgid` after each fuzzy flag, as gettext writes it.

    Babel wraps a multi-line previous msgid into comment lines that no tool reads back, so
    these lines are written here, one quoted string per line, and read by _previous().
    """
    out: list[bytes] = []
    pending = iter(previous)
    for line in data.split(b"\n"):
        if line.startswith(_DATES):
            continue
        out.append(line)
        if line == b"#, fuzzy":
            text = next(pending, "")
            if text:
                lines = normalize(text, prefix="#| ", width=76)
                out.append(("#| msgid " + lines).encode("utf-8"))
    return b"\n".join(out)


def _babel_locale(language: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def has_translations(matches: dict[str, Match]) -> bool:
    return any(m.state != MISSING for m in matches.values())


def iter_sources(sources: dict[str, list[Source]]) -> Iterator[tuple[str, Source]]:
    for name, items in sources.items():
        for source in items:
            yield name, source
