# SPDX-License-Identifier: GPL-3.0-or-later
"""Window sizes that fit the screen they open on."""

from __future__ import annotations

from PySide6.QtCore import QSize


def default_size(room: QSize) -> QSize:
    """The first window: most of the screen, up to a comfortable size (the entry form with its
    list beside it needs about 1200 × 820), never more than the screen, never under 960 × 680
    where the screen has that room."""
    if not room.isValid() or room.isEmpty():
        return QSize(960, 680)
    width = min(max(960, room.width() * 85 // 100), 1280, room.width())
    height = min(max(680, room.height() * 85 // 100), 860, room.height())
    return QSize(width, height)
