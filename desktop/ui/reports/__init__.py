# SPDX-License-Identifier: GPL-3.0-or-later
"""The Reports area: past reports, and the wizard that encrypts a new one to a team.

area.py (the area), past.py (the list of reports made), wizard.py (steps and the export
worker), and one module per step: entries, contents, recipients, destination, review, result.
"""
