"""What a cell's code reads and binds, read statically (no code is run).

Used to decide which names a test needs from the student's kernel (:mod:`.execute`), which
read-only cells the test runner may run itself, and what in a student's code deserves the
instructor's attention (:mod:`.scan`).
"""

from __future__ import annotations

import ast
import builtins
import re
import symtable

BUILTIN_NAMES = frozenset(dir(builtins))
# IPython magics whose argument is Python code (read it, it runs).
_CODE_MAGIC = re.compile(r"^(\s*)%{1,2}(?:time|timeit|prun)\b(?:\s+-\S+(?:\s+\S+)?)*\s*(.*)$")
_MAGIC_LINE = re.compile(r"^\s*[%!]")


def python_lines(source: str) -> str:
    """The cell as plain Python: code after ``%time``-like magics kept, other magics blanked."""
    lines = []
    for line in source.splitlines():
        match = _CODE_MAGIC.match(line)
        if match:
            lines.append(match.group(1) + match.group(2))
        elif _MAGIC_LINE.match(line):
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


def magic_lines(source: str) -> list[str]:
    """The IPython magic and shell lines of a cell (``%run``, ``!cmd``...)."""
    return [line.strip() for line in source.splitlines() if _MAGIC_LINE.match(line)]


def parse(source: str) -> ast.Module | None:
    """The cell's syntax tree, or None when it is not valid Python."""
    try:
        return ast.parse(python_lines(source))
    except (SyntaxError, ValueError):
        return None


def bound_names(tree: ast.AST) -> set[str]:
    """Names a piece of code binds at module level (imports, assignments, defs, del, global)."""
    names: set[str] = set()
    for node in _module_level(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names
                         if a.name != "*")
        elif isinstance(node, ast.Global):
            names.update(node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _module_level(tree: ast.AST) -> list[ast.AST]:
    """Nodes evaluated in the module's scope (function and class bodies skipped, ``global``
    statements inside them kept)."""
    out: list[ast.AST] = []
    todo = list(ast.iter_child_nodes(tree))
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            out += [n for n in ast.walk(node) if isinstance(n, ast.Global)]
            if not isinstance(node, ast.Lambda):
                todo += node.decorator_list
            continue
        if isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            out += [n for n in ast.walk(node) if isinstance(n, ast.NamedExpr)]
            out += [n.target for n in ast.walk(node) if isinstance(n, ast.NamedExpr)]
            continue
        todo += list(ast.iter_child_nodes(node))
    return out


def free_names(source: str) -> set[str]:
    """Global names a cell reads that it does not bind itself (scopes understood exactly)."""
    try:
        table = symtable.symtable(python_lines(source), "<cell>", "exec")
    except (SyntaxError, ValueError):
        return set()
    module_bound = {s.get_name() for s in table.get_symbols()
                    if s.is_assigned() or s.is_imported() or s.is_namespace()}
    read: set[str] = set()
    todo = [table]
    while todo:
        current = todo.pop()
        for symbol in current.get_symbols():
            if not symbol.is_referenced():
                continue
            if current is table or symbol.is_global():
                read.add(symbol.get_name())
        todo += current.get_children()
    return read - module_bound


def called_names(tree: ast.AST) -> set[str]:
    """Names a piece of code calls directly (``name(...)``): the functions it asks for."""
    return {node.func.id for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def imported_modules(tree: ast.AST) -> dict[str, str]:
    """alias -> module for the imports in a piece of code."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out[(alias.asname or alias.name).split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                out[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return out
