# SPDX-License-Identifier: GPL-3.0-or-later
"""Figures the tests measure, written into `docs/reliability.md` by the tests themselves.

The document holds one block per section between `<!-- figures:NAME -->` and
`<!-- /figures:NAME -->`; a test that measures something calls `record(NAME, markdown)` and
the block is replaced (atomically) with what this run found, dated. Figures are never typed
by hand, so the document cannot claim more than the last run showed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCUMENT = REPO / "docs" / "reliability.md"


class MissingSection(LookupError):
    """The document has no markers for this section (add them, with a heading and prose)."""


def record(section: str, markdown: str, document: Path = DOCUMENT) -> None:
    """Replace the block of `section` in `document` with `markdown` and the date of this run."""
    text = document.read_text(encoding="utf-8")
    start, end = f"<!-- figures:{section} -->", f"<!-- /figures:{section} -->"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise MissingSection(section)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    block = f"{start}\n{markdown.strip()}\n\n_Last run: {today}._\n{end}"
    updated = pattern.sub(lambda _: block, text, count=1)
    if updated == text:
        return
    fd, temp = tempfile.mkstemp(dir=document.parent, prefix=".reliability-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(updated)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, document)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    """A Markdown table, for `record`."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
