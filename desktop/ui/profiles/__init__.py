# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings → Organisations and keys: import organisation profiles, add keys by hand, and
compare fingerprints before any report is encrypted to them (panel.ProfilesPanel)."""
