# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync in the window: the worker that runs passes, the status button, the settings."""
