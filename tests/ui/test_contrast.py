# SPDX-License-Identifier: GPL-3.0-or-later
"""Text is at least 4.5 : 1 against what it is drawn on (WCAG 2, 1.4.3, normal text).

The style sheet is read as rules; for each that colours text, or puts a background behind a
control's text, the text colour and the background are resolved as Qt's cascade would (the
rule, less specific rules for the same element, containers named in its selector, else the
palette). Then real screens are rendered and each label and button's text colour (from its
palette, which the sheet sets) is compared with the colour most of its area is painted in:
that catches a label placed on a background the sheet does not name.

Disabled controls are exempt: WCAG 1.4.3 excludes "inactive user interface components",
and a greyed-out look is how a disabled button says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtWidgets
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from desktop.ui import application
from desktop.ui.kit import delegates
from desktop.ui.learn import quiz
from desktop.vault import FLOOR, Vault
from tests.ui.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
SHEET = ROOT / "resources" / "styles" / "bastion.qss"
MINIMUM = 4.5  # normal text; 3 : 1 would do only for large text, which most of ours is not


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance."""
    r, g, b = (_linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# ---------------------------------------------------------------------- the style sheet


@dataclass(frozen=True)
class Compound:
    """One step of a selector: `QPushButton#primary[level="1"]:disabled::item`."""

    type: str
    id: str | None
    attrs: frozenset[str]
    states: frozenset[str]
    sub: str | None


@dataclass(frozen=True)
class Rule:
    selector: tuple[Compound, ...]
    text: str
    declarations: dict[str, str]
    order: int

    @property
    def specificity(self) -> tuple[int, int, int, int]:
        ids = sum(c.id is not None for c in self.selector)
        classes = sum(len(c.attrs) + len(c.states) for c in self.selector)
        types = sum((c.type != "*") + (c.sub is not None) for c in self.selector)
        return ids, classes, types, self.order


_COMPOUND = re.compile(
    r"^(?P<type>[A-Za-z_]\w*|\*)?(?P<id>#[\w-]+)?(?P<attrs>(?:\[[^\]]*\])*)"
    r"(?P<states>(?::[\w!-]+)*)(?:::(?P<sub>[\w-]+)(?P<substates>(?::[\w!-]+)*))?$"
)


def _compound(text: str) -> Compound:
    match = _COMPOUND.match(text)
    assert match is not None, f"the checker cannot read the selector step {text!r}"
    states = (match["states"] or "") + (match["substates"] or "")
    return Compound(
        type=match["type"] or "*",
        id=match["id"][1:] if match["id"] else None,
        attrs=frozenset(re.findall(r"\[[^\]]*\]", match["attrs"] or "")),
        states=frozenset(s for s in states.split(":") if s),
        sub=match["sub"],
    )


def parse(sheet: str) -> list[Rule]:
    """The rules of a Qt style sheet, one per selector of a comma-separated group."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)
    rules: list[Rule] = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        declarations = {}
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                declarations[name.strip().lower()] = value.strip()
        for text in selectors.split(","):
            steps = tuple(_compound(step) for step in text.replace(">", " ").split())
            rules.append(Rule(steps, " ".join(text.split()), declarations, len(rules)))
    return rules


def colour_of(value: str) -> QColor | None:
    """The colour a `color` or `background` value paints; None for `transparent`."""
    for word in reversed(value.split()):
        if word == "transparent":
            return None
        if QColor.isValidColorName(word):
            return QColor(word)
    raise AssertionError(f"the checker cannot read the colour in {value!r}: teach it")


def _widget_class(name: str) -> type:
    found = getattr(QtWidgets, name, None)
    assert isinstance(found, type), f"{name} is not a Qt widget class"
    return found


def _covers(general: Compound, specific: Compound) -> bool:
    """Whether `general` matches every element (and state) that `specific` matches."""
    if general.sub != specific.sub or general.id not in (None, specific.id):
        return False
    if general.type != "*" and not issubclass(
        _widget_class(specific.type), _widget_class(general.type)
    ):
        return False
    return general.attrs <= specific.attrs and general.states <= specific.states


def _applies(general: tuple[Compound, ...], specific: tuple[Compound, ...]) -> bool:
    if not _covers(general[-1], specific[-1]):
        return False
    ancestors = iter(specific[:-1])  # general's containers, in order, among specific's
    return all(any(_covers(step, other) for other in ancestors) for step in general[:-1])


# Containers a selector does not name: the title is in the header (checked on a real window).
PLACED_IN = {"QLabel#appTitle": "QWidget#header"}
# Subcontrols that draw no text (the progress bars here hide theirs, or print it beside).
NO_TEXT = {"chunk", "menu-indicator", "menu-button", "drop-down", "indicator"}
CONTAINERS = (QtWidgets.QFrame, QtWidgets.QWidget)


class Sheet:
    def __init__(self, text: str, palette: QPalette) -> None:
        self.rules = parse(text)
        self.palette = palette

    def _cascade(self, selector: tuple[Compound, ...], prop: str) -> str | None:
        applying = [r for r in self.rules if _applies(r.selector, selector)]
        values = [
            r for r in sorted(applying, key=lambda r: r.specificity) if prop in r.declarations
        ]
        return values[-1].declarations[prop] if values else None

    def _background(self, selector: tuple[Compound, ...]) -> QColor | None:
        for prop in ("background-color", "background"):
            value = self._cascade(selector, prop)
            if value is not None:
                return colour_of(value)
        return None

    def _panels(self) -> list[QColor]:
        """Backgrounds of the sheet's stand-alone framed panels: unstyled text may sit there."""
        found = []
        for rule in self.rules:
            step = rule.selector[-1]
            if len(rule.selector) == 1 and step.sub is None and step.type == "QFrame":
                colour = self._background(rule.selector)
                if colour is not None:
                    found.append(colour)
        return found

    def text_colour(self, selector: tuple[Compound, ...]) -> QColor:
        value = self._cascade(selector, "color")
        if value is not None:
            colour = colour_of(value)
            assert colour is not None, "transparent text"
            return colour
        kind = _widget_class(selector[-1].type) if selector[-1].type != "*" else QWidget
        if issubclass(kind, QAbstractButton):
            return self.palette.color(QPalette.ColorRole.ButtonText)
        if selector[-1].sub == "item" or issubclass(kind, QtWidgets.QAbstractItemView):
            return self.palette.color(QPalette.ColorRole.Text)
        return self.palette.color(QPalette.ColorRole.WindowText)

    def backgrounds(self, selector: tuple[Compound, ...]) -> list[QColor]:
        """What text of `selector` may be drawn on: its background, else its container's."""
        own = self._background(selector)
        if own is not None:
            return [own]
        last = selector[-1]
        if last.sub is not None:  # an item is drawn on its view
            plain = Compound(last.type, last.id, last.attrs, frozenset(), None)
            return self.backgrounds((*selector[:-1], plain))
        for depth in range(len(selector) - 1, 0, -1):
            colour = self._background(selector[:depth])
            if colour is not None:
                return [colour]
        placed = PLACED_IN.get(f"{last.type}#{last.id}")
        if placed is not None:
            return self.backgrounds((_compound(placed),))
        kind = _widget_class(last.type) if last.type != "*" else QWidget
        role = QPalette.ColorRole
        if issubclass(kind, QAbstractButton):
            return [self.palette.color(role.Button)]
        if issubclass(kind, QtWidgets.QAbstractItemView):
            return [self.palette.color(role.Base)]
        return [self.palette.color(role.Window), self.palette.color(role.Base), *self._panels()]

    def _selection_failures(self, rule: Rule) -> list[str]:
        """Selected rows and text: `selection-color` (else the palette's) on its background."""
        background = colour_of(rule.declarations["selection-background-color"])
        value = self._cascade(rule.selector, "selection-color")
        text = colour_of(value) if value is not None else None
        text = text or self.palette.color(QPalette.ColorRole.HighlightedText)
        assert background is not None, "a transparent selection"
        ratio = contrast(text, background)
        if ratio >= MINIMUM:
            return []
        return [f"{rule.text} (selected): {text.name()} on {background.name()} is {ratio:.2f} : 1"]

    def failures(self) -> list[str]:
        found = []
        for rule in self.rules:
            if "selection-background-color" in rule.declarations:
                found += self._selection_failures(rule)
            last = rule.selector[-1]
            if any(s in ("disabled", "!enabled") for s in last.states) or last.sub in NO_TEXT:
                continue  # exempt (see the module's docstring), or no text there
            sets_colour = "color" in rule.declarations
            sets_background = bool({"background", "background-color"} & rule.declarations.keys())
            container = last.sub is None and (
                last.type == "*" or _widget_class(last.type) in CONTAINERS
            )
            # A framed panel's or the header's own background is checked as the background
            # of the text inside it, not against the palette's default text colour.
            if not sets_colour and (not sets_background or container):
                continue
            text = self.text_colour(rule.selector)
            for background in self.backgrounds(rule.selector):
                ratio = contrast(text, background)
                if ratio < MINIMUM:
                    found.append(
                        f"{rule.text}: {text.name()} on {background.name()} is {ratio:.2f} : 1"
                    )
        return found


def test_every_text_colour_in_the_style_sheet_has_contrast(qapp: QApplication) -> None:
    sheet = Sheet(SHEET.read_text(encoding="utf-8"), qapp.palette())
    assert sheet.rules, "no rules read"
    assert sheet.failures() == []


@pytest.mark.parametrize(
    ("name", "colour"),
    [
        # The details line of the journal's and Learn's lists, on the list's white.
        ("delegates.DETAIL", delegates.DETAIL),
        # The quiz's right and wrong marks, on the page (window) and on a framed question.
        ("quiz.RIGHT_COLOUR", quiz.RIGHT_COLOUR),
        ("quiz.WRONG_COLOUR", quiz.WRONG_COLOUR),
    ],
)
def test_hard_coded_text_colours_have_contrast(
    qapp: QApplication, name: str, colour: QColor
) -> None:
    role = QPalette.ColorRole
    for background in (qapp.palette().color(role.Base), qapp.palette().color(role.Window)):
        ratio = contrast(colour, background)
        assert ratio >= MINIMUM, f"{name} {colour.name()} on {background.name()}: {ratio:.2f}"


def test_the_checker_catches_low_contrast(qapp: QApplication) -> None:
    """The check itself: known ratios, and a low-contrast colour put back in a sheet fails."""
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)
    assert contrast(QColor("#777777"), QColor("#ffffff")) < MINIMUM  # the classic near miss
    palette = qapp.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    grey_hint = "QLabel#hint { color: #999999; }"
    assert Sheet(grey_hint, palette).failures() == [
        "QLabel#hint: #999999 on #efefef is 2.48 : 1",
        "QLabel#hint: #999999 on #ffffff is 2.85 : 1",
    ]
    # A background alone fails against the colour inherited from a less specific rule.
    header = (
        "QWidget#header { background: #1f2a44; }\n"
        "QWidget#header QPushButton { color: #ffffff; background: #33405f; }\n"
        "QWidget#header QPushButton#quickExit { background: #ff8a80; }\n"
        "QWidget#header QToolButton { color: #8090b0; background: transparent; }\n"
        "QPushButton#primary:disabled { color: #ffffff; background: #ffffff; }\n"
    )
    assert Sheet(header, palette).failures() == [
        "QWidget#header QPushButton#quickExit: #ffffff on #ff8a80 is 2.28 : 1",
        "QWidget#header QToolButton: #8090b0 on #1f2a44 is 4.44 : 1",
    ]
    selection = "QListView { selection-background-color: #308cc6; selection-color: #ffffff; }"
    assert Sheet(selection, palette).failures() == [
        "QListView (selected): #ffffff on #308cc6 is 3.69 : 1"
    ]


