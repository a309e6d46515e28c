# SPDX-License-Identifier: GPL-3.0-or-later
"""self-test fails, one line per part, when the installation lacks something it ships.

A trial frozen build lost catalogs, the style sheet, the default pack and xkcdpass's word list
while self-test still passed. Each check is run here against this checkout (it passes) and
with its part taken away (it fails and says what is missing).
"""

from __future__ import annotations

import gettext
import ssl
import sys
import types
from pathlib import Path

import pytest

from desktop import app, i18n, selfcheck

ROOT = Path(__file__).resolve().parent.parent


def test_every_check_passes_on_this_checkout() -> None:
    results = {name: check() for name, check in selfcheck.installation_checks()}
    assert results == dict.fromkeys(results)
    assert "catalog ar" in results
    assert "catalog hi" in results


def test_shipped_languages_are_the_translations_folders() -> None:
    folders = {p.name for p in (ROOT / "translations").iterdir() if p.is_dir()}
    assert set(selfcheck.shipped_languages() or []) == folders - {i18n.SOURCE_LANGUAGE}


def test_a_frozen_build_reads_its_list_and_fails_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    checks = dict(selfcheck.installation_checks())
    assert checks["shipped languages"]() == "list of shipped languages missing"
    listing = tmp_path / "desktop" / "i18n" / selfcheck.SHIPPED_LANGUAGES_FILE
    listing.parent.mkdir(parents=True)
    listing.write_text("ar\nhi\n", encoding="utf-8")
    assert selfcheck.shipped_languages() == ["ar", "hi"]
    # No compiled catalog in the bundle: each shipped language fails on its own line.
    checks = dict(selfcheck.installation_checks())
    assert checks["catalog ar"]() == "FileNotFoundError: no messages.mo"
    assert checks["catalog hi"]() == "FileNotFoundError: no messages.mo"


def test_a_missing_catalog_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    assert selfcheck.check_catalog("ar") == "FileNotFoundError: no messages.mo"


def test_a_catalog_that_translates_nothing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "load_catalog", lambda code: gettext.NullTranslations())
    assert selfcheck.check_catalog("ar") == "does not translate 'Unlock'"


def test_a_stub_catalog_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    stub = gettext.NullTranslations()
    stub.gettext = lambda message: "افتح"  # type: ignore[method-assign]
    monkeypatch.setattr(i18n, "load_catalog", lambda code: stub)
    assert selfcheck.check_catalog("ar") == "only 0 messages"


def test_missing_babel_locale_data_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from babel import Locale

    def unknown(code: str) -> Locale:
        raise ValueError(code)

    i18n.languages.cache_clear()
    monkeypatch.setattr(Locale, "parse", unknown)
    try:
        assert selfcheck.check_language_names() == "Babel locale data (ValueError)"
    finally:
        i18n.languages.cache_clear()


def missing_resources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        selfcheck.config, "resource_path", lambda *parts: tmp_path.joinpath("resources", *parts)
    )


def test_a_missing_style_sheet_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing_resources(monkeypatch, tmp_path)
    assert (selfcheck.check_style_sheet() or "").startswith("FileNotFoundError")


def test_a_missing_default_pack_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from desktop.training import packs

    monkeypatch.setattr(packs, "bundled_pack_folder", lambda: tmp_path / "default")
    assert (selfcheck.check_default_pack() or "").startswith("missing: ")


def test_a_default_pack_that_does_not_validate_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop.training import packs

    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "pack.yaml").write_text("not: [a pack", encoding="utf-8")
    monkeypatch.setattr(packs, "bundled_pack_folder", lambda: tmp_path / "default")
    monkeypatch.setattr(packs, "bundled_pack", lambda *_: packs.load_pack({"pack.yaml": b"x: ["}))
    assert (selfcheck.check_default_pack() or "").startswith("does not validate")


def test_the_word_list_fallback_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from xkcdpass import xkcd_password

    words = tmp_path / "words"
    words.write_text("apple\nbanana\n", encoding="utf-8")
    # What xkcdpass does without its static folder: the system's dictionary, silently.
    monkeypatch.setattr(xkcd_password, "locate_wordfile", lambda name=None: str(words))
    assert "fell back to" in (selfcheck.check_word_list() or "")
    monkeypatch.setattr(xkcd_password, "locate_wordfile", lambda name=None: None)
    assert (selfcheck.check_word_list() or "").startswith("eff-long not found")


