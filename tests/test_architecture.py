# SPDX-License-Identifier: GPL-3.0-or-later
"""The core stays Qt-free: the import contract covers every core package and holds."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import desktop

ROOT = Path(__file__).resolve().parent.parent
# Allowed to import Qt (or to start the app that does).
QT_SIDE = {"ui", "app", "__main__"}


def contract_modules() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config = tomllib.load(handle)
    contracts = config["tool"]["importlinter"]["contracts"]
    no_qt = [c for c in contracts if "PySide6" in c.get("forbidden_modules", [])]
    assert len(no_qt) == 1, "expected exactly one no-Qt contract"
    assert {"desktop.ui", "desktop.app", "shiboken6"} <= set(no_qt[0]["forbidden_modules"])
    return set(no_qt[0]["source_modules"])


def core_modules() -> set[str]:
    return {
        f"desktop.{info.name}"
        for info in pkgutil.iter_modules(desktop.__path__)
        if info.name not in QT_SIDE
    }


def test_every_core_module_is_under_the_no_qt_contract() -> None:
    core = core_modules()
    assert {"desktop.vault", "desktop.cli", "desktop.fsutil"} <= core  # enumeration works
    missing = core - contract_modules()
    assert not missing, f"add to [tool.importlinter.contracts] source_modules: {missing}"


def test_contract_lists_only_real_modules() -> None:
    # A renamed package left in the list would make the contract check nothing for it.
    assert contract_modules() <= core_modules()


def test_import_linter_passes() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_load_no_qt() -> None:
    # At run time too: lint-imports sees static imports only, not importlib or __import__.
    # Every core module and submodule is imported in a fresh interpreter.
    probe = (
        "import importlib, pkgutil, sys\n"
        "import desktop\n"
        f"qt_side = {sorted(QT_SIDE)!r}\n"
        # Not walk_packages over desktop: it would import desktop.ui to look inside it.
        "for top in pkgutil.iter_modules(desktop.__path__, 'desktop.'):\n"
        "    if top.name.split('.')[1] in qt_side:\n"
        "        continue\n"
        "    module = importlib.import_module(top.name)\n"
        "    if top.ispkg:\n"
        "        for sub in pkgutil.walk_packages(module.__path__, top.name + '.'):\n"
        "            importlib.import_module(sub.name)\n"
        "print(sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in {'PySide6', 'shiboken6'} or m.startswith('desktop.ui')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
