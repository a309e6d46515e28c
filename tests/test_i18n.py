# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation pipeline: the template is fresh, catalogs are correct and complete, and a bad
translation can never break a message."""

from __future__ import annotations

import gettext
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop import i18n
from desktop.i18n import extract
from desktop.i18n.bidi import anchor, isolate, starts_left_to_right, unisolated

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"
CATALOGS = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
COUNTS = (0, 1, 2, 3, 5, 11, 21, 101, 1_000_000)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_template_is_up_to_date():
    """Fails when a string was added or changed without `make extract`."""
    assert POT.read_bytes() == extract.render_template(), "run `make extract`"


def test_template_strings_use_named_fields_only():
    with POT.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            for _, name, _, _ in string.Formatter().parse(text):
                assert name is None or (name and not name.isdigit()), text


@pytest.fixture
def translations_returning(monkeypatch):
    """Install a fake catalog whose gettext answers with the given text."""

    def install(answer: str) -> None:
        class Fake(gettext.NullTranslations):
            def gettext(self, message: str) -> str:
                return answer

            def ngettext(self, singular: str, plural: str, n: int) -> str:
                return answer

            def pgettext(self, context: str, message: str) -> str:
                return answer

        monkeypatch.setattr(i18n, "_translations", Fake())

    return install


def test_translation_with_wrong_fields_falls_back_to_english(translations_returning):
    translations_returning("Vault in {pfad} erstellt.")
    assert i18n._("Vault created in {path}.") == "Vault created in {path}."
    translations_returning("Tresor in {path} erstellt.")
    assert i18n._("Vault created in {path}.") == "Tresor in {path} erstellt."


def test_broken_format_syntax_falls_back(translations_returning):
    translations_returning("{count minutes")
    text = i18n.ngettext("{count} minute", "{count} minutes", 3)
    assert text.format(count=3) == "3 minutes"


def test_pgettext_and_ngettext_are_guarded_too(translations_returning):
    translations_returning("{n} Minuten")
    assert i18n.ngettext("{count} minute", "{count} minutes", 2) == "{count} minutes"
    translations_returning("Schwach {x}")
    assert i18n.pgettext("passphrase strength", "Weak") == "Weak"


def test_language_table_has_nineteen_languages_with_cldr_direction():
    table = i18n.languages()
    assert len(table) == 19
    assert len({entry.code for entry in table}) == 19
    rtl = {entry.code for entry in table if entry.right_to_left}
    assert rtl == {"ar", "fa"}
    assert all(entry.native_name for entry in table)


def test_unknown_language_falls_back_to_english():
    try:
        assert i18n.set_language("xx") == "en"
        assert i18n._("Unlock") == "Unlock"
    finally:
        i18n.set_language(None)


@pytest.mark.parametrize("po_path", CATALOGS, ids=[p.parts[-3] for p in CATALOGS])
def test_catalog_passes_msgfmt_check(po_path: Path, tmp_path: Path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is needed (scripts/ensure-system-deps.sh installs it)"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("po_path", CATALOGS, ids=[p.parts[-3] for p in CATALOGS])
def test_catalog_is_complete_and_in_step_with_the_template(po_path: Path):
    with POT.open("rb") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    ids = {message.id for message in catalog if message.id}
    assert ids == template, "run `pybabel update` and translate the new strings"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"untranslated: {message.id!r}"


@pytest.mark.parametrize("po_path", CATALOGS, ids=[p.parts[-3] for p in CATALOGS])
def test_every_plural_form_formats_for_every_count(po_path: Path, tmp_path: Path):
    """A plural form with a wrong field only fails for the counts that select it."""
    code = po_path.parts[-3]
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    mo = tmp_path / code / "LC_MESSAGES" / "messages.mo"
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as handle:
        write_mo(handle, catalog)
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for n in COUNTS:
                text = translations.ngettext(singular, plural, n)
                expected = _fields(singular if n == 1 else plural)
                assert _fields(text) == expected, (code, n, text)
                text.format(**dict.fromkeys(expected, n))
        else:
            text = translations.gettext(message.id)
            assert _fields(text) == _fields(message.id), (code, text)


# ---------------------------------------------------------------------- the system's language

SHIPPED_CODES = ["en", "ar", "bn", "de", "es", "fa", "fr", "hi", "id", "it", "ja", "ko", "pl"]
SHIPPED_CODES += ["pt_BR", "ru", "sw", "tr", "uk", "zh_Hans"]


@pytest.mark.parametrize(
    ("variables", "quick"),
    [
        ({"LANG": "ar_EG.UTF-8"}, True),
        ({"LANG": "hi_IN.UTF-8", "LANGUAGE": "hi:en"}, True),
        ({"LANG": "C.UTF-8"}, True),
        ({"LANG": "POSIX"}, True),
        ({"LC_ALL": "pt_BR.UTF-8", "LANG": "en_US.UTF-8"}, True),
        ({"LC_MESSAGES": "fa_IR", "LANG": "en_GB.UTF-8"}, True),
        ({"LANG": "de"}, True),
        ({}, True),
        ({"LANG": "zh_CN.UTF-8"}, False),
        ({"LANG": "zh_TW.UTF-8"}, False),
        ({"LANG": "pt_PT.UTF-8"}, False),
        ({"LANG": "sr_RS@latin"}, False),
        ({"LANG": "nb_NO.UTF-8"}, False),
        ({"LANGUAGE": "bogus!", "LANG": "ar_SA.UTF-8"}, False),
    ],
)
def test_system_language_agrees_with_babel(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], quick: bool
) -> None:
    from desktop.i18n import system

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    # The quick answer is taken only where it is certain; either way the result is Babel's.
    assert (system._plain_answer(SHIPPED_CODES) is not system._UNSURE) is quick
    assert system.system_language(SHIPPED_CODES) == system._babel_answer(SHIPPED_CODES)


RTL_CATALOGS = [p for p in CATALOGS if i18n.is_right_to_left(p.parts[-3])]


@pytest.mark.parametrize("po_path", RTL_CATALOGS, ids=[p.parts[-3] for p in RTL_CATALOGS])
def test_right_to_left_catalogs_isolate_file_names_paths_and_urls(po_path: Path):
    """In an Arabic sentence `.minisig` showed as `minisig.`: every such run is isolated."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    bare, reversed_ = [], []
    for message in catalog:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        bare += [(run, message.id) for form in forms if message.id for run in unisolated(form)]
        reversed_ += [form for form in forms if message.id and starts_left_to_right(form)]
    assert bare == [], "run `python -m desktop.i18n.bidi` on the catalog"
    # "Bastion مقفل" was laid out left to right as a whole, its words in the wrong order.
    assert reversed_ == [], "run `python -m desktop.i18n.bidi` on the catalog"


def test_isolation_finds_and_wraps_the_runs_the_bidi_algorithm_breaks():
    text = "مع إضافة «\u200e.minisig» (مثلًا wmf.json) من https://example.org/x في /tmp/a."
    assert unisolated(text) == [".minisig", "wmf.json", "https://example.org/x", "/tmp/a"]
    wrapped = isolate(text)
    assert unisolated(wrapped) == []
    assert "\u2066.minisig\u2069" in wrapped
    assert "\u200e" not in wrapped  # the old left-to-right mark is replaced
    assert wrapped.endswith("\u2066/tmp/a\u2069.")  # the sentence's period stays outside
    assert isolate(wrapped) == wrapped
    assert unisolated("ملف {path}.minisig") == []  # placeholders are filled by the code
    assert anchor("Bastion مقفل") == "\u200fBastion مقفل"
    assert anchor("{count} دقيقة") == "{count} دقيقة"  # a field's own letters do not count
    assert anchor(anchor("SHA-256: {hash}")) == anchor("SHA-256: {hash}")
