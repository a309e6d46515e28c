# SPDX-License-Identifier: GPL-3.0-or-later
"""The Learn area: training pathways, lessons, checklists and quizzes, with progress kept in
the vault."""
