# SPDX-License-Identifier: GPL-3.0-or-later
"""QApplication set-up: Qt's own translations, layout direction, style sheet."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import config
from desktop.i18n import current_language, qt_locale_name
from desktop.ui.kit import dialogs

# Installed translators must stay referenced or Qt's side is garbage-collected.
_translators: list[QTranslator] = []


def _qlocale(code: str) -> QLocale:
    """Qt spells locales the BCP 47 way (pt-BR, zh-Hans); gettext codes use "_". Where Qt's
    default for a language writes digits unlike the rest of the app, languages.toml names
    the one to use."""
    return QLocale(qt_locale_name(code))


def install_qt_translations(app: QApplication, code: str) -> bool:
    """Qt's own strings (standard buttons, context menus) in `code`, where Qt ships them."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    locale = _qlocale(code)
    QLocale.setDefault(locale)
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(locale, "qtbase", "_", path):
        app.installTranslator(translator)
        _translators.append(translator)
        return True
    return False


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


def _scale_font_for_script(app: QApplication, code: str) -> None:
    global _base_point_size
    font = app.font()
    if _base_point_size is None:
        _base_point_size = font.pointSizeF()
    scale = _SCRIPT_FONT_SCALE.get(_qlocale(code).script(), 1.0)
    font.setPointSizeF(_base_point_size * scale)
    app.setFont(font)


def configure(app: QApplication, *, force_rtl: bool = False) -> None:
    app.setApplicationName("Bastion")
    app.setApplicationDisplayName("Bastion")
    app.setDesktopFileName("bastion")
    # Before any dialog can open: Qt's own settings (the file dialog's visited folders) go
    # nowhere on disk where the platform allows it.
    dialogs.keep_qt_settings_off_disk()
    code = current_language()
    install_qt_translations(app, code)
    app.setLayoutDirection(layout_direction(code, force_rtl))
    _scale_font_for_script(app, code)
    style = config.resource_path("styles", "bastion.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


def create_application(argv: list[str], *, force_rtl: bool = False) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    configure(app, force_rtl=force_rtl)
    return app
