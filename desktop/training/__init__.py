# SPDX-License-Identifier: GPL-3.0-or-later
"""Safety training: packs of pathways, modules, lessons, checklists and quizzes, and progress.

Modules, imported directly (nothing is re-exported, so start-up loads none of YAML, Markdown or
the sanitiser): source.py reads YAML with lines; validate.py turns a pack's files into model.py
objects, collecting every problem with the checks of fields.py; render.py turns lessons into
sanitised HTML; archive.py builds and reads pack archives; packs.py checks a pack's
signature against pinned keys; store.py keeps installed packs and progress in the vault;
progress.py scores quizzes and says what is done. docs/training-packs.md describes the
format and the trust rules.
"""
