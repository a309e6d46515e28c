# SPDX-License-Identifier: GPL-3.0-or-later
"""What a worker returns, and what becomes of its errors: for every area's vault work.

Core code runs on a worker wrapped by `attempt`, so its error comes back as a value (an
Outcome) instead of being raised on a thread nobody watches. The Outcome carries the
generation it was started for: a view that has moved on (another entry, a newer search)
since then drops it. Results reach bound methods of the views, which PySide disconnects
when a view is destroyed at lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.vault.errors import VaultLockedError

if TYPE_CHECKING:
    from desktop.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: its value or its error, and the generation it belongs to."""

    generation: int
    value: Any = None
    error: Exception | None = None


def attempt(
    generation: int, function: Callable[[], Any], vault: Vault | None = None
) -> Callable[[], Outcome]:
    """Wrap `function` (core code, run on a worker) so its error comes back as a value.

    With `vault`, the work runs in `vault.worker_scope()`: the thread's connection is closed
    when the task ends (pool threads do not keep it for the next task) and `lock()` never
    closes it under a running query.
    """

    def run() -> Outcome:
        try:
            if vault is None:
                return Outcome(generation, function())
            with vault.worker_scope():
                return Outcome(generation, function())
        except Exception as exc:  # every error is shown through describe(), never raised
            return Outcome(generation, error=exc)

    return run


def goes_unsaid(exc: BaseException, vault: Vault) -> bool:
    """True for errors caused by the vault locking meanwhile: the view is going away."""
    return isinstance(exc, VaultLockedError) or not vault.is_unlocked


def log_crash(exc: BaseException) -> None:
    """For what `attempt` does not catch (KeyboardInterrupt, SystemExit). Type only; every
    area's workers report here."""
    log.error("worker stopped: %s", type(exc).__name__)
