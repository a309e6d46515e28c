# SPDX-License-Identifier: GPL-3.0-or-later
"""Package names loaded on first use (PEP 562), for packages whose modules are costly to import.

`desktop.messages` imports the errors of every package at start-up; the rest of a package (the
profile store, libsodium) is not needed to show the unlock screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str, where: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module `__getattr__` that imports `package.<where[name]>` when `name` is first used."""

    def __getattr__(name: str) -> Any:
        module_name = where.get(name)
        if module_name is None:
            raise AttributeError(name)
        module = importlib.import_module(f"{package}.{module_name}")
        # Bind every name of that module now, so the next one costs no call. A module must not
        # share a name with what the package exports: importing `package.name` anywhere sets
        # the package attribute to the module, and then this hook is never asked.
        for exported, found_in in where.items():
            if found_in == module_name:
                namespace[exported] = getattr(module, exported)
        return namespace[name]

    return __getattr__
