# SPDX-License-Identifier: GPL-3.0-or-later
"""Untrusted text printed for people: controls removed, and every Unicode format character
(bidi embeddings, overrides, isolates, marks; zero-width and tag characters) shown as a
visible escape, so a hostile report title, journal text or profile name can neither reorder
nor hide what a terminal shows. docs/threat-model.md links here."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from pathlib import Path

import pytest
from pyrage import x25519

from desktop.cli import common, main
from desktop.journal import Journal
from desktop.vault import FLOOR, Vault
from tests.cli.test_main import bastion, lines
from tests.conftest import PASSPHRASE
from tests.journal.conftest import sample
from tests.profiles.builders import StockKey, document, encode

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# An "invoice" that a right-to-left override shows as "invoice_exe.pdf"-like text.
HOSTILE_TITLE = "Threat \u202efdp.exe\u202c \u2067hidden\u2069 zero\u200bwidth tag\U000e0041"
FORMAT = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}


def raw_format(text: str) -> set[str]:
    return {ch for ch in text if ch in FORMAT and ch not in "\u200c\u200d"}


def test_format_control_is_every_format_character_but_the_joiners() -> None:
    expected = FORMAT - {"\u200c", "\u200d"}
    assert {ch for ch in FORMAT if common.FORMAT_CONTROL.fullmatch(ch)} == expected
    assert set(BIDI) <= expected


def test_line_escapes_bidi_and_invisible_characters_visibly() -> None:
    for ch in BIDI:
        assert common.line(f"a{ch}b") == f"a\\u{ord(ch):04x}b"
    assert common.line("x\u202ey") == "x\\u202ey"
    assert common.line("tag\U000e0041") == "tag\\U000e0041"
    assert common.line("\ufeffBOM\u00adsoft\u2060joiner") == "\\ufeffBOM\\u00adsoft\\u2060joiner"
    # C0/C1 controls are still removed, newlines and tabs still become spaces.
    assert common.line("Red\x1b[31m\u009b1m\nnext\tcell") == "Red[31m1m next cell"
    # Joiners stay: Hindi, Persian and emoji need them; ordinary right-to-left text is kept.
    for text in ("क्‍ष", "می‌خواهم", "👩‍💻", "نشروا عنواني", "हिन्दी"):
        assert common.line(text) == text


def test_text_block_keeps_lines_and_escapes_the_same() -> None:
    assert common.text_block("one\u202e\n\ttwo\x1b\u2066") == "one\\u202e\n\ttwo\\u2066"


def test_journal_show_escapes_hostile_title_and_narrative(tmp_path: Path) -> None:
    data = tmp_path / "data"
    vault = Vault(data)
    vault.create(PASSPHRASE, FLOOR)
    uid = Journal(vault).add(
        sample(title=HOSTILE_TITLE, narrative="line one \u202eeno enil\nline two \u2066x")
    )
    vault.lock()
    for command in (("show", uid), ("list",), ("history", uid)):
        result = bastion("journal", *command, stdin=lines(PASSPHRASE), data_dir=data)
        assert result.returncode == 0, result.stderr
        assert not raw_format(result.stdout), command
        assert "\\u202e" in result.stdout
    shown = bastion("journal", "show", uid, stdin=lines(PASSPHRASE), data_dir=data).stdout
    assert (
        "Threat \\u202efdp.exe\\u202c \\u2067hidden\\u2069 zero\\u200bwidth tag\\U000e0041" in shown
    )
    assert "  line one \\u202eeno enil\n  line two \\u2066x" in shown
    # JSON keeps the text exactly (as \\uXXXX escapes that parsers turn back).
    document = json.loads(
        bastion("journal", "show", uid, "--json", stdin=lines(PASSPHRASE), data_dir=data).stdout
    )
    assert document["title"] == HOSTILE_TITLE


def test_report_open_escapes_hostile_titles(tmp_path: Path) -> None:
    data = tmp_path / "data"
    vault = Vault(data)
    vault.create(PASSPHRASE, FLOOR)
    Journal(vault).add(sample(title=HOSTILE_TITLE))
    vault.lock()
    identity = x25519.Identity.generate()
    key_file = tmp_path / "team.key"
    key_file.write_text(str(identity) + "\n")
    bundle = tmp_path / "report.age"
    public = str(identity.to_public())
    exported = bastion(
        "report", "export", "--all", "--recipient", public, "-o", str(bundle),
        stdin=lines(PASSPHRASE), data_dir=data,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    opened = bastion("report", "open", str(bundle), "-i", str(key_file))
    assert opened.returncode == 0, opened.stderr
    assert not raw_format(opened.stdout)
    assert "Threat \\u202efdp.exe\\u202c \\u2067hidden\\u2069" in opened.stdout


def test_profile_output_escapes_invisible_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bidi controls are refused in profiles (tests/profiles); the other format characters
    # (zero-width space, word joiner, tag characters) are escaped when shown.
    stock = StockKey.generate(tmp_path)
    name = "Wikimedia\u200b Trust\u2060 & Safety\U000e0041"
    path = tmp_path / "profile.json"
    path.write_bytes(encode(document(stock.line, name=name)))
    stock.sign_file(path)
    args = main.parse(["profile", "verify", str(path), "--key", stock.line])
    assert main.run(args, common.PassphraseReader(io.StringIO(""))) == common.EXIT_OK
    out = capsys.readouterr().out
    assert not raw_format(out)
    assert "Wikimedia\\u200b Trust\\u2060 & Safety\\U000e0041" in out
