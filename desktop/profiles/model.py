# SPDX-License-Identifier: GPL-3.0-or-later
"""Organisation profiles: the document format (docs/profiles.md), strict parsing, signature.

A profile is a small UTF-8 JSON document an organisation signs with minisign. It names who
reports are encrypted to, where they may be uploaded, and whom to call. It arrives from
outside (a download, a USB stick, a chat message), so parsing is strict and complete: every
problem is collected, so the organisation can fix them all in one round, and anything not in
the format is refused rather than ignored (a misspelt key must not silently drop a field).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from desktop import bounded
from desktop.profiles.checks import (
    MAX_LABEL,
    MAX_NAME,
    MAX_SAFE_INT,
    age_key_problem,
    certificate_problem,
    contact_value_problem,
    minisign_key_problem,
    org_id_problem,
    parse_date,
    recipient_label_problem,
    text_problem,
    token_problem,
    url_problem,
)
from desktop.profiles.errors import ProfileInvalidError, ProfileProblem, ProfileTooNewError

FORMAT = "bastion-profile"
FORMAT_VERSION = 1
MAX_DOCUMENT = 64 * 1024
MAX_RECIPIENTS = 20
MAX_PACK_KEYS = 20
MAX_CONTACTS = 20
MAX_CERTIFICATES = 4
# The format nests three deep (document, list, recipient or contact); room to spare.
MAX_DEPTH = 8
CONTACT_KINDS = ("email", "phone", "url", "other")

_REQUIRED = frozenset(
    {"format", "format_version", "id", "name", "version", "issued", "signing_key", "recipients"}
)
_OPTIONAL = frozenset(
    {
        "expires",
        "intake_url",
        "intake_token",
        "intake_certificates",
        "update_url",
        "pack_keys",
        "contacts",
    }
)
# Key names from the document go into problem paths (and so onto screens and logs) only
# when they look like key names; anything else is shown as "?".
_SAFE_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class ProfileRecipient:
    label: str
    key: str  # age X25519 recipient, canonical lower-case "age1…"


@dataclass(frozen=True)
class Contact:
    label: str
    kind: str  # one of CONTACT_KINDS
    value: str


@dataclass(frozen=True)
class Profile:
    org_id: str
    name: str
    version: int
    issued: date
    expires: date | None
    signing_key: str  # minisign public key line
    recipients: tuple[ProfileRecipient, ...]
    intake_url: str | None
    update_url: str | None
    pack_keys: tuple[str, ...]
    contacts: tuple[Contact, ...]
    # Sent as "Authorization: Bearer …" to the intake server only; never shown or logged.
    intake_token: str | None = None
    # PEM certificates that, when given, are the only trust anchors for the intake server.
    intake_certificates: tuple[str, ...] = ()

    def expired(self, today: date) -> bool:
        """True after the `expires` day; the profile is still valid on that day itself."""
        return self.expires is not None and today > self.expires


def parse_profile(document: bytes) -> Profile:
    """The profile in `document`, or ProfileInvalidError listing every problem.

    ProfileTooNewError when format_version is newer than FORMAT_VERSION: the rest of such a
    document is not checked, since a newer format may add fields this version does not know.
    """
    if len(document) > MAX_DOCUMENT:
        _refuse("too-large")
    try:
        text = document.decode("utf-8")
    except UnicodeDecodeError:
        _refuse("not-utf8")
    try:
        # A byte-order mark is still UTF-8 (Windows editors add one); the signature covers
        # the bytes as they are, so dropping it here changes nothing that is checked.
        data = bounded.loads(
            text.removeprefix("\ufeff"),
            max_length=MAX_DOCUMENT,
            max_depth=MAX_DEPTH,
            object_pairs_hook=_Object.build,
        )
    except bounded.TooComplexError as exc:
        # Nested deeper than the format ever does, or a number no field can hold (1e400).
        _refuse({"depth": "too-deep", "number": "number"}.get(exc.reason, "too-large"))
    except ValueError:
        _refuse("not-json")
    if not isinstance(data, dict):
        _refuse("not-object")
    found = data.get("format_version")
    if data.get("format") == FORMAT and isinstance(found, int) and found > FORMAT_VERSION:
        raise ProfileTooNewError(min(found, MAX_SAFE_INT), FORMAT_VERSION)
    reader = _Reader()
    profile = reader.profile(data)
    if profile is None or reader.problems:
        raise ProfileInvalidError(reader.problems)
    return profile


def verify_profile(document: bytes, signature: str) -> Profile:
    """Parse `document`, then check that `signature` (.minisig text) is by its own signing key.

    Raises ProfileInvalidError / ProfileTooNewError for the document, and desktop.signing's
    MalformedSignatureError, UnknownKeyError (signed by any other key) or BadSignatureError
    (altered document or comment) for the signature; those are not wrapped.
    """
    from desktop.signing import PublicKey, verify

    profile = parse_profile(document)
    verify(document, signature, [PublicKey.parse(profile.signing_key)])
    return profile


# ---------------------------------------------------------------------- parsing
class _Object(dict[str, Any]):
    """A JSON object that remembers which keys appeared more than once."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def build(cls, pairs: list[tuple[str, Any]]) -> _Object:
        obj = cls()
        repeated = []
        for key, value in pairs:
            if key in obj:
                repeated.append(key)
            obj[key] = value
        obj.duplicates = tuple(repeated)
        return obj


