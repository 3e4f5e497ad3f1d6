"""Read the student's own code for what deserves the instructor's attention.

The tests run out of the student's reach (:mod:`.execute`), so nothing found here changes a
score; it explains one. A submission that redefines what the tests rely on, reaches into the
interpreter or IPython, or defines an object that compares equal to anything is flagged
(``tampered``) with the reason, so the instructor can look at the code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from . import analysis
from .events import Event, Kind

SUSPICIOUS_NAMES = {
    "__builtins__": "reaches into Python's builtins",
    "get_ipython": "talks to the IPython kernel that runs the notebook",
    "exec": "runs code built at run time (exec)",
    "eval": "runs code built at run time (eval)",
    "compile": "compiles code at run time",
    "__import__": "imports modules dynamically",
    "globals": "rewrites the global namespace through globals()",
}
SUSPICIOUS_MODULES = {
    "builtins": "imports builtins (can change what tests see)",
    "ctypes": "imports ctypes (can patch the interpreter)",
    "gc": "imports gc (can reach the grader's objects)",
    "inspect": "imports inspect (can read the test code)",
    "importlib": "imports importlib (can reload modules the tests use)",
    "IPython": "imports IPython internals",
    "ipykernel": "imports the kernel itself",
    "nbgrader": "imports nbgrader",
}
SUSPICIOUS_ATTRS = {
    ("sys", "modules"): "edits sys.modules",
    ("sys", "settrace"): "installs a trace function",
    ("sys", "setprofile"): "installs a profile function",
    ("sys", "_getframe"): "reads interpreter frames",
    ("sys", "stdout"): "replaces sys.stdout",
    ("sys", "stderr"): "replaces sys.stderr",
}
# Attributes of IPython / ipykernel objects that decide how a cell's result is reported.
SUSPICIOUS_ATTR_NAMES = frozenset({
    "showtraceback", "showsyntaxerror", "run_cell", "run_code", "do_execute", "send_response",
    "set_custom_exc", "custom_exceptions", "input_transformers_cleanup",
    "input_transformers_post", "ast_transformers", "user_ns", "f_back", "f_locals",
    "f_globals", "__code__", "__globals__",
})
# Methods that let a returned object pass ``==`` / ``isclose`` checks whatever it holds.
COMPARISON_DUNDERS = frozenset({"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
                                "__bool__", "__float__", "__index__", "__abs__", "__sub__",
                                "__rsub__", "__round__"})
# Magics that run another file's code or the shell.
SUSPICIOUS_MAGICS = {"%run": "runs another file (%run)", "%load": "loads another file (%load)",
                     "%%writefile": "writes a file from the notebook (%%writefile)"}
_COMMON_MODULES = frozenset({"math", "np", "numpy", "pd", "pandas", "sys", "builtins",
                             "random", "statistics"})


@dataclass
class ScanContext:
    """What the scan compares the student's code with (from the gradebook's cells)."""

    locked_ids: set[str]
    helpers: set[str]
    module_aliases: set[str]


def context_for(cells: list[Any]) -> ScanContext:
    """Locked cells, the helpers tests read from them, and the modules they import.

    ``cells`` are the expected cells (:class:`.preflight.ExpectedCell`).
    """
    locked_ids = {c.grade_id for c in cells if c.locked and not c.solution}
    provided: set[str] = set()
    helpers: set[str] = set()
    modules: dict[str, str] = {}
    for cell in cells:
        tree = analysis.parse(cell.source) if cell.cell_type == "code" else None
        if tree is None:
            continue
        if cell.is_test:
            helpers |= analysis.free_names(cell.source) & provided
        if cell.locked and not cell.solution:
            provided |= analysis.bound_names(tree)
            modules.update(analysis.imported_modules(tree))
    return ScanContext(locked_ids, helpers, set(modules) | _COMMON_MODULES)


def scan_notebook(nb: Any, context: ScanContext) -> list[Event]:
    """One event per student cell that redefines a test helper or looks like tampering."""
    found: list[Event] = []
    aliases = set(context.module_aliases)
    for cell in nb.cells:
        tree = analysis.parse(cell.source) if cell.cell_type == "code" else None
        if tree is not None:
            aliases |= set(analysis.imported_modules(tree))
    for position, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id in context.locked_ids:
            continue
        where = grade_id or f"cell {position}"
        tree = analysis.parse(cell.source)
        reasons = magic_reasons(cell.source)
        if tree is not None:
            for name in sorted(analysis.bound_names(tree) & context.helpers):
                found.append(Event(Kind.HELPER_REDEFINED, "", f"{where} redefines {name!r}, "
                                   "which the tests use (the tests keep the original)",
                                   grade_id))
            reasons |= code_reasons(tree, aliases)
        found += [Event(Kind.SUSPICIOUS_CODE, "", f"{where} {reason}", grade_id)
                  for reason in sorted(reasons)]
    return found


def magic_reasons(source: str) -> set[str]:
    """Reasons to look at a cell's IPython magics."""
    reasons = set()
    for line in analysis.magic_lines(source):
        for magic, reason in SUSPICIOUS_MAGICS.items():
            if line.split()[0] == magic:
                reasons.add(reason)
    return reasons


def code_reasons(tree: ast.AST, module_aliases: set[str]) -> set[str]:
    """Reasons to look at a piece of student code (names, imports, attributes, classes)."""
    reasons: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in SUSPICIOUS_NAMES:
            reasons.add(SUSPICIOUS_NAMES[node.id])
        elif isinstance(node, ast.Import | ast.ImportFrom):
            reasons |= _import_reasons(node)
        elif isinstance(node, ast.Attribute):
            reasons |= _attribute_reasons(node, module_aliases)
        elif isinstance(node, ast.ClassDef):
            defined = sorted(item.name for item in node.body
                             if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                             and item.name in COMPARISON_DUNDERS)
            if defined:
                reasons.add(f"defines {', '.join(defined)} in class {node.name} (an object "
                            "that compares equal to anything can fool the tests)")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in ("setattr", "delattr", "type") and node.args):
            reasons |= _call_reasons(node, module_aliases)
    return reasons


def _import_reasons(node: ast.Import | ast.ImportFrom) -> set[str]:
    modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [
        node.module or ""]
    return {SUSPICIOUS_MODULES[m.split(".")[0]] for m in modules
            if m.split(".")[0] in SUSPICIOUS_MODULES}


def _attribute_reasons(node: ast.Attribute, module_aliases: set[str]) -> set[str]:
    reasons = set()
    if node.attr in SUSPICIOUS_ATTR_NAMES:
        reasons.add(f"reaches into interpreter or kernel internals (.{node.attr})")
    if isinstance(node.value, ast.Name):
        key = (node.value.id, node.attr)
        if key in SUSPICIOUS_ATTRS:
            reasons.add(SUSPICIOUS_ATTRS[key])
    if isinstance(node.ctx, ast.Store | ast.Del):
        root = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id in module_aliases:
            reasons.add(f"patches {ast.unparse(node)}")
    return reasons


def _call_reasons(node: ast.Call, module_aliases: set[str]) -> set[str]:
    name = node.func.id  # type: ignore[attr-defined]
    first = node.args[0]
    if name == "type" and len(node.args) == 3:
        return {"builds a class at run time with type(...) (an object that compares equal "
                "to anything can fool the tests)"}
    if name in ("setattr", "delattr") and isinstance(first, ast.Name | ast.Attribute):
        root = first
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and root.id in module_aliases:
            return {f"patches {ast.unparse(first)} with {name}()"}
    return set()
