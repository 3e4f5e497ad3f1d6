"""The nbgrader course, end to end, in a temporary copy: every assignment generates without
leaking solutions or hidden tests, grades its own solution to full marks, a blank release to
zero and a realistic wrong submission to exactly the points it should lose; then one class of
two students goes through the whole cycle through a local exchange, and a Spanish assignment
does too, its feedback speaking Spanish.

Run: ``.venv/bin/pytest tests/test_nbgrader_course.py`` (a few minutes: every submission is
executed in a fresh kernel, as nbgrader does in class).
"""

from __future__ import annotations

import ast
import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import find_all_notebooks
from nbgrader_helpers import (
    COURSE_ID,
    HIDDEN,
    ROOT,
    assignment_names,
    cell_scores,
    copy_course,
    fill_answers,
    graded_cells,
    isolated_env,
    nbgrader,
    nbgrader_meta,
    place_submission,
    secret_lines,
    set_manual_score,
    split_regions,
    student_config,
)

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ASSIGNMENTS = assignment_names()
# the English assignments; each has a Spanish edition <id>_es with the same code and grading
# (medlab-teach check enforces it, test_assignment_marks grades both), so the autograding
# tests below run on the English ones
ENGLISH = [name for name in ASSIGNMENTS if not name.endswith("_es")]
EXPECTED = [
    "a1_data_literacy",
    "a2_prevention_evaluation",
    "a3_participation_control_place",
    "a4_victims_non_repetition",
    "a5_capstone",
]
# answers and graded cells read like q1_2_ag_rates, q1_2_ag_rates_tests, q3_mg_reflection
QUESTION_ID = re.compile(r"^q\d+(_\d+)?_(ag|mg)_[a-z0-9_]+$")
ANY_ID = re.compile(r"^[a-z0-9_]+$")
POINTS_IN_PROMPT = re.compile(r"\((\d+) (?:points?|puntos?)\b")


@dataclass(frozen=True)
class Wrong:
    """A realistic wrong submission: edits to the instructor's answers (grade_id -> list of
    (old text, new text)) and the tests cells that must then score zero."""

    edits: dict[str, list[tuple[str, str]]]
    loses: frozenset[str] = field(default_factory=frozenset)


WRONG = {
    "a1_data_literacy": Wrong(
        edits={
            # homicides per inhabitant, not per 100,000
            "q1_2_ag_rates": [('data.rate(rates_2018["homicides"], rates_2018["population"])',
                               'rates_2018["homicides"] / rates_2018["population"]')],
            # the difference taken the other way round
            "q2_1_ag_sources": [('comparison["police"] - comparison["sisc"]',
                                 'comparison["sisc"] - comparison["police"]')],
        },
        loses=frozenset({"q1_2_ag_rates_tests", "q2_1_ag_sources_tests"}),
    ),
    "a2_prevention_evaluation": Wrong(
        # a before-after comparison instead of a difference-in-differences; the placebo,
        # which applies the same function to other years, is not penalised a second time
        edits={"q2_1_ag_did": [('result["estimate"] = treated_change - comparison_change',
                                'result["estimate"] = treated_change')]},
        loses=frozenset({"q2_1_ag_did_tests"}),
    ),
    "a3_participation_control_place": Wrong(
        edits={
            # off by one hour: 18:00-18:59 left out of the night
            "q1_1_ag_time": [('events["hour"] >= 18', 'events["hour"] > 18')],
            # a line id typed as words
            "q2_1_ag_actor_map": [('"line": "prevencion_situacional"',
                                   '"line": "prevencion situacional"')],
        },
        loses=frozenset({"q1_1_ag_time_tests", "q2_1_ag_actor_map_tests"}),
    ),
    "a4_victims_non_repetition": Wrong(
        edits={
            # families per person instead of people per family
            "q1_1_ag_la_loma": [("people_per_family = 178 / 43", "people_per_family = 43 / 178")],
            # the route ends with a short-term step after long-term ones
            "q2_1_ag_route": [('"term": "largo", "with_community": True},\n]',
                               '"term": "corto", "with_community": True},\n]')],
        },
        loses=frozenset({"q1_1_ag_la_loma_tests", "q2_1_ag_route_tests"}),
    ),
    "a5_capstone": Wrong(
        # no long-term commitment: the plan does not validate
        edits={"q2_ag_action_plan": [('term="largo"', 'term="mediano"')]},
        loses=frozenset({"q2_ag_action_plan_tests"}),
    ),
}


