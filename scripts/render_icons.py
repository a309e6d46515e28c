# SPDX-License-Identifier: GPL-3.0-or-later
"""Render packaging/icons/bastion.svg with Qt (no other tools), for each system's build.

python scripts/render_icons.py SVG OUT_DIR          ->  OUT_DIR/<n>x<n>/apps/bastion.png (Linux)
python scripts/render_icons.py --ico SVG FILE.ico   ->  one .ico, 256 px (Windows; Qt's ICO
                                                        plugin writes it, Windows scales it)
python scripts/render_icons.py --iconset SVG DIR    ->  DIR/icon_<n>x<n>[@2x].png, for macOS'
                                                        `iconutil -c icns DIR`
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 32, 48, 64, 128, 256)


ICONSET = (16, 32, 128, 256, 512)


def targets(mode: str, out: Path) -> list[tuple[int, Path, str]]:
    if mode == "--ico":
        return [(256, out, "ICO")]
    if mode == "--iconset":
        return [(n, out / f"icon_{n}x{n}.png", "PNG") for n in ICONSET] + [
            (2 * n, out / f"icon_{n}x{n}@2x.png", "PNG") for n in ICONSET
        ]
    return [(n, out / f"{n}x{n}" / "apps" / "bastion.png", "PNG") for n in SIZES]


def main(svg: Path, out: Path, mode: str = "") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"not a valid SVG: {svg}", file=sys.stderr)
        return 1
    for size, target, kind in targets(mode, out):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), kind):
            print(f"could not write {target}", file=sys.stderr)
            return 1
    del app
    return 0


if __name__ == "__main__":
    if sys.argv[1].startswith("--"):
        sys.exit(main(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[1]))
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
