# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place where typed errors become sentences a person reads (CLI and UI alike).

Messages say what happened and what to do, in the current language, and never include
exception text, file contents, passphrases or paths. Each area keeps its sentences in its own
module here (`vault`, `journal`, `reports`, …); this module merges their tables and chooses the
sentence for an error. Labels of journal data are in desktop.journal.labels, numbers and
dates in desktop.i18n.formats.
A new typed error gets its sentence in its area's module: tests/test_messages.py fails until
every error has one.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.i18n import _
from desktop.messages import (
    common,
    journal,
    kits,
    profiles,
    reports,
    signing,
    sync,
    training,
    vault,
)

_MESSAGES: dict[type[BaseException], Callable[[BaseException], str]] = {}
for _area in (common, vault, journal, reports, profiles, signing, training, sync, kits):
    _MESSAGES.update(_area.MESSAGES)


def describe(exc: BaseException) -> str:
    """A translated, content-free sentence for `exc` (most specific type first)."""
    for kind in type(exc).__mro__:
        factory = _MESSAGES.get(kind)
        if factory is not None:
            return factory(exc)
    return _("Something went wrong and the operation was stopped. Nothing you had saved was lost.")


def is_known(exc: BaseException) -> bool:
    return any(kind in _MESSAGES for kind in type(exc).__mro__)
