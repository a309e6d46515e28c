# SPDX-License-Identifier: GPL-3.0-or-later
"""The UI's shared toolkit: what more than one feature area uses.

The feature packages (journal, learn, reports, profiles, sync) import the kit, the other
top-level modules of desktop.ui that are not features, and the core; never each other.
What only one feature uses stays in that feature.

- work.py: what a worker returns (Outcome), and how its errors and crashes are handled
- direction.py: text direction, alignment with the UI, bidi isolates
- text.py: machine text made readable on screen (wrapping long runs, clock times)
- dialogs.py: yes-or-no confirmations and the file dialogs that leave no trace
- delegates.py: how a two-line list row (a title, details under it) is drawn
- factories.py: buttons, hints and subheadings set up with their accessible names
- focus.py: the keyboard focus brought back after a busy spell disabled its button
- first_paint.py: work put off until a window has been painted once

Nothing is imported here, so importing one kit module loads only that module.
"""
