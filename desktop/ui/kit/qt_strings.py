# SPDX-License-Identifier: GPL-3.0-or-later
"""Qt's own strings that Bastion can show, marked so our extractor puts them in our catalogs.

Qt translates its file dialog, standard buttons and context menus from qtbase_<lang>.qm, but
Qt ships none for Hindi, and Arabic's misses labels Qt 6 changed ("&Look in:", "Files of
&type:", the file-type names). `desktop.ui.kit.qt_catalog` answers Qt from our catalogs
instead, so these are translated like any of our strings.

Each entry is Qt 6's exact source text (accelerators `&` and `%1` placeholders included),
with Qt's translation context as the gettext context. The list was taken from what Qt 6.12
asks its translators for while the app's dialogs and menus are shown, and from Qt's own
qtbase catalogs; tests/ui/test_qt_catalog.py checks that it stays in step with Qt. Key names
and shortcuts ("Ctrl", "Alt+Left") are left out on purpose: Qt parses the translated
shortcut, so translating it could break the shortcut, and key names stay Latin in every
language (as on Windows and Android).
"""

from __future__ import annotations


def pgettext(context: str, source: str) -> tuple[str, str]:
    """Marks one of Qt's strings for extraction (the name is one our extractor looks for);
    translates nothing: Qt asks for the translation through `CatalogTranslator`."""
    return (context, source)


