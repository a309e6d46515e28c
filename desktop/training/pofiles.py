# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion pack po export|import`: the pack's PO catalogs out to translators and back.

The catalogs inside the pack (`po/<lang>/…`) are where translations live (po.py says why).
Export writes, for one language, every catalog with the current English, the stored
translations, stale ones as fuzzy with the English they were made for, and translations
still written beside the English in the YAML or a `<lesson>.<lang>.md` as a starting point.
Import reads a translator's catalogs, checks all of them, and only then writes the pack's
own catalogs, each atomically, and only those whose bytes change: importing an unchanged
export changes no file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from desktop.errors import FileTooLargeError, NotAFileError
from desktop.fsutil import atomic_write, read_outside_file
from desktop.training.archive import source_files
from desktop.training.blocks import split_blocks
from desktop.training.errors import PackProblem, TranslationImportError, TranslationLanguageError
from desktop.training.model import FALLBACK_LANGUAGE, Lesson, Pack, Text
from desktop.training.po import (
    DONE,
    MAX_PO_BYTES,
    PACK_CATALOG,
    STALE,
    Entry,
    Match,
    Source,
    catalog_path,
    has_translations,
    match,
    pack_sources,
    read_catalog,
    shown_context,
    write_catalog,
)
from desktop.training.translate import check_translation
from desktop.training.validate import check_source, path_problem

MAX_IMPORT_FILES = 500


def export_catalogs(folder: Path, language: str, out: Path) -> list[Path]:
    """Write `out/<language>/…po` for every catalog of the pack in `folder`; the paths."""
    pack = _source(folder, language)
    written: list[Path] = []
    for name, data in _catalogs(pack, language, {}).items():
        target = out / language / f"{name}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not (target.is_file() and target.read_bytes() == data):
            atomic_write(target, data)
        written.append(target)
    return written


def import_catalogs(folder: Path, language: str, source: Path) -> list[Path]:
    """Check the catalogs in `source/<language>/` and write them into the pack's `po/`.

    Raises TranslationImportError listing every problem (nothing is written then). Returns
    the pack files that changed.
    """
    pack = _source(folder, language)
    sources = pack_sources(pack)
    offered = _read_offered(source / language, sources)
    problems: list[PackProblem] = []
    imported: dict[str, list[Entry]] = {}
    for name, (shown, data) in offered.items():
        entries = read_catalog(shown, data, problems)
        if entries is None:
            continue
        known = {s.context: s for s in sources[name]}
        for entry in entries:
            if entry.context not in known:
                context = shown_context(entry.context)
                problems.append(PackProblem(shown, entry.line, "unknown-context", context))
        found = match(sources[name], entries)
        for context, one in found.items():
            code = check_translation(known[context], one)
            if code:
                line = next((e.line for e in entries if e.context == context), 0)
                problems.append(PackProblem(shown, line, code, context))
        imported[name] = entries
    if problems:
        raise TranslationImportError(problems)
    changed: list[Path] = []
    for name, (items, matches) in _merged(pack, language, imported).items():
        data = write_catalog(pack, language, items, matches)
        path = folder / catalog_path(language, name)
        if path.is_file() and path.read_bytes() == data:
            continue
        if not path.is_file() and not has_translations(matches):
            continue  # nothing translated: no empty catalog is added to the pack
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
        changed.append(path)
    return changed


# ---------------------------------------------------------------------- inside
def _source(folder: Path, language: str) -> Pack:
    if language == FALLBACK_LANGUAGE:
        raise TranslationLanguageError("source")
    pack = check_source(source_files(folder)).source
    if language not in pack.languages:
        raise TranslationLanguageError("unlisted")
    return pack


def _catalogs(pack: Pack, language: str, imported: Mapping[str, list[Entry]]) -> dict[str, bytes]:
    return {
        name: write_catalog(pack, language, items, matches)
        for name, (items, matches) in _merged(pack, language, imported).items()
    }


