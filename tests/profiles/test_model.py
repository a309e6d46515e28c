# SPDX-License-Identifier: GPL-3.0-or-later
"""Profile documents: the valid one parses whole; every kind of bad input is named precisely."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.profiles import (
    MAX_DOCUMENT,
    Contact,
    Profile,
    ProfileInvalidError,
    ProfileProblem,
    ProfileRecipient,
    ProfileTooNewError,
    parse_profile,
    verify_profile,
)
from desktop.signing import BadSignatureError, UnknownKeyError
from tests.profiles.builders import OrgKey, age_key, document, encode

# A stock `minisign -G` public key, as its .pub file says it.
STOCK_PUB = (
    "untrusted comment: minisign public key E86511DC42546FC7\n"
    "RWTHb1RC3BFl6G/6t/upXPZUCYA7Z+2xavVLG2Fr2d6KGf28EqS83AWx\n"
)
KEY = STOCK_PUB.splitlines()[1]


def problems(data: bytes) -> set[tuple[str, str]]:
    with pytest.raises(ProfileInvalidError) as caught:
        parse_profile(data)
    found = caught.value.problems
    assert len(found) == len(set(found)), found  # each problem once
    return {(p.path, p.code) for p in found}


# ---------------------------------------------------------------- valid documents
def test_a_complete_profile_parses_into_every_field() -> None:
    fields = document(KEY, pack_keys=[KEY])
    profile = parse_profile(encode(fields))
    assert profile == Profile(
        org_id="wmf-trust-and-safety",
        name="Wikimedia Foundation Trust & Safety",
        version=3,
        issued=date(2026, 11, 1),
        expires=date(2099, 11, 1),
        signing_key=KEY,
        recipients=tuple(ProfileRecipient(r["label"], r["key"]) for r in fields["recipients"]),
        intake_url="https://intake.example.org/v1/reports",
        update_url="https://example.org/profiles/wmf.json",
        pack_keys=(KEY,),
        contacts=(
            Contact("Emergency", "email", "emergency@example.org"),
            Contact("Phone", "phone", "+1 (415) 555-0100"),
            Contact("Help page", "url", "https://example.org/help"),
        ),
    )


def test_the_example_in_the_documentation_is_valid() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "profiles.md").read_text("utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    assert parse_profile(example.encode("utf-8")).org_id == "wmf-trust-and-safety"


@pytest.mark.parametrize("absent", [..., None], ids=["absent", "null"])
def test_optional_fields_may_be_absent_or_null(absent: Any) -> None:
    optional = ("expires", "intake_url", "update_url", "pack_keys", "contacts")
    profile = parse_profile(encode(document(KEY, **dict.fromkeys(optional, absent))))
    assert profile.expires is None
    assert profile.intake_url is None
    assert profile.update_url is None
    assert profile.pack_keys == ()
    assert profile.contacts == ()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/intake",
        "http://localhost/intake",
        "http://[::1]:9000/",
        "https://intake.example.org:8443/a?b=c",
        "http://" + "a" * 56 + ".onion/files/",
    ],
)
def test_loopback_may_use_plain_http(url: str) -> None:
    assert parse_profile(encode(document(KEY, intake_url=url))).intake_url == url


def test_a_byte_order_mark_and_scripts_are_fine() -> None:
    name = "ویکی‌مدیا — विकिमीडिया — 维基媒体"  # the joiner (U+200C) Persian needs stays allowed
    data = b"\xef\xbb\xbf" + encode(document(KEY, name=name))
    assert parse_profile(data).name == name


def test_expired_is_after_the_last_day() -> None:
    profile = parse_profile(encode(document(KEY, expires="2027-11-01")))
    assert not profile.expired(date(2027, 11, 1))
    assert profile.expired(date(2027, 11, 2))
    assert not parse_profile(encode(document(KEY, expires=...))).expired(date(9999, 1, 1))


# ---------------------------------------------------------------- invalid documents
Change = Callable[[str], bytes]


def changed(**changes: Any) -> Change:
    return lambda key: encode(document(key, **changes))


def raw(text: str) -> Change:
    return lambda key: text.replace("KEY", key).encode("utf-8")


def recipient(label: str = "On call", key: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"label": label, "key": key or age_key(), **extra}


def base_text(key: str) -> str:
    return json.dumps(document(key), ensure_ascii=False)


def with_text(before: str, after: str) -> Change:
    """The valid document as text, with `before` replaced by `after` once."""

    def build(key: str) -> bytes:
        text = base_text(key)
        assert before in text
        return text.replace(before, after, 1).encode("utf-8")

    return build


PUBLIC = "http://example.org/intake"
SAME = age_key()
AGE_SECRET = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQGCRQ6Z"

# (name, document, every problem expected)
INVALID: list[tuple[str, Change, set[tuple[str, str]]]] = [
    ("unknown key", changed(colour="red"), {("colour", "unknown")}),
    ("unknown key, unsafe name", changed(**{"\x1b[2J": 1}), {("?", "unknown")}),
    ("duplicate key", with_text('"name": ', '"name": "Twice", "name": '), {("name", "duplicate")}),
    ("missing field", changed(recipients=...), {("recipients", "required")}),
    ("null field", changed(name=None), {("name", "required")}),
    ("wrong type", changed(name=["a"]), {("name", "type")}),
    (
        "bad age key",
        changed(recipients=[recipient(), recipient(key="age1notakey")]),
        {("recipients[1].key", "invalid")},
    ),
    (
        "upper-case age key",
        changed(recipients=[recipient(key=age_key().upper())]),
        {("recipients[0].key", "invalid")},
    ),
    (
        "age secret key as recipient",
        changed(recipients=[recipient(key=AGE_SECRET)]),
        {("recipients[0].key", "invalid")},
    ),
    (
        "duplicate recipient key",
        lambda key: encode(
            document(key, recipients=[recipient("One", SAME), recipient("Two", SAME)])
        ),
        {("recipients[1].key", "duplicate")},
    ),
    ("no recipients", changed(recipients=[]), {("recipients", "empty")}),
    (
        "too many recipients",
        lambda key: encode(document(key, recipients=[recipient() for _ in range(21)])),
        {("recipients", "too-many")},
    ),
    (
        "extra recipient field",
        changed(recipients=[recipient(note="x")]),
        {("recipients[0].note", "unknown")},
    ),
    ("recipient not an object", changed(recipients=["age1"]), {("recipients[0]", "type")}),
    ("http URL to a public host", changed(intake_url=PUBLIC), {("intake_url", "insecure-url")}),
    (
        "http to a look-alike of localhost",
        changed(update_url="http://localhost.evil.example/"),
        {("update_url", "insecure-url")},
    ),
    (
        "user:pass@ in URL",
        changed(intake_url="https://user:pass@example.org/"),
        {("intake_url", "credentials")},
    ),
    (
        "user@ in URL",
        changed(update_url="https://127.0.0.1@evil.example/"),
        {("update_url", "credentials")},
    ),
    ("not a web URL", changed(intake_url="ftp://example.org/"), {("intake_url", "invalid")}),
    ("javascript URL", changed(update_url="javascript:alert(1)"), {("update_url", "invalid")}),
    ("URL without host", changed(intake_url="https:///x"), {("intake_url", "invalid")}),
    ("URL with a space", changed(intake_url="https://exa mple.org/"), {("intake_url", "invalid")}),
    (
        "URL with a backslash",
        changed(intake_url="https://evil.example\\@example.org/"),
        {("intake_url", "invalid")},
    ),
    (
        "URL with a bad port",
        changed(intake_url="https://example.org:99999/"),
        {("intake_url", "invalid")},
    ),
    (
        "control characters in a label",
        changed(recipients=[recipient("On\x1b[31mcall")]),
        {("recipients[0].label", "control")},
    ),
    ("C1 control in the name", changed(name="Red\u009b31m"), {("name", "control")}),
    ("bidi override in the name", changed(name="Trust \u202eytefaS"), {("name", "control")}),
    ("line break in the name", changed(name="two\nlines"), {("name", "control")}),
    (
        "untrimmed label",
        changed(recipients=[recipient(" On call")]),
        {("recipients[0].label", "whitespace")},
    ),
    ("empty label", changed(recipients=[recipient("  ")]), {("recipients[0].label", "empty")}),
    ("long name", changed(name="n" * 201), {("name", "too-long")}),
    ("too big", lambda key: encode(document(key, name="x" * MAX_DOCUMENT)), {("", "too-large")}),
    (
        "not UTF-8",
        lambda key: encode(document(key)).replace(b"\xc3\x89", b"\xc9"),
        {("", "not-utf8")},
    ),
    ("not JSON", raw('{"format": '), {("", "not-json")}),
    ("NaN", with_text('"version": 3', '"version": NaN'), {("", "not-json")}),
    ("not an object", raw('["KEY"]'), {("", "not-object")}),
    ("deep nesting", raw("[" * 30000 + "]" * 30000), {("", "too-deep")}),
    ("version 1e400", with_text('"version": 3', '"version": 1e400'), {("", "number")}),
    (
        "version of 5000 digits",
        with_text('"version": 3', '"version": ' + "9" * 5000),
        {("", "number")},
    ),
    ("wrong format", changed(format="bastion-profle"), {("format", "invalid")}),
    ("format_version 0", changed(format_version=0), {("format_version", "out-of-range")}),
    ("format_version as string", changed(format_version="1"), {("format_version", "type")}),
    ("format_version as bool", changed(format_version=True), {("format_version", "type")}),
    ("version as bool", changed(version=True), {("version", "type")}),
    ("version as string", changed(version="3"), {("version", "type")}),
    ("version as float", changed(version=3.0), {("version", "type")}),
    ("version 0", changed(version=0), {("version", "out-of-range")}),
    ("version negative", changed(version=-4), {("version", "out-of-range")}),
    ("version huge", changed(version=2**63), {("version", "out-of-range")}),
    ("id upper case", changed(id="WMF"), {("id", "invalid")}),
    ("id too short", changed(id="a"), {("id", "invalid")}),
    ("id starting with a dash", changed(id="-wmf"), {("id", "invalid")}),
    ("id with a space", changed(id="w mf"), {("id", "invalid")}),
    ("id too long", changed(id="w" * 64), {("id", "invalid")}),
    ("id with a newline", changed(id="wmf\n"), {("id", "invalid")}),
    ("date not ISO", changed(issued="01/11/2026"), {("issued", "invalid")}),
    ("basic ISO date", changed(issued="20261101"), {("issued", "invalid")}),
    ("impossible date", changed(expires="2027-02-30"), {("expires", "invalid")}),
    ("expires before issued", changed(expires="2026-10-31"), {("expires", "before-issued")}),
    ("bad signing key", changed(signing_key="RWQnotakey"), {("signing_key", "invalid")}),
    (
        "whole .pub file as signing key",
        changed(signing_key=STOCK_PUB),
        {("signing_key", "invalid")},
    ),
    ("pack_keys not a list", changed(pack_keys="RWQ"), {("pack_keys", "type")}),
    (
        "bad and repeated pack keys",
        lambda key: encode(document(key, pack_keys=[KEY, "x", KEY, 3])),
        {("pack_keys[1]", "invalid"), ("pack_keys[2]", "duplicate"), ("pack_keys[3]", "type")},
    ),
    (
        "contact kind",
        changed(contacts=[{"label": "Fax", "kind": "fax", "value": "1"}]),
        {("contacts[0].kind", "invalid")},
    ),
    (
        "contact email",
        changed(contacts=[{"label": "Mail", "kind": "email", "value": "nobody"}]),
        {("contacts[0].value", "invalid")},
    ),
    (
        "contact phone",
        changed(contacts=[{"label": "Call", "kind": "phone", "value": "call me"}]),
        {("contacts[0].value", "invalid")},
    ),
    (
        "contact URL",
        changed(contacts=[{"label": "Web", "kind": "url", "value": PUBLIC}]),
        {("contacts[0].value", "insecure-url")},
    ),
    (
        "plain http to a name that only looks like an onion service",
        changed(intake_url="http://abc.onion/files/"),
        {("intake_url", "insecure-url")},
    ),
    (
        "token with a space",
        changed(intake_token="Bearer abcdefghijklmnop"),
        {("intake_token", "invalid")},
    ),
    ("token too short", changed(intake_token="abc"), {("intake_token", "invalid")}),
    (
        "certificate that is not PEM",
        changed(intake_certificates=["MIIB…"]),
        {("intake_certificates[0]", "invalid")},
    ),
    (
        "PEM block that is not a certificate",
        changed(
            intake_certificates=["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"]
        ),
        {("intake_certificates[0]", "invalid")},
    ),
    (
        "too many certificates",
        changed(intake_certificates=[1, 2, 3, 4, 5]),
        {("intake_certificates", "too-many")}
        | {(f"intake_certificates[{i}]", "type") for i in range(5)},
    ),
    (
        "contact missing value",
        changed(contacts=[{"label": "Web", "kind": "url"}]),
        {("contacts[0].value", "required")},
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID]
)
def test_invalid_documents_name_each_problem(
    change: Change, expected: set[tuple[str, str]]
) -> None:
    assert problems(change(KEY)) == expected


def test_every_problem_is_listed_at_once() -> None:
    fields = document(
        KEY,
        id="Bad Id",
        version=True,
        name="",
        colour="red",
        intake_url="http://example.org/",
        update_url="https://u:p@example.org/",
        recipients=[recipient("ok"), recipient("bad\x07", key="age1nope"), recipient(extra=1)],
        contacts=[{"label": "x", "kind": "fax", "value": "1"}],
    )
    assert problems(encode(fields)) == {
        ("id", "invalid"),
        ("version", "type"),
        ("name", "empty"),
        ("colour", "unknown"),
        ("intake_url", "insecure-url"),
        ("update_url", "credentials"),
        ("recipients[1].label", "control"),
        ("recipients[1].key", "invalid"),
        ("recipients[2].extra", "unknown"),
        ("contacts[0].kind", "invalid"),
    }


def test_the_error_carries_paths_and_codes_only() -> None:
    error = ProfileInvalidError([ProfileProblem("recipients[2].key", "invalid")])
    assert error.args == (["recipients[2].key:invalid"],)


def test_a_newer_format_version_is_its_own_error() -> None:
    fields = document(KEY, format_version=2, feature_from_the_future={"x": 1})
    with pytest.raises(ProfileTooNewError) as caught:
        parse_profile(encode(fields))
    assert (caught.value.found, caught.value.supported) == (2, 1)


# ---------------------------------------------------------------- signatures
def test_verify_checks_the_signature_with_the_documents_own_key() -> None:
    org = OrgKey.generate()
    data = encode(document(org.line))
    assert verify_profile(data, org.sign(data)).signing_key == org.line
    with pytest.raises(BadSignatureError):
        verify_profile(data.replace(b"T&S on-call", b"T&S on-cal1"), org.sign(data))
    with pytest.raises(UnknownKeyError):
        verify_profile(data, OrgKey.generate().sign(data))


def test_an_invalid_document_is_refused_before_its_signature() -> None:
    org = OrgKey.generate()
    data = encode(document(org.line, id="Not Valid"))
    with pytest.raises(ProfileInvalidError):
        verify_profile(data, org.sign(data))
