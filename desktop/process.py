# SPDX-License-Identifier: GPL-3.0-or-later
"""Process-wide protections set once at start, before any secret exists. Qt-free.

A crash must not write the process's memory to disk: a core file would hold the passphrase
and the raw database key. So, first thing in `desktop.app.main`:

- Linux: RLIMIT_CORE is set to 0 (soft and hard, so nothing in the process can raise it
  again), and the process is made non-dumpable with prctl(PR_SET_DUMPABLE, 0). The second
  also covers a `core_pattern` that pipes to a helper (systemd-coredump, apport), which
  RLIMIT_CORE alone does not stop everywhere, and it stops other processes of the same user
  from attaching a debugger or reading /proc/<pid>/mem.
- macOS: RLIMIT_CORE is set to 0 (the system writes cores to /cores only when it is raised).
- Windows has no core files; what plays their part (Windows Error Reporting dumps) is
  described in docs/threat-model.md. Nothing is done here.

Child processes (age, minisign) inherit the zero RLIMIT_CORE; non-dumpable is reset by exec,
which is right for them: they hold no secret of ours beyond what we pipe in.
"""

from __future__ import annotations

import logging
import sys
from typing import NamedTuple

log = logging.getLogger(__name__)

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


# A NamedTuple, not a frozen dataclass: made at every start (docs/development.md).
class Hardening(NamedTuple):
    """What took effect. None: not attempted on this platform."""

    core_dumps_off: bool | None
    non_dumpable: bool | None


def _core_limit_zero() -> bool:
    try:
        import resource  # POSIX only; imported here so Windows never tries
    except ImportError:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _libc() -> object | None:
    import ctypes  # only on Linux, only at start: nothing else in Bastion needs it

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _prctl(option: int, value: int = 0) -> int:
    """prctl(option, value, 0, 0, 0); -1 when it fails or cannot be called."""
    libc = _libc()
    prctl = getattr(libc, "prctl", None)
    if prctl is None:
        return -1
    return int(prctl(option, value, 0, 0, 0))


def _non_dumpable() -> bool:
    if _prctl(PR_SET_DUMPABLE, 0) != 0:
        return False
    return _prctl(PR_GET_DUMPABLE) == 0


def harden(platform: str = sys.platform) -> Hardening:
    """Turn core dumps off and, on Linux, make the process non-dumpable.

    Safe to call more than once. A protection that cannot be set is logged as a warning (no
    detail to leak: there is no secret yet) and start-up goes on, as it would have before.
    """
    if platform.startswith("linux"):
        result = Hardening(_core_limit_zero(), _non_dumpable())
    elif platform == "darwin":
        result = Hardening(_core_limit_zero(), None)
    else:
        result = Hardening(None, None)
    if result.core_dumps_off is False or result.non_dumpable is False:
        log.warning(
            "core dump protection incomplete (core limit: %s, non-dumpable: %s)",
            result.core_dumps_off,
            result.non_dumpable,
        )
    return result