def _merged(
    pack: Pack, language: str, imported: Mapping[str, list[Entry]]
) -> dict[str, tuple[list[Source], dict[str, Match]]]:
    """Per catalog and message, the first complete translation of: the imported catalog,
    the pack's own, the one written beside the English; else the first stale one.

    An empty or fuzzy imported message never replaces a complete stored translation: a
    translator working from an older export must not erase someone else's work.
    """
    result: dict[str, tuple[list[Source], dict[str, Match]]] = {}
    inline = _inline_translations(pack, language)
    for name, items in pack_sources(pack).items():
        path = catalog_path(language, name)
        stored = read_catalog(path, pack.files[path], []) if path in pack.files else None
        offered = match(items, imported.get(name, []))
        own = match(items, stored or [])
        matches: dict[str, Match] = {}
        for item in items:
            candidates = [offered[item.context], own[item.context]]
            if (name, item.context) in inline:
                candidates.append(Match(DONE, inline[(name, item.context)], "", found=False))
            matches[item.context] = next(
                (c for state in (DONE, STALE) for c in candidates if c.state == state),
                candidates[0] if candidates[0].found else candidates[1],
            )
        result[name] = (items, matches)
    return result


def _inline_translations(pack: Pack, language: str) -> dict[tuple[str, str], str]:
    """(catalog, context) → a translation written beside the English, to start from."""
    found: dict[tuple[str, str], str] = {}

    def text(catalog: str, context: str, value: Text | None) -> None:
        if value is not None and language in value.values:
            found[(catalog, context)] = value.values[language]

    text(PACK_CATALOG, "title", pack.title)
    text(PACK_CATALOG, "publisher", pack.publisher)
    for pathway in pack.pathways:
        text(PACK_CATALOG, f"pathways/{pathway.id}/title", pathway.title)
        text(PACK_CATALOG, f"pathways/{pathway.id}/summary", pathway.summary)
        for module in pathway.modules:
            key = module.key
            text(key, "title", module.title)
            text(key, "summary", module.summary)
            for lesson in module.lessons:
                text(key, f"lessons/{lesson.id}/title", lesson.title)
                found.update(_inline_lesson(pack, key, lesson, language))
            for item in module.checklist:
                text(key, f"checklist/{item.id}", item.text)
            for q in module.quiz.questions if module.quiz else ():
                text(key, f"quiz/{q.id}/text", q.text)
                for c in q.choices:
                    text(key, f"quiz/{q.id}/{c.id}/text", c.text)
                    text(key, f"quiz/{q.id}/{c.id}/feedback", c.feedback)
    return found


def _inline_lesson(
    pack: Pack, catalog: str, lesson: Lesson, language: str
) -> dict[tuple[str, str], str]:
    # Only when the translated file has the English's shape, block for block: otherwise
    # there is no telling which translated block goes with which English one.
    if language not in lesson.files:
        return {}
    english = split_blocks(pack.files[lesson.files[FALLBACK_LANGUAGE]].decode("utf-8"))
    other = split_blocks(pack.files[lesson.files[language]].decode("utf-8"))
    if [b.kind for b in english] != [b.kind for b in other]:
        return {}
    return {
        (catalog, f"lessons/{lesson.id}/text/{n}"): block.text
        for n, block in enumerate(other, start=1)
    }


def _read_offered(
    folder: Path, sources: Mapping[str, list[Source]]
) -> dict[str, tuple[str, bytes]]:
    """Catalog name → (name shown in problems, bytes) of the .po files under `folder`.

    Every file is checked before any is parsed: a .po that is no catalog of the pack, too
    many files, a file over the cap or something that is not a regular file are refused.
    """
    paths = sorted(p for p in folder.rglob("*.po") if not p.name.startswith("."))
    if not paths:
        # Most likely the language's own folder was given instead of the one above it.
        raise TranslationImportError([PackProblem(f"{folder.name}/", 0, "missing-file")])
    problems: list[PackProblem] = []
    offered: dict[str, tuple[str, bytes]] = {}
    if len(paths) > MAX_IMPORT_FILES:
        raise TranslationImportError([PackProblem("?", 0, "too-many")])
    for path in paths:
        name = path.relative_to(folder).with_suffix("").as_posix()
        shown = path.relative_to(folder.parent).as_posix()
        shown = shown if not path_problem(shown) else "?"
        if name not in sources:
            problems.append(PackProblem(shown, 0, "unexpected-file"))
            continue
        try:
            offered[name] = (shown, read_outside_file(path, MAX_PO_BYTES))
        except FileTooLargeError:
            problems.append(PackProblem(shown, 0, "too-long"))
        except (NotAFileError, OSError):
            problems.append(PackProblem(shown, 0, "missing-file"))
    if problems:
        raise TranslationImportError(problems)
    return offered
