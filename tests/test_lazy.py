# SPDX-License-Identifier: GPL-3.0-or-later
"""Lazily exported names stay what they are, whatever was imported before them."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import desktop.profiles
import desktop.signing


@pytest.mark.parametrize("package", [desktop.profiles, desktop.signing])
def test_no_module_shadows_an_exported_name(package: object) -> None:
    # Importing desktop.signing.fingerprint (a module) used to replace the exported function
    # `fingerprint` with the module for every later `from desktop.signing import fingerprint`.
    modules = {info.name for info in pkgutil.iter_modules(package.__path__)}  # type: ignore[attr-defined]
    for module in modules:
        importlib.import_module(f"{package.__name__}.{module}")  # type: ignore[attr-defined]
    assert modules.isdisjoint(package.__all__)  # type: ignore[attr-defined]
    for name in package.__all__:  # type: ignore[attr-defined]
        assert not isinstance(getattr(package, name), type(pytest)), name
