# SPDX-License-Identifier: GPL-3.0-or-later
"""What every hostile-input test shares: running one parser call under a CPU deadline and a
memory cap, counting the outcome for docs/reliability.md, and strategies that mutate a valid
sample (bytes, JSON fields) or make hostile values from scratch.

A call either returns (accepted) or raises one of the parser's typed errors (refused). Any
other exception is left to propagate, so Hypothesis shrinks it and pytest shows it: that is
the bug these tests look for.
"""

from __future__ import annotations

import json
import signal
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

KiB = 1024
MiB = 1024 * KiB


@dataclass
class Tally:
    """One parser's row of the figures table."""

    parser: str
    cap: int  # bytes of Python allocations one call may peak at (tracemalloc)
    generated: int = 0
    corpus: int = 0
    accepted: int = 0
    refused: int = 0
    peak: int = 0

    def row(self) -> tuple[object, ...]:
        return (
            self.parser,
            self.generated,
            self.corpus,
            self.accepted,
            self.refused,
            f"{self.cap // MiB} MiB (peak {_size(self.peak)})",
        )


def _size(count: int) -> str:
    return f"{count / MiB:.1f} MiB" if count >= MiB else f"{count // KiB} KiB"


# Every parser of outside data, in the order of the figures table, with its memory cap. The
# caps are per call, for inputs of at most a few hundred KiB: a parser that needs far more
# than its input has a blow-up (the caps leave room for 1 MiB read buffers and libraries).
PARSERS: dict[str, int] = {
    "report bundle (report open)": 32 * MiB,
    "pack archive (pack verify, install)": 32 * MiB,
    "pack manifest.json": 8 * MiB,
    "pack YAML (pack, pathways, modules)": 32 * MiB,
    "lesson Markdown": 32 * MiB,
    "organisation profile (+ signature)": 8 * MiB,
    "minisign public key": 4 * MiB,
    "minisign secret key": 4 * MiB,
    "minisign signature (.minisig)": 4 * MiB,
    "age identity file": 4 * MiB,
    "age recipient key": 4 * MiB,
    "vault key header (vault.key)": 8 * MiB,
    "tus server replies": 16 * MiB,
    "update index and downloads": 16 * MiB,
    "files from outside (FIFO, /dev/zero …)": 4 * MiB,
}
FIGURES: dict[str, Tally] = {name: Tally(name, cap) for name, cap in PARSERS.items()}


class Hang(BaseException):
    """A call used more CPU than its deadline. A BaseException, so a parser's own
    `except Exception` cannot swallow it and carry on looping."""


