"""Pre-flight: check a submitted notebook against the gradebook and repair what can be repaired.

Plain nbgrader trusts the submission's cell metadata. A notebook copied into a new file (no
``nbgrader`` metadata), a deleted test cell, or a test cell re-labelled as an answer cell then
scores 0, or full marks, without a word. :class:`Preflight` runs in nbgrader's *sanitize* phase
(before ``OverwriteCells``) and:

* puts back the nbgrader metadata of every known cell from the gradebook (so a test cell cannot
  be turned into an editable answer cell);
* re-attaches metadata that was stripped, matching locked cells by content and answer cells by
  position between them, only where the match is unambiguous;
* re-inserts deleted cells from the gradebook, where the source notebook had them;
* flags duplicated or unknown grade ids, edited locked cells, changed points or kernels;
* scans the student's own code for redefinitions of what the tests rely on;
* records the helper names the test guard must protect (see :mod:`.execute`).

Every repair is an event (see :mod:`.events`): a submission is never silently zeroed.
"""

from __future__ import annotations

import ast
import builtins
import copy
import difflib
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from . import events

_BUILTIN_NAMES = frozenset(dir(builtins))
_SUSPICIOUS_NAMES = {
    "__builtins__": "reaches into Python's builtins",
    "get_ipython": "talks to the IPython kernel that runs the tests",
    "exec": "runs code built at run time (exec)",
    "eval": "runs code built at run time (eval)",
    "compile": "compiles code at run time",
    "__import__": "imports modules dynamically",
    "globals": "rewrites the global namespace through globals()",
}
_SUSPICIOUS_MODULES = {
    "builtins": "imports builtins (can change what tests see)",
    "ctypes": "imports ctypes (can patch the interpreter)",
    "gc": "imports gc (can reach the grader's objects)",
    "inspect": "imports inspect (can read the test code)",
    "importlib": "imports importlib (can reload modules the tests use)",
    "IPython": "imports IPython internals",
    "ipykernel": "imports the kernel itself",
    "nbgrader": "imports nbgrader",
}
_SUSPICIOUS_ATTRS = {
    ("sys", "modules"): "edits sys.modules",
    ("sys", "settrace"): "installs a trace function",
    ("sys", "setprofile"): "installs a profile function",
    ("sys", "_getframe"): "reads interpreter frames",
    ("sys", "stdout"): "replaces sys.stdout",
    ("sys", "stderr"): "replaces sys.stderr",
}
# Attributes of IPython / ipykernel objects that decide how a cell's result is reported.
_SUSPICIOUS_ATTR_NAMES = frozenset({
    "showtraceback", "showsyntaxerror", "run_cell", "run_code", "do_execute", "send_response",
    "set_custom_exc", "custom_exceptions", "input_transformers_cleanup",
    "input_transformers_post", "ast_transformers", "user_ns", "f_back", "f_locals",
    "f_globals", "__code__", "__globals__",
})
# Methods that let a returned object pass ``==`` / ``isclose`` checks whatever it holds.
_COMPARISON_DUNDERS = frozenset({"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
                                 "__bool__", "__float__", "__index__", "__abs__", "__sub__",
                                 "__rsub__", "__round__"})
_MAGIC_LINE = re.compile(r"^\s*[%!]")


@dataclass
class ExpectedCell:
    """A cell the released notebook had, as the gradebook knows it."""

    grade_id: str
    cell_type: str
    grade: bool
    solution: bool
    locked: bool
    task: bool
    points: float
    source: str  # the gradebook's copy (answers cleared, hidden tests present)
    visible: str  # what the student was given (hidden tests removed)
    checksum: str | None

    @property
    def is_test(self) -> bool:
        """An autograder test cell (graded, not an answer)."""
        return self.grade and not self.solution and self.cell_type == "code"

    def metadata(self) -> dict[str, Any]:
        """The nbgrader metadata this cell must carry."""
        meta: dict[str, Any] = {"grade": self.grade, "grade_id": self.grade_id,
                                "locked": self.locked, "schema_version": 3,
                                "solution": self.solution, "task": self.task}
        if self.grade or self.task:
            meta["points"] = self.points
        if self.checksum:
            meta["checksum"] = self.checksum
        return meta


