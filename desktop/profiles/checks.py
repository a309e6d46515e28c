# SPDX-License-Identifier: GPL-3.0-or-later
"""Field rules shared by profile documents and hand-added recipients.

Each rule returns a problem code, or None when the value is fine. Values come from documents
other people wrote (or from the clipboard), so text is refused rather than cleaned: a label
that quietly changed on import could no longer be compared with the organisation's card.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

MAX_LABEL = 100
MAX_NAME = 200
MAX_VALUE = 500
MAX_URL = 2048
# Integers beyond this are not exact in every JSON implementation, and SQLite stores 64 bits.
MAX_SAFE_INT = 2**53 - 1

ORG_ID = re.compile(r"[a-z0-9][a-z0-9.-]{1,62}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# RFC 3986 characters only: no spaces, no backslashes, no non-ASCII look-alikes.
URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9 ()./-]{3,40}")
# Plain http is accepted for these hosts only: the sync tests run their server on loopback,
# and an onion service is end-to-end encrypted and authenticated by its own address.
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
ONION = re.compile(r"[a-z2-7]{56}\.onion")
# RFC 6750 token68 characters: what may follow "Bearer " in an Authorization header.
TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{16,512}=*")
MAX_CERTIFICATE = 8 * 1024
PEM_BLOCK = re.compile(
    r"-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?"
)
# Besides C0/C1 controls: line and paragraph separators, and the bidirectional embeddings,
# overrides and isolates, which can make a label display as something it is not. Joiners
# (U+200C, U+200D) stay allowed: Persian, Indic scripts and emoji need them.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control(text: str) -> bool:
    return any(ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs") for ch in text)


def text_problem(value: str, limit: int) -> str | None:
    """A one-line label or name: non-empty, trimmed, no controls, at most `limit` characters."""
    if not value.strip():
        return "empty"
    if has_control(value):
        return "control"
    if value != value.strip():
        return "whitespace"
    if len(value) > limit:
        return "too-long"
    return None


def org_id_problem(value: str) -> str | None:
    return None if ORG_ID.fullmatch(value) else "invalid"


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD only (date.fromisoformat alone also takes week dates and basic forms)."""
    if not ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def url_problem(value: str) -> str | None:
    """https, or http to loopback; a host; no user name or password in it."""
    if len(value) > MAX_URL:
        return "too-long"
    if not URL_CHARS.fullmatch(value):
        return "invalid"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "invalid"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "invalid"
    if parts.username is not None or parts.password is not None:
        return "credentials"
    if parts.scheme == "http" and not (
        parts.hostname in LOOPBACK or ONION.fullmatch(parts.hostname)
    ):
        return "insecure-url"
    return None


def token_problem(value: str) -> str | None:
    return None if TOKEN.fullmatch(value) else "invalid"


def certificate_problem(value: str) -> str | None:
    """One PEM certificate that OpenSSL loads as a trust anchor."""
    import ssl

    if len(value) > MAX_CERTIFICATE:
        return "too-long"
    if not PEM_BLOCK.fullmatch(value):
        return "invalid"
    try:
        ssl.create_default_context(cadata=value)
    except (ssl.SSLError, ValueError):
        return "invalid"
    return None


def contact_value_problem(kind: str, value: str) -> str | None:
    if kind == "url":
        return url_problem(value)
    problem = text_problem(value, MAX_VALUE)
    if problem is not None:
        return problem
    if kind == "email" and not EMAIL.fullmatch(value):
        return "invalid"
    if kind == "phone" and (not PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 3):
        return "invalid"
    return None


def age_key_problem(value: str) -> str | None:
    """An age X25519 recipient in its canonical (lower-case) form, which fingerprints use."""
    from pyrage import x25519  # at first use: start-up time

    try:
        parsed = x25519.Recipient.from_str(value)
    except Exception:  # pyrage raises its own RecipientError, and ValueError on some input
        return "invalid"
    return None if str(parsed) == value else "invalid"


def canonical_age_key(value: str) -> str | None:
    """`value` (surrounding space removed, any case) as a canonical age key, or None."""
    from pyrage import x25519

    try:
        return str(x25519.Recipient.from_str(value.strip()))
    except Exception:
        return None


def minisign_key_problem(value: str) -> str | None:
    """A minisign public key as its one base64 line ("RWQ…"), not a whole .pub file."""
    from desktop.signing import MalformedKeyError, PublicKey

    try:
        parsed = PublicKey.parse(value)
    except MalformedKeyError:
        return "invalid"
    return None if parsed.line() == value else "invalid"


# ---------------------------------------------------------------------- look-alikes
# A recipient label is shown on the line above its key and fingerprint, so it must not be
# able to pass for either. After NFKC (fullwidth "ａｇｅ１" is "age1") and case folding, a
# label is refused ("looks-like-key") when it holds
#   - three or more groups of three or more digits (of any script) separated only by spaces
#     or punctuation: a fingerprint is six groups of five digits;
#   - twelve or more letters, digits, "+", "/" or "=" in a row, three or more of them
#     digits: a key, a hash, an encoded value;
#   - "age1" followed by letters or digits, or "age-secret-key": the prefixes of age keys;
# or when it starts (leading spaces and punctuation aside) with the word "fingerprint".
# docs/profiles.md states the rule; tests/profiles/test_lookalikes.py holds the cases.
_DIGIT_GROUPS = re.compile(r"\d{3,}(?:[\W_]+\d{3,}){2,}")
_ENCODED_RUN = re.compile(r"[\w+/=]{12,}")
_AGE_PREFIX = re.compile(r"age1[^\W_]|age-secret-key")
_LEADING_PUNCTUATION = re.compile(r"[\W_]+")
# The scripts whose letters imitate each other (а/a, о/o, ο/o, р/p, Ν/N …).
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def looks_like_key(value: str) -> bool:
    text = unicodedata.normalize("NFKC", value).casefold()
    if _DIGIT_GROUPS.search(text) or _AGE_PREFIX.search(text):
        return True
    if any(sum(ch.isdigit() for ch in run) >= 3 for run in _ENCODED_RUN.findall(text)):
        return True
    return _LEADING_PUNCTUATION.sub("", text, count=1).startswith("fingerprint")


def recipient_label_problem(value: str) -> str | None:
    """text_problem for a recipient's label, and "looks-like-key" (above)."""
    problem = text_problem(value, MAX_LABEL)
    if problem is None and looks_like_key(value):
        return "looks-like-key"
    return problem


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    words = unicodedata.name(ch, "").split()
    for script in _CONFUSABLE_SCRIPTS:
        if script in words[:2]:  # "LATIN …", "FULLWIDTH LATIN …"
            return script
    return None


def mixed_scripts(text: str) -> bool:
    """Whether one word of `text` mixes Latin, Cyrillic and Greek letters ("Wіkimedia" with
    a Cyrillic і): names shown from profiles are marked then, not refused, since a real name
    may have words in two alphabets, just not inside one word."""
    for word in re.split(r"[\W_\d]+", unicodedata.normalize("NFC", text)):
        if len({script for script in map(_script, word) if script is not None}) > 1:
            return True
    return False