QT_STRINGS: tuple[tuple[str, str], ...] = (
    # ---------------------------------------------------------------- the file dialog
    pgettext("QFileDialog", "&Look in:"),
    pgettext("QFileDialog", "File &name:"),
    pgettext("QFileDialog", "Files of &type:"),
    pgettext("QFileDialog", "Directory:"),
    pgettext("QFileDialog", "&Open"),
    pgettext("QFileDialog", "&Save"),
    pgettext("QFileDialog", "&Choose"),
    # Translators: the file dialog's title when the app gives none.
    pgettext("QFileDialog", "Open"),
    pgettext("QFileDialog", "Save As"),
    pgettext("QFileDialog", "Find Directory"),
    # Translators: tool tips of the file dialog's tool buttons.
    pgettext("QFileDialog", "Back"),
    pgettext("QFileDialog", "Forward"),
    pgettext("QFileDialog", "Parent Directory"),
    pgettext("QFileDialog", "Create New Folder"),
    pgettext("QFileDialog", "List View"),
    pgettext("QFileDialog", "Detail View"),
    # Translators: what a screen reader says for the file dialog's tool buttons and panes.
    pgettext("QFileDialog", "Go back"),
    pgettext("QFileDialog", "Go forward"),
    pgettext("QFileDialog", "Go to the parent directory"),
    pgettext("QFileDialog", "Create a New Folder"),
    pgettext("QFileDialog", "Change to list view mode"),
    pgettext("QFileDialog", "Change to detail view mode"),
    pgettext("QFileDialog", "Sidebar"),
    pgettext("QFileDialog", "List of places and bookmarks"),
    pgettext("QFileDialog", "Files"),
    pgettext("QFileDialog", "Directories"),
    pgettext("QFileDialog", "Recent Places"),
    # Translators: the file list's context menu.
    pgettext("QFileDialog", "&Rename"),
    pgettext("QFileDialog", "&Delete"),
    pgettext("QFileDialog", "Show &hidden files"),
    pgettext("QFileDialog", "&New Folder"),
    # Translators: the sidebar's context menu: takes a place off the list.
    pgettext("QFileDialog", "Remove"),
    # Translators: the column header's menu, followed by a column name: "Show Size". Keep
    # the trailing space (or end with a separator such as ": ").
    pgettext("QFileDialog", "Show "),
    # Translators: the name a newly created folder gets.
    pgettext("QFileDialog", "New Folder"),
    pgettext("QFileDialog", "All Files (*)"),
    # Translators: %1 is a file name.
    pgettext("QFileDialog", "%1 already exists.\nDo you want to replace it?"),
    # Translators: %1 is a file name.
    pgettext("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."),
    # Translators: %1 is a folder name.
    pgettext(
        "QFileDialog",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.",
    ),
    # Translators: %1 is a file name.
    pgettext("QFileDialog", "'%1' is write protected.\nDo you want to delete it anyway?"),
    # Translators: %1 is a file or folder name.
    pgettext("QFileDialog", "Are you sure you want to delete '%1'?"),
    pgettext("QFileDialog", "Could not delete directory."),
    # Translators: the title of the file dialog's "delete this file?" question.
    pgettext("QFileDialog", "Delete"),
    # Translators: the file list's column headers.
    pgettext("QFileSystemModel", "Name"),
    pgettext("QFileSystemModel", "Size"),
    pgettext("QFileSystemModel", "Type"),
    # Translators: macOS's name for the file list's Type column.
    pgettext("QFileSystemModel", "Kind"),
    pgettext("QFileSystemModel", "Date Modified"),
    # Translators: the top of the folder tree, in the sidebar and the "Look in" list.
    pgettext("QFileSystemModel", "Computer"),
    # Translators: Windows' name for the top of the folder tree.
    pgettext("QFileSystemModel", "My Computer"),
    # Translators: what an item is, in the file list's Type column.
    pgettext("QAbstractFileIconProvider", "Drive"),
    pgettext("QAbstractFileIconProvider", "Folder"),
    # Translators: Windows' name for a folder, in the file list's Type column.
    pgettext("QAbstractFileIconProvider", "File Folder"),
    pgettext("QAbstractFileIconProvider", "File"),
    pgettext("QAbstractFileIconProvider", "Shortcut"),
    # Translators: macOS's name for a shortcut, in the file list's Type column.
    pgettext("QAbstractFileIconProvider", "Alias"),
    pgettext("QAbstractFileIconProvider", "Unknown"),
    # ---------------------------------------------------------------- standard buttons
    # Translators: buttons of message boxes and dialogs.
    pgettext("QPlatformTheme", "OK"),
    pgettext("QPlatformTheme", "Save"),
    pgettext("QPlatformTheme", "Save All"),
    pgettext("QPlatformTheme", "Open"),
    pgettext("QPlatformTheme", "&Yes"),
    pgettext("QPlatformTheme", "Yes to &All"),
    pgettext("QPlatformTheme", "&No"),
    pgettext("QPlatformTheme", "N&o to All"),
    pgettext("QPlatformTheme", "Abort"),
    pgettext("QPlatformTheme", "Retry"),
    pgettext("QPlatformTheme", "Ignore"),
    pgettext("QPlatformTheme", "Close"),
    pgettext("QPlatformTheme", "Cancel"),
    pgettext("QPlatformTheme", "Discard"),
    pgettext("QPlatformTheme", "Help"),
    pgettext("QPlatformTheme", "Apply"),
    pgettext("QPlatformTheme", "Reset"),
    pgettext("QPlatformTheme", "Restore Defaults"),
    # Translators: the same buttons as GNOME labels them (Linux with a GNOME desktop).
    pgettext("QGnomeTheme", "&OK"),
    pgettext("QGnomeTheme", "&Save"),
    pgettext("QGnomeTheme", "&Cancel"),
    pgettext("QGnomeTheme", "&Close"),
    pgettext("QGnomeTheme", "Close without Saving"),
    pgettext("QMessageBox", "Show Details..."),
    pgettext("QMessageBox", "Hide Details..."),
    # ---------------------------------------------------------------- context menus
    # Translators: a text field's context menu.
    pgettext("QLineEdit", "&Undo"),
    pgettext("QLineEdit", "&Redo"),
    pgettext("QLineEdit", "Cu&t"),
    pgettext("QLineEdit", "&Copy"),
    pgettext("QLineEdit", "&Paste"),
    pgettext("QLineEdit", "Delete"),
    pgettext("QLineEdit", "Select All"),
    # Translators: the context menu of a text area or of selectable text.
    pgettext("QWidgetTextControl", "&Undo"),
    pgettext("QWidgetTextControl", "&Redo"),
    pgettext("QWidgetTextControl", "Cu&t"),
    pgettext("QWidgetTextControl", "&Copy"),
    pgettext("QWidgetTextControl", "Copy &Link Location"),
    pgettext("QWidgetTextControl", "&Paste"),
    pgettext("QWidgetTextControl", "Delete"),
    pgettext("QWidgetTextControl", "Select All"),
    # Translators: the context menu of a date field (the Journal's date).
    pgettext("QAbstractSpinBox", "&Select All"),
    pgettext("QAbstractSpinBox", "&Step up"),
    pgettext("QAbstractSpinBox", "Step &down"),
    # Translators: a scroll bar's context menu.
    pgettext("QScrollBar", "Scroll here"),
    pgettext("QScrollBar", "Left edge"),
    pgettext("QScrollBar", "Top"),
    pgettext("QScrollBar", "Right edge"),
    pgettext("QScrollBar", "Bottom"),
    pgettext("QScrollBar", "Page left"),
    pgettext("QScrollBar", "Page up"),
    pgettext("QScrollBar", "Page right"),
    pgettext("QScrollBar", "Page down"),
    pgettext("QScrollBar", "Scroll left"),
    pgettext("QScrollBar", "Scroll up"),
    pgettext("QScrollBar", "Scroll right"),
    pgettext("QScrollBar", "Scroll down"),
    # Translators: a text field's submenu of invisible direction characters (where the system
    # offers it). Keep each abbreviation (LRM, RLM…) as it is: it names the character.
    pgettext("QUnicodeControlCharacterMenu", "Insert Unicode control character"),
    pgettext("QUnicodeControlCharacterMenu", "LRM Left-to-right mark"),
    pgettext("QUnicodeControlCharacterMenu", "RLM Right-to-left mark"),
    pgettext("QUnicodeControlCharacterMenu", "ZWJ Zero width joiner"),
    pgettext("QUnicodeControlCharacterMenu", "ZWNJ Zero width non-joiner"),
    pgettext("QUnicodeControlCharacterMenu", "ZWSP Zero width space"),
    pgettext("QUnicodeControlCharacterMenu", "LRE Start of left-to-right embedding"),
    pgettext("QUnicodeControlCharacterMenu", "RLE Start of right-to-left embedding"),
    pgettext("QUnicodeControlCharacterMenu", "LRO Start of left-to-right override"),
    pgettext("QUnicodeControlCharacterMenu", "RLO Start of right-to-left override"),
    pgettext("QUnicodeControlCharacterMenu", "PDF Pop directional formatting"),
    pgettext("QUnicodeControlCharacterMenu", "LRI Left-to-right isolate"),
    pgettext("QUnicodeControlCharacterMenu", "RLI Right-to-left isolate"),
    pgettext("QUnicodeControlCharacterMenu", "FSI First strong isolate"),
    pgettext("QUnicodeControlCharacterMenu", "PDI Pop directional isolate"),
)
