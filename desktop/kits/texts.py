# SPDX-License-Identifier: GPL-3.0-or-later
"""What a kit says to people: the volunteer's README.html and the trainer's printable card.

Both are static HTML written here from escaped text: no script, no remote resource (a
Content-Security-Policy says so to the browser too), one section per language with its own
`lang` and `dir`, so Arabic reads right to left and every script is shaped by the browser.
Commands, file names and keys are marked left-to-right inside right-to-left text.

The strings are the app's (desktop/i18n), translated into each of the kit's languages
rather than the trainer's; the fingerprint labels are the fingerprint check's own, so the
card and the app's dialog use the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from desktop.i18n import N_, is_right_to_left, languages, translator_for
from desktop.kits.manifest import KitManifest
from desktop.profiles import Profile
from desktop.signing.fingerprints import fingerprint

README = "README.html"
_STYLE = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5}"
    "code,pre{font-family:monospace;background:#eee;padding:.1em .3em}"
    "pre{padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere}"
    "section{border-top:1px solid #888;margin-top:2em}"
    ".fp{font-family:monospace;font-size:1.5em;letter-spacing:.05em;white-space:nowrap}"
    "@media print{body{margin:0;max-width:none}section{break-inside:avoid}}"
)
_HEAD = (
    '<!DOCTYPE html>\n<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "style-src 'unsafe-inline'\">"
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title}</title><style>{style}</style></head><body>\n"
)

_TITLE = N_("Bastion, from {organisation}")
_WHAT = N_(
    "This folder holds Bastion, an app that keeps an encrypted journal of harassment, "
    "teaches safety steps that work offline, and sends reports only to the people you "
    "choose. It also holds the profile of {organisation}, so that your reports can be "
    "encrypted to them, and their training."
)
_CHECK = N_("1. Check that nothing was changed")
_CHECK_WHY = N_(
    "Do this before you install anything: anyone who held this stick could have changed it."
)
_WITH_APP = N_("If Bastion is already on a computer you trust, run:")
_WITH_APP_THEN = N_(
    "It must say that the kit is intact. Then compare every fingerprint it shows with the "
    "card your trainer gave you: every digit must be the same."
)
_STOCK = N_(
    "Without Bastion, in a terminal opened in this folder. First compare the key in the "
    "first command with the key printed on the card: if they differ, stop here."
)
_STOCK_THEN = N_("Each command must succeed, and the last two must print nothing.")
_MISMATCH = N_("If anything does not match")
_MISMATCH_DO = N_(
    "Do not install anything from this folder. Tell your trainer or {organisation} through "
    "a way of contact you already trust, and ask for a new copy."
)
_INSTALL = N_("2. Install")
_DEB = N_("Debian or Ubuntu:")
_TAR = N_("Other Linux: unpack it, then start bastion/bastion:")
_WINDOWS = N_("Windows: run this file:")
_MAC = N_("macOS: open this file and drag Bastion into Applications:")
_OTHER = N_("Also in this folder:")
_ADD = N_("3. Add {organisation} to Bastion")
_ADD_HOW = N_(
    "Start Bastion and create your vault. In Settings, under “Organisations and keys”, "
    "choose “Open a kit…” and choose this folder. Bastion checks the kit again and shows "
    "the fingerprints: compare them with the card before you choose “They all match”."
)
_CARD_TITLE = N_("Bastion kit from {organisation}")
_CARD_KEEP = N_(
    "Keep this card apart from the stick. When Bastion shows these numbers, compare them "
    "digit by digit. If one differs, do not use the kit: tell your trainer."
)
_CARD_MINISIGN = N_("The key to check the kit with minisign:")
_CARD_MADE = N_("Made on {day}, profile version {version}.")
_SIGNING = N_("Signing key: it signs the profile")
_RECIPIENTS = N_("Recipients: each of them can open the reports you send to this organisation.")
_PACK_KEY = N_("Training pack key {number}")

_STOCK_COMMANDS = (
    "minisign -Vm SHA256SUMS -P {key}\n"
    "sha256sum -c --strict SHA256SUMS\n"
    "find . ! -type d ! -name SHA256SUMS ! -name SHA256SUMS.minisig | sed 's|^\\./||' | sort"
    " | diff - <(cut -c67- SHA256SUMS | sort)\n"
    "find . ! -type d ! -type f"
)


def readme(manifest: KitManifest, profile: Profile) -> bytes:
    first = manifest.languages[0]
    parts = [_head(first, translator_for(first)(_TITLE).format(organisation=profile.name))]
    for code in manifest.languages:
        t = translator_for(code)
        org = f"<bdi>{escape(profile.name)}</bdi>"  # a name in any script, isolated
        parts.append(_open_section(code))
        parts.append(f"<h1>{escape(t(_TITLE)).format(organisation=org)}</h1>")
        parts.append(f"<p>{escape(t(_WHAT)).format(organisation=org)}</p>")
        parts.append(f"<h2>{escape(t(_CHECK))}</h2><p>{escape(t(_CHECK_WHY))}</p>")
        parts.append(f"<p>{escape(t(_WITH_APP))}</p>{_pre('bastion kit verify .')}")
        parts.append(f"<p>{escape(t(_WITH_APP_THEN))}</p>")
        stock = _STOCK_COMMANDS.format(key=profile.signing_key)
        parts.append(f"<p>{escape(t(_STOCK))}</p>{_pre(stock)}<p>{escape(t(_STOCK_THEN))}</p>")
        parts.append(f"<h3>{escape(t(_MISMATCH))}</h3>")
        parts.append(f"<p>{escape(t(_MISMATCH_DO)).format(organisation=org)}</p>")
        parts.append(f"<h2>{escape(t(_INSTALL))}</h2>")
        parts.extend(_installers(t, manifest.installers))
        parts.append(f"<h2>{escape(t(_ADD)).format(organisation=org)}</h2>")
        parts.append(f"<p>{escape(t(_ADD_HOW))}</p></section>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode("utf-8")


def card(manifest: KitManifest, profile: Profile) -> bytes:
    first = manifest.languages[0]
    t = translator_for(first)
    parts = [_head(first, t(_CARD_TITLE).format(organisation=profile.name))]
    for code in manifest.languages:
        other = translator_for(code)
        org = f"<bdi>{escape(profile.name)}</bdi>"  # a name in any script, isolated
        parts.append(_open_section(code))
        parts.append(f"<h1>{escape(other(_CARD_TITLE)).format(organisation=org)}</h1>")
        parts.append(f"<p>{escape(other(_CARD_KEEP))}</p></section>")
    parts.append(_open_section(first))
    for label, kind, key in _keys(t, profile):
        if label is None:
            parts.append(f"<h2>{escape(kind)}</h2>")
            continue
        digits = escape(fingerprint(kind, key))
        parts.append(f'<p>{escape(label)}<br><span class="fp" dir="ltr">{digits}</span></p>')
    parts.append(f"<p>{escape(t(_CARD_MINISIGN))}</p>{_pre(profile.signing_key)}")
    made = t(_CARD_MADE).format(day=manifest.created.isoformat(), version=profile.version)
    parts.append(f"<p>{escape(made)}</p></section></body></html>\n")
    return "\n".join(parts).encode("utf-8")


def _keys(t: Callable[[str], str], profile: Profile) -> list[tuple[str | None, str, str]]:
    """(label, kind, key) rows in the fingerprint check's order; (None, heading, "") rows."""
    rows: list[tuple[str | None, str, str]] = [(t(_SIGNING), "minisign", profile.signing_key)]
    rows.append((None, t(_RECIPIENTS), ""))
    rows += [(r.label, "age", r.key) for r in profile.recipients]
    for number, key in enumerate(profile.pack_keys, start=1):
        rows.append((t(_PACK_KEY).format(number=number), "minisign", key))
    return rows