@dataclass
class ExpectedNotebook:
    """Everything pre-flight compares a submission with."""

    name: str
    cells: list[ExpectedCell]
    kernelspec: dict[str, Any] | None = None
    answer_sources: list[str] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, ExpectedCell]:
        """Expected cells by grade id."""
        return {c.grade_id: c for c in self.cells}


def normalise(source: str) -> str:
    """Source compared line by line, ignoring trailing spaces and blank edges."""
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


_CACHE: dict[tuple[Any, ...], tuple[ExpectedNotebook, list[str], list[str]]] = {}


def expected_cached(db_url: str, course_id: str, assignment: str, notebook: str,
                    source_path: str | None,
                    hidden: ClearHiddenTests) -> tuple[ExpectedNotebook, list[str], list[str]]:
    """(expected notebook, helpers, builtins used), computed once per process and source.

    A worker grades many submissions of one assignment; the gradebook's cells and the source
    notebook do not change during a run (the key includes the source file's mtime).
    """
    stamp = os.stat(source_path).st_mtime_ns if source_path and os.path.exists(
        source_path) else None
    key = (db_url, course_id, assignment, notebook, source_path, stamp,
           hidden.begin_test_delimeter, hidden.end_test_delimeter)
    if key not in _CACHE:
        expected = expected_from_gradebook(db_url, course_id, assignment, notebook,
                                           source_path, hidden)
        _CACHE[key] = (expected, *test_dependencies(expected))
    expected, helpers, used = _CACHE[key]
    return copy.deepcopy(expected), list(helpers), list(used)


def expected_from_gradebook(db_url: str, course_id: str, assignment: str, notebook: str,
                            source_path: str | None = None,
                            hidden: ClearHiddenTests | None = None) -> ExpectedNotebook:
    """Build the expected notebook from the gradebook (order from the source notebook if given)."""
    hidden = hidden or ClearHiddenTests()
    answer_sources: list[str] = []
    order: list[str] = []
    if source_path and os.path.exists(source_path):
        source_nb = nbformat.read(source_path, as_version=4)
        for cell in source_nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade_id"):
                order.append(meta["grade_id"])
                if meta.get("solution") and cell.cell_type == "code":
                    answer_sources.append(cell.source)
    with Gradebook(db_url, course_id) as gb:
        record = gb.find_notebook(notebook, assignment)
        grade_cells = {c.name: c for c in record.grade_cells}
        task_cells = {c.name: c for c in record.task_cells}
        solutions = {c.name for c in record.solution_cells}
        sources = list(record.source_cells)
        kernelspec = json.loads(record.kernelspec) if record.kernelspec else None
        cells = []
        for sc in sources:
            graded = grade_cells.get(sc.name) or task_cells.get(sc.name)
            probe = nbformat.v4.new_code_cell(sc.source or "")
            try:
                hidden._remove_hidden_test_region(probe)
                visible = probe.source
            except RuntimeError:
                visible = sc.source or ""
            cells.append(ExpectedCell(
                grade_id=sc.name, cell_type=sc.cell_type, grade=sc.name in grade_cells,
                solution=sc.name in solutions, locked=bool(sc.locked),
                task=sc.name in task_cells,
                points=float(graded.max_score) if graded is not None else 0.0,
                source=sc.source or "", visible=visible, checksum=sc.checksum))
    if order:
        rank = {gid: i for i, gid in enumerate(order)}
        cells.sort(key=lambda c: rank.get(c.grade_id, len(rank)))
    if not answer_sources:
        answer_sources = [c.source for c in cells if c.solution and c.cell_type == "code"]
    return ExpectedNotebook(name=notebook, cells=cells, kernelspec=kernelspec,
                            answer_sources=answer_sources)


