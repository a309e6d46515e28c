# SPDX-License-Identifier: GPL-3.0-or-later
"""PO export and import of a pack's texts (desktop/training/po.py, pofiles.py, translate.py).

The default pack is copied to tmp_path (it is the content writers' folder; never written).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from desktop.training.archive import source_files
from desktop.training.blocks import ITEM, PARAGRAPH, Block, split_blocks
from desktop.training.errors import (
    PackInvalidError,
    PackProblem,
    TranslationImportError,
    TranslationLanguageError,
)
from desktop.training.model import Lesson, Pack
from desktop.training.po import MAX_PO_BYTES
from desktop.training.pofiles import export_catalogs, import_catalogs
from desktop.training.render import render_lesson
from desktop.training.validate import check_source, load_pack

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "training" / "default"
LANG = "de"
MARK = "DE: "


def default_copy(tmp_path: Path) -> Path:
    """The default pack in tmp_path, with German added to its languages."""
    folder = tmp_path / "pack"
    shutil.copytree(DEFAULT, folder)
    problems: tuple[PackProblem, ...] = ()
    try:
        check_source(source_files(folder))
    except PackInvalidError as exc:
        problems = exc.problems
    # Drafts the content writers have not listed yet: not this test's subject.
    assert {p.code for p in problems} <= {"unexpected-file"}, problems
    for problem in problems:
        (folder / problem.file).unlink()
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    assert "languages:\n  - en\n" in text
    pack_yaml.write_text(text.replace("languages:\n  - en\n", f"languages:\n  - en\n  - {LANG}\n"))
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def edit_catalogs(folder: Path, change: Callable[[str, str], str | None]) -> None:
    """Rewrite every PO file under `folder`: msgstr = change(msgctxt, msgid) when not None."""
    for path in sorted(folder.rglob("*.po")):
        catalog = read_po(io.BytesIO(path.read_bytes()))
        for message in catalog:
            if message.id:
                new = change(str(message.context), str(message.id))
                if new is not None:
                    message.string = new
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        path.write_bytes(buffer.getvalue())


def messages(folder: Path) -> dict[str, tuple[tuple[str, str, str, bool], ...]]:
    result = {}
    for path in sorted(folder.rglob("*.po")):
        catalog = read_po(io.BytesIO(path.read_bytes()))
        result[path.relative_to(folder).as_posix()] = tuple(
            (str(m.context), str(m.id), str(m.string), m.fuzzy) for m in catalog if m.id
        )
    return result


def translated(tmp_path: Path) -> tuple[Path, Path]:
    """The default pack with a complete fake German translation imported; and the export."""
    folder = default_copy(tmp_path)
    out = tmp_path / "out"
    export_catalogs(folder, LANG, out)
    edit_catalogs(out, lambda _context, english: MARK + english)
    import_catalogs(folder, LANG, out)
    return folder, out


def first_lesson(pack: Pack) -> str:
    return pack.lesson_keys()[0]


def first_paragraph(folder: Path) -> tuple[Lesson, Path, str, Block]:
    """The pack's first lesson, its English file, that file's text and its first paragraph."""
    pack = load_pack(source_files(folder))
    lesson = pack.lesson(first_lesson(pack))
    assert lesson is not None
    path = folder / lesson.files["en"]
    text = path.read_text(encoding="utf-8")
    return lesson, path, text, next(b for b in split_blocks(text) if b.kind == PARAGRAPH)


# ---------------------------------------------------------------------- round trip
@pytest.mark.slow
def test_round_trip_of_the_default_pack(tmp_path: Path) -> None:
    folder, out = translated(tmp_path)
    again = tmp_path / "again"
    export_catalogs(folder, LANG, again)
    assert messages(again) == messages(out)
    # What is stored in the pack is exactly what an export writes.
    assert tree(again / LANG) == tree(folder / "po" / LANG)
    checked = check_source(source_files(folder))
    coverage = checked.coverage[LANG]
    assert coverage.stale == coverage.missing == 0
    assert coverage.complete > 1000
    pack = checked.pack
    english = checked.source
    assert pack.title.get(LANG) == MARK + english.title.get("en")
    for pathway in pack.pathways:
        assert pathway.summary.pick(LANG) == (MARK + pathway.summary.get("en"), LANG)
        for module in pathway.modules:
            assert all(item.text.get(LANG).startswith(MARK) for item in module.checklist)
            for question in module.quiz.questions if module.quiz else ():
                assert question.text.get(LANG).startswith(MARK)
                assert all(c.text.get(LANG).startswith(MARK) for c in question.choices)
            for lesson in module.lessons:
                rendered = render_lesson(pack, lesson, LANG)
                assert (rendered.language, rendered.fallback) == (LANG, False)
                english_text = pack.files[lesson.files["en"]].decode()
                assert rendered.html.count(MARK) == len(split_blocks(english_text))
    # English is untouched: the learners' English, and the English source files.
    assert render_lesson(pack, pack.lesson(first_lesson(pack)), "en").html.count(MARK) == 0
    assert {k: v for k, v in tree(folder).items() if not k.startswith("po/")} == {
        k: v
        for k, v in tree(DEFAULT).items()
        if k in tree(folder) and k != "pack.yaml" and not k.startswith("po/")
    } | {"pack.yaml": (folder / "pack.yaml").read_bytes()}


@pytest.mark.slow
def test_importing_an_unchanged_export_changes_no_file(tmp_path: Path) -> None:
    folder = default_copy(tmp_path)
    before = tree(folder)
    with pytest.raises(TranslationImportError) as caught:
        import_catalogs(folder, LANG, tmp_path / "nowhere")  # no de/ folder there
    assert [(p.file, p.code) for p in caught.value.problems] == [("de/", "missing-file")]
    export_catalogs(folder, LANG, tmp_path / "empty")
    assert import_catalogs(folder, LANG, tmp_path / "empty") == []
    assert tree(folder) == before  # nothing translated: no empty catalogs added
    folder, _out = translated(tmp_path / "second")
    before = tree(folder)
    export_catalogs(folder, LANG, tmp_path / "unchanged")
    assert import_catalogs(folder, LANG, tmp_path / "unchanged") == []
    assert tree(folder) == before


@pytest.mark.slow
def test_one_changed_paragraph_is_one_stale_message(tmp_path: Path) -> None:
    folder, _out = translated(tmp_path)
    lesson, path, text, block = first_paragraph(folder)
    lines = text.split("\n")
    lines[block.end - 1] += " Check this again after every update."
    path.write_text("\n".join(lines), encoding="utf-8")

    again = tmp_path / "again"
    export_catalogs(folder, LANG, again)
    fuzzy = [m for ms in messages(again).values() for m in ms if m[3]]
    assert len(fuzzy) == 1
    context, english, translation, _ = fuzzy[0]
    assert english.endswith("Check this again after every update.")
    assert translation == MARK + block.text
    stale_file = next(p for p in again.rglob("*.po") if "#, fuzzy" in p.read_text())
    assert "#| msgid" in stale_file.read_text()

    checked = check_source(source_files(folder))
    assert (checked.coverage[LANG].stale, checked.coverage[LANG].missing) == (1, 0)
    changed = checked.pack.lesson(lesson.key)
    assert changed is not None
    rendered = render_lesson(checked.pack, changed, LANG)
    assert rendered.fallback  # the app's note: part of it is in English
    assert "Check this again after every update." in rendered.html
    assert MARK + block.text.split("**")[0][:30] not in rendered.html
    assert rendered.html.count(MARK) == len(split_blocks(path.read_text())) - 1
    # Exporting into the pack itself keeps the stale message stale, with its old English.
    export_catalogs(folder, LANG, folder / "po")
    export_catalogs(folder, LANG, tmp_path / "third")
    assert messages(tmp_path / "third") == messages(again)
    assert check_source(source_files(folder)).coverage[LANG].stale == 1


def test_a_moved_paragraph_keeps_its_translation(tmp_path: Path) -> None:
    folder, _out = translated(tmp_path)
    lesson, path, text, first = first_paragraph(folder)
    lines = text.split("\n")
    moved = lines[first.start : first.end]
    rest = lines[: first.start] + lines[first.end + 1 :]
    path.write_text("\n".join([*rest, "", *moved, ""]), encoding="utf-8")
    checked = check_source(source_files(folder))
    assert (checked.coverage[LANG].stale, checked.coverage[LANG].missing) == (0, 0)
    rendered = render_lesson(checked.pack, checked.pack.lesson(lesson.key), LANG)  # type: ignore[arg-type]
    assert not rendered.fallback


def test_fuzzy_and_empty_messages_show_the_english(tmp_path: Path) -> None:
    folder = default_copy(tmp_path)
    out = tmp_path / "out"
    export_catalogs(folder, LANG, out)
    edit_catalogs(out, lambda context, english: "" if context == "title" else MARK + english)
    catalog_file = out / LANG / "pack.po"
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text.replace('msgctxt "publisher"', '#, fuzzy\nmsgctxt "publisher"'))
    import_catalogs(folder, LANG, out)
    pack = load_pack(source_files(folder))
    assert pack.publisher.pick(LANG)[1] == "en"
    assert pack.title.pick(LANG)[1] == "en"  # the pack's title is empty in pack.po
    module = pack.pathways[0].modules[0]
    assert module.title.pick(LANG)[1] == "en"  # so is every module's
    assert module.summary.pick(LANG)[1] == LANG


# ---------------------------------------------------------------------- refused input
def _lesson_item(folder: Path) -> tuple[str, str]:
    """(msgctxt, English) of the first list item of any lesson."""
    pack = load_pack(source_files(folder))
    for key in pack.lesson_keys():
        lesson = pack.lesson(key)
        assert lesson is not None
        blocks = split_blocks(pack.files[lesson.files["en"]].decode())
        for n, block in enumerate(blocks, start=1):
            if block.kind == ITEM:
                return f"lessons/{lesson.id}/text/{n}", block.text
    raise AssertionError("no list item in the default pack")


@pytest.mark.parametrize(
    ("broken", "code"),
    [
        (lambda english: "- " + MARK + english, "markdown"),  # a marker of its own
        (lambda english: MARK + "\n\n" + english, "markdown"),  # two paragraphs
        (lambda english: "## " + english, "markdown"),  # a heading
        (lambda english: MARK + english + " [more](https://example.org/)", "links"),
    ],
)
def test_a_translation_that_breaks_markdown_is_refused(
    tmp_path: Path, broken: Callable[[str], str], code: str
) -> None:
    folder = default_copy(tmp_path)
    out = tmp_path / "out"
    export_catalogs(folder, LANG, out)
    context, _english = _lesson_item(folder)
    edit_catalogs(out, lambda c, e: broken(e) if c == context else MARK + e)
    before = tree(folder)
    with pytest.raises(TranslationImportError) as caught:
        import_catalogs(folder, LANG, out)
    assert [(p.code, p.field) for p in caught.value.problems] == [(code, context)]
    assert caught.value.problems[0].line > 0
    assert tree(folder) == before


def test_a_list_item_without_its_marker_stays_a_list_item(tmp_path: Path) -> None:
    # Markers are not in the messages: the translation of an item is the item's text, and
    # the English file's marker and indentation are put back around it.
    folder = default_copy(tmp_path)
    out = tmp_path / "out"
    export_catalogs(folder, LANG, out)
    context, english = _lesson_item(folder)
    edit_catalogs(out, lambda c, e: "ÜBERSETZT " + e if c == context else None)
    import_catalogs(folder, LANG, out)
    pack = load_pack(source_files(folder))
    lesson = pack.lesson(next(k for k in pack.lesson_keys() if f"/{context.split('/')[1]}" in k))
    assert lesson is not None
    text, complete = lesson.texts[LANG]
    assert not complete
    assert any(
        line.lstrip().startswith(("- ÜBERSETZT", "* ÜBERSETZT")) or ". ÜBERSETZT" in line
        for line in text.split("\n")
    )
    assert "<li>ÜBERSETZT" in render_lesson(pack, lesson, LANG).html


def _huge(out: Path) -> None:
    (out / LANG / "pack.po").write_bytes(b"#" * (MAX_PO_BYTES + 1))


def _latin1(out: Path) -> None:
    (out / LANG / "pack.po").write_bytes('msgid "Grüße"\nmsgstr "x"\n'.encode("latin-1"))


def _unknown_context(out: Path) -> None:
    with (out / LANG / "pack.po").open("a", encoding="utf-8") as handle:
        handle.write('\nmsgctxt "nope"\nmsgid "x"\nmsgstr "y"\n')


def _not_po(out: Path) -> None:
    (out / LANG / "pack.po").write_text("this is not a PO file\n")


def _stray(out: Path) -> None:
    (out / LANG / "stray.po").write_text('msgid "x"\nmsgstr "y"\n')


def _plural(out: Path) -> None:
    (out / LANG / "pack.po").write_text(
        'msgctxt "title"\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[1] "d"\n'
    )


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (_huge, "too-long"),
        (_latin1, "not-utf8"),
        (_unknown_context, "unknown-context"),
        (_not_po, "syntax"),
        (_stray, "unexpected-file"),
        (_plural, "invalid"),
    ],
)
def test_hostile_po_input_is_refused_and_nothing_is_written(
    tmp_path: Path, spoil: Callable[[Path], object], code: str
) -> None:
    folder = default_copy(tmp_path)
    out = tmp_path / "out"
    export_catalogs(folder, LANG, out)
    edit_catalogs(out, lambda _c, english: MARK + english)
    spoil(out)
    before = tree(folder)
    with pytest.raises(TranslationImportError) as caught:
        import_catalogs(folder, LANG, out)
    assert code in {p.code for p in caught.value.problems}
    assert tree(folder) == before


def test_a_broken_catalog_inside_the_pack_makes_it_invalid(tmp_path: Path) -> None:
    folder, _out = translated(tmp_path)
    context, english = _lesson_item(folder)
    path = next(p for p in (folder / "po").rglob("*.po") if f'"{context}"' in p.read_text())
    edit_catalogs(path.parent, lambda c, e: "- " + e if c == context else None)
    with pytest.raises(PackInvalidError) as caught:
        load_pack(source_files(folder))
    assert [(p.code, p.field) for p in caught.value.problems] == [("markdown", context)]
    assert english
    # A reader in another language is shown the pack without reading that catalog (the
    # install check above still refuses it); in that language, it is refused too.
    pack = load_pack(source_files(folder), languages=("ar",))
    lesson = pack.lesson(first_lesson(pack))
    assert lesson is not None
    assert render_lesson(pack, lesson, "ar").language == "ar"
    assert render_lesson(pack, lesson, LANG).fallback
    with pytest.raises(PackInvalidError):
        load_pack(source_files(folder), languages=(LANG,))


def test_languages_are_checked(tmp_path: Path) -> None:
    folder = default_copy(tmp_path)
    with pytest.raises(TranslationLanguageError) as caught:
        export_catalogs(folder, "en", tmp_path / "out")
    assert caught.value.reason == "source"
    with pytest.raises(TranslationLanguageError) as caught:
        import_catalogs(folder, "fr", tmp_path / "out")
    assert caught.value.reason == "unlisted"
    (folder / "po" / "fr").mkdir(parents=True)
    (folder / "po" / "fr" / "pack.po").write_text('msgid ""\nmsgstr ""\n')
    with pytest.raises(PackInvalidError) as invalid:
        load_pack(source_files(folder))
    assert [(p.file, p.code) for p in invalid.value.problems] == [("po/fr/pack.po", "language")]
