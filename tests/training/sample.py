# SPDX-License-Identifier: GPL-3.0-or-later
"""A small, valid training pack in source form, for tests (core, CLI and UI).

One pathway with two modules; English, plus Arabic for some items so language fallback can be
seen. Tests change the files this writes to make broken packs.
"""

from __future__ import annotations

from pathlib import Path

PACK_ID = "sample-pack"
PATHWAY = "basics"
FIRST_MODULE = "basics/accounts"
SECOND_MODULE = "basics/devices"

FILES: dict[str, str] = {
    "pack.yaml": """\
format: 1
id: sample-pack
version: 3
min_app_version: "0.1.0"
title:
  en: Sample pack
  ar: حزمة تجريبية
publisher:
  en: Test trainers
languages: [en, ar]
pathways:
  - basics
""",
    "pathways/basics/pathway.yaml": """\
title:
  en: Basics
  ar: الأساسيات
level: beginner
summary:
  en: The first steps.
modules:
  - accounts
  - devices
""",
    "pathways/basics/accounts/module.yaml": """\
title:
  en: Accounts
summary:
  en: Keep your accounts yours.
lessons:
  - id: passwords
    minutes: 4
    title:
      en: Passwords
      ar: كلمات المرور
    sources:
      - "https://meta.wikimedia.org/wiki/Password_strength_requirements"
  - id: two-factor
    minutes: 6
    title:
      en: Two-factor authentication
checklist:
  - id: manager
    text:
      en: I use a password manager.
  - id: unique
    text:
      en: Every account has its own password.
quiz:
  pass_mark: 75
  questions:
    - id: reuse
      kind: single
      text:
        en: Is it safe to reuse a password?
      choices:
        - id: "yes"
          correct: false
          text:
            en: "Yes"
          feedback:
            en: One leak would open every account.
        - id: "no"
          correct: true
          text:
            en: "No"
          feedback:
            en: Right. Each account needs its own password.
    - id: factors
      kind: multiple
      text:
        en: Which are second factors?
      choices:
        - id: app
          correct: true
          text:
            en: An authenticator app
        - id: key
          correct: true
          text:
            en: A security key
        - id: pet
          correct: false
          text:
            en: Your pet's name
    - id: codes
      kind: single
      text:
        en: Where do recovery codes belong?
      choices:
        - id: safe
          correct: true
          text:
            en: Somewhere safe, away from the device
        - id: page
          correct: false
          text:
            en: On your user page
    - id: email
      kind: single
      text:
        en: Does replying to a wiki email show your address?
      choices:
        - id: shows
          correct: true
          text:
            en: "Yes"
        - id: hides
          correct: false
          text:
            en: "No"
""",
    "pathways/basics/accounts/passwords.en.md": """\
Use a **different password** for every account.

## Why

One leaked password opens every account that shares it. See
[the password guide](https://meta.wikimedia.org/wiki/Password_strength_requirements).

![A strong password](../../../images/lock.png)
""",
    "pathways/basics/accounts/passwords.ar.md": "استخدم **كلمة مرور مختلفة** لكل حساب.\n",
    "pathways/basics/accounts/two-factor.en.md": "Turn on *two-factor authentication*.\n",
    "pathways/basics/devices/module.yaml": """\
title:
  en: Devices
summary:
  en: Keep your devices safe.
lessons:
  - id: updates
    minutes: 3
    title:
      en: Updates
  - id: encryption
    minutes: 5
    title:
      en: Disk encryption
checklist:
  - id: auto-updates
    text:
      en: Automatic updates are on.
""",
    "pathways/basics/devices/updates.en.md": "Install updates quickly.\n",
    "pathways/basics/devices/encryption.en.md": "Encrypt the whole disk.\n",
}

# A 1×1 PNG, enough for the image rules.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f"
    "15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)

# Correct answers of the first module's quiz, and a set that fails it.
PASSING = {"reuse": {"no"}, "factors": {"app", "key"}, "codes": {"safe"}, "email": {"shows"}}
FAILING = {"reuse": {"yes"}, "factors": {"app"}, "codes": {"safe"}, "email": {"hides"}}


def write_sample_pack(folder: Path, *, version: int | None = None) -> Path:
    """Write the sample pack's source files under `folder`; returns `folder`."""
    for name, text in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "pack.yaml" and version is not None:
            text = text.replace("version: 3", f"version: {version}")
        path.write_text(text, encoding="utf-8")
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "lock.png").write_bytes(PNG)
    return folder
