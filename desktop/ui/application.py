# SPDX-License-Identifier: GPL-3.0-or-later
"""QApplication set-up: Qt's own translations, layout direction, text size, style sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator, SignalInstance
from PySide6.QtWidgets import QApplication

from desktop import config
from desktop.i18n import current_language, qt_locale_name
from desktop.ui import fonts
from desktop.ui.kit import dialogs
from desktop.ui.tasks import run_in_thread

# Installed translators must stay referenced or Qt's side is garbage-collected.
_translators: list[QTranslator] = []


def _qlocale(code: str) -> QLocale:
    """Qt spells locales the BCP 47 way (pt-BR, zh-Hans); gettext codes use "_". Where Qt's
    default for a language writes digits unlike the rest of the app, languages.json names
    the one to use."""
    return QLocale(qt_locale_name(code))


def install_qt_translations(app: QApplication, code: str) -> bool:
    """Qt's own strings (the file dialog, standard buttons, context menus) in `code`: from
    our catalogs (desktop.ui.kit.qt_catalog), and from Qt's qtbase catalog for whatever ours
    lack, where Qt ships one. True when Qt's catalog was found."""
    # Here rather than at the top: only a translated UI needs the bridge.
    from desktop.i18n import SOURCE_LANGUAGE
    from desktop.ui.kit.qt_catalog import CatalogTranslator

    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    locale = _qlocale(code)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = translator.load(locale, "qtbase", "_", path)
    if found:
        app.installTranslator(translator)
        _translators.append(translator)
    if code != SOURCE_LANGUAGE:
        # Installed last, so Qt asks it first; it answers nothing for a string our catalog
        # lacks, and Qt then asks its own. In English there is nothing to translate.
        bridge = CatalogTranslator(app)
        app.installTranslator(bridge)
        _translators.append(bridge)
    return found


def layout_direction(code: str, force_rtl: bool = False) -> Qt.LayoutDirection:
    """Set explicitly: Qt only flips for languages whose qtbase catalog says so.

    QLocale carries the same CLDR direction as Babel (tests/ui/test_languages.py checks
    they agree) and is already loaded, which keeps Babel off the start-up path.
    """
    if force_rtl or _qlocale(code).textDirection() == Qt.LayoutDirection.RightToLeft:
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


# Arabic-script text set at the same point size as Latin looks markedly smaller and is
# harder to read; translators and Arabic UI guidelines commonly enlarge it.
_SCRIPT_FONT_SCALE = {QLocale.Script.ArabicScript: 1.15}
_base_point_size: float | None = None
# The person's text size (Settings, kept in preferences.json), in percent: it multiplies the
# script's scale, so Arabic at "Largest" is 1.15 × 1.5 of the platform's size.
_text_size = config.TEXT_SIZE_DEFAULT


def _scale_font_for_script(app: QApplication, code: str) -> None:
    global _base_point_size
    font = app.font()
    if _base_point_size is None:
        _base_point_size = font.pointSizeF()
    scale = _SCRIPT_FONT_SCALE.get(_qlocale(code).script(), 1.0) * _text_size / 100
    font.setPointSizeF(_base_point_size * scale)
    app.setFont(font)


# The sheet's own sizes (headings, the title) are absolute: without scaling them too, a larger
# text size would leave headings smaller than the text under them.
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)(pt|px)\b")


def scaled_style_sheet(sheet: str, percent: int) -> str:
    """`sheet` with every `font-size` in pt or px multiplied by `percent` / 100."""
    if percent == 100:
        return sheet

    def scale(match: re.Match[str]) -> str:
        size = float(match.group(2)) * percent / 100
        # Qt takes fractional points; pixel sizes must be whole.
        number = f"{size:g}" if match.group(3) == "pt" else str(round(size))
        return f"{match.group(1)}{number}{match.group(3)}"

    return _FONT_SIZE.sub(scale, sheet)


# Noto Sans Devanagari's line box is not centred on its letters: the ascent ends below the
# vowel signs and the descent is mostly empty, so Qt, centring the box, draws Devanagari about
# 2.5-3 px high in every button (Latin and Arabic sit within 1 px). A style sheet cannot
# select by language, so the rule is added only when the UI is written in that script: 2 px
# moved from the bottom padding to the top (tests/ui/test_script_metrics.py measures it).
_SCRIPT_STYLE = {
    QLocale.Script.DevanagariScript: (
        "QPushButton { padding-top: 8px; padding-bottom: 4px; }\n"
        "QPushButton#small { padding-top: 4px; padding-bottom: 0px; }\n"
    ),
}


def _apply_style_sheet(app: QApplication) -> None:
    style = config.resource_path("styles", "bastion.qss")
    if style.is_file():
        sheet = style.read_text(encoding="utf-8")
        sheet += _SCRIPT_STYLE.get(_qlocale(current_language()).script(), "")
        app.setStyleSheet(scaled_style_sheet(sheet, _text_size))


def text_size() -> int:
    """The text size in use, in percent (one of config.TEXT_SIZE_CHOICES)."""
    return _text_size


def apply_text_size(app: QApplication, percent: int) -> None:
    """Every screen at `percent` of the platform's text size, at once: the application font
    (which widgets without a font of their own follow) and the style sheet's sizes. An
    unknown value gives the default, as an edited preferences file does."""
    global _text_size
    _text_size = config.text_size_or_default(percent)
    _scale_font_for_script(app, current_language())
    # Re-setting the sheet re-polishes every widget, so those it sizes follow too.
    _apply_style_sheet(app)


class PreferenceChoices(Protocol):
    """What Settings offers (desktop.ui.settings_view, which imports this module for the
    text size in use: named here by its signals, not imported, so there is no cycle)."""

    language_changed: SignalInstance
    text_size_changed: SignalInstance


def follow_preferences(
    settings: PreferenceChoices, prefs: config.Preferences, data_dir: Path
) -> None:
    """Keep the harmless preferences chosen in Settings (language, text size) in
    preferences.json; a text size applies at once, a language at the next start."""

    def save() -> None:
        run_in_thread(lambda: prefs.save(data_dir))

    def language_chosen(code: str) -> None:
        prefs.language = code
        save()

    def text_size_chosen(percent: int) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_text_size(app, percent)
        prefs.text_size = text_size()
        save()

    settings.language_changed.connect(language_chosen)
    settings.text_size_changed.connect(text_size_chosen)


def configure(
    app: QApplication, *, force_rtl: bool = False, text_size: int = config.TEXT_SIZE_DEFAULT
) -> None:
    global _text_size
    app.setApplicationName("Bastion")
    app.setApplicationDisplayName("Bastion")
    app.setDesktopFileName("bastion")
    # Before any dialog can open: Qt's own settings (the file dialog's visited folders) go
    # nowhere on disk where the platform allows it.
    dialogs.keep_qt_settings_off_disk()
    code = current_language()
    install_qt_translations(app, code)
    app.setLayoutDirection(layout_direction(code, force_rtl))
    # Before the first window: the lock screen is read at the person's text size too.
    _text_size = config.text_size_or_default(text_size)
    fonts.install(app.font().families(), _qlocale(code).script())
    _scale_font_for_script(app, code)
    _apply_style_sheet(app)


def create_application(
    argv: list[str], *, force_rtl: bool = False, text_size: int = config.TEXT_SIZE_DEFAULT
) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    configure(app, force_rtl=force_rtl, text_size=text_size)
    return app
