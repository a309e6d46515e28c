# SPDX-License-Identifier: GPL-3.0-or-later
"""The Qt user interface. The only package (with desktop.app) allowed to import PySide6."""
