# SPDX-License-Identifier: GPL-3.0-or-later
"""Trainer kits: installers, an organisation's profile and packs, checkable on a USB stick.
Qt-free. docs/trainers.md is the trainer's guide; docs/kits.md the format.

build.py writes a kit, verify.py checks one, importing.py takes one into a vault; texts.py
writes the volunteer's README and the trainer's card. A kit sits above profiles and training:
it carries both, and is checked with their own checks.
"""