def source_nb(course: Path, name: str) -> nbformat.NotebookNode:
    return nbformat.read(course / "assignments" / name / f"{name}.ipynb", as_version=4)


def release_nb(course: Path, name: str) -> nbformat.NotebookNode:
    return nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)


# --------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A copy of the course with every assignment generated once (release/ and gradebook)."""
    base = tmp_path_factory.mktemp("nbgrader")
    root = copy_course(base / "course")
    exchange = base / "exchange"
    env = isolated_env(base / "instructor", exchange)
    for name in ASSIGNMENTS:
        nbgrader("generate_assignment", name, "--force", cwd=root, env=env)
    return {"root": root, "base": base, "exchange": exchange, "env": env}


@pytest.fixture(scope="session")
def autograded(course: dict):
    """Autograde, once per assignment, three synthetic students: the instructor's solution,
    the blank release, and the realistic wrong submission."""
    done: dict[str, dict] = {}

    def grade(name: str) -> dict:
        if name not in done:
            root = course["root"]
            src, rel = source_nb(root, name), release_nb(root, name)
            place_submission(root, "check-solution", name, fill_answers(rel, src))
            place_submission(root, "check-blank", name, rel)
            place_submission(root, "check-wrong", name, fill_answers(rel, src, WRONG[name].edits))
            nbgrader("autograde", name, "--student=check-*", "--force", cwd=root,
                     env=course["env"])
            done[name] = {s: cell_scores(root, name, f"check-{s}")
                          for s in ("solution", "blank", "wrong")}
        return done[name]

    return grade


# ------------------------------------------------------------------------- course structure

def test_the_course_has_the_five_assignments_in_two_languages() -> None:
    assert ENGLISH == EXPECTED
    assert sorted(EXPECTED + [f"{name}_es" for name in EXPECTED]) == ASSIGNMENTS
    assert set(WRONG) == set(ENGLISH)
    for name in ASSIGNMENTS:
        language = source_nb(ROOT, name).metadata["medlab"]["language"]
        assert language == ("es" if name.endswith("_es") else "en"), name


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_grade_ids_unique_points_everywhere_prompts_locked(name: str) -> None:
    nb = source_nb(ROOT, name)
    ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells if nbgrader_meta(c)]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicated, f"duplicate grade_ids: {duplicated}"
    assert all(ANY_ID.match(i) for i in ids), ids
    question_ids = [nbgrader_meta(c)["grade_id"] for c in nb.cells
                    if nbgrader_meta(c).get("grade") or nbgrader_meta(c).get("solution")]
    bad = [i for i in question_ids if not QUESTION_ID.match(i)]
    assert not bad, f"grade_ids should read like q1_2_ag_rates: {bad}"
    graded = graded_cells(nb)
    assert graded and all(g.points and g.points > 0 for g in graded), graded
    assert any(g.autograded for g in graded) and any(not g.autograded for g in graded), (
        "each assignment mixes autograded and manually graded answers")
    # every tests cell follows its answer cell, and names it
    answers = {nbgrader_meta(c)["grade_id"] for c in nb.cells
               if nbgrader_meta(c).get("solution") and c.cell_type == "code"}
    for g in graded:
        if g.autograded:
            assert g.grade_id.endswith("_tests") and g.grade_id[:-6] in answers, g.grade_id
            assert "_ag_" in g.grade_id
        else:
            assert "_mg_" in g.grade_id
    # prompts state the points of the cells they introduce; the total is in the header
    last_prompt = ""
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "markdown" and meta.get("locked"):
            last_prompt = cell.source
        if meta.get("grade"):
            stated = [int(p) for p in POINTS_IN_PROMPT.findall(last_prompt)]
            assert stated and stated[0] == meta["points"], (
                f"{meta['grade_id']}: the prompt above says {stated}, the cell has "
                f"{meta['points']} points")
    total = sum(g.points for g in graded)
    assert f"**Total** | **{total:g}**" in nb.cells[0].source
    # prompts are locked (read-only) and render as text, not as an indented code block;
    # nothing is committed with outputs
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "markdown" and not meta.get("solution"):
            assert meta.get("locked"), f"markdown cell not read-only: {cell.source[:60]!r}"
            first = cell.source.splitlines()[0]
            assert not first.startswith("    "), f"prompt starts indented: {first!r}"
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_has_no_solution_and_no_hidden_test(course: dict, name: str) -> None:
    root = course["root"]
    secrets = secret_lines(source_nb(root, name))
    assert secrets["solution"] and secrets["hidden test"]
    released = list((root / "release" / name).rglob("*"))
    assert any(p.suffix == ".ipynb" for p in released)
    for path in released:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            nb = nbformat.reads(text, as_version=4)
            text = "\n".join(c.source for c in nb.cells)
            assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        lines = {x.strip() for x in text.splitlines()}
        for kind, secret in secrets.items():
            leaked = sorted(secret & lines)
            assert not leaked, f"{path.name} reveals {kind} lines: {leaked[:5]}"
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
            assert marker not in text, f"{path.name} still contains {marker!r}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_hidden_test_messages_give_no_expected_value(name: str) -> None:
    """Every hidden assert says what to look at in plain text, written once: no f-string or
    formatting that could fill in an expected value (or the student's own) at grading time."""
    nb = source_nb(ROOT, name)
    for cell in nb.cells:
        if not (nbgrader_meta(cell).get("grade") and cell.cell_type == "code"):
            continue
        hidden, _ = split_regions(cell.source, HIDDEN)
        for node in ast.walk(ast.parse("\n".join(hidden))):
            if isinstance(node, ast.Assert):
                where = f"{nbgrader_meta(cell)['grade_id']}: {ast.unparse(node.test)[:60]}"
                assert node.msg is not None, f"{where}: a hidden assert without a message"
                assert isinstance(node.msg, ast.Constant) and isinstance(node.msg.value, str), (
                    f"{where}: the message should be plain text, not {ast.unparse(node.msg)}")


