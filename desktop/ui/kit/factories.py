# SPDX-License-Identifier: GPL-3.0-or-later
"""Standard widgets made ready for use: a button with its accessible name, a hint and a
subheading (plain-text labels the style sheet knows by object name), and button text whose
"&" stays an ampersand. The widget classes themselves are in desktop/ui/widgets.py.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop.ui.widgets import SafeLabel


def button(text: str, name: str = "", object_name: str = "") -> QPushButton:
    result = QPushButton(text)
    result.setAccessibleName(name or text)
    if object_name:
        result.setObjectName(object_name)
    return result


def mnemonic_safe(text: str) -> str:
    """A button's text as given: a lone "&" would otherwise mark a shortcut and vanish
    ("Trust & Safety" shown as "Trust _Safety")."""
    return text.replace("&", "&&")


def hint(text: str = "") -> SafeLabel:
    label = SafeLabel(text)
    label.setObjectName("hint")
    return label


def subheading(text: str) -> SafeLabel:
    label = SafeLabel(text)
    label.setObjectName("subheading")
    label.setAccessibleName(text)
    return label
