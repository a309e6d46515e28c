# SPDX-License-Identifier: GPL-3.0-or-later
"""desktop.bounded: JSON from outside is measured before json.loads sees it.

The scan never recurses, so these run in this process; the parsers that use it are run on
hostile input in child processes by tests/test_hostile_input.py.
"""

from __future__ import annotations

import json
import time

import pytest

from desktop import bounded


def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(v) for v in value.values()), default=0)
    return 0


@pytest.mark.parametrize("depth", [1, 2, 5, bounded.MAX_DEPTH])
def test_nesting_up_to_the_limit_is_read(depth: int) -> None:
    text = "[" * (depth - 1) + '{"a": 1}' + "]" * (depth - 1)
    assert depth_of(bounded.loads(text, max_length=1000)) == depth


@pytest.mark.parametrize(
    "text",
    [
        "[" * (bounded.MAX_DEPTH + 1) + "]" * (bounded.MAX_DEPTH + 1),
        '{"a":' * (bounded.MAX_DEPTH + 1) + "1" + "}" * (bounded.MAX_DEPTH + 1),
        "[" * 100_000,  # a bomb for the recursive parser, and not even valid JSON
        "[{" * 20,  # mixed, unclosed
        "[" * 40 + "}" * 40,  # mismatched brackets count like matched ones
    ],
    ids=["arrays", "objects", "100k-open", "mixed-unclosed", "mismatched"],
)
def test_deeper_than_the_limit_is_refused_before_parsing(text: str) -> None:
    with pytest.raises(bounded.TooComplexError) as caught:
        bounded.loads(text, max_length=1_000_000)
    assert caught.value.reason == "depth"


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"title": "[" * 1000, "quote": 'a "[[[[" \\ [[[', "keys": ["}}}}"]})
    assert bounded.loads(text, max_length=10_000)["title"] == "[" * 1000


def test_an_escaped_quote_does_not_end_a_string() -> None:
    # Were \" taken for the end of the string, the brackets after it would count.
    text = '["\\"' + "[" * 100 + '"]'
    assert bounded.loads(text, max_length=1000) == ['"' + "[" * 100]


def test_brackets_after_an_unterminated_string_are_never_parsed() -> None:
    # json.loads stops at the unterminated string; the scan may ignore what follows it.
    with pytest.raises(json.JSONDecodeError):
        bounded.loads('["' + "[" * 1000, max_length=10_000)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("tail", ["", "\\"], ids=["quotes", "quotes-then-backslash"])
def test_many_escaped_quotes_scan_in_linear_time(tail: str) -> None:
    # A pattern that retried from every later quote would take minutes on this.
    text = '"' + '\\"' * 200_000 + tail
    started = time.perf_counter()
    with pytest.raises(ValueError, match="Unterminated"):
        bounded.loads(text, max_length=1_000_000)
    assert time.perf_counter() - started < 5


def test_a_long_document_is_refused_by_length() -> None:
    with pytest.raises(bounded.TooComplexError) as caught:
        bounded.loads(" " * 101 + "1", max_length=100)
    assert caught.value.reason == "size"


@pytest.mark.parametrize(
    "text",
    ["1e400", "-1e400", "[1E999]", '{"size": ' + "9" * 21 + "}", "-" + "1" * 21]
    + ["1" + "0" * 100_000],
)
def test_numbers_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(bounded.TooComplexError) as caught:
        bounded.loads(text, max_length=1_000_000)
    assert caught.value.reason == "number"


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", "-Infinity"])
def test_nan_and_infinity_are_not_json(text: str) -> None:
    with pytest.raises(ValueError, match="not JSON") as caught:
        bounded.loads(text, max_length=100)
    assert not isinstance(caught.value, bounded.TooComplexError)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", 0), ("-7", -7), ("9" * 20, int("9" * 20)), ("1.5e300", 1.5e300), ("-0.0", -0.0)],
)
def test_ordinary_numbers_are_read(text: str, value: object) -> None:
    assert bounded.loads(text, max_length=100) == value


def test_object_pairs_hook_is_used() -> None:
    seen: list[list[tuple[str, object]]] = []

    def hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
        seen.append(pairs)
        return dict(pairs)

    assert bounded.loads('{"a": 1, "a": 2}', max_length=100, object_pairs_hook=hook) == {"a": 2}
    assert seen == [[("a", 1), ("a", 2)]]


def test_refusals_are_value_errors_that_carry_no_content() -> None:
    # Callers already map ValueError to their typed "invalid" error; nothing of the document
    # may ride along in the exception.
    with pytest.raises(ValueError, match="depth") as caught:
        bounded.loads('{"secret": ' + "[" * 100 + "]" * 100 + "}", max_length=10_000)
    assert caught.value.args == ("depth",)