# -- static analysis ----------------------------------------------------------------------------
def _parse(source: str) -> ast.Module | None:
    lines = ["" if _MAGIC_LINE.match(line) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def bound_names(tree: ast.AST) -> set[str]:
    """Names a piece of code binds at module level (imports, assignments, defs, del, global)."""
    names: set[str] = set()

    def target(node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Tuple | ast.List):
            for elt in node.elts:
                target(elt)
        elif isinstance(node, ast.Starred):
            target(node.value)

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                if top:
                    names.add(child.name)
                for inner in ast.walk(child):
                    if isinstance(inner, ast.Global):
                        names.update(inner.names)
                continue
            if isinstance(child, ast.Lambda):
                continue
            if top:
                if isinstance(child, ast.Assign):
                    for t in child.targets:
                        target(t)
                elif isinstance(child, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
                    target(child.target)
                elif isinstance(child, ast.withitem) and child.optional_vars is not None:
                    target(child.optional_vars)
                elif isinstance(child, ast.Import | ast.ImportFrom):
                    for alias in child.names:
                        if alias.name != "*":
                            names.add((alias.asname or alias.name).split(".")[0])
                elif isinstance(child, ast.NamedExpr):
                    target(child.target)
                elif isinstance(child, ast.ExceptHandler) and child.name:
                    names.add(child.name)
                elif isinstance(child, ast.Delete):
                    for t in child.targets:
                        target(t)
            visit(child, top)

    visit(tree, True)
    return names


def free_names(tree: ast.AST) -> set[str]:
    """Names a piece of code reads without binding them itself first (approximate)."""
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
              and isinstance(n.ctx, ast.Load)}
    return loaded - bound_names(tree)


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


def test_dependencies(expected: ExpectedNotebook) -> tuple[list[str], list[str]]:
    """(helpers, builtins): names the tests read that the student must not be able to replace.

    Helpers are names bound by locked, non-answer cells (setup imports, check functions) and
    read by test cells; names the answers define are excluded (they are what is tested).
    """
    answers: set[str] = set()
    for source in expected.answer_sources:
        tree = _parse(source)
        if tree is not None:
            answers |= bound_names(tree)
    provided: set[str] = set()
    helpers: set[str] = set()
    used_builtins: set[str] = set()
    for cell in expected.cells:
        if cell.cell_type != "code":
            continue
        tree = _parse(cell.source)
        if tree is None:
            continue
        if cell.is_test:
            needed = free_names(tree)
            helpers |= (needed & provided) - answers
            used_builtins |= (needed & _BUILTIN_NAMES) - provided - answers
        if cell.locked and not cell.solution:
            provided |= bound_names(tree)
    return sorted(helpers), sorted(used_builtins)


def scan_student_code(nb: NotebookNode, expected: ExpectedNotebook, helpers: list[str],
                      used_builtins: list[str]) -> list[tuple[str, str, str]]:
    """(kind, grade_id, message) for each risky construct in the student's own code cells."""
    locked_ids = {c.grade_id for c in expected.cells if c.locked and not c.solution}
    setup_modules: dict[str, str] = {}
    for cell in expected.cells:
        if cell.locked and cell.cell_type == "code":
            tree = _parse(cell.source)
            if tree is not None:
                setup_modules.update(imported_modules(tree))
    module_aliases = set(setup_modules) | {"math", "np", "numpy", "pd", "pandas", "sys",
                                           "builtins", "random", "statistics"}
    findings: list[tuple[str, str, str]] = []
    for position, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id in locked_ids:
            continue
        where = grade_id or f"cell {position}"
        tree = _parse(cell.source)
        if tree is None:
            continue
        bound = bound_names(tree)
        for name in sorted(bound & set(helpers)):
            findings.append(("helper_redefined", grade_id,
                             f"{where} redefines {name!r}, which the tests use (the grader "
                             "restores the original before each test)"))
        for name in sorted(bound & set(used_builtins)):
            findings.append(("builtin_shadowed", grade_id,
                             f"{where} rebinds the builtin {name!r}, which the tests use (the "
                             "grader hides it from the tests)"))
        reasons: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in _SUSPICIOUS_NAMES:
                reasons.add(_SUSPICIOUS_NAMES[node.id])
            elif isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                    node.module or ""]
                for mod in mods:
                    root = mod.split(".")[0]
                    if root in _SUSPICIOUS_MODULES:
                        reasons.add(_SUSPICIOUS_MODULES[root])
            elif isinstance(node, ast.Attribute):
                if node.attr in _SUSPICIOUS_ATTR_NAMES:
                    reasons.add(f"reaches into interpreter or kernel internals (.{node.attr})")
                if isinstance(node.value, ast.Name):
                    key = (node.value.id, node.attr)
                    if key in _SUSPICIOUS_ATTRS:
                        reasons.add(_SUSPICIOUS_ATTRS[key])
                    if (isinstance(node.ctx, ast.Store | ast.Del)
                            and node.value.id in module_aliases):
                        reasons.add(f"patches {node.value.id}.{node.attr}")
            elif isinstance(node, ast.ClassDef):
                defined = sorted(item.name for item in node.body
                                 if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                                 and item.name in _COMPARISON_DUNDERS)
                if defined:
                    reasons.add(f"defines {', '.join(defined)} in class {node.name} (an object "
                                "that compares equal to anything can fool the tests)")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in ("setattr", "delattr") and node.args
                  and isinstance(node.args[0], ast.Name)
                  and node.args[0].id in module_aliases):
                reasons.add(f"patches the module {node.args[0].id} with {node.func.id}()")
        for reason in sorted(reasons):
            findings.append(("suspicious_code", grade_id, f"{where} {reason}"))
    return findings


