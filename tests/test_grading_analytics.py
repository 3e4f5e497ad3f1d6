"""The class report's figures, drawn from a real nbgrader gradebook with written answers still
waiting for the instructor: every category in its place and nothing drawn over anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from medlab_teach.grading.analytics import (
    class_figures,
    collect,
    failure_figure,
    scores_figure,
)

COURSE = "medlab-teach"
# a long assignment name and long cell names: the worst case for the layout
ASSIGNMENT = "a3_participation_control_place"
TESTS = {"q1_1_ag_time_tests": 3.0, "q1_2_ag_territories_tests": 3.0}
WRITTEN = {"q2_2_mg_control_participation": 4.0}
# student -> cell -> (auto score, manual score, needs manual grading)
CLASS = {
    "ana": {"q1_1_ag_time_tests": (3, None, False), "q1_2_ag_territories_tests": (3, None, False),
            "q2_2_mg_control_participation": (None, None, True)},   # waits for the instructor
    "bo": {"q1_1_ag_time_tests": (0, None, False), "q1_2_ag_territories_tests": (3, None, False),
           "q2_2_mg_control_participation": (None, 3, False)},     # graded: some points
    "cy": {"q1_1_ag_time_tests": (3, None, False), "q1_2_ag_territories_tests": (0, None, False),
           "q2_2_mg_control_participation": (0, None, False)},     # left blank: no points
    "di": {"q1_1_ag_time_tests": (3, None, False), "q1_2_ag_territories_tests": (3, None, False),
           "q2_2_mg_control_participation": (None, None, True)},   # waits for the instructor
}


@pytest.fixture()
def gradebook(tmp_path: Path) -> str:
    """A gradebook like the course's after autograding, before the written answers are read."""
    from nbgrader.api import Gradebook

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url, COURSE) as gb:
        gb.add_assignment(ASSIGNMENT)
        gb.add_notebook(ASSIGNMENT, ASSIGNMENT)
        for name, points in {**TESTS, **WRITTEN}.items():
            kind = "markdown" if name in WRITTEN else "code"
            gb.add_grade_cell(name, ASSIGNMENT, ASSIGNMENT, max_score=points, cell_type=kind)
            gb.add_source_cell(name, ASSIGNMENT, ASSIGNMENT, cell_type=kind, source="",
                               locked=name in TESTS)
            if name in WRITTEN:
                gb.add_solution_cell(name, ASSIGNMENT, ASSIGNMENT)
        for student, grades in CLASS.items():
            gb.add_student(student)
            gb.add_submission(ASSIGNMENT, student)
            for cell, (auto, manual, pending) in grades.items():
                grade = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, student)
                grade.auto_score, grade.manual_score = auto, manual
                grade.needs_manual_grade = pending
        gb.db.commit()
    return url


def extent(artist, renderer) -> Bbox:
    return artist.get_window_extent(renderer)


def title_of(fig: Figure) -> Text:
    title = fig.axes[0].get_title(loc="left")
    return next(t for t in fig.findobj(Text) if t.get_text() == title and t.get_visible())


def assert_inside(fig: Figure, box: Bbox, what: str) -> None:
    page = fig.bbox
    assert (box.x0 >= page.x0 - 1 and box.y0 >= page.y0 - 1 and box.x1 <= page.x1 + 1
            and box.y1 <= page.y1 + 1), f"{what} runs out of the figure: {box} not in {page}"


def test_awaiting_manual_grading_is_not_no_points(gradebook: str) -> None:
    cells, n = collect(gradebook, COURSE, ASSIGNMENT)
    assert n == 4
    written = next(c for c in cells if c.name == "q2_2_mg_control_participation")
    assert not written.is_test
    # no points (cy's blank answer), some points (bo), none full, two awaiting grading
    assert written.shares() == (25.0, 25.0, 0.0, 50.0)
    tests = next(c for c in cells if c.name == "q1_1_ag_time_tests")
    assert tests.is_test and tests.shares() == (25.0, 0.0, 75.0, 0.0)


def test_class_figures_keep_legend_title_and_labels_apart(gradebook: str,
                                                          tmp_path: Path) -> None:
    paths = class_figures(gradebook, COURSE, ASSIGNMENT, tmp_path / "report")
    assert [p.name for p in paths] == ["scores_by_question.png", "test_failure_rate.png"]
    assert all(p.stat().st_size > 0 for p in paths)

    cells, n = collect(gradebook, COURSE, ASSIGNMENT)
    source = f"Source: nbgrader gradebook, course {COURSE}, assignment {ASSIGNMENT}, {n}"
    scores = scores_figure(cells, n, ASSIGNMENT, source)
    failures = failure_figure([c for c in cells if c.is_test], n, ASSIGNMENT, source)
    for fig in (scores, failures):
        FigureCanvasAgg(fig).draw()  # as savefig does: runs the constrained layout
        renderer = fig.canvas.get_renderer()
        title = extent(title_of(fig), renderer)
        assert_inside(fig, title, "the title")
        ax = fig.axes[0]
        for label in ax.get_yticklabels():
            assert_inside(fig, extent(label, renderer), f"the label {label.get_text()!r}")
            assert not extent(label, renderer).overlaps(title), label.get_text()

    # the scores figure: a legend with the four categories, clear of the title
    renderer = scores.canvas.get_renderer()
    (legend,) = scores.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["no points", "some points", "full points", "awaiting manual grading"]
    box = extent(legend, renderer)
    assert_inside(scores, box, "the legend")
    assert not box.overlaps(extent(title_of(scores), renderer)), "the legend covers the title"
    # the written answer's bar shows half of the class awaiting grading, in the grey part
    ax = scores.axes[0]
    pending = [p for p in ax.containers[3].patches if p.get_width() > 0]
    assert [round(p.get_width()) for p in pending] == [50]
