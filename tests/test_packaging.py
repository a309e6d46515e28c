# SPDX-License-Identifier: GPL-3.0-or-later
"""The frozen build's smaller Babel data (packaging/babel_data.py) still does all Bastion asks.

The build keeps the locale files of languages.json, pickles them again and drops the parts of
CLDR that no Babel function the app imports reads. Here the same rewrite is made into a
temporary folder, Babel is pointed at it, and everything the app formats is formatted in every
language; a function that reads a dropped part fails, which shows the data was swapped.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import pickle
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import babel
import babel.core
import babel.dates
import babel.localedata
import pytest
from babel.messages.catalog import Catalog
from babel.numbers import format_currency

from desktop import i18n, selfcheck

ROOT = Path(__file__).resolve().parent.parent
BABEL_DIR = Path(babel.__file__).parent
# Not part of the app: the string extractor runs on developers' machines only.
NOT_BUNDLED = {ROOT / "desktop" / "i18n" / "extract.py"}


def _babel_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bastion_babel_data", ROOT / "packaging" / "babel_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


babel_data = _babel_data()


def _codes() -> list[str]:
    table = json.loads((ROOT / "desktop" / "i18n" / "languages.json").read_text("utf-8"))
    return [entry["code"] for entry in table["language"]]


def _imports() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        if path in NOT_BUNDLED:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("babel"):
                found.update((node.module or "", alias.name) for alias in node.names)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("babel"), f"{path}: import {alias.name}"
    return found


def test_every_babel_name_the_app_imports_is_known_to_the_trim() -> None:
    unknown = _imports() - babel_data.BABEL_API
    assert not unknown, (
        f"{sorted(unknown)}: add to BABEL_API in packaging/babel_data.py, and keep in the "
        "build any locale data they read (UNUSED)"
    )


@pytest.fixture
def trimmed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "locale-data"
    for name in sorted(babel_data.kept_locales(_codes())):
        source = BABEL_DIR / "locale-data" / f"{name}.dat"
        if source.exists():
            babel_data.rewrite(source, folder / source.name, drop=True)
    babel_data.rewrite(BABEL_DIR / "global.dat", tmp_path / "global.dat", drop=False)
    with (tmp_path / "global.dat").open("rb") as handle:
        monkeypatch.setattr(babel.core, "_global_data", pickle.load(handle))  # noqa: S301
    monkeypatch.setattr(babel.localedata, "_dirname", str(folder))
    monkeypatch.setattr(babel.localedata, "_cache", {})
    babel.localedata.locale_identifiers.cache_clear()
    yield folder
    babel.localedata.locale_identifiers.cache_clear()


def test_the_rewrite_is_smaller_and_the_same_every_time(tmp_path: Path) -> None:
    source = BABEL_DIR / "locale-data" / "uk.dat"
    babel_data.rewrite(source, tmp_path / "a.dat", drop=True)
    babel_data.rewrite(source, tmp_path / "b.dat", drop=True)
    assert (tmp_path / "a.dat").read_bytes() == (tmp_path / "b.dat").read_bytes()
    assert (tmp_path / "a.dat").stat().st_size < source.stat().st_size / 2
    # Without dropping anything, only the pickle changes: the same data comes back (compared
    # pickled alike: Babel's pattern objects have no equality of their own).
    babel_data.rewrite(source, tmp_path / "c.dat", drop=False)
    with source.open("rb") as original, (tmp_path / "c.dat").open("rb") as again:
        # Babel's own data, from the installed wheel, as Babel itself reads it.
        before, after = pickle.load(original), pickle.load(again)  # noqa: S301
        assert pickle.dumps(before, 5) == pickle.dumps(after, 5)


@pytest.mark.usefixtures("trimmed")
def test_every_language_formats_on_the_trimmed_data() -> None:
    assert babel.localedata.load("uk").get("unit_patterns") is None  # really the trimmed data
    for code in [i18n.SOURCE_LANGUAGE, *(selfcheck.shipped_languages() or [])]:
        assert selfcheck.check_formats(code) is None, code
    # Settings names every language of the table in its own language.
    assert all(language.native_name for language in i18n.languages())
    assert selfcheck.check_language_names() is None
    for code in _codes():
        locale = babel.Locale.parse(code)
        assert locale.character_order in ("left-to-right", "right-to-left")
        assert locale.number_symbols
        # The pack translators' PO files carry each language's plural rule.
        assert Catalog(locale=code).plural_forms.startswith("nplurals=")


@pytest.mark.usefixtures("trimmed")
def test_what_the_trim_drops_is_gone() -> None:
    # Money is one of the parts dropped: a function that reads it now fails, so a new use
    # of one is caught here, not by a volunteer.
    with pytest.raises(KeyError):
        format_currency(1, "EUR", locale="fr")
    moment = datetime(2026, 12, 8, 14, 5, tzinfo=UTC)
    assert babel.dates.format_datetime(moment, "full", locale="fa")
