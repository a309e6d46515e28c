# SPDX-License-Identifier: GPL-3.0-or-later
"""Get help: emergency contacts and routes, one click from anywhere while unlocked."""
