# SPDX-License-Identifier: GPL-3.0-or-later
"""The field checks every pack document goes through: types, ids, ranges, translated texts.

`FieldReader` records each problem with its file, line and field path and returns a harmless
stand-in value, so one pass over a pack finds every mistake; validate.py walks the pack's
structure with these checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from typing import Any, TypeVar

from desktop.training.errors import PackProblem
from desktop.training.model import FALLBACK_LANGUAGE, Text
from desktop.training.source import YList, YMap, load_yaml, safe_key

PACK_FILE = "pack.yaml"
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z][A-Za-z]{1,3})?")
SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
VERSION_TEXT = re.compile(r"\d{1,4}(?:\.\d{1,4}){0,2}")
MAX_VERSION = 2**53 - 1
MAX_TITLE = 200
MAX_TEXT = 4000
T = TypeVar("T")


class FieldReader:
    """Reads the files of one pack, collecting problems instead of stopping at the first."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = files
        self.problems: list[PackProblem] = []
        self.used: set[str] = set()
        self.languages: tuple[str, ...] = (FALLBACK_LANGUAGE,)
        self.file = PACK_FILE

    def problem(self, line: int, code: str, field: str = "") -> None:
        self.problems.append(PackProblem(self.file, line, code, field))

    def document(self, path: str) -> YMap | None:
        self.file = path
        if path not in self.files:
            self.problems.append(PackProblem(path, 0, "missing-file"))
            return None
        self.used.add(path)
        value = load_yaml(path, self.files[path], self.problems)
        if value is None:
            return None
        if not isinstance(value, YMap):
            self.problem(1, "type")
            return None
        return value

    def keys(
        self, obj: YMap, prefix: str, required: Set[str], optional: Set[str] = frozenset()
    ) -> None:
        for key in obj:
            if key not in required and key not in optional:
                self.problem(obj.line_of(key), "unknown", prefix + safe_key(key))
        for key in sorted(required - obj.keys()):
            self.problem(obj.line, "required", prefix + key)

    def field(self, obj: YMap, key: str, prefix: str, check: Callable[[Any, int, str], T]) -> T:
        return check(obj.get(key), obj.line_of(key), prefix + key)

    def ident(self, value: Any, line: int, name: str) -> str:
        if not isinstance(value, str):
            self.problem(line, "type", name)
            return "?"
        if not ID.fullmatch(value):
            self.problem(line, "invalid", name)
            return "?"
        return value

    def integer(self, value: Any, line: int, name: str, low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(line, "type", name)
            return low
        if not low <= value <= high:
            self.problem(line, "out-of-range", name)
            return low
        return value

    def text(self, value: Any, line: int, name: str, limit: int = MAX_TEXT) -> Text:
        if not isinstance(value, YMap):
            self.problem(line, "type", name)
            return Text({FALLBACK_LANGUAGE: ""})
        values: dict[str, str] = {}
        for language, item in value.items():
            where = value.line_of(language)
            if language not in self.languages:
                self.problem(where, "language", f"{name}.{safe_key(language)}")
            elif not isinstance(item, str):
                self.problem(where, "type", f"{name}.{language}")
            elif not item.strip():
                self.problem(where, "empty", f"{name}.{language}")
            elif len(item) > limit:
                self.problem(where, "too-long", f"{name}.{language}")
            else:
                values[language] = item.strip()
        if FALLBACK_LANGUAGE not in value:
            self.problem(value.line, "required", f"{name}.{FALLBACK_LANGUAGE}")
        values.setdefault(FALLBACK_LANGUAGE, "")
        return Text(values, where=(self.file, value.line_of(FALLBACK_LANGUAGE)))

    def items(self, value: Any, line: int, name: str, low: int, high: int) -> YList:
        if not isinstance(value, YList):
            self.problem(line, "type", name)
            return YList()
        if len(value) < low:
            self.problem(value.line or line, "too-few", name)
        if len(value) > high:
            self.problem(value.line or line, "too-many", name)
            return YList(value[:high])
        return value

    def unique(self, ids: list[tuple[str, int]], name: str) -> None:
        seen: set[str] = set()
        for ident, line in ids:
            if ident in seen and ident != "?":
                self.problem(line, "duplicate", name)
            seen.add(ident)