def _installers(t: Callable[[str], str], names: Sequence[str]) -> list[str]:
    parts = []
    for name in names:
        base = name.rsplit("/", 1)[-1]
        if base.endswith(".deb"):
            parts.append(f"<p>{escape(t(_DEB))}</p>{_pre(f'sudo apt install ./{name}')}")
        elif base.endswith((".tar.gz", ".tgz")):
            parts.append(f"<p>{escape(t(_TAR))}</p>{_pre(f'tar -xzf {name}')}")
        elif base.endswith((".exe", ".msi", ".msix")):
            parts.append(f"<p>{escape(t(_WINDOWS))}</p>{_pre(name)}")
        elif base.endswith(".dmg"):
            parts.append(f"<p>{escape(t(_MAC))}</p>{_pre(name)}")
        else:
            parts.append(f"<p>{escape(t(_OTHER))}</p>{_pre(name)}")
    return parts


def _direction(code: str) -> str:
    return "rtl" if is_right_to_left(code) else "ltr"


def _head(code: str, title: str) -> str:
    return _HEAD.format(lang=_bcp47(code), dir=_direction(code), title=escape(title), style=_STYLE)


def _open_section(code: str) -> str:
    direction = _direction(code)
    name = next((lang.native_name for lang in languages() if lang.code == code), code)
    return f'<section lang="{_bcp47(code)}" dir="{direction}"><p><small>{escape(name)}</small></p>'


def _bcp47(code: str) -> str:
    return code.replace("_", "-")


def _pre(text: str) -> str:
    return f'<pre dir="ltr">{escape(text)}</pre>'