def test_the_selection_colours_qt_resolves_have_contrast(qapp: QApplication) -> None:
    """What Qt makes of the sheet: a selected row or selected text in a list, a field and a
    combo box's list (which Qt's own default highlight would fail)."""
    application.configure(qapp)
    role = QPalette.ColorRole
    combo = QtWidgets.QComboBox()
    kinds = (QtWidgets.QListWidget, QtWidgets.QTreeWidget, QtWidgets.QLineEdit)
    for widget in (*(kind() for kind in kinds), combo.view()):
        widget.ensurePolished()
        palette = widget.palette()
        ratio = contrast(palette.color(role.HighlightedText), palette.color(role.Highlight))
        assert ratio >= MINIMUM, f"{type(widget).__name__}: {ratio:.2f}"


# ---------------------------------------------------------------------- rendered screens


def rendered_failures(window: QWidget, where: str) -> list[str]:
    """Visible, enabled labels and buttons whose text colour is under the minimum against
    the colour most of their area is painted in (the text itself covers far less)."""
    image: QImage = window.grab().toImage()
    scale = image.width() / max(window.width(), 1)
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.text().strip():
            continue
        if not widget.isVisibleTo(window) or not widget.isEnabled():
            continue  # disabled: exempt (see the module's docstring)
        box = widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))
        box = box.intersected(window.rect())
        if box.width() < 4 or box.height() < 4:
            continue
        counts: Counter[int] = Counter(
            image.pixel(int(x * scale), int(y * scale))
            for x in range(box.left() + 1, box.right(), 2)
            for y in range(box.top() + 1, box.bottom(), 2)
        )
        background = QColor.fromRgb(counts.most_common(1)[0][0])
        text = widget.palette().color(widget.foregroundRole())
        ratio = contrast(text, background)
        if ratio < MINIMUM:
            found.append(
                f"{where}: {type(widget).__name__} {widget.objectName()!r} {widget.text()[:30]!r}"
                f" {text.name()} on {background.name()} is {ratio:.2f} : 1"
            )
    return found