# -- repair -------------------------------------------------------------------------------------
def _new_cell(expected: ExpectedCell) -> NotebookNode:
    maker = nbformat.v4.new_code_cell if expected.cell_type == "code" else (
        nbformat.v4.new_markdown_cell)
    cell = maker(source=expected.source)
    cell.metadata["nbgrader"] = expected.metadata()
    if expected.locked or expected.is_test:
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False
    return cell


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.metadata.get("nbgrader")
    if isinstance(meta, dict):
        return meta.get("grade_id") or None
    return None


def repair_notebook(nb: NotebookNode, expected: ExpectedNotebook) -> list[tuple[str, str, str]]:
    """Check and repair ``nb`` in place; return (kind, grade_id, message) findings."""
    findings: list[tuple[str, str, str]] = []
    exp = expected.by_id
    if not any(c.source.strip() for c in nb.cells):
        findings.append(("empty_notebook", "", "the notebook has no content (empty "
                         "submission); its cells were restored from the gradebook and score 0"))

    # Kernel: nbgrader's OverwriteKernelspec puts the source kernel back; say so.
    spec = nb.metadata.get("kernelspec") or {}
    want = expected.kernelspec or {}
    language = (nb.metadata.get("language_info") or {}).get("name", "")
    if want and spec and (spec.get("name") != want.get("name")
                          or (spec.get("language") or want.get("language")) != want.get(
                              "language")):
        findings.append(("kernel_changed", "", f"the notebook asked for kernel "
                         f"{spec.get('name')!r} ({spec.get('language', '?')}); it is graded "
                         f"with {want.get('name')!r} like the source"))
    elif language and want.get("language") and language.lower() != str(
            want.get("language")).lower():
        findings.append(("kernel_changed", "", f"the notebook was last run in {language!r}; "
                         f"it is graded with {want.get('name')!r} like the source"))

    # Known, unknown and duplicated grade ids.
    positions: dict[str, list[int]] = defaultdict(list)
    for i, cell in enumerate(nb.cells):
        gid = _grade_id(cell)
        if gid is not None:
            positions[gid].append(i)
        elif "nbgrader" in cell.metadata:
            del cell.metadata["nbgrader"]
    for gid, where in positions.items():
        if gid not in exp:
            findings.append(("unknown_grade_id", gid, f"cell id {gid!r} is not in the "
                             "gradebook; its nbgrader metadata was removed"))
            for i in where:
                del nb.cells[i].metadata["nbgrader"]
            continue
        if len(where) > 1:
            keep = where[-1]
            e = exp[gid]
            if e.locked:
                same = [i for i in where if normalise(nb.cells[i].source) == normalise(e.visible)]
                keep = same[-1] if same else keep
            findings.append(("grade_cell_duplicated", gid, f"cell {gid!r} appears "
                             f"{len(where)} times; the {'matching' if e.locked else 'last'} "
                             "copy is graded, the others run as ordinary cells"))
            for i in where:
                if i != keep:
                    del nb.cells[i].metadata["nbgrader"]
    present = {gid: i for i, c in enumerate(nb.cells) if (gid := _grade_id(c)) in exp}

    # Cells whose metadata or locked content changed.
    for gid, i in present.items():
        cell, e = nb.cells[i], exp[gid]
        meta = cell.metadata["nbgrader"]
        if cell.cell_type != e.cell_type:
            findings.append(("cell_type_changed", gid, f"cell {gid!r} was changed from "
                             f"{e.cell_type} to {cell.cell_type}; nbgrader changes it back"))
        if e.grade and _float(meta.get("points")) != e.points:
            findings.append(("points_changed", gid, f"cell {gid!r} claims "
                             f"{meta.get('points')} points; the gradebook says {e.points:g}"))
        flags = tuple(bool(meta.get(k, False)) for k in ("grade", "solution", "task"))
        if flags != (e.grade, e.solution, e.task) or bool(meta.get("locked")) != e.locked:
            findings.append(("metadata_restored", gid, f"the nbgrader settings of cell "
                             f"{gid!r} were changed (grade/answer/locked); restored"))
        if (e.locked or e.is_test) and normalise(cell.source) != normalise(e.visible):
            findings.append(("locked_cell_edited", gid, f"read-only cell {gid!r} was edited; "
                             "nbgrader restores the original before grading"))
        cell.metadata["nbgrader"] = e.metadata()

    # Stripped metadata: re-attach by content (locked cells), then by position (answers).
    unlabeled = [i for i, c in enumerate(nb.cells) if _grade_id(c) is None]
    missing = [e for e in expected.cells if e.grade_id not in present]
    by_content: list[str] = []
    by_position: list[str] = []
    for e in missing:
        if not (e.locked or e.task):
            continue
        target = normalise(e.visible)
        for i in unlabeled:
            cell = nb.cells[i]
            if (cell.cell_type == e.cell_type and normalise(cell.source) == target and target
                    and _order_ok(expected, present, e.grade_id, i)):
                cell.metadata["nbgrader"] = e.metadata()
                present[e.grade_id] = i
                unlabeled.remove(i)
                by_content.append(e.grade_id)
                break
    for e in missing:
        if e.grade_id in present or not e.solution:
            continue
        before, after = _neighbours(expected, present, e.grade_id, len(nb.cells))
        candidates = [i for i in unlabeled if before < i < after
                      and nb.cells[i].cell_type == e.cell_type]
        choice = _choose_answer(nb, candidates, e)
        if choice is None:
            if candidates:
                findings.append(("cell_unrecoverable", e.grade_id, f"answer cell "
                                 f"{e.grade_id!r} lost its metadata and {len(candidates)} cells "
                                 "could be it; the empty answer was restored, review by hand"))
            continue
        nb.cells[choice].metadata["nbgrader"] = e.metadata()
        present[e.grade_id] = choice
        unlabeled.remove(choice)
        by_position.append(e.grade_id)
    for ids, how in ((by_content, "by content"), (by_position, "by position")):
        if ids:
            findings.append(("metadata_restored", ids[0], f"{len(ids)} cell(s) had lost their "
                             f"nbgrader metadata and were matched {how}: {', '.join(ids)}"))

    # Deleted cells: insert the gradebook's copy after the previous cell that is present.
    for k, e in enumerate(expected.cells):
        if e.grade_id in present:
            continue
        previous = [present[p.grade_id] for p in expected.cells[:k] if p.grade_id in present]
        at = (max(previous) + 1) if previous else 0
        nb.cells.insert(at, _new_cell(e))
        for gid, i in present.items():
            if i >= at:
                present[gid] = i + 1
        present[e.grade_id] = at
        if not any(kind == "empty_notebook" for kind, _, _ in findings):
            what = ("test cell" if e.is_test else "answer cell" if e.solution else
                    "read-only cell")
            findings.append(("cell_restored", e.grade_id, f"{what} {e.grade_id!r} was missing "
                             "from the submission; restored from the gradebook"))
    return findings


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _neighbours(expected: ExpectedNotebook, present: dict[str, int], grade_id: str,
                n_cells: int) -> tuple[int, int]:
    ids = [c.grade_id for c in expected.cells]
    k = ids.index(grade_id)
    before = max((present[g] for g in ids[:k] if g in present), default=-1)
    after = min((present[g] for g in ids[k + 1:] if g in present), default=n_cells)
    return before, after


