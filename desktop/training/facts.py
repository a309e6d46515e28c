# SPDX-License-Identifier: GPL-3.0-or-later
"""`checked:` of a lesson: time-sensitive facts, with the day each was checked and where.

Advice about apps and wiki processes goes out of date (menus move, policies change). Each
lesson may list the facts that can change, so `bastion pack build` can name those not
checked for more than a year. They are part of the source, for reviewers: never shown to
learners, and carried in the built pack only because the archive holds the source files.

A date in the future is refused only when a build day is given (`bastion pack build`): an
installed pack is checked on the learner's computer, whose clock may be wrong, and must not
be refused for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from desktop.training.fields import FieldReader
from desktop.training.model import CheckedFact, Lesson, Pack
from desktop.training.source import YMap

MAX_FACTS = 40
MAX_FACT = 240
MAX_SOURCE = 2000
STALE_AFTER = timedelta(days=365)


def read_checked(
    reader: FieldReader, item: YMap, name: str, today: date | None
) -> tuple[CheckedFact, ...]:
    """The `checked` list of one lesson entry in module.yaml (problems go to `reader`)."""
    if "checked" not in item:
        return ()
    name += "checked"
    values = reader.items(item["checked"], item.line_of("checked"), name, 0, MAX_FACTS)
    result: list[CheckedFact] = []
    for i, value in enumerate(values):
        where = f"{name}[{i}]"
        if not isinstance(value, YMap):
            reader.problem(values.line_of(i), "type", where)
            continue
        reader.keys(value, where + ".", {"fact", "source", "on"})
        fact = _fact(reader, value, where + ".fact")
        source = _source(reader, value, where + ".source")
        on = _day(reader, value, where + ".on", today)
        if fact is not None and source is not None and on is not None:
            result.append(CheckedFact(fact, source, on))
    return tuple(result)


def _fact(reader: FieldReader, obj: YMap, name: str) -> str | None:
    value = obj.get("fact")
    if "fact" not in obj:
        return None  # reported as required by keys()
    if not isinstance(value, str):
        reader.problem(obj.line_of("fact"), "type", name)
        return None
    text = value.strip()
    if not text:
        reader.problem(obj.line_of("fact"), "empty", name)
    elif len(text) > MAX_FACT:
        reader.problem(obj.line_of("fact"), "too-long", name)
    elif "\n" in text or "\r" in text:
        reader.problem(obj.line_of("fact"), "invalid", name)
    else:
        return text
    return None


def _source(reader: FieldReader, obj: YMap, name: str) -> str | None:
    value = obj.get("source")
    if "source" not in obj:
        return None
    ok = (
        isinstance(value, str)
        and value.startswith("https://")
        and len(value) <= MAX_SOURCE
        and not any(c.isspace() or ord(c) < 32 for c in value)
    )
    if not ok:
        reader.problem(obj.line_of("source"), "invalid", name)
        return None
    return str(value)


def _day(reader: FieldReader, obj: YMap, name: str, today: date | None) -> date | None:
    if "on" not in obj:
        return None
    value = obj.get("on")
    day: date | None = None
    if isinstance(value, date) and not hasattr(value, "hour"):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        reader.problem(obj.line_of("on"), "invalid", name)
        return None
    if today is not None and day > today:
        reader.problem(obj.line_of("on"), "future", name)
        return None
    return day


def facts_to_recheck(pack: Pack, today: date) -> list[tuple[str, CheckedFact]]:
    """(lesson key, fact) of every fact checked more than a year before `today`, oldest first."""
    found = [
        (lesson.key, fact)
        for lesson in _lessons(pack)
        for fact in lesson.checked
        if today - fact.on > STALE_AFTER
    ]
    return sorted(found, key=lambda pair: (pair[1].on, pair[0]))


def _lessons(pack: Pack) -> Iterator[Lesson]:
    return (lesson for p in pack.pathways for m in p.modules for lesson in m.lessons)
