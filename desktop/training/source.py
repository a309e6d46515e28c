# SPDX-License-Identifier: GPL-3.0-or-later
"""YAML files of a training pack, read with the line of every value.

Trainers write packs by hand, so a mistake must be reported with its file and line. PyYAML's
composer keeps the position of every node; this module turns the node tree into plain dicts,
lists and scalars that remember their lines (YMap, YList).

Only the plain subset of YAML is accepted: anchors and aliases (the "billion laughs" bomb),
explicit tags (`!!python/...`) and duplicate keys are refused before anything is built. Size
and depth are capped because a pack is untrusted until its signature is checked, and the
bundled pack is checked with the same code.

Depth is capped before the node tree exists: PyYAML's composer (libyaml's included) recurses
once per nested list or mapping, and a few hundred kilobytes of `[` or of `- ` crash the
whole process in it. The event stream, which both parsers produce without recursing, is read
first; nesting is counted there and the parse stops at MAX_DEPTH, so the composer only ever
sees a document it can build.
"""

from __future__ import annotations

from typing import Any

import yaml

from desktop.training.errors import PackProblem

MAX_YAML_BYTES = 256 * 1024
MAX_DEPTH = 24
MAX_NODES = 50_000

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
# libyaml's parser when the wheel has it (it does on the platforms we ship): five times
# faster, with the same events, nodes and line marks as the pure-Python one.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict[str, Any]):
    """A mapping from a YAML file: `line` of the mapping, `lines[key]` of each value."""

    line: int
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class YList(list[Any]):
    """A sequence from a YAML file: `line` of the sequence, `lines[i]` of each item."""

    line: int
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def capped_text(name: str, data: bytes, limit: int, problems: list[PackProblem]) -> str | None:
    """`data` as strict UTF-8 if it is at most `limit` bytes, whatever a header inside says;
    else None after adding to `problems` why not (before any parser sees it)."""
    if len(data) > limit:
        problems.append(PackProblem(name, 0, "too-long"))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(PackProblem(name, 0, "not-utf8"))
        return None


def load_yaml(name: str, data: bytes, problems: list[PackProblem]) -> Any:
    """The document in `data`, or None after adding to `problems` why it cannot be read."""
    text = capped_text(name, data, MAX_YAML_BYTES, problems)
    if text is None:
        return None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_LOADER):
            if _uses_feature(event):
                problems.append(PackProblem(name, _line(event.start_mark), "yaml-feature"))
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(PackProblem(name, _line(event.start_mark), "too-deep"))
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(PackProblem(name, _line(mark), "syntax"))
        return None
    except yaml.YAMLError:
        problems.append(PackProblem(name, 0, "syntax"))
        return None
    if node is None:
        problems.append(PackProblem(name, 1, "empty"))
        return None
    builder = _Builder(name, problems)
    try:
        return builder.build(node, 0)
    except _TooBig as exc:
        problems.append(PackProblem(name, _line(node.start_mark), exc.code))
        return None


def _uses_feature(event: yaml.Event) -> bool:
    if isinstance(event, yaml.AliasEvent):
        return True
    if getattr(event, "anchor", None):
        return True
    tag = getattr(event, "tag", None)
    if tag is None:
        return False
    implicit = getattr(event, "implicit", True)
    # A scalar's `implicit` is a pair; a collection's a bool. Any explicit tag is refused
    # (`!` alone, the non-specific tag, is harmless but has no use in a pack).
    return not (any(implicit) if isinstance(implicit, tuple) else implicit)


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 0


class _TooBig(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # "too-long" (too many nodes) or "too-deep"


class _Builder:
    def __init__(self, name: str, problems: list[PackProblem]) -> None:
        self.name = name
        self.problems = problems
        self.nodes = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig("too-long")
        if depth > MAX_DEPTH:
            raise _TooBig("too-deep")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            result = YList()
            result.line = _line(node.start_mark)
            result.lines = []
            for item in node.value:
                result.append(self.build(item, depth + 1))
                result.lines.append(_line(item.start_mark))
            return result
        try:
            return self.scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            # An implicit scalar that looks typed but is not (a date like 2026-02-30).
            self.problems.append(PackProblem(self.name, _line(node.start_mark), "invalid"))
            return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> YMap:
        result = YMap()
        result.line = _line(node.start_mark)
        result.lines = {}
        for key_node, value_node in node.value:
            line = _line(key_node.start_mark)
            # YAML 1.1 reads a plain `on:` (or yes/no/off) as a boolean; as a key it is the
            # word (`checked: - on: 2026-12-07`), never a boolean.
            word = key_node.tag == _BOOL and not key_node.style  # plain: libyaml says ""
            if not isinstance(key_node, yaml.ScalarNode) or (key_node.tag != _STR and not word):
                self.problems.append(PackProblem(self.name, line, "type"))
                continue
            key = str(key_node.value)
            if key in result:
                self.problems.append(PackProblem(self.name, line, "duplicate", safe_key(key)))
                continue
            result[key] = self.build(value_node, depth + 1)
            result.lines[key] = _line(value_node.start_mark)
        return result


def safe_key(key: str) -> str:
    """`key` when it looks like a key name (it goes into problem reports), else "?"."""
    ok = 0 < len(key) <= 64 and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if ok else "?"