# ------------------------------------------------------------------------------ autograding

@pytest.mark.parametrize("name", ENGLISH)
def test_solution_gets_full_marks(autograded, name: str) -> None:
    scores = autograded(name)["solution"]
    graded = graded_cells(source_nb(ROOT, name))
    assert set(scores) == {g.grade_id for g in graded}
    for g in graded:
        s = scores[g.grade_id]
        assert s.max_score == g.points
        if g.autograded:
            assert s.auto_score == g.points, f"{g.grade_id}: {s.auto_score} of {g.points}"
        else:  # a written answer was given: it waits for the instructor
            assert s.needs_manual_grade and s.auto_score is None, g.grade_id


@pytest.mark.parametrize("name", ENGLISH)
def test_blank_release_scores_zero(autograded, name: str) -> None:
    scores = autograded(name)["blank"]
    assert scores, "the blank submission was not graded"
    for s in scores.values():
        assert s.auto_score == 0, f"{s.grade_id}: a blank answer scored {s.auto_score}"
        assert not s.needs_manual_grade, f"{s.grade_id}: an unanswered question needs no grader"


@pytest.mark.parametrize("name", ENGLISH)
def test_wrong_submission_loses_exactly_its_points(autograded, name: str) -> None:
    scores = autograded(name)["wrong"]
    for g in graded_cells(source_nb(ROOT, name)):
        if not g.autograded:
            continue
        expected = 0 if g.grade_id in WRONG[name].loses else g.points
        assert scores[g.grade_id].auto_score == expected, (
            f"{g.grade_id}: expected {expected}, got {scores[g.grade_id].auto_score}")
    assert WRONG[name].loses <= set(scores)


def test_nbgrader_works_without_an_activated_environment(tmp_path: Path) -> None:
    """`.venv/bin/nbgrader generate_assignment` with nothing of the environment on PATH: the
    course configuration makes nbgrader find the environment's own `alembic`."""
    tools = Path(sys.executable).parent
    root = copy_course(tmp_path / "course")
    env = isolated_env(tmp_path / "instructor", tmp_path / "exchange")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and not (Path(p) / "alembic").exists())
    name = "a5_capstone"
    proc = subprocess.run([str(tools / "nbgrader"), "generate_assignment", name], cwd=root,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "release" / name / f"{name}.ipynb").is_file()


