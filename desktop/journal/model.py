# SPDX-License-Identifier: GPL-3.0-or-later
"""What a journal entry is: its fields, their validation and their canonical form.

The canonical form (`content_to_json`) is what each revision stores and what its hash
covers, so it must stay stable: keys sorted, no whitespace, UTF-8, a format version inside.
Changing a field means a new `CONTENT_VERSION` and a reader for the old one.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.journal.errors import EntryInvalidError, FieldProblem

CONTENT_VERSION = 1
SEVERITIES = ("low", "medium", "high", "emergency")

# Generous limits: they stop a runaway paste, not a long account of what happened.
MAX_TITLE = 300
MAX_NARRATIVE = 200_000
MAX_SHORT = 500  # place, usernames, wiki names, tags
MAX_LINK = 4_000
MAX_ITEMS = 200  # people, links, tags


@dataclass(frozen=True)
class Category:
    id: str
    label: str  # English source; translate with pgettext("category", label)
    description: str
    irs_type: str
    irs_behavior: str


@cache
def categories() -> tuple[Category, ...]:
    with (Path(__file__).parent / "categories.toml").open("rb") as handle:
        table = tomllib.load(handle)
    return tuple(
        Category(
            id=item["id"],
            label=item["label"],
            description=item["description"],
            irs_type=item["irs_type"],
            irs_behavior=item["irs_behavior"],
        )
        for item in table["category"]
    )


def category(category_id: str) -> Category | None:
    return next((c for c in categories() if c.id == category_id), None)


@dataclass(frozen=True)
class Person:
    """Someone involved: a username and the wiki (or platform) it belongs to."""

    username: str
    wiki: str = ""


@dataclass(frozen=True)
class Occurred:
    """When it happened. Time and zone are optional; `approximate` says the date is a guess."""

    date: date
    time: time | None = None
    zone: str = ""  # IANA name, e.g. "Asia/Kolkata"; empty = not known
    approximate: bool = False

    def sort_key(self) -> str:
        """An ISO instant in UTC for ordering: noon when no time is known, UTC when no zone."""
        moment = datetime.combine(self.date, self.time or time(12, 0))
        zone = _zone(self.zone) if self.zone else None
        aware = moment.replace(tzinfo=zone or UTC)
        return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class EntryContent:
    """Everything a volunteer writes in an entry. Attachments live beside it (`Journal`)."""

    title: str
    occurred: Occurred
    category: str
    severity: str = "medium"
    place: str = ""
    people: tuple[Person, ...] = ()
    links: tuple[str, ...] = ()
    narrative: str = ""
    tags: tuple[str, ...] = field(default=())

    def normalised(self) -> EntryContent:
        """Trimmed text, blank list items dropped, tags de-duplicated (case-insensitively)."""
        seen: set[str] = set()
        tags = []
        for tag in (clean_line(t) for t in self.tags):
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        return EntryContent(
            title=clean_line(self.title),
            occurred=self.occurred,
            category=self.category,
            severity=self.severity,
            place=clean_line(self.place),
            people=tuple(
                Person(clean_line(p.username), clean_line(p.wiki))
                for p in self.people
                if clean_line(p.username)
            ),
            links=tuple(link for link in (clean_line(x) for x in self.links) if link),
            narrative=self.narrative.strip("\n\r\t ").replace("\r\n", "\n"),
            tags=tuple(tags),
        )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_line(text: str) -> str:
    """One line of text: control characters removed, surrounding space trimmed.

    Directional marks and joiners (U+200C..U+200F, U+202A..U+202E, U+2066..U+2069) are kept:
    mixed-script text needs them.
    """
    return _CONTROL.sub("", text.replace("\n", " ").replace("\r", " ")).strip()


def validate(content: EntryContent) -> list[FieldProblem]:
    """Every problem with the entry (not only the first), as (field, code) pairs."""
    problems: list[FieldProblem] = []

    def check(condition: bool, name: str, code: str) -> None:
        if not condition:
            problems.append(FieldProblem(name, code))

    check(bool(content.title), "title", "required")
    check(len(content.title) <= MAX_TITLE, "title", "too-long")
    check(category(content.category) is not None, "category", "unknown")
    check(content.severity in SEVERITIES, "severity", "unknown")
    check(len(content.place) <= MAX_SHORT, "place", "too-long")
    check(len(content.narrative) <= MAX_NARRATIVE, "narrative", "too-long")
    check("\x00" not in content.narrative, "narrative", "invalid")
    occurred = content.occurred
    check(occurred.date <= date.today().replace(year=date.today().year + 1), "when", "future")
    check(occurred.date.year >= 1990, "when", "too-early")
    check(not occurred.zone or _zone(occurred.zone) is not None, "when.zone", "unknown")
    for name, items in (("people", content.people), ("links", content.links)):
        check(len(items) <= MAX_ITEMS, name, "too-many")
    check(len(content.tags) <= MAX_ITEMS, "tags", "too-many")
    for index, person in enumerate(content.people):
        check(len(person.username) <= MAX_SHORT, f"people.{index}.username", "too-long")
        check(len(person.wiki) <= MAX_SHORT, f"people.{index}.wiki", "too-long")
    for index, link in enumerate(content.links):
        check(len(link) <= MAX_LINK, f"links.{index}", "too-long")
    for index, tag in enumerate(content.tags):
        check(len(tag) <= MAX_SHORT, f"tags.{index}", "too-long")
    return problems


def checked(content: EntryContent) -> EntryContent:
    """Normalise, then raise EntryInvalidError with every problem found."""
    content = content.normalised()
    problems = validate(content)
    if problems:
        raise EntryInvalidError(problems)
    return content


# ---------------------------------------------------------------------- canonical form
def content_to_dict(content: EntryContent) -> dict[str, Any]:
    occurred = content.occurred
    return {
        "v": CONTENT_VERSION,
        "title": content.title,
        "when": {
            "date": occurred.date.isoformat(),
            "time": occurred.time.strftime("%H:%M") if occurred.time else None,
            "zone": occurred.zone,
            "approximate": occurred.approximate,
        },
        "category": content.category,
        "severity": content.severity,
        "place": content.place,
        "people": [{"username": p.username, "wiki": p.wiki} for p in content.people],
        "links": list(content.links),
        "narrative": content.narrative,
        "tags": list(content.tags),
    }


def content_from_dict(data: dict[str, Any]) -> EntryContent:
    if data.get("v") != CONTENT_VERSION:
        raise ValueError("unknown content version")
    when = data["when"]
    return EntryContent(
        title=data["title"],
        occurred=Occurred(
            date=date.fromisoformat(when["date"]),
            time=time.fromisoformat(when["time"]) if when.get("time") else None,
            zone=when.get("zone") or "",
            approximate=bool(when.get("approximate")),
        ),
        category=data["category"],
        severity=data["severity"],
        place=data.get("place", ""),
        people=tuple(Person(p["username"], p.get("wiki", "")) for p in data.get("people", [])),
        links=tuple(data.get("links", [])),
        narrative=data.get("narrative", ""),
        tags=tuple(data.get("tags", [])),
    )


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_when(text: str) -> Occurred:
    """`--when` of the CLI: `2026-05-01`, `2026-05-01T14:30`, `…T14:30+03:00` or `…Z`.

    ValueError on anything else. The editor offers IANA zone names, not offsets, so a time
    with an offset is converted to UTC and stored with the zone "UTC".
    """
    text = text.strip()
    if len(text) == 10:
        return Occurred(date.fromisoformat(text))
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        return Occurred(moment.date(), moment.time().replace(second=0, microsecond=0), "UTC")
    return Occurred(moment.date(), moment.time().replace(second=0, microsecond=0))
