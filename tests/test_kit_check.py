"""`medlab-teach check` passes on the kit and fails, clearly, on each kind of broken notebook."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from medlab_teach.kit_check import check_kit

ROOT = Path(__file__).resolve().parents[1]


def _run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "medlab_teach", "check", "--root", str(root)],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture()
def kit_copy(tmp_path: Path) -> Path:
    """A copy of the kit's notebooks to break in various ways."""
    copy = tmp_path / "kit"
    copy.mkdir()
    shutil.copytree(ROOT / "lessons", copy / "lessons")
    (copy / "pyproject.toml").write_text("")
    assignment = copy / "assignments" / "demo"
    assignment.mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[
        _graded_cell("q1_answer", points=None, solution=True),
        _graded_cell("q1_tests", points=2),
    ])
    nbformat.write(nb, assignment / "demo.ipynb")
    return copy


def _graded_cell(grade_id: str, points, solution: bool = False):
    cell = nbformat.v4.new_code_cell("x = 1")
    meta = {"grade_id": grade_id, "solution": solution, "grade": points is not None,
            "locked": not solution, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def test_check_passes_on_the_kit() -> None:
    result = _run_check(ROOT)
    assert result.returncode == 0, result.stderr
    assert "all good" in result.stdout


def test_check_passes_on_a_clean_copy(kit_copy: Path) -> None:
    assert check_kit(kit_copy) == []


def test_notebook_with_outputs_fails(kit_copy: Path) -> None:
    path = sorted((kit_copy / "lessons" / "en").glob("00_*.ipynb"))[0]
    nb = nbformat.read(path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    code.execution_count = 1
    nbformat.write(nb, path)
    result = _run_check(kit_copy)
    assert result.returncode == 1
    assert path.name in result.stderr and "committed outputs" in result.stderr
    assert "clear-output" in result.stderr


def test_duplicate_grade_id_fails(kit_copy: Path) -> None:
    path = kit_copy / "assignments" / "demo" / "demo.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(_graded_cell("q1_tests", points=1))
    nbformat.write(nb, path)
    result = _run_check(kit_copy)
    assert result.returncode == 1
    assert "grade_id 'q1_tests' is used twice" in result.stderr


def test_graded_cell_without_points_fails(kit_copy: Path) -> None:
    path = kit_copy / "assignments" / "demo" / "demo.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][1]["metadata"]["nbgrader"]["points"] = 0
    path.write_text(json.dumps(nb))
    problems = [str(p) for p in check_kit(kit_copy)]
    assert any("has no points" in p and "q1_tests" in p for p in problems), problems


def test_invalid_json_fails_with_line_and_column(kit_copy: Path) -> None:
    path = sorted((kit_copy / "lessons" / "en").glob("00_*.ipynb"))[0]
    path.write_text(path.read_text()[:-10])
    result = _run_check(kit_copy)
    assert result.returncode == 1
    assert "not valid JSON" in result.stderr and "line" in result.stderr
    assert "git checkout" in result.stderr


def test_gap_in_lesson_numbers_fails(kit_copy: Path) -> None:
    lessons = sorted((kit_copy / "lessons" / "en").glob("*.ipynb"))
    last = max(int(p.name[:2]) for p in lessons)
    shutil.copy(lessons[0], kit_copy / "lessons" / "en" / f"{last + 2:02d}_a_later_lesson.ipynb")
    problems = [str(p) for p in check_kit(kit_copy)]
    assert any("without gaps" in p and f"{last + 1:02d}" in p for p in problems), problems


def test_badly_named_lesson_fails(kit_copy: Path) -> None:
    source = sorted((kit_copy / "lessons" / "en").glob("00_*.ipynb"))[0]
    shutil.copy(source, kit_copy / "lessons" / "en" / "Lesson Two.ipynb")
    assert any("named NN_snake_case" in str(p) for p in check_kit(kit_copy))


def test_a_lesson_missing_from_one_edition_fails(kit_copy: Path) -> None:
    next((kit_copy / "lessons" / "es").glob("04_*.ipynb")).unlink()
    problems = [str(p) for p in check_kit(kit_copy)]
    assert any("04_" in p and "has no Spanish edition" in p for p in problems)


def test_editions_that_drift_apart_fail(kit_copy: Path) -> None:
    import nbformat

    path = next((kit_copy / "lessons" / "es").glob("02_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code" and "check(" in c.source)
    code.source = code.source.replace("check(", "check(  # comentario\n    ", 1) + "\nx = 1"
    del nb.cells[1]
    nbformat.write(nb, path)
    problems = [str(p) for p in check_kit(kit_copy)]
    assert any("02_" in p and "cells in" in p for p in problems)


def test_not_a_kit_folder_is_explained(tmp_path: Path) -> None:
    result = _run_check(tmp_path)
    assert result.returncode == 1
    assert "lessons" in result.stderr and "missing" in result.stderr


def test_a_supplementary_lesson_takes_a_letter(kit_copy: Path) -> None:
    lessons = kit_copy / "lessons" / "en"
    assert any(p.name.startswith("00a_") for p in lessons.iterdir())
    shutil.copy(next(lessons.glob("00a_*.ipynb")), lessons / "05a_more_practice.ipynb")
    spanish = kit_copy / "lessons" / "es"
    shutil.copy(next(spanish.glob("00a_*.ipynb")), spanish / "05a_mas_practica.ipynb")
    assert not [p for p in check_kit(kit_copy) if "05a" in str(p)]
    shutil.copy(next(lessons.glob("00a_*.ipynb")), lessons / "12a_orphan.ipynb")
    problems = [str(p) for p in check_kit(kit_copy)]
    assert any("12a_orphan.ipynb is a supplementary lesson after lesson 12" in p
               for p in problems)
    (lessons / "03b-bad name.ipynb").write_text("{}")
    assert any("NNa_" in str(p) for p in check_kit(kit_copy))


# ------------------------------------------------------------------ Spanish editions of assignments

@pytest.fixture()
def assignment_pair(tmp_path: Path) -> Path:
    """A copy of the kit with one assignment and its Spanish edition."""
    copy = tmp_path / "kit"
    shutil.copytree(ROOT / "lessons", copy / "lessons")
    for name in ("a1_data_literacy", "a1_data_literacy_es"):
        shutil.copytree(ROOT / "assignments" / name, copy / "assignments" / name)
    return copy


def _spanish(copy: Path) -> Path:
    return copy / "assignments" / "a1_data_literacy_es" / "a1_data_literacy_es.ipynb"


def test_assignment_editions_match(assignment_pair: Path) -> None:
    assert check_kit(assignment_pair) == []


def test_a_changed_point_value_in_one_edition_fails(assignment_pair: Path) -> None:
    nb = nbformat.read(_spanish(assignment_pair), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("points") == 3)
    cell.metadata["nbgrader"]["points"] = 4
    nbformat.write(nb, _spanish(assignment_pair))
    result = _run_check(assignment_pair)
    assert result.returncode == 1
    assert "a1_data_literacy_es.ipynb" in result.stderr
    assert "nbgrader points is 3 in a1_data_literacy.ipynb, 4 in a1_data_literacy_es" in (
        result.stderr)


def test_a_missing_cell_in_one_edition_fails(assignment_pair: Path) -> None:
    nb = nbformat.read(_spanish(assignment_pair), as_version=4)
    del nb.cells[5]
    nbformat.write(nb, _spanish(assignment_pair))
    problems = [str(p) for p in check_kit(assignment_pair)]
    assert any("20 cells in a1_data_literacy.ipynb, 19 in a1_data_literacy_es.ipynb" in p
               for p in problems), problems


def test_changed_code_fails_translated_prose_passes(assignment_pair: Path) -> None:
    path = _spanish(assignment_pair)
    nb = nbformat.read(path, as_version=4)
    tests = next(c for c in nb.cells
                 if c.metadata["nbgrader"]["grade_id"] == "q1_2_ag_rates_tests")
    # other words inside a message, another comment, a message split in two: same code
    tests.source = tests.source.replace("# Pruebas", "# Comprobaciones").replace(
        '"rates_2018 debe ser un DataFrame."', '"rates_2018: " "un DataFrame, por favor."')
    nbformat.write(nb, path)
    assert check_kit(assignment_pair) == []
    tests.source = tests.source.replace("rates_2018[\"rate\"].max() > 5",
                                        "rates_2018[\"rate\"].max() > 50")
    nbformat.write(nb, path)
    problems = [str(p) for p in check_kit(assignment_pair)]
    assert any("q1_2_ag_rates_tests" in p and "the code differs" in p for p in problems), (
        problems)


def test_a_spanish_edition_without_its_original_fails(assignment_pair: Path) -> None:
    shutil.rmtree(assignment_pair / "assignments" / "a1_data_literacy")
    problems = [str(p) for p in check_kit(assignment_pair)]
    assert any("a1_data_literacy.ipynb: is missing" in p for p in problems), problems