def test_infinite_loop_costs_the_timeout_not_the_run(course: dict) -> None:
    """The per-cell timeout of nbgrader_config.py (MEDLAB_CELL_TIMEOUT) stops a looping answer;
    the cells after it are still graded."""
    root, name = course["root"], "a1_data_literacy"
    src, rel = source_nb(root, name), release_nb(root, name)
    looping = fill_answers(rel, src, {"q3_1_ag_theft_growth": [
        ("theft_growth = theft_2019 / theft_2010",
         "while True:\n    pass\ntheft_growth = theft_2019 / theft_2010")]})
    place_submission(root, "timeout-check", name, looping)
    env = dict(course["env"], MEDLAB_CELL_TIMEOUT="4")
    nbgrader("autograde", name, "--student=timeout-check", "--force", cwd=root, env=env)
    scores = cell_scores(root, name, "timeout-check")
    assert scores["q3_1_ag_theft_growth_tests"].auto_score == 0
    assert scores["q1_1_ag_homicides_by_year_tests"].auto_score == 2
    graded = nbformat.read(root / "autograded" / "timeout-check" / name / f"{name}.ipynb", 4)
    loop_cell = next(c for c in graded.cells
                     if nbgrader_meta(c).get("grade_id") == "q3_1_ag_theft_growth")
    assert any(o.get("ename") == "CellTimeoutError" for o in loop_cell.outputs), loop_cell.outputs
    # the kernel's own timestamps: the looping cell ran for the configured 4 s, not nbgrader's
    # default of 30 s
    timing = loop_cell.metadata["execution"]
    ran = (datetime.fromisoformat(timing["shell.execute_reply"])
           - datetime.fromisoformat(timing["iopub.execute_input"])).total_seconds()
    assert 3.5 <= ran < 20, f"the looping cell ran {ran:.1f} s; MEDLAB_CELL_TIMEOUT=4 was ignored"


# ------------------------------------------------------------------------------ whole cycle

def test_whole_cycle_two_students_through_the_exchange(course: dict) -> None:
    """release → fetch → submit → collect → autograde → feedback → fetch feedback → export."""
    root, base, exchange, env = course["root"], course["base"], course["exchange"], course["env"]
    name = "a1_data_literacy"
    nbgrader("release_assignment", name, "--force", cwd=root, env=env)
    assert (exchange / COURSE_ID / "outbound" / name / f"{name}.ipynb").is_file()

    students = {"ana": {}, "luis": WRONG[name].edits}
    src = source_nb(root, name)
    homes = {}
    for student, edits in students.items():
        home = base / "students" / student
        s_env = isolated_env(home, exchange)
        student_config(s_env, exchange)
        work = home / "work"
        work.mkdir(parents=True)
        log = nbgrader("list", cwd=work, env=s_env)
        assert name in log
        nbgrader("fetch_assignment", name, cwd=work, env=s_env)
        fetched = work / name / f"{name}.ipynb"
        if student == "ana":  # damages her notebook, sets it aside and fetches a fresh copy
            fetched.write_text("{ not a notebook", encoding="utf-8")
            fetched.rename(work / f"{name}-damaged.ipynb")
            nbgrader("fetch_assignment", name, "--replace", cwd=work, env=s_env)
            assert nbformat.read(fetched, as_version=4) == release_nb(root, name)
        nb = nbformat.read(fetched, as_version=4)
        nbformat.write(fill_answers(nb, src, edits), fetched)
        # what JupyterLab leaves beside a notebook it saved
        checkpoint = work / name / ".ipynb_checkpoints" / f"{name}-checkpoint.ipynb"
        checkpoint.parent.mkdir()
        nbformat.write(nb, checkpoint)
        assert ".ipynb_checkpoints" in "".join(find_all_notebooks(str(work / name)))
        log = nbgrader("submit", name, f"--student={student}", cwd=work, env=s_env)
        # nbgrader's own check would list the checkpoint as an EXTRA notebook
        assert "EXTRA" not in log and "missing notebooks" not in log, log
        homes[student] = (work, s_env)

    # everyone submitted from one account here, as on a shared workshop laptop: the guide's
    # collect command skips the owner check that would call each submission a cheating attempt
    log = nbgrader("collect", name, "--ExchangeCollect.check_owner=False", cwd=root, env=env)
    assert "cheating" not in log and "WARNING" not in log, log
    for student in students:
        assert (root / "submitted" / student / name / f"{name}.ipynb").is_file()
    # "[al]*" (a glob, as nbgrader's --student accepts) selects ana and luis, not the
    # synthetic check-* students of the other tests that share this course folder
    nbgrader("autograde", name, "--student=[al]*", cwd=root, env=env)

    # the instructor grades the written answers in the formgrader (here, through its database)
    set_manual_score(root, name, "ana", "q2_2_mg_which_number", 4)
    set_manual_score(root, name, "ana", "q3_2_mg_reporting", 1)
    set_manual_score(root, name, "luis", "q2_2_mg_which_number", 2)
    set_manual_score(root, name, "luis", "q3_2_mg_reporting", 2)

    autograded_points = sum(g.points for g in graded_cells(src) if g.autograded)
    lost = sum(g.points for g in graded_cells(src) if g.grade_id in WRONG[name].loses)
    total = sum(g.points for g in graded_cells(src))
    expected = {"ana": autograded_points + 4 + 1, "luis": autograded_points - lost + 2 + 2}

    nbgrader("generate_feedback", name, "--student=[al]*", cwd=root, env=env)
    nbgrader("release_feedback", name, "--student=[al]*", cwd=root, env=env)
    for student, (work, s_env) in homes.items():
        nbgrader("fetch_feedback", name, f"--student={student}", cwd=work, env=s_env)
        feedback = list((work / name / "feedback").rglob(f"{name}.html"))
        assert len(feedback) == 1, f"{student} got {feedback}"
        html = feedback[0].read_text(encoding="utf-8")
        assert f"{name} (Score: {expected[student]:.1f} / {total:.1f})" in html, student
        # a failing test's message reaches the student: it says what to look at
        shown = "AssertionError</span>: The rates look too small" in html
        assert shown == (student == "luis"), student
        # the hidden tests' code stays out of the feedback (ana's tests all pass, so no
        # traceback quotes them either)
        if student == "ana":
            text = {x.strip() for x in unescape(re.sub(r"<[^>]+>", "", html)).splitlines()}
            leaked = sorted(secret_lines(src)["hidden test"] & text)
            assert not leaked, f"feedback shows hidden tests: {leaked[:3]}"

    out = root / "grades.csv"
    nbgrader("export", f"--to={out}", cwd=root, env=env)
    with out.open(encoding="utf-8") as fh:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(fh)}
    for student, score in expected.items():
        row = rows[(name, student)]
        assert float(row["score"]) == score, (student, row)
        assert float(row["max_score"]) == total, (student, row)


