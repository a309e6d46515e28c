# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion pack po export|import`, and what `pack build` reports about translations and facts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.test_packs import run
from tests.training.sample import write_sample_pack
from tests.training.test_checked_facts import ANCHOR, FACT, MODULE
from tests.training.test_pack_po import edit_catalogs, tree


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_sample_pack(tmp_path / "source")


def po(capsys: pytest.CaptureFixture[str], *argv: str) -> subprocess.CompletedProcess[str]:
    return run(capsys, "pack", "po", *argv)


def test_export_into_the_pack_carries_translations_written_beside_the_english(
    capsys: pytest.CaptureFixture[str], source: Path
) -> None:
    result = po(capsys, "export", str(source), "ar")
    assert result.returncode == 0, result.stderr
    assert "3 PO files written for ar." in result.stdout
    catalogs = sorted(p.relative_to(source).as_posix() for p in (source / "po").rglob("*.po"))
    assert catalogs == [
        "po/ar/basics/accounts.po",
        "po/ar/basics/devices.po",
        "po/ar/pack.po",
    ]
    pack_po = (source / "po/ar/pack.po").read_text(encoding="utf-8")
    assert 'msgctxt "title"\nmsgid "Sample pack"\nmsgstr "حزمة تجريبية"' in pack_po
    assert "#: pack.yaml:" in pack_po
    accounts = (source / "po/ar/basics/accounts.po").read_text(encoding="utf-8")
    assert "#: pathways/basics/accounts/passwords.en.md:3" in accounts
    assert 'msgctxt "lessons/passwords/text/2"\nmsgid "Why"' in accounts
    assert 'msgctxt "quiz/reuse/yes/feedback"' in accounts
    # The catalogs are part of the pack now, and it still builds.
    result = run(capsys, "pack", "build", str(source))
    assert result.returncode == 0, result.stderr + result.stdout
    # Titles carried over; the Arabic lesson file (not shaped like the English) still counts.
    assert "ar: 7 complete" in result.stdout
    assert "Nothing was written" in result.stdout


def test_import_then_build_reports_every_language(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert po(capsys, "export", str(source), "ar", "--out", str(out)).returncode == 0
    assert not (source / "po").exists()
    edit_catalogs(out, lambda _context, english: "ع " + english)
    result = po(capsys, "import", str(source), "ar", str(out))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "3 PO files of the pack changed." in result.stdout
    result = run(capsys, "pack", "build", str(source), "-o", str(tmp_path / "p.bastionpack"))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "ar: 37 complete (100%), 0 stale (0%), 0 missing (0%)" in result.stdout
    # Unchanged: nothing to write.
    result = po(capsys, "import", str(source), "ar", str(out))
    assert "0 PO files of the pack changed." in result.stdout


def test_import_lists_every_problem_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    po(capsys, "export", str(source), "ar", "--out", str(out))
    edit_catalogs(
        out,
        lambda context, english: {
            "lessons/passwords/text/1": "- " + english,  # a paragraph turned into a list
            "lessons/passwords/text/3": "نص بلا رابط",  # the link is gone
        }.get(context, english),
    )
    with (out / "ar/pack.po").open("a", encoding="utf-8") as handle:
        handle.write('\nmsgctxt "pathways/nowhere/title"\nmsgid "Nowhere"\nmsgstr "لا مكان"\n')
    before = tree(source)
    result = po(capsys, "import", str(source), "ar", str(out))
    assert result.returncode == 1
    assert "ar/basics/accounts.po, line" in result.stdout
    assert "lessons/passwords/text/1: this translation must stay one block" in result.stdout
    assert "lessons/passwords/text/3: this translation must keep the link" in result.stdout
    assert "pathways/nowhere/title: this message (msgctxt) is not in the pack" in result.stdout
    assert "3 problems. Nothing was imported." in result.stderr
    assert tree(source) == before


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "English is the language the pack is translated from"),
        ("fr", "Add its code to “languages” in pack.yaml first"),
        ("../x", "That is not a language code"),
    ],
)
def test_languages(
    capsys: pytest.CaptureFixture[str], source: Path, language: str, message: str
) -> None:
    result = po(capsys, "export", str(source), language)
    assert result.returncode == 1
    assert message in result.stderr
    assert not (source / "po").exists()


def test_build_lists_facts_checked_more_than_a_year_ago(
    capsys: pytest.CaptureFixture[str], source: Path
) -> None:
    path = source / MODULE
    path.write_text(path.read_text().replace(ANCHOR, ANCHOR + "    checked:\n" + FACT))
    result = run(capsys, "pack", "build", str(source), "--today", "2026-01-02")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "To check again" not in result.stdout
    assert "0 facts were checked more than a year ago." in result.stdout
    result = run(capsys, "pack", "build", str(source), "--today", "2027-01-01")
    summary_end = result.stdout.index("Expires:")
    listed = result.stdout.index(
        "To check again: basics/accounts/passwords: “Wikimedia accounts need passwords of at "
        "least 8 characters” (checked on 2025-01-02)"
    )
    assert summary_end < listed
    assert "1 fact was checked more than a year ago." in result.stdout
    result = run(capsys, "pack", "build", str(source), "--today", "2025-01-01")
    assert result.returncode == 1
    assert "lessons[0].checked[0].on: this date is after today" in result.stdout


def test_export_of_an_invalid_pack_lists_its_problems(
    capsys: pytest.CaptureFixture[str], source: Path
) -> None:
    module = source / "pathways/basics/accounts/module.yaml"
    module.write_text(module.read_text().replace("minutes: 4", "minutes: many"))
    result = po(capsys, "export", str(source), "ar")
    assert result.returncode == 1
    assert "pathways/basics/accounts/module.yaml, line 7: lessons[0].minutes:" in result.stdout
    assert "The pack has mistakes" in result.stderr
    assert not (source / "po").exists()
