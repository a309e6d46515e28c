# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings › Security: change the passphrase, remove a training pack, erase the vault."""
