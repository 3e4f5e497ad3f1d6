"""The shape of the code base: short functions, one-way imports, one lint for code and notebooks.

Both structural checks read the package's source with ``ast`` (nothing is imported), over the
whole of ``src/medlab_teach``: every module, every function (methods and nested functions
included), and every import (module-level, inside functions, and under ``TYPE_CHECKING``), because
a cycle hidden in a function-level import is still a cycle a maintainer has to reason about.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "medlab_teach"
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    """``src/medlab_teach/plots/style.py`` -> ``medlab_teach.plots.style``."""
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# ------------------------------------------------------------------------- function length

def long_functions(modules: dict[str, Path], limit: int = MAX_FUNCTION_LINES) -> list[str]:
    """Every function longer than ``limit`` lines, counted from ``def`` to the end of its body
    (decorators not counted), as 'path:line name (n lines)'."""
    found = []
    for path in modules.values():
        for node in ast.walk(parse(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
                    found.append(f"{where}:{node.lineno} {node.name} ({length} lines)")
    return sorted(found)


def test_the_length_count_runs_from_def_to_the_end_of_the_body(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(80))
    module = tmp_path / "m.py"
    module.write_text(f"@decorated\ndef long():\n{body}\n\n\ndef short():\n    return 1\n")
    assert long_functions({"m": module}, limit=81) == []
    assert [f.split()[1] for f in long_functions({"m": module}, limit=80)] == ["long"]


def test_no_function_in_the_package_is_longer_than_80_lines() -> None:
    found = long_functions(package_modules())
    assert not found, (f"Functions longer than {MAX_FUNCTION_LINES} lines (split them into named "
                       "steps):\n" + "\n".join(found))


# ------------------------------------------------------------------------------ import cycles

def imported_modules(tree: ast.Module, module: str, is_package: bool,
                     known: set[str]) -> set[str]:
    """The package's own modules that ``module`` imports, wherever the import statement is."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name and name not in known:  # import a.b.c names a.b.c's module
                    name = name.rpartition(".")[0]
                if name:
                    found.add(name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if base not in known:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # `from pkg import mod` imports the module; `from pkg import name` runs pkg
                found.add(sub if sub in known else base)
    found.discard(module)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {name: imported_modules(parse(path), name, path.name == "__init__.py", known)
            for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a closed path a -> b -> ... -> a) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.add(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_closed_path(graph, group) for group in groups]


def _closed_path(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle through the group's first module, found breadth first."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def test_the_cycle_finder_names_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from pkg.c import g\n    return g\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                              "    from . import a\n")
    (pkg / "d.py").write_text("import pkg.a\n")
    modules = {".".join(p.relative_to(tmp_path).with_suffix("").parts).removesuffix(".__init__"):
               p for p in sorted(pkg.glob("*.py"))}
    graph = import_graph(modules)
    assert graph["pkg.d"] == {"pkg.a"}
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]
    (pkg / "c.py").write_text("import os\n")
    assert find_cycles(import_graph(modules)) == []


def test_no_import_cycle_inside_the_package() -> None:
    cycles = find_cycles(import_graph(package_modules()))
    assert not cycles, "Import cycles inside the package (make the dependency one-way):\n" + (
        "\n".join(" -> ".join(cycle) for cycle in cycles))


def test_the_graph_sees_the_package() -> None:
    """Guard against a graph that is empty because the parser missed every import."""
    graph = import_graph(package_modules())
    assert "medlab_teach.model" in graph["medlab_teach.plots.model_map"]
    assert "medlab_teach.plots.style" in graph["medlab_teach.plots.territory"]
    assert sum(len(deps) for deps in graph.values()) > 50


# --------------------------------------------------------------------------- one error type

def test_unknown_ids_raise_the_kits_error_not_key_error() -> None:
    """Unknown ids raise ``medlab_teach.errors.UnknownIdError`` (a LookupError carrying the valid
    choices), never a bare KeyError or LookupError."""
    found = []
    for path in package_modules().values():
        for node in ast.walk(parse(path)):
            if isinstance(node, ast.Raise) and node.exc is not None:
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(exc, ast.Name) and exc.id in ("KeyError", "LookupError"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "Raise UnknownIdError for an unknown id:\n" + "\n".join(found)


# ------------------------------------------------------------------------------------- lint

def test_ruff_checks_code_and_notebooks_and_finds_nothing() -> None:
    """The project's ruff rules cover lessons/ and assignments/ (ruff reads notebooks) as well as
    the code, and the whole checkout is clean."""
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "extend-exclude" not in config or '"lessons"' not in config, (
        "lessons/ and assignments/ are code too: do not exclude them from ruff")
    listed = subprocess.run([sys.executable, "-m", "ruff", "check", "--show-files", "."],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0 and "No module named ruff" in listed.stderr:
        pytest.fail("ruff is not installed: pip install -e '.[test]' (it is a test dependency)")
    files = listed.stdout
    assert "lessons/en/00_" in files and "lessons/es/00_" in files, files[:2000]
    assert "assignments/a1_" in files, files[:2000]
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------------------------ docs

def test_the_readme_layout_lists_every_module() -> None:
    """A newcomer finds every module of the package in the README's layout, one line each."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    layout = layout[:layout.index("\n## ", 1)]
    lines = layout.splitlines()
    missing = []
    for name, path in package_modules().items():
        if path.parent.name == "exercises" and path.name != "__init__.py":
            continue  # one line for the folder: lesson00 ... lesson08
        shown = f"{path.parent.name}/" if path.name == "__init__.py" else path.name
        if name == PACKAGE:
            shown = "__init__.py"
        if not any(line.strip().startswith(shown) for line in lines):
            missing.append(str(path.relative_to(SRC)))
    assert not missing, "Add these modules to the README's layout, one line each:\n" + "\n".join(
        missing)
