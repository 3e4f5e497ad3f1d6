"""Pre-flight: check a submitted notebook against the gradebook and repair what can be repaired.

Plain nbgrader trusts the submission's cell metadata. A notebook copied into a new file (no
``nbgrader`` metadata), a deleted test cell, or a test cell re-labelled as an answer cell then
scores 0, or full marks, without a word. Two sanitize-phase preprocessors run before
nbgrader's own ``OverwriteCells``:

* :class:`RepairFromGradebook` puts back the nbgrader metadata of every known cell from the
  gradebook (so a test cell cannot be turned into an answer cell), re-attaches stripped
  metadata (locked cells by content, answer cells by position, only where the match is
  unambiguous), re-inserts deleted cells at their place, and flags duplicated or unknown grade
  ids, malformed metadata, edited locked cells, changed points or kernels. Each step is a
  function below (:func:`repair_notebook` runs them in order).
* :class:`FlagStudentCode` reads the student's own code (:mod:`.scan`).

How this overlaps with nbgrader: ``OverwriteCells`` restores the *source* of locked cells and
the metadata of cells it finds by grade id; it cannot find a cell whose metadata was stripped
or changed. Its ``add_missing_cells`` appends a missing cell at the end of the notebook, where
a test would run after every later answer; the kit leaves it off and re-inserts each missing
cell at its place here. ``DeduplicateIds`` keeps the *first* cell of a duplicated grade id; the
repair has already chosen the copy that matches the gradebook and cleared the others, so it
finds nothing left to do and stays only as a safety net.

Every repair is an event (see :mod:`.events`): a submission is never silently zeroed.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import nbformat
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

from . import analysis, events
from .events import Event, Kind
from .scan import ScanContext, context_for, scan_notebook


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


@dataclass
class Expectations:
    """What pre-flight compares a submission with, computed once per source notebook."""

    notebook: ExpectedNotebook
    scan: ScanContext
    answer_names: list[str]


_CACHE: dict[tuple[Any, ...], Expectations] = {}


def expected_cached(db_url: str, course_id: str, assignment: str, notebook: str,
                    source_path: str | None, hidden: ClearHiddenTests) -> Expectations:
    """The expectations for one notebook, computed once per process and source.

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
        answers: set[str] = set()
        for source in expected.answer_sources:
            tree = analysis.parse(source)
            if tree is not None:
                answers |= analysis.bound_names(tree)
        _CACHE[key] = Expectations(expected, context_for(expected.cells), sorted(answers))
    cached = _CACHE[key]
    return Expectations(copy.deepcopy(cached.notebook), cached.scan, list(cached.answer_names))


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
    if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str):
        return meta["grade_id"] or None
    return None


def _finding(kind: Kind, grade_id: str, message: str) -> Event:
    return Event(kind, "", message, grade_id)


@dataclass
class Repair:
    """One notebook being repaired: the cells present by grade id, and the findings so far."""

    nb: NotebookNode
    expected: ExpectedNotebook
    findings: list[Event] = field(default_factory=list)
    present: dict[str, int] = field(default_factory=dict)

    def add(self, kind: Kind, grade_id: str, message: str) -> None:
        """Record a finding."""
        self.findings.append(_finding(kind, grade_id, message))


def check_empty(r: Repair) -> None:
    """An empty notebook is missing work, not a silent zero."""
    if not any(str(c.get("source", "")).strip() for c in r.nb.cells):
        r.add(Kind.EMPTY_NOTEBOOK, "", "the notebook has no content (empty submission); its "
              "cells were restored from the gradebook and score 0")


def check_kernel(r: Repair) -> None:
    """nbgrader's OverwriteKernelspec puts the source kernel back; say so."""
    spec = r.nb.metadata.get("kernelspec") or {}
    want = r.expected.kernelspec or {}
    info = r.nb.metadata.get("language_info") or {}
    if not isinstance(spec, dict) or not isinstance(info, dict):
        r.add(Kind.KERNEL_CHANGED, "", "the notebook's kernel metadata is malformed; it is "
              f"graded with {want.get('name')!r} like the source")
        return
    language = str(info.get("name", ""))
    if want and spec and (spec.get("name") != want.get("name")
                          or (spec.get("language") or want.get("language")) != want.get(
                              "language")):
        r.add(Kind.KERNEL_CHANGED, "", f"the notebook asked for kernel {spec.get('name')!r} "
              f"({spec.get('language', '?')}); it is graded with {want.get('name')!r} like "
              "the source")
    elif language and want.get("language") and language.lower() != str(
            want.get("language")).lower():
        r.add(Kind.KERNEL_CHANGED, "", f"the notebook was last run in {language!r}; it is "
              f"graded with {want.get('name')!r} like the source")


