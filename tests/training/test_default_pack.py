# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundled default pack: it validates, and it has the shape the product promises.

Content rules checked here (issue: "the bundled default pack — real content"): the four
pathways at their levels, 2–5 lessons per module, a checklist and a quiz of 4+ questions in
each module, every lesson with an estimate, sources for reviewers, and links only to https.
"""

from __future__ import annotations

import re

import pytest

from desktop.training.model import Pack
from desktop.training.packs import bundled_pack
from desktop.training.render import render_lesson

PATHWAYS = {
    "start-here": "beginner",
    "when-targeted": "intermediate",
    "higher-risk": "advanced",
    "offline-events": "intermediate",
}


@pytest.fixture(scope="module")
def pack() -> Pack:
    return bundled_pack()  # raises PackInvalidError, with every problem, if it does not validate


def test_the_four_pathways_at_their_levels(pack: Pack) -> None:
    assert pack.id == "bastion-default"
    assert {p.id: p.level for p in pack.pathways} == PATHWAYS


def test_the_second_edition_covers_what_it_set_out_to(pack: Pack) -> None:
    # Issue 17: at least 18 modules and 60 lessons, the risk assessment first of all.
    assert sum(len(p.modules) for p in pack.pathways) >= 18
    assert len(pack.lesson_keys()) >= 60
    assert pack.pathways[0].modules[0].id == "assess-your-risk"
    assert pack.lesson("start-here/assess-your-risk/glossary") is not None


def test_every_module_has_lessons_a_checklist_and_a_quiz(pack: Pack) -> None:
    for pathway in pack.pathways:
        assert pathway.modules, pathway.id
        for module in pathway.modules:
            assert 2 <= len(module.lessons) <= 5, module.key
            assert len(module.checklist) >= 3, module.key
            assert module.quiz is not None, module.key
            assert len(module.quiz.questions) >= 4, module.key
            for question in module.quiz.questions:
                for choice in question.choices:
                    assert choice.feedback is not None, f"{module.key} {question.id} {choice.id}"


def test_lessons_are_substantial_and_cite_their_sources(pack: Pack) -> None:
    cited = 0
    for key in pack.lesson_keys():
        lesson = pack.lesson(key)
        assert lesson is not None
        text = pack.files[lesson.files["en"]].decode()
        words = len(text.split())
        assert 200 <= words <= 900, f"{key}: {words} words"
        assert not text.lstrip().startswith("# "), f"{key}: the app shows the title itself"
        cited += bool(lesson.sources)
        rendered = render_lesson(pack, lesson, "en")
        assert all(link.startswith("https://") for link in rendered.links)
    # Reviewers check facts against the sources; most lessons state Wikimedia-specific facts.
    assert cited >= len(pack.lesson_keys()) * 0.6


def test_contact_addresses_are_the_real_ones(pack: Pack) -> None:
    """Every email address in the pack is one of the known Wikimedia contacts."""
    # Each checked by the content's authors against the page in the lesson's sources.
    known = {
        "emergency@wikimedia.org",  # Meta: Threats of harm
        "ca@wikimedia.org",  # Meta: Trust and Safety
        "stewards@wikimedia.org",  # Meta: Stewards
        "legal-reports@wikimedia.org",  # Meta: Child protection policy
        "talktohumanrights@wikimedia.org",  # Meta: Human Rights team
        "bridges@torproject.org",  # Tor Project: bridges
        "help@accessnow.org",  # Access Now Digital Security Helpline
    }
    found: set[str] = set()
    for name, data in pack.files.items():
        if name.endswith((".md", ".yaml")):
            found |= set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", data.decode()))
    assert found <= known, found - known
    assert "emergency@wikimedia.org" in found


def test_every_language_of_the_pack_is_complete_and_never_falls_back() -> None:
    """Issue 18: each translated language 100 % complete, 0 stale; lessons, checklists and
    quizzes shown in it, without the English fallback note."""
    from desktop.i18n import available_codes
    from desktop.training.archive import source_files
    from desktop.training.packs import bundled_pack_folder
    from desktop.training.validate import check_source

    checked = check_source(source_files(bundled_pack_folder()))
    pack = checked.pack
    translated = [code for code in pack.languages if code != "en"]
    assert {"ar", "bn", "fa", "hi"} <= set(translated)
    for code in translated:
        assert code in available_codes()  # a pack language the interface also speaks
        coverage = checked.coverage[code]
        assert (coverage.stale, coverage.missing) == (0, 0), code
        assert pack.title.pick(code) == (pack.title.get(code), code)
        for pathway in pack.pathways:
            assert pathway.title.pick(code)[1] == code
            for module in pathway.modules:
                assert all(item.text.pick(code)[1] == code for item in module.checklist)
                questions = module.quiz.questions if module.quiz else ()
                assert all(q.text.pick(code)[1] == code for q in questions)
                for lesson in module.lessons:
                    rendered = render_lesson(pack, lesson, code)
                    assert (rendered.language, rendered.fallback) == (code, False)


def test_a_frozen_build_reads_the_pack_from_its_archive_as_from_its_source(
    tmp_path, monkeypatch
) -> None:
    """packaging/bastion.spec ships the default pack as one archive (a fifth of the size):
    the app reads the same lessons from it, and refuses it when it was altered."""
    from desktop.training import packs
    from desktop.training.archive import build_archive, source_files
    from desktop.training.errors import PackError
    from desktop.training.validate import check_source

    source = check_source(source_files(packs.bundled_pack_folder())).source
    archive = tmp_path / packs.BUNDLED_ARCHIVE
    archive.write_bytes(build_archive(source, "2026-12-07T00:00:00Z"))
    monkeypatch.setattr(packs, "bundled_pack_archive", lambda: archive)
    monkeypatch.setattr(packs, "bundled_pack_folder", lambda: tmp_path / "no-source")
    packs.bundled_pack.cache_clear()
    try:
        from_archive = packs.bundled_pack("fa")
        from_source = packs.load_pack(source.files, languages=("fa",))
        assert from_archive.lesson_keys() == from_source.lesson_keys()
        key = from_archive.lesson_keys()[0]
        shown = render_lesson(from_archive, from_archive.lesson(key), "fa")  # type: ignore[arg-type]
        assert (shown.language, shown.fallback) == ("fa", False)
        assert shown.html == render_lesson(from_source, from_source.lesson(key), "fa").html  # type: ignore[arg-type]
        # One byte changed inside a member: the zip's own check or the manifest refuses it.
        data = bytearray(archive.read_bytes())
        spot = data.index(b"pack.yaml", 200) + 40
        data[spot] ^= 0x01
        archive.write_bytes(bytes(data))
        packs.bundled_pack.cache_clear()
        with pytest.raises(PackError):
            packs.bundled_pack("fa")
    finally:
        packs.bundled_pack.cache_clear()
