# SPDX-License-Identifier: GPL-3.0-or-later
"""The Journal area: list, search and filters; entry view, editor, history and evidence."""
