# SPDX-License-Identifier: GPL-3.0-or-later
"""The core stays Qt-free: the import contract covers every core package and holds."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------------- cycles and size

MAX_LINES = 400  # the style guide's limit: past it, a module has more than one job


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (a deep import chain must not hit the recursion limit):
    every group of two or more nodes that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(edges[root])))]
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges.get(target, ())))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def _import_edges(depth: int | None) -> dict[str, set[str]]:
    """desktop's imports (TYPE_CHECKING and function-level ones too), between modules or, with
    `depth`, between the packages that many names deep ("desktop.sync" is depth 2)."""
    import grimp

    graph = grimp.build_graph("desktop")
    modules = {m for m in graph.modules if m.split(".")[0] == "desktop"}

    def name(module: str) -> str:
        return ".".join(module.split(".")[:depth]) if depth else module

    edges: dict[str, set[str]] = {name(m): set() for m in modules}
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported in modules and name(imported) != name(module):
                edges[name(module)].add(name(imported))
    return edges


def test_cycle_finder_finds_a_cycle() -> None:
    # The check below passes on an empty answer, so show that it can answer something else.
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _strongly_connected(edges) == [["a", "b", "c"]]


@pytest.mark.parametrize("depth", [None, 2, 3], ids=["modules", "packages", "subpackages"])
def test_no_import_cycles(depth: int | None) -> None:
    # Imports go one way (docs/development.md): a loop, even one hidden inside a function or
    # under TYPE_CHECKING, means two parts can no longer be understood or changed apart.
    assert _strongly_connected(_import_edges(depth)) == []


def test_no_module_is_over_the_size_limit() -> None:
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these along their seams (limit {MAX_LINES} lines): {too_long}"


def test_every_ui_part_is_under_a_ui_contract() -> None:
    # A new area or shared UI module left out of pyproject.toml would be checked by nothing.
    import desktop.ui

    with (ROOT / "pyproject.toml").open("rb") as handle:
        contracts = tomllib.load(handle)["tool"]["importlinter"]["contracts"]
    areas = next(c for c in contracts if c["type"] == "independence")["modules"]
    below = next(c for c in contracts if "desktop.ui.kit" in c.get("source_modules", []))
    parts = {info.name: info.ispkg for info in pkgutil.iter_modules(desktop.ui.__path__)}
    assert {f"desktop.ui.{name}" for name, ispkg in parts.items() if ispkg} == {
        *areas,
        "desktop.ui.kit",
    }
    shared = {f"desktop.ui.{name}" for name, ispkg in parts.items() if not ispkg}
    assert shared - {"desktop.ui.main_window"} == set(below["source_modules"]) - {"desktop.ui.kit"}
    assert set(areas) <= set(below["forbidden_modules"])