@contextmanager
def cpu_deadline(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread once the process used `seconds` of CPU.

    CPU time (ITIMER_PROF, SIGPROF), not wall time: pytest-timeout owns SIGALRM, and a loop
    that hangs burns CPU. A call blocked on I/O is left to pytest-timeout's wall clock.
    """

    def expired(_signum: int, _frame: object) -> None:
        raise Hang(f"more than {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass(frozen=True)
class Outcome:
    value: Any  # what the parser returned, when accepted
    error: BaseException | None  # the typed refusal, when refused

    @property
    def accepted(self) -> bool:
        return self.error is None


def run(
    parser: str,
    call: Callable[[], object],
    refusals: tuple[type[BaseException], ...],
    *,
    corpus: bool = False,
    seconds: float = 10.0,
) -> Outcome:
    """`call()` under a CPU deadline with its Python allocations traced; counted in FIGURES.

    Returns the outcome when it was accepted or refused with one of `refusals`; anything else
    (another exception, a Hang, a peak above the parser's cap) fails the test.
    """
    tally = FIGURES[parser]
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        with cpu_deadline(seconds):
            try:
                outcome = Outcome(call(), None)
            except refusals as exc:
                outcome = Outcome(None, exc)
        peak = tracemalloc.get_traced_memory()[1]
    except Hang as exc:
        # Out of the parser now: an AssertionError, so Hypothesis shrinks it and shows the
        # input (it does neither for a BaseException).
        raise AssertionError(f"{parser}: {exc}") from None
    finally:
        if started:
            tracemalloc.stop()
    tally.peak = max(tally.peak, peak)
    assert peak <= tally.cap, f"{parser}: {peak} bytes allocated, cap {tally.cap}"
    if corpus:
        tally.corpus += 1
    else:
        tally.generated += 1
    if outcome.accepted:
        tally.accepted += 1
    else:
        tally.refused += 1
    return outcome


def tree(folder: Path) -> list[tuple[str, int]]:
    """Everything below `folder` (hidden entries included) with sizes, links not followed."""
    return sorted((str(p.relative_to(folder)), p.lstat().st_size) for p in folder.rglob("*"))


# ---------------------------------------------------------------------- strategies
# Text that has hurt parsers and displays before: controls, bidi overrides, look-alikes,
# separators, lone surrogates, paths, keys, very long runs.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\n\r",
    "\u202eevil\u202c",
    "\u2066x\u2069",
    "\u200b",
    "\u2028\u2029",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "Ｗｉｋｉ",
    "Wіkimedia",
    "../../etc/passwd",
    "/etc/passwd",
    "C:\\Windows",
    "%2e%2e/",
    "age1" + "q" * 58,
    "AGE-SECRET-KEY-1" + "Q" * 58,
    "RWQ" + "A" * 53,
    "1e400",
    "NaN",
    "9" * 30,
    "-1",
    "x" * 5000,
    "[" * 100,
    "{{}}",
    "<script>alert(1)</script>",
    "https://user:pass@example.org/",
    "http://example.org/",
    "javascript:alert(1)",
    "١٢٣",
    "²",
]
# Any character, lone surrogates (Python's stand-in for undecodable bytes) and format
# characters included: st.characters() alone almost never yields those.
any_character = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),
    st.sampled_from(list("\x00\x7f\x85\u061c\u200e\u202e\u2066\u2028\ufeff\uffff")),
)
nasty_text = st.one_of(st.sampled_from(NASTY), st.text(any_character, max_size=40))
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
)
# Two levels deep are enough for field edits: deeper nesting is what bounded.py's own tests
# and tests/test_hostile_input.py throw at every parser.
json_values = st.one_of(
    json_scalars,
    st.lists(json_scalars, max_size=4),
    st.dictionaries(nasty_text, json_scalars, max_size=4),
    st.lists(st.dictionaries(nasty_text, json_scalars, max_size=3), max_size=3),
)


def dumps(document: object) -> bytes:
    """JSON as a careless or hostile writer makes it: NaN and Infinity written out, lone
    surrogates escaped (so the bytes stay UTF-8)."""
    return json.dumps(document, allow_nan=True, ensure_ascii=True).encode()


def _paths(value: object, prefix: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@st.composite
def edited_json(draw: st.DrawFn, document: dict[str, Any]) -> bytes:
    """`document` with one to three fields replaced, removed or added, then written out."""
    doc = json.loads(json.dumps(document))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if not paths or action == "add":
            target = doc
            if paths:
                chosen = draw(st.sampled_from(paths))
                found = _get(doc, chosen)
                target = found if isinstance(found, dict) else doc
            target[draw(nasty_text)] = draw(json_values)
            continue
        path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        if action == "remove":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return dumps(doc)


def _get(value: Any, path: tuple[object, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


# Byte values that mean something to the formats here: NUL, quote, brackets, newline,
# backslash, high bytes that are not UTF-8, the start of a UTF-8 sequence.
_SPECIAL = b'\x00"[]{}\n\\\xff\xc0\x80\xe2'


@st.composite
def mutated(draw: st.DrawFn, sample: bytes, max_edits: int = 4) -> bytes:
    """`sample` with a few byte-level edits: flips, special bytes, insertions, deletions,
    a repeated slice, or a cut (a truncated file)."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, max_edits))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "special", "insert", "delete", "repeat", "cut"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "special" and at < len(data):
            data[at] = draw(st.sampled_from(_SPECIAL))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "repeat":
            end = min(len(data), at + draw(st.integers(1, 512)))
            data[at:at] = data[at:end] * draw(st.integers(1, 8))
        elif kind == "cut":
            del data[at:]
    return bytes(data)
