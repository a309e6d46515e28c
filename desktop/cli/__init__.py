# SPDX-License-Identifier: GPL-3.0-or-later
"""Headless commands (`bastion COMMAND …`), Qt-free.

`main` is the entry point and the wiring; `common` is what every command shares; each other
module is one command group and imports only `common` and the core. An import contract in
pyproject.toml keeps it so.
"""
