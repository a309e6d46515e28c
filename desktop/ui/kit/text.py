# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine text made readable on screen: long runs given places to wrap, moments written as
clock times in the UI's language. Display only: copies and exports use the text as stored.
Plain functions, no widgets.
"""

from __future__ import annotations

import re
from datetime import datetime

_LONG_RUN = re.compile(r"\S{31,}")
_URL_BREAKS = re.compile(r"([/?&=#])")
_CHUNK = re.compile(r"(\S{30})(?=\S)")


def breakable(text: str) -> str:
    """Let a long unbroken run (a URL) wrap: zero-width spaces after / ? & = # and every
    30 characters. For display only; copies use the text as stored."""

    def split(match: re.Match[str]) -> str:
        run = _URL_BREAKS.sub("\\1\u200b", match.group(0))
        return _CHUNK.sub("\\1\u200b", run)

    return _LONG_RUN.sub(split, text)


def clock_time(moment: datetime, now: datetime | None = None) -> str:
    """HH:MM in local time, written the way the UI language writes times; with the date too
    when `moment` is not on the same local day as `now` (a report sent last week, a wait
    that ends tomorrow), so a bare time never points at the wrong day."""
    # Imported on first use: Babel is not needed to show the unlock screen.
    from desktop.i18n.formats import format_clock, format_moment

    local = moment.astimezone()
    if now is not None and local.date() != now.astimezone().date():
        return format_moment(local, "short")
    return format_clock(local, "short")
