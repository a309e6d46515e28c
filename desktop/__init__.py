# SPDX-License-Identifier: GPL-3.0-or-later
"""Bastion: an offline-first safety toolkit for volunteers at risk."""

__version__ = "0.1.0"
