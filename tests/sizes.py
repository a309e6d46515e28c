# SPDX-License-Identifier: GPL-3.0-or-later
"""Default and large sizes of the gate tests: `make test` runs the first, `make test-long`
(BASTION_LONG=1) the second. One switch, so every gate test grows together."""

from __future__ import annotations

import os

LONG = os.environ.get("BASTION_LONG", "") not in ("", "0")


def size(default: int, long: int) -> int:
    """`long` under `make test-long`, else `default`; BASTION_SCALE multiplies either."""
    chosen = long if LONG else default
    scale = os.environ.get("BASTION_SCALE", "")
    return max(1, int(chosen * float(scale))) if scale else chosen
