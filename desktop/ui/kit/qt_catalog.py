# SPDX-License-Identifier: GPL-3.0-or-later
"""Qt's own strings (file dialog, standard buttons, context menus) from our gettext catalogs.

Qt translates its widgets only through QTranslator and ships no catalog for some of our
languages (Hindi) and an incomplete one for others (Arabic lacks labels Qt 6 renamed), so in
a translated UI the file dialog came out wholly or partly in English. `CatalogTranslator`
answers Qt from our catalogs, where `desktop.ui.kit.qt_strings` lists Qt's strings with
Qt's context as the gettext context. It is installed after Qt's own translator (Qt asks the
last installed first), so ours wins and Qt's fills anything we lack.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from desktop.i18n import npgettext, pgettext
from desktop.ui.kit.qt_strings import QT_STRINGS

# Answer only for strings we listed: a Qt string that happens to match one of the app's own
# entries must not be translated as the app's, and switches Qt reads from its catalog
# (QT_LAYOUT_DIRECTION) stay Qt's.
_KNOWN = frozenset(QT_STRINGS)


class CatalogTranslator(QTranslator):
    """A QTranslator that looks Qt's strings up in the current gettext catalog."""

    def translate(
        self,
        context: str,
        source: str,
        /,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """Our translation, or None when we have none: Qt then asks the next translator.

        None, not "": Qt stops at the first non-null answer, so an empty string would blank
        the label. The disambiguation is not part of the key: no two listed strings differ
        only by it. Qt may call this from its worker threads (the file list's types)."""
        del disambiguation
        if (context, source) not in _KNOWN:
            return None
        if n >= 0 and "%n" in source:
            # Qt writes a plural as one source with %n and fills %n itself; the catalog holds
            # it as singular and plural alike, its forms chosen by our plural rule for n.
            translated = npgettext(context, source, source, n)
            if translated != source:
                return translated
        translated = pgettext(context, source)
        # pgettext gives the English source back when there is no (valid) translation; that
        # must not pass for one, or Qt's own catalog would never be asked.
        return translated if translated and translated != source else None

    def isEmpty(self) -> bool:
        """Never empty: Qt does not announce the language change for an empty translator."""
        return False