def test_rendered_screens_have_contrast(
    qtbot: Any, qapp: QApplication, make_window: Any, ui_data_dir: Path
) -> None:
    application.configure(qapp)
    first = make_window()
    assert first.current_screen == "setup"
    first.setup_view.passphrase.setText("password1234")
    first.setup_view.confirmation.setText("password1234")
    first.setup_view.create_button.click()  # refused inline: the error colour shows
    qtbot.wait(50)
    failures = rendered_failures(first, "first run")
    Vault(ui_data_dir).create(PASSPHRASE, FLOOR)
    window = make_window()
    title = window.findChild(QLabel, "appTitle")
    assert title is not None
    assert title.parentWidget().objectName() == "header", "PLACED_IN is out of date"
    with qtbot.waitSignal(window.session.unlock_failed, timeout=20_000):
        window.session.unlock("not the passphrase")
    failures += rendered_failures(window, "unlock")
    window.unlock_view._end_wait()
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.session.unlock(PASSPHRASE)
    shell = window.shell
    for area, name in ((shell.JOURNAL, "journal"), (shell.SETTINGS, "settings")):
        shell.show_area(area)
        qtbot.wait(300)  # each area loads on a worker
        failures += rendered_failures(window, name)
    shell.show_area(shell.JOURNAL)
    shell.journal_area.new_button.click()
    qtbot.wait(200)
    failures += rendered_failures(window, "entry form")
    assert failures == []
