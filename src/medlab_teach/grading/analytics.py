"""Class analytics after grading: how each question went, and which tests fail most.

Two figures, drawn from the course gradebook (every graded submission of the assignment):

* ``scores_by_question.png`` — for each graded cell, the share of submissions with no points,
  some points, full points, or still awaiting manual grading (a written answer nobody has
  graded yet is not a zero: nbgrader's ``Grade.score`` says 0.0 for it, ``needs_manual_grade``
  tells them apart);
* ``test_failure_rate.png`` — for each autograder test cell, the share of submissions that did
  not get full marks on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..plots import GREY, PALETTE, finish, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class CellScores:
    """Scores of one graded cell across the class."""

    name: str
    is_test: bool
    max_score: float
    scores: list[float | None]

    def shares(self) -> tuple[float, float, float, float]:
        """Percent of submissions with zero, partial, full, and not-yet-graded scores."""
        n = len(self.scores) or 1
        zero = sum(1 for s in self.scores if s is not None and s <= 0)
        full = sum(1 for s in self.scores if s is not None and s >= self.max_score > 0)
        pending = sum(1 for s in self.scores if s is None)
        partial = len(self.scores) - zero - full - pending
        return (100 * zero / n, 100 * partial / n, 100 * full / n, 100 * pending / n)

    def failure_rate(self) -> float:
        """Percent of submissions without full marks on this cell."""
        graded = [s for s in self.scores if s is not None]
        if not graded:
            return 0.0
        return 100 * sum(1 for s in graded if s < self.max_score) / len(graded)


def collect(db_url: str, course_id: str, assignment: str) -> tuple[list[CellScores], int]:
    """Per-cell scores of every submission in the gradebook, in notebook order."""
    from nbgrader.api import Gradebook

    cells: dict[str, CellScores] = {}
    with Gradebook(db_url, course_id) as gb:
        record = gb.find_assignment(assignment)
        for nb in record.notebooks:
            answers = {c.name for c in nb.solution_cells}
            for sc in nb.source_cells:
                for gc in nb.grade_cells:
                    if gc.name == sc.name:
                        key = f"{nb.name}:{gc.name}" if len(record.notebooks) > 1 else gc.name
                        cells[key] = CellScores(key, gc.name not in answers,
                                                float(gc.max_score), [])
        submissions = list(gb.assignment_submissions(assignment))
        for sub in submissions:
            for nb in sub.notebooks:
                for grade in nb.grades:
                    key = (f"{nb.name}:{grade.name}" if len(record.notebooks) > 1
                           else grade.name)
                    if key in cells:
                        pending = grade.needs_manual_grade or grade.score is None
                        cells[key].scores.append(None if pending else float(grade.score))
    return list(cells.values()), len(submissions)


def class_figures(db_url: str, course_id: str, assignment: str, out_dir: Path) -> list[Path]:
    """Draw and save both figures; return their paths (none if nothing is graded yet)."""
    cells, n = collect(db_url, course_id, assignment)
    if not n or not cells:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    today = dt.date.today().isoformat()
    source = (f"Source: nbgrader gradebook, course {course_id}, assignment {assignment}, "
              f"{n} submission(s), {today}")
    paths = [out_dir / "scores_by_question.png"]
    scores_figure(cells, n, assignment, source).savefig(paths[0], dpi=120)
    tests = [c for c in cells if c.is_test]
    if tests:
        paths.append(out_dir / "test_failure_rate.png")
        failure_figure(tests, n, assignment, source).savefig(paths[1], dpi=120)
    return paths


def scores_figure(cells: list[CellScores], n: int, assignment: str, source: str) -> Figure:
    """Stacked bars: share of submissions with no, some, full or pending points per cell."""
    _, ax = new_figure(8.0, 1.2 + 0.45 * len(cells))
    labels = [f"{c.name} ({c.max_score:g} pt)" for c in cells]
    y = list(range(len(cells)))[::-1]
    left = [0.0] * len(cells)
    parts = (("no points", PALETTE[5]), ("some points", PALETTE[1]),
             ("full points", PALETTE[2]), ("awaiting manual grading", GREY))
    for k, (label, colour) in enumerate(parts):
        widths = [c.shares()[k] for c in cells]
        ax.barh(y, widths, left=left, color=colour, label=label, edgecolor="white")
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    fig = finish(ax, title=f"{assignment}\nScores per question ({n} submissions)",
                 xlabel="Share of submissions (%)", ylabel="Graded cell", source=source)
    # above the title, in a row of its own that the constrained layout keeps free
    fig.legend(loc="outside upper center", ncols=4, frameon=False, fontsize=8)
    return fig


def failure_figure(tests: list[CellScores], n: int, assignment: str, source: str) -> Figure:
    """Bars: share of submissions without full marks on each autograder test cell."""
    _, ax = new_figure(8.0, 1.2 + 0.45 * len(tests))
    y = list(range(len(tests)))[::-1]
    rates = [t.failure_rate() for t in tests]
    ax.barh(y, rates, color=PALETTE[0])
    for yi, rate in zip(y, rates, strict=True):
        ax.text(rate + 1, yi, f"{rate:.0f}%", va="center", fontsize=8)
    ax.set_yticks(y, [t.name for t in tests])
    ax.set_xlim(0, 105)
    # two short lines: a long left-aligned title runs past the right edge of the figure
    return finish(ax, title=f"{assignment}\nHow often each autograder test fails "
                  f"({n} submissions)", xlabel="Submissions without full marks on the test (%)",
                  ylabel="Autograder test cell", source=source)
