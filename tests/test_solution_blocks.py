"""One source for each solution: every lesson's <details> block shows exactly the declared
``solution_code``, `medlab-teach check` fails when one differs, and the sync rewrites it."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from medlab_teach.checks import get_exercise, solution
from medlab_teach.kit_check import check_kit, sync_solutions
from medlab_teach.solution_blocks import block_sites, render_block, solution_block_problems

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*/*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=[f"{p.parent.name}/{p.stem}" for p in LESSONS])
def test_each_lesson_shows_the_declared_solutions(path: Path) -> None:
    assert solution_block_problems(path) == []
    nb = nbformat.read(path, as_version=4)
    for site in block_sites(nb):
        block = nb.cells[site.details_cell].source
        assert get_exercise(site.exercise_id).solution_code.strip() in block
        assert solution(site.exercise_id).code in block


def test_a_block_that_differs_fails_the_check_and_the_sync_fixes_it(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    shutil.copytree(ROOT / "lessons", kit / "lessons")
    (kit / "pyproject.toml").write_text("")
    lesson = next(p for p in (kit / "lessons" / "en").glob("03_*.ipynb"))
    nb = nbformat.read(lesson, as_version=4)
    first, second = block_sites(nb)[:2]
    nb.cells[first.details_cell].source = nb.cells[first.details_cell].source.replace(
        "answer =", "answer  =")
    del nb.cells[second.details_cell]
    nbformat.write(nb, lesson)

    problems = [str(p) for p in check_kit(kit)]
    assert any(first.exercise_id in p and "differs from its declaration" in p for p in problems)
    assert any(second.exercise_id in p and "has no solution block" in p for p in problems)

    assert sync_solutions(kit) == {f"lessons/en/{lesson.name}": [second.exercise_id,
                                                              first.exercise_id]}
    assert check_kit(kit) == []
    synced = nbformat.read(lesson, as_version=4)
    sites = block_sites(synced)
    assert synced.cells[sites[0].details_cell].source == render_block(first.exercise_id)
    assert sites[1].details_cell == sites[1].check_cell + 1
    assert sync_solutions(kit) == {}


def test_another_edition_keeps_its_words_and_takes_the_declared_code(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "lessons", kit / "lessons")
    (kit / "pyproject.toml").write_text("")
    spanish = sorted((kit / "lessons" / "es").glob("*.ipynb"))
    assert spanish, "no Spanish edition to test with"
    nb = nbformat.read(spanish[0], as_version=4)
    site = block_sites(nb)[0]
    cell = nb.cells[site.details_cell]
    words = cell.source.split("```python")[0]
    cell.source = cell.source.replace("answer", "respuesta", 1)
    nbformat.write(nb, spanish[0])
    assert any(site.exercise_id in str(p) for p in check_kit(kit))
    sync_solutions(kit)
    fixed = nbformat.read(spanish[0], as_version=4).cells[site.details_cell].source
    assert fixed.startswith(words) and get_exercise(site.exercise_id).solution_code in fixed
