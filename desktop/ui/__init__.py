# SPDX-License-Identifier: GPL-3.0-or-later
"""The Qt user interface. The only package (with desktop.app) allowed to import PySide6."""

from __future__ import annotations

import sys

# Whether this interpreter needs the workaround below (self-test prints it: release builds on
# Python 3.12 or later must say "off").
NEEDS_REFCOUNT_PIN = sys.version_info < (3, 12) and sys.implementation.name == "cpython"


def _pin_singleton_reference_counts() -> None:
    """Work around PySide6 6.12.0 returning None and True without a new reference.

    Every void method called from Python (`label.setText(...)`, `timer.stop()`, …) returns
    None, and `SignalInstance.emit()` returns True, without adding the reference the caller
    then drops: each call lowers None's (or True's) reference count by one. On CPython 3.11
    the count reaches zero after some tens of thousands of calls and the interpreter aborts
    ("Fatal Python error: none_dealloc" or "bool_dealloc"), at a moment nobody can predict.
    CPython 3.12 made these objects immortal, which makes the bug harmless there; this does
    the same for 3.11 by raising their counts far beyond what any session can use up.
    Reproduce: `sys.getrefcount(None)` before and after 100 `QTimer().stop()` calls.
    """
    if not NEEDS_REFCOUNT_PIN:
        return
    import ctypes

    for value in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        count = ctypes.c_ssize_t.from_address(id(value))
        if count.value < 1 << 40:
            count.value += 1 << 60


_pin_singleton_reference_counts()