def test_spanish_cycle_feedback_speaks_spanish(course: dict) -> None:
    """A Spanish assignment, release → fetch → submit → collect → autograde → feedback →
    fetch feedback: a wrong answer fails a visible test (and a hidden one), and the student's
    feedback shows the visible test's message in Spanish, under nbgrader's labels in Spanish."""
    root, base, exchange, env = course["root"], course["base"], course["exchange"], course["env"]
    name, student = "a1_data_literacy_es", "sofia"
    nbgrader("release_assignment", name, "--force", cwd=root, env=env)
    home = base / "students" / student
    s_env = isolated_env(home, exchange)
    student_config(s_env, exchange)
    work = home / "work"
    work.mkdir(parents=True)
    nbgrader("fetch_assignment", name, cwd=work, env=s_env)
    fetched = work / name / f"{name}.ipynb"
    # per inhabitant instead of per 100,000 (a visible test fails); the difference taken the
    # other way round (a hidden test fails)
    wrong = WRONG["a1_data_literacy"]
    nbformat.write(fill_answers(nbformat.read(fetched, as_version=4), source_nb(root, name),
                                wrong.edits), fetched)
    nbgrader("submit", name, f"--student={student}", cwd=work, env=s_env)
    nbgrader("collect", name, "--ExchangeCollect.check_owner=False", cwd=root, env=env)
    nbgrader("autograde", name, f"--student={student}", cwd=root, env=env)
    scores = cell_scores(root, name, student)
    for cell in wrong.loses:
        assert scores[cell].auto_score == 0, cell

    nbgrader("generate_feedback", name, f"--student={student}", cwd=root, env=env)
    nbgrader("release_feedback", name, f"--student={student}", cwd=root, env=env)
    nbgrader("fetch_feedback", name, f"--student={student}", cwd=work, env=s_env)
    feedback = list((work / name / "feedback").rglob(f"{name}.html"))
    assert len(feedback) == 1, feedback
    html = unescape(feedback[0].read_text(encoding="utf-8"))
    assert ("AssertionError</span>: Las tasas parecen demasiado pequeñas: una tasa por "
            "100.000 es homicidios / población * 100.000") in html
    # nothing of the English edition's messages, visible or hidden
    assert "The rates look too small" not in html and "difference is police" not in html
    # nbgrader's own labels too (the course's feedback template), with the same numbers
    total = sum(g.points for g in graded_cells(source_nb(root, name)))
    autograded_points = sum(g.points for g in graded_cells(source_nb(root, name))
                            if g.autograded and g.grade_id not in wrong.loses)
    assert f"{name} (Puntaje: {autograded_points:.1f} / {total:.1f})" in html
    assert "Celda de pruebas</a> (Puntaje: 0.0 / 3.0)" in html
    assert "Respuesta del estudiante" in html
    assert "Score" not in html and "Test cell" not in html and "Student's answer" not in html
