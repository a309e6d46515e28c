# SPDX-License-Identifier: GPL-3.0-or-later
"""The pseudo-locale: every message changes, while what must stay intact does."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.i18n.pseudo import pseudo


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("Fingerprints confirmed on {date}.", ["{date}"]),
        ("<b>Bold</b> &amp; text", ["<b>", "</b>", "&amp;"]),
        ("Press Ctrl+Shift+Q to leave", ["Ctrl+Shift+Q"]),
        ("See https://meta.wikimedia.org/wiki/X", ["https://meta.wikimedia.org/wiki/X"]),
    ],
)
def test_pseudo_text_is_longer_bracketed_and_keeps_fields_markup_and_keys(source, kept):
    shown = pseudo(source)
    assert shown.startswith("⟦")
    assert shown.endswith("⟧")
    assert len(shown) >= 1.4 * len(source)
    assert all(part in shown for part in kept)
    assert shown != source


def test_the_pseudo_language_translates_every_message_but_is_never_offered():
    try:
        i18n.set_pseudo_language()
        assert i18n._("Lock") == pseudo("Lock") != "Lock"
        assert i18n.ngettext("{count} file", "{count} files", 2).format(count=2).count("2") == 1
        assert i18n.current_language() == i18n.SOURCE_LANGUAGE  # English formats
        assert "pseudo" not in i18n.available_codes()
    finally:
        i18n.set_language(None)