def drop_malformed_metadata(r: Repair) -> None:
    """nbgrader metadata that is not what nbgrader writes (a list as grade id...) goes; the
    cell is then matched again like a cell whose metadata was stripped."""
    bad = []
    for i, cell in enumerate(r.nb.cells):
        if "nbgrader" not in cell.metadata or _grade_id(cell) is not None:
            continue
        meta = cell.metadata["nbgrader"]
        if not isinstance(meta, dict) or meta.get("grade_id") not in (None, ""):
            bad.append(f"cell {i}")
        del cell.metadata["nbgrader"]
    if bad:
        r.add(Kind.METADATA_MALFORMED, "", f"malformed nbgrader metadata in {', '.join(bad)} "
              "(e.g. a grade id that is not text) was removed; the cells were matched again")


def resolve_grade_ids(r: Repair) -> None:
    """Unknown grade ids lose their metadata; of duplicated ones, one copy is graded."""
    exp = r.expected.by_id
    positions: dict[str, list[int]] = defaultdict(list)
    for i, cell in enumerate(r.nb.cells):
        gid = _grade_id(cell)
        if gid is not None:
            positions[gid].append(i)
    for gid, where in positions.items():
        if gid not in exp:
            r.add(Kind.UNKNOWN_GRADE_ID, gid, f"cell id {gid!r} is not in the gradebook; its "
                  "nbgrader metadata was removed")
            for i in where:
                del r.nb.cells[i].metadata["nbgrader"]
            continue
        if len(where) > 1:
            e = exp[gid]
            keep = where[-1]
            if e.locked:
                same = [i for i in where
                        if normalise(r.nb.cells[i].source) == normalise(e.visible)]
                keep = same[-1] if same else keep
            r.add(Kind.GRADE_CELL_DUPLICATED, gid, f"cell {gid!r} appears {len(where)} times; "
                  f"the {'matching' if e.locked else 'last'} copy is graded, the others run "
                  "as ordinary cells")
            for i in where:
                if i != keep:
                    del r.nb.cells[i].metadata["nbgrader"]
    r.present = {gid: i for i, c in enumerate(r.nb.cells) if (gid := _grade_id(c)) in exp}


def restore_known_cells(r: Repair) -> None:
    """Cells found by grade id get the gradebook's metadata back; changes are reported."""
    exp = r.expected.by_id
    for gid, i in r.present.items():
        cell, e = r.nb.cells[i], exp[gid]
        meta = cell.metadata["nbgrader"]
        if cell.cell_type != e.cell_type:
            r.add(Kind.CELL_TYPE_CHANGED, gid, f"cell {gid!r} was changed from {e.cell_type} "
                  f"to {cell.cell_type}; nbgrader changes it back")
        if e.grade and _float(meta.get("points")) != e.points:
            r.add(Kind.POINTS_CHANGED, gid, f"cell {gid!r} claims {str(meta.get('points'))[:20]}"
                  f" points; the gradebook says {e.points:g}")
        flags = tuple(bool(meta.get(k, False)) for k in ("grade", "solution", "task"))
        if flags != (e.grade, e.solution, e.task) or bool(meta.get("locked")) != e.locked:
            r.add(Kind.METADATA_RESTORED, gid, f"the nbgrader settings of cell {gid!r} were "
                  "changed (grade/answer/locked); restored")
        if (e.locked or e.is_test) and normalise(cell.source) != normalise(e.visible):
            r.add(Kind.LOCKED_CELL_EDITED, gid, f"read-only cell {gid!r} was edited; nbgrader "
                  "restores the original before grading")
        cell.metadata["nbgrader"] = e.metadata()


def reattach_stripped(r: Repair) -> None:
    """Cells that lost their metadata: locked ones by content, answers by position."""
    unlabeled = [i for i, c in enumerate(r.nb.cells) if _grade_id(c) is None]
    missing = [e for e in r.expected.cells if e.grade_id not in r.present]
    by_content = _reattach_by_content(r, missing, unlabeled)
    by_position = _reattach_by_position(r, missing, unlabeled)
    for ids, how in ((by_content, "by content"), (by_position, "by position")):
        if ids:
            r.add(Kind.METADATA_RESTORED, ids[0], f"{len(ids)} cell(s) had lost their nbgrader "
                  f"metadata and were matched {how}: {', '.join(ids)}")


def _reattach_by_content(r: Repair, missing: list[ExpectedCell],
                         unlabeled: list[int]) -> list[str]:
    matched = []
    for e in missing:
        if not (e.locked or e.task):
            continue
        target = normalise(e.visible)
        for i in unlabeled:
            cell = r.nb.cells[i]
            if (cell.cell_type == e.cell_type and target and normalise(cell.source) == target
                    and _order_ok(r.expected, r.present, e.grade_id, i)):
                cell.metadata["nbgrader"] = e.metadata()
                r.present[e.grade_id] = i
                unlabeled.remove(i)
                matched.append(e.grade_id)
                break
    return matched


