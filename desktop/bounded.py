# SPDX-License-Identifier: GPL-3.0-or-later
"""JSON from outside, bounded before the parser sees it. Qt-free, no user text.

Python's json module recurses once per nested array or object: a few kilobytes of `[` use
the whole recursion limit, and on a worker thread with a small stack (macOS gives secondary
threads 512 KiB) the C stack can run out first and the process dies. Numbers are unbounded
too: `1e400` silently becomes infinity, and an integer of thousands of digits is slow to
convert. So every JSON document read from outside (a key header, a profile, a report's
manifest and entries, an update index, a pack manifest) goes through `loads`:

- its length is checked first;
- a cheap scan over its brackets (strings skipped, as the JSON grammar delimits them) finds
  how deeply it nests, and refuses more than `max_depth` before json.loads runs;
- integers longer than MAX_INT_DIGITS digits and numbers too large to be finite (`1e400`)
  are refused while parsing, and so are `NaN` and `Infinity`, which are not JSON.

A refusal is a ValueError, as json.loads' own are: TooComplexError for the bounds above, a
plain ValueError for what is not JSON. Callers already turn ValueError into their typed
"invalid" error; they may tell TooComplexError apart to say why.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, NoReturn

# Deeper than any of Bastion's formats (the deepest, a report's entries.json, nests 5), far
# shallower than what exhausts a stack.
MAX_DEPTH = 32
# 10**20 is beyond every size, count and version in Bastion's formats; longer integers are
# not numbers anyone meant to write.
MAX_INT_DIGITS = 20

# A JSON string: from a quote to the next quote that is not escaped. An unterminated one
# runs to the end of the text: json.loads stops with an error there, so nothing after it is
# ever parsed, and matching it whole keeps the scan linear (no retry from every later quote).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class TooComplexError(ValueError):
    """A document refused before or while parsing. `reason`: "size", "depth" or "number"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """TooComplexError("depth") if arrays and objects in `text` nest deeper than `max_depth`.

    Safe on text that is not JSON too: brackets count whether or not they match, and an
    unterminated string runs to the end (json.loads stops with an error there), so json.loads
    never recurses deeper than this scan allowed before it finds the error.
    """
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    if len(skeleton) <= max_depth:
        return
    depth = 0
    for char in skeleton:
        if char in "[{":
            depth += 1
            if depth > max_depth:
                raise TooComplexError("depth")
        else:
            depth -= 1


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise TooComplexError("number")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise TooComplexError("number")
    return value


def _no_constant(_name: str) -> NoReturn:
    # NaN, Infinity and -Infinity: Python accepts them, but they are not JSON at all.
    raise ValueError("not JSON")


def loads(
    text: str,
    *,
    max_length: int,
    max_depth: int = MAX_DEPTH,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """json.loads with the bounds above; TooComplexError or json.JSONDecodeError (both
    ValueError) for a document that is refused."""
    if len(text) > max_length:
        raise TooComplexError("size")
    check_depth(text, max_depth)
    try:
        return json.loads(
            text,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_no_constant,
            object_pairs_hook=object_pairs_hook,
        )
    except RecursionError:
        # Not reachable after check_depth on the main thread; kept so that a deep stack at
        # the call site still ends as a refusal, not a crash of the caller.
        raise TooComplexError("depth") from None
