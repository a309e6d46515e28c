# SPDX-License-Identifier: GPL-3.0-or-later
"""One picture of the main screens in every language `make screenshots` rendered.

    QT_QPA_PLATFORM=offscreen python scripts/contact_sheet.py build/screenshots OUT.png

A row per language (and the mirrored and pseudo-locale variants), a column per main screen,
each shot scaled down: clipping, missing glyphs and a wrong direction show at a glance,
and docs/screenshots/contact-sheet.png shows a reviewer every language in one page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

# File suffixes of scripts/screenshots.py, in reading order of a first session.
SCREENS = (
    ("1-first-run", "first run"),
    ("5-journal", "journal"),
    ("6-editor", "entry"),
    ("10-report-recipients", "report: recipients"),
    ("14-fingerprints", "fingerprints"),
    ("4-settings", "settings"),
    ("16-learn", "learn"),
    ("17-lesson", "lesson"),
    ("20-quiz", "quiz"),
)
SCALE = 0.3
LABEL = 110  # width of the language column, px
HEADER = 28


def rows(folder: Path) -> list[str]:
    """The languages rendered (tags such as "ar", "en-rtl", "pseudo"), English first."""
    tags = {
        p.name.removesuffix(f"-{SCREENS[0][0]}.png") for p in folder.glob(f"*-{SCREENS[0][0]}.png")
    }
    return sorted(tags, key=lambda tag: (not tag.startswith("en"), tag.startswith("pseudo"), tag))


def build(folder: Path, out: Path) -> Path:
    tags = rows(folder)
    if not tags:
        raise SystemExit(f"no screenshots in {folder}: run scripts/screenshots.py first")
    probe = QImage(str(folder / f"{tags[0]}-{SCREENS[0][0]}.png"))
    cell_w, cell_h = round(probe.width() * SCALE), round(probe.height() * SCALE)
    sheet = QImage(
        LABEL + cell_w * len(SCREENS), HEADER + cell_h * len(tags), QImage.Format.Format_RGB32
    )
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    font = QFont()
    font.setPixelSize(13)
    painter.setFont(font)
    for column, (_, title) in enumerate(SCREENS):
        painter.drawText(
            QRect(LABEL + column * cell_w, 0, cell_w, HEADER), Qt.AlignmentFlag.AlignCenter, title
        )
    for row, tag in enumerate(tags):
        top = HEADER + row * cell_h
        painter.drawText(QRect(4, top, LABEL - 8, cell_h), Qt.AlignmentFlag.AlignVCenter, tag)
        for column, (suffix, _) in enumerate(SCREENS):
            shot = QImage(str(folder / f"{tag}-{suffix}.png"))
            target = QRect(LABEL + column * cell_w, top, cell_w, cell_h)
            if shot.isNull():
                painter.fillRect(target.adjusted(2, 2, -2, -2), QColor("#f3d3d3"))
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter, "missing")
            else:
                painter.drawImage(target, shot)
            painter.setPen(QColor("#999999"))
            painter.drawRect(target.adjusted(0, 0, -1, -1))
            painter.setPen(QColor("black"))
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not sheet.save(str(out)):
        raise SystemExit(f"could not write {out}")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    _app = QGuiApplication(sys.argv[:1])
    print(build(args.folder, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