def _refuse(code: str) -> NoReturn:
    raise ProfileInvalidError([ProfileProblem("", code)])


def _join(path: str, key: str) -> str:
    name = key if _SAFE_KEY.fullmatch(key) else "?"
    return f"{path}.{name}" if path else name


Rule = Callable[[str], str | None]


class _Reader:
    def __init__(self) -> None:
        self.problems: list[ProfileProblem] = []

    def add(self, path: str, code: str) -> None:
        self.problems.append(ProfileProblem(path, code))

    def fields(
        self,
        value: object,
        path: str,
        required: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """`value` as an object with these keys; problems for anything missing or extra."""
        if not isinstance(value, dict):
            self.add(path, "type")
            return {}
        for key in getattr(value, "duplicates", ()):
            self.add(_join(path, key), "duplicate")
        for key in value:
            if key not in required and key not in optional:
                self.add(_join(path, key), "unknown")
        for key in sorted(required):
            if value.get(key) is None:  # absent, or null
                self.add(_join(path, key), "required")
        return value

    def get(self, obj: dict[str, Any], key: str, path: str, kind: type) -> Any:
        """obj[key] if it has JSON type `kind`; None if absent or null (both fine if optional)."""
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.add(_join(path, key), "type")
            return None
        return value

    def string(self, obj: dict[str, Any], key: str, path: str, rule: Rule) -> str | None:
        value = self.get(obj, key, path, str)
        if value is None:
            return None
        problem = rule(value)
        if problem is not None:
            self.add(_join(path, key), problem)
            return None
        return str(value)

    def items(self, obj: dict[str, Any], key: str, limit: int) -> list[Any]:
        value = self.get(obj, key, "", list)
        if value is not None and len(value) > limit:
            self.add(key, "too-many")
        return list(value or ())

    def profile(self, data: dict[str, Any]) -> Profile | None:
        obj = self.fields(data, "", _REQUIRED, _OPTIONAL)
        if self.get(obj, "format", "", str) not in (FORMAT, None):
            self.add("format", "invalid")
        if self.get(obj, "format_version", "", int) not in (FORMAT_VERSION, None):
            self.add("format_version", "out-of-range")
        org_id = self.string(obj, "id", "", org_id_problem)
        name = self.string(obj, "name", "", lambda v: text_problem(v, MAX_NAME))
        version = self.get(obj, "version", "", int)
        if version is not None and not 1 <= version <= MAX_SAFE_INT:
            self.add("version", "out-of-range")
            version = None
        issued = self.day(obj, "issued")
        expires = self.day(obj, "expires")
        if issued is not None and expires is not None and expires < issued:
            self.add("expires", "before-issued")
        signing_key = self.string(obj, "signing_key", "", minisign_key_problem)
        recipients = self.recipients(obj)
        intake_url = self.string(obj, "intake_url", "", url_problem)
        intake_token = self.string(obj, "intake_token", "", token_problem)
        certificates = self.certificates(obj)
        update_url = self.string(obj, "update_url", "", url_problem)
        pack_keys = self.pack_keys(obj)
        contacts = self.contacts(obj)
        if org_id is None or name is None or version is None or issued is None:
            return None
        if signing_key is None or not recipients:
            return None
        return Profile(
            org_id=org_id,
            name=name,
            version=version,
            issued=issued,
            expires=expires,
            signing_key=signing_key,
            recipients=recipients,
            intake_url=intake_url,
            update_url=update_url,
            pack_keys=pack_keys,
            contacts=contacts,
            intake_token=intake_token,
            intake_certificates=certificates,
        )

    def day(self, obj: dict[str, Any], key: str) -> date | None:
        value = self.get(obj, key, "", str)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.add(key, "invalid")
        return parsed

    def recipients(self, obj: dict[str, Any]) -> tuple[ProfileRecipient, ...]:
        found: list[ProfileRecipient] = []
        seen: set[str] = set()
        items = self.items(obj, "recipients", MAX_RECIPIENTS)
        if obj.get("recipients") == []:
            self.add("recipients", "empty")
        for index, item in enumerate(items):
            path = f"recipients[{index}]"
            fields = self.fields(item, path, frozenset({"label", "key"}))
            label = self.string(fields, "label", path, recipient_label_problem)
            key = self.string(fields, "key", path, age_key_problem)
            if key is not None and key in seen:
                self.add(f"{path}.key", "duplicate")
                key = None
            if label is not None and key is not None:
                seen.add(key)
                found.append(ProfileRecipient(label, key))
        return tuple(found)

    def pack_keys(self, obj: dict[str, Any]) -> tuple[str, ...]:
        return self.unique_strings(obj, "pack_keys", MAX_PACK_KEYS, minisign_key_problem)

    def certificates(self, obj: dict[str, Any]) -> tuple[str, ...]:
        return self.unique_strings(
            obj, "intake_certificates", MAX_CERTIFICATES, certificate_problem
        )

    def unique_strings(
        self, obj: dict[str, Any], key: str, limit: int, rule: Rule
    ) -> tuple[str, ...]:
        """A list of strings that each pass `rule`, none twice."""
        found: list[str] = []
        for index, item in enumerate(self.items(obj, key, limit)):
            path = f"{key}[{index}]"
            if not isinstance(item, str):
                self.add(path, "type")
            elif (problem := rule(item)) is not None:
                self.add(path, problem)
            elif item in found:
                self.add(path, "duplicate")
            else:
                found.append(item)
        return tuple(found)

    def contacts(self, obj: dict[str, Any]) -> tuple[Contact, ...]:
        found: list[Contact] = []
        for index, item in enumerate(self.items(obj, "contacts", MAX_CONTACTS)):
            path = f"contacts[{index}]"
            fields = self.fields(item, path, frozenset({"label", "kind", "value"}))
            label = self.string(fields, "label", path, lambda v: text_problem(v, MAX_LABEL))
            kind = self.string(
                fields, "kind", path, lambda v: None if v in CONTACT_KINDS else "invalid"
            )
            value = self.string(
                fields, "value", path, functools.partial(contact_value_problem, kind or "other")
            )
            if label is not None and kind is not None and value is not None:
                found.append(Contact(label, kind, value))
        return tuple(found)


# A minisign signature is under 400 bytes; the rest of this allowance is for comments.
MAX_SIGNATURE = 16 * 1024


def read_profile_files(path: Path) -> tuple[bytes, str]:
    """The profile document at `path` and the text of `path.minisig` beside it; nothing else
    is checked (verify_profile does).

    Each file is checked on the opened file before it is read: NotAFileError for a folder,
    a device or a pipe (they would block a worker or never end), FileTooLargeError over its
    cap. ProfileUnreadableError / ProfileSignatureMissingError when one cannot be read,
    MalformedSignatureError for a signature that is not UTF-8.
    """
    from desktop.fsutil import read_outside_file
    from desktop.profiles.errors import ProfileSignatureMissingError, ProfileUnreadableError
    from desktop.signing import MalformedSignatureError, signature_path

    try:
        document = read_outside_file(path, MAX_DOCUMENT)
    except OSError:
        raise ProfileUnreadableError() from None
    try:
        data = read_outside_file(signature_path(path), MAX_SIGNATURE)
    except OSError:
        raise ProfileSignatureMissingError() from None
    try:
        return document, data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedSignatureError() from None