def _reattach_by_position(r: Repair, missing: list[ExpectedCell],
                          unlabeled: list[int]) -> list[str]:
    matched = []
    for e in missing:
        if e.grade_id in r.present or not e.solution:
            continue
        before, after = _neighbours(r.expected, r.present, e.grade_id, len(r.nb.cells))
        candidates = [i for i in unlabeled if before < i < after
                      and r.nb.cells[i].cell_type == e.cell_type]
        choice = _choose_answer(r.nb, candidates, e)
        if choice is None:
            if candidates:
                r.add(Kind.CELL_UNRECOVERABLE, e.grade_id, f"answer cell {e.grade_id!r} lost "
                      f"its metadata and {len(candidates)} cells could be it; the empty "
                      "answer was restored, review by hand")
            continue
        r.nb.cells[choice].metadata["nbgrader"] = e.metadata()
        r.present[e.grade_id] = choice
        unlabeled.remove(choice)
        matched.append(e.grade_id)
    return matched


def reinsert_deleted(r: Repair) -> None:
    """Deleted cells: the gradebook's copy goes back after the previous cell present."""
    empty = any(f.kind is Kind.EMPTY_NOTEBOOK for f in r.findings)
    for k, e in enumerate(r.expected.cells):
        if e.grade_id in r.present:
            continue
        previous = [r.present[p.grade_id] for p in r.expected.cells[:k]
                    if p.grade_id in r.present]
        at = (max(previous) + 1) if previous else 0
        r.nb.cells.insert(at, _new_cell(e))
        for gid, i in r.present.items():
            if i >= at:
                r.present[gid] = i + 1
        r.present[e.grade_id] = at
        if not empty:
            what = ("test cell" if e.is_test else "answer cell" if e.solution else
                    "read-only cell")
            r.add(Kind.CELL_RESTORED, e.grade_id, f"{what} {e.grade_id!r} was missing from "
                  "the submission; restored from the gradebook")


REPAIR_STEPS = (check_empty, check_kernel, drop_malformed_metadata, resolve_grade_ids,
                restore_known_cells, reattach_stripped, reinsert_deleted)


def repair_notebook(nb: NotebookNode, expected: ExpectedNotebook) -> list[Event]:
    """Check and repair ``nb`` in place (the steps above, in order); return the findings."""
    repair = Repair(nb, expected)
    for step in REPAIR_STEPS:
        step(repair)
    return repair.findings


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


class _GradebookPreprocessor(NbGraderPreprocessor):
    """Finds the expectations for the notebook being sanitized (None if not in the gradebook)."""

    def expectations(self, resources: ResourcesDict) -> Expectations | None:
        """This notebook's expectations, from the gradebook and the source notebook."""
        info = resources["nbgrader"]
        notebook_id, assignment_id = info["notebook"], info["assignment"]
        coursedir = getattr(getattr(self.parent, "parent", None), "coursedir", None)
        course_id = getattr(coursedir, "course_id", "") or "default_course"
        source_path = None
        if coursedir is not None:
            source_path = os.path.join(coursedir.format_path(
                coursedir.source_directory, ".", assignment_id), f"{notebook_id}.ipynb")
        try:
            return expected_cached(info["db_url"], course_id, assignment_id, notebook_id,
                                   source_path, ClearHiddenTests(parent=self))
        except MissingEntry:
            return None

    def report(self, nb: NotebookNode, resources: ResourcesDict, found: list[Event],
               key: str) -> None:
        """Record the findings as events (logged, and kept in the notebook's metadata)."""
        notebook_id = resources["nbgrader"]["notebook"]
        recorded = [events.record(f.kind, notebook_id, f.message, f.cell) for f in found]
        for event in recorded:
            self.log.warning("pre-flight %s: %s", event.kind.value, event.message)
        events.store_in_notebook(nb, recorded, key)


class RepairFromGradebook(_GradebookPreprocessor):
    """Sanitize phase: compare with the gradebook, repair, and flag (see the module doc)."""

    def preprocess(self, nb: NotebookNode,
                   resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        expectations = self.expectations(resources)
        if expectations is None:
            return nb, resources
        submitted_cells = len(nb.cells)
        found = repair_notebook(nb, expectations.notebook)
        meta = nb.metadata.setdefault("medlab_grading", {})
        meta["answer_names"] = expectations.answer_names
        meta["cells_submitted"] = submitted_cells
        self.report(nb, resources, found, "preflight")
        return nb, resources


class FlagStudentCode(_GradebookPreprocessor):
    """Sanitize phase: flag student code worth the instructor's look (:mod:`.scan`)."""

    def preprocess(self, nb: NotebookNode,
                   resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        expectations = self.expectations(resources)
        if expectations is not None:
            self.report(nb, resources, scan_notebook(nb, expectations.scan), "scan")
        return nb, resources
