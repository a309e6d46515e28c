# SPDX-License-Identifier: GPL-3.0-or-later
"""Getting evidence into an entry: files chosen, dropped or copied, and pasted screenshots.

`local_paths` reads what was dropped or pasted (local files only: nothing is fetched). The
jobs run on a worker and never touch widgets: they hand the files to Journal.attach, which
encrypts them into the vault (a screenshot is encoded as PNG in memory first, never in a
temporary file). The panel (attachments.py) starts them, one task at a time with its other
work, and says how they went.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage, QImageWriter

from desktop.i18n import _, ngettext
from desktop.journal.evidence import AttachmentInfo, AttachmentSource
from desktop.journal.store import Journal

Job = Callable[[], list[AttachmentInfo]]


def local_paths(mime: QMimeData | None) -> list[Path]:
    """Dropped or pasted files; empty unless every URL is a local file (nothing is fetched)."""
    if mime is None or not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(url.isLocalFile() for url in urls):
        return []
    return [Path(url.toLocalFile()) for url in urls]


def png_bytes(image: QImage) -> bytes:
    """Encode a screenshot as PNG in memory (worker thread): no temporary file."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    written = writer.write(image)
    buffer.close()
    if not written:
        raise ValueError("png")  # reported as "something went wrong"; nothing was added
    return bytes(buffer.data().data())


def files_job(journal: Journal, uid: str, paths: Sequence[Path], keep: bool) -> Job:
    """Encrypt these files into entry `uid`; `keep` keeps photos' hidden information."""
    sources = [AttachmentSource(path=Path(p), keep_metadata=keep) for p in paths]
    return lambda: journal.attach(uid, sources)


def screenshot_job(journal: Journal, uid: str, image: QImage, keep: bool) -> Job:
    """Encrypt a pasted image into entry `uid` as a PNG file named after the time of pasting."""
    name = datetime.now().strftime("screenshot-%Y-%m-%d-%H%M%S.png")

    def attach() -> list[AttachmentInfo]:
        source = AttachmentSource(data=png_bytes(image), name=name, keep_metadata=keep)
        return journal.attach(uid, [source])

    return attach


def adding_text(count: int) -> str:
    return ngettext("Adding {count} file…", "Adding {count} files…", count).format(count=count)


def added_text(count: int) -> str:
    return ngettext(
        "{count} file was added and encrypted.",
        "{count} files were added and encrypted.",
        count,
    ).format(count=count)


def no_image_text() -> str:
    return _(
        "There is no image to paste. Take a screenshot first (for example with "
        "the Print Screen key), then paste it here."
    )