def _order_ok(expected: ExpectedNotebook, present: dict[str, int], grade_id: str,
              index: int) -> bool:
    before, after = _neighbours(expected, present, grade_id, 10**9)
    return before < index < after


def _choose_answer(nb: NotebookNode, candidates: list[int], e: ExpectedCell) -> int | None:
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return None
    stub = normalise(e.visible)
    exact = [i for i in candidates if normalise(nb.cells[i].source) == stub]
    if len(exact) == 1:
        return exact[0]
    scores = sorted(((difflib.SequenceMatcher(None, stub, normalise(nb.cells[i].source)).ratio(),
                      i) for i in candidates), reverse=True)
    if scores[0][0] >= 0.3 and scores[0][0] - scores[1][0] >= 0.2:
        return scores[0][1]
    return None


class Preflight(NbGraderPreprocessor):
    """Sanitize-phase preprocessor: compare with the gradebook, repair, and flag."""

    def preprocess(self, nb: NotebookNode,
                   resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        info = resources["nbgrader"]
        notebook_id, assignment_id = info["notebook"], info["assignment"]
        coursedir = getattr(getattr(self.parent, "parent", None), "coursedir", None)
        course_id = getattr(coursedir, "course_id", "") or "default_course"
        source_path = None
        if coursedir is not None:
            source_path = os.path.join(coursedir.format_path(
                coursedir.source_directory, ".", assignment_id), f"{notebook_id}.ipynb")
        try:
            expected, helpers, used_builtins = expected_cached(
                info["db_url"], course_id, assignment_id, notebook_id, source_path,
                ClearHiddenTests(parent=self))
        except MissingEntry:
            return nb, resources
        submitted_cells = len(nb.cells)
        findings = repair_notebook(nb, expected)
        findings += scan_student_code(nb, expected, helpers, used_builtins)
        recorded = [events.record(kind, notebook_id, message, gid)
                    for kind, gid, message in findings]
        for event in recorded:
            self.log.warning("pre-flight %s: %s", event.kind, event.message)
        meta = nb.metadata.setdefault("medlab_grading", {})
        meta["helpers"] = helpers
        meta["builtins_used"] = used_builtins
        meta["cells_submitted"] = submitted_cells
        events.store_in_notebook(nb, recorded, "preflight")
        return nb, resources