def test_a_short_word_list_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from xkcdpass import xkcd_password

    words = tmp_path / "eff-long"
    words.write_text("11111\tapple\n11112\tbanana\n", encoding="utf-8")
    monkeypatch.setattr(xkcd_password, "locate_wordfile", lambda name=None: str(words))
    assert selfcheck.check_word_list() == "2 words, not 7776"


def test_an_empty_trust_store_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = ssl.DefaultVerifyPaths(
        str(tmp_path / "cert.pem"), str(tmp_path / "certs"), "", "", "", ""
    )
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: empty)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "cert.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "certs"))
    assert (selfcheck.check_trust_store() or "").startswith("no CA certificates in ")


def test_pdf_preview_fails_without_pdfium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    assert selfcheck.check_pdf_preview() == "ModuleNotFoundError"


def test_socks_fails_without_socksio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "socksio", None)
    assert selfcheck.check_socks() == "ModuleNotFoundError"


def test_qt_translations_are_found_and_missing_ones_fail(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert app._self_test_qt_catalog("ar") is None
    from PySide6 import QtCore

    class Empty:
        LibraryPath = QtCore.QLibraryInfo.LibraryPath

        @staticmethod
        def path(which: object) -> str:
            return str(tmp_path)

    monkeypatch.setattr(QtCore, "QLibraryInfo", Empty)
    assert app._self_test_qt_catalog("ar") == f"no qtbase_ar.qm in {tmp_path}"


def test_qt_ships_qtbase_for_exactly_the_languages_listed() -> None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = set()
    for code in (entry["code"] for entry in i18n._table()):
        locale = QLocale(i18n.qt_locale_name(code))
        if code != i18n.SOURCE_LANGUAGE and QTranslator().load(locale, "qtbase", "_", path):
            found.add(code)
    assert found == app.QT_SHIPS_QTBASE


def test_no_network_information_backend_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6 import QtNetwork

    feature = QtNetwork.QNetworkInformation.Feature
    none = types.SimpleNamespace(
        instance=lambda: None, loadDefaultBackend=lambda: False, availableBackends=list
    )
    monkeypatch.setattr(QtNetwork, "QNetworkInformation", none)
    assert app._self_test_network_information() == "no backend among none"
    dummy = types.SimpleNamespace(backendName=lambda: "dummy", supports=lambda feature: True)
    fallback = types.SimpleNamespace(
        instance=lambda: dummy,
        loadDefaultBackend=lambda: True,
        availableBackends=lambda: ["dummy"],
        Feature=feature,
    )
    monkeypatch.setattr(QtNetwork, "QNetworkInformation", fallback)
    assert app._self_test_network_information() == "only dummy backend among ['dummy']"


def test_self_test_prints_one_line_per_missing_part_and_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        selfcheck,
        "installation_checks",
        lambda: [("style sheet", lambda: "gone"), ("PDF preview", lambda: None)],
    )
    monkeypatch.setattr(selfcheck, "shipped_languages", lambda: ["ar"])
    monkeypatch.setattr(app, "_self_test_qt_catalog", lambda code: "no qtbase_ar.qm")
    monkeypatch.setattr(app, "_self_test_network_information", lambda: "no backend")
    monkeypatch.setattr(app, "_self_test_vault", lambda directory: None)
    monkeypatch.setattr(app, "_self_test_window", lambda directory: None)
    monkeypatch.setattr(app, "_self_test_fonts", lambda: None)
    assert app.self_test() == 1
    lines = capsys.readouterr().out.splitlines()
    assert "style sheet: FAILED (gone)" in lines
    assert "PDF preview: ok" in lines
    assert "Qt translations ar: FAILED (no qtbase_ar.qm)" in lines
    assert "network information backend: FAILED (no backend)" in lines
    assert lines[-1] == (
        "self-test: FAILED (style sheet, Qt translations ar, network information backend)"
    )


def test_self_test_names_a_shipped_font_that_went_missing(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop.ui import fonts

    assert app._self_test_fonts() is None
    monkeypatch.setattr(fonts, "_registered", set())
    monkeypatch.setattr(fonts.config, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    assert app._self_test_fonts() == "missing or unreadable: NotoSansArabic-Regular.ttf"


def test_formats_fail_without_babel_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import babel.localedata

    monkeypatch.setattr(babel.localedata, "_dirname", str(tmp_path))
    monkeypatch.setattr(babel.localedata, "_cache", {})
    before = i18n.current_language()
    # UnknownLocaleError, or FileNotFoundError where an earlier test left Babel a Locale.
    assert selfcheck.check_formats("bn") in ("UnknownLocaleError", "FileNotFoundError")
    assert i18n.current_language() == before  # the language in effect is given back
