"""Validate the kit before it reaches students: notebooks parse, carry no outputs, lessons are
numbered without gaps, each lesson's solution blocks show exactly the declared solutions, and
every nbgrader assignment has unique grade ids and points on every graded cell, and each
assignment's Spanish edition (``assignments/<id>_es/``) has the same cells, grading metadata and
code as the original.
``medlab-teach check`` prints the problems and exits non-zero if there are any;
``medlab-teach check --fix-solutions`` first rewrites the solution blocks (:func:`sync_solutions`).

Lesson files are named ``NN_title.ipynb``; a supplementary lesson that sits between lessons NN
and NN+1 (the Python and pandas primer, ``00a_...``) adds one lower-case letter to the number.
Numbers have no gaps; letters do not count as numbers.

The problems are said in the language in force (``MEDLAB_LANG`` or ``set_language``): an
instructor adapting the kit reads them in their language; file names and ids stay as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from medlab_teach.i18n import _

LESSON_NAME = re.compile(r"^(\d{2})([a-z]?)_[a-z0-9_]+\.ipynb$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the kit, with where it is and how to fix it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _load_notebook(path: Path, root: Path) -> tuple[dict | None, list[Problem]]:
    rel = _rel(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return None, [Problem(rel, _("is not UTF-8 text ({error}). Re-save it from Jupyter.")
                              .format(error=err))]
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as err:
        return None, [Problem(rel, _(
            "is not valid JSON (line {line}, column {column}: {error}). "
            "Restore it from git (`git checkout -- FILE`) or re-save it from Jupyter."
        ).format(line=err.lineno, column=err.colno, error=err.msg))]
    problems = []
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, [Problem(rel, _("is JSON but not a notebook (no 'cells' list)."))]
    if nb.get("nbformat") != 4:
        problems.append(Problem(rel, _("has nbformat {version}; the kit uses 4.").format(
            version=repr(nb.get("nbformat")))))
    return nb, problems


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _check_outputs(nb: dict, rel: str) -> list[Problem]:
    problems = []
    for i, cell in enumerate(nb["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(Problem(rel, _(
                "cell {cell} has committed outputs or an execution count. Clear them "
                "(Edit > Clear Outputs of All Cells, or `jupyter nbconvert --clear-output "
                "--inplace FILE`) before committing."
            ).format(cell=i)))
    return problems


def _check_lesson_numbers(lessons_dir: Path, root: Path) -> list[Problem]:
    problems = []
    numbers: dict[int, list[str]] = {}
    keys: dict[str, list[str]] = {}
    for path in sorted(lessons_dir.glob("*.ipynb")):
        match = LESSON_NAME.match(path.name)
        if not match:
            problems.append(Problem(_rel(path, root), _(
                "lesson files are named NN_snake_case_title.ipynb "
                "(two digits, underscore, lower-case words), or NNa_... for a supplementary "
                "lesson between NN and the next."
            )))
            continue
        keys.setdefault(match.group(1) + match.group(2), []).append(path.name)
        if not match.group(2):
            numbers.setdefault(int(match.group(1)), []).append(path.name)
    for key, files in keys.items():
        if key[2:] and int(key[:2]) not in numbers:
            problems.append(Problem(_rel(lessons_dir, root), _(
                "{file} is a supplementary lesson after lesson {lesson}, which does not exist."
            ).format(file=files[0], lesson=key[:2])))
        if len(files) > 1:
            problems.append(Problem(_rel(lessons_dir, root), _(
                "lesson number {lesson} is used by {files}.").format(
                    lesson=key, files=", ".join(files))))
    if numbers:
        expected = set(range(0, max(numbers) + 1))
        missing = sorted(expected - set(numbers))
        if missing:
            problems.append(Problem(
                _rel(lessons_dir, root),
                _("lessons are not numbered without gaps: missing {lessons}.").format(
                    lessons=", ".join(f"{n:02d}" for n in missing)),
            ))
    return problems


def _check_grading_cells(nb: dict, rel: str, seen: dict[str, str]) -> list[Problem]:
    problems = []
    for i, cell in enumerate(nb["cells"], start=1):
        meta = cell.get("metadata", {}).get("nbgrader")
        if not meta:
            continue
        grade_id = meta.get("grade_id")
        if not grade_id:
            problems.append(Problem(rel, _("cell {cell} has nbgrader metadata but no "
                                           "grade_id.").format(cell=i)))
            continue
        where = _("{path} cell {cell}").format(path=rel, cell=i)
        if grade_id in seen:
            problems.append(Problem(rel, _(
                "grade_id {grade_id} is used twice in this assignment ({first} and cell "
                "{cell}). Give each graded cell its own id."
            ).format(grade_id=repr(grade_id), first=seen[grade_id], cell=i)))
        else:
            seen[grade_id] = where
        if meta.get("grade"):
            points = meta.get("points")
            if not isinstance(points, (int, float)) or isinstance(points, bool) or points <= 0:
                problems.append(Problem(rel, _(
                    "graded cell {cell} ({grade_id}) has no points ({points}). Set its "
                    "points in the Create Assignment toolbar."
                ).format(cell=i, grade_id=repr(grade_id), points=repr(points))))
    return problems


def _check_solution_blocks(path: Path, root: Path) -> list[Problem]:
    from medlab_teach.solution_blocks import solution_block_problems

    return [Problem(_rel(path, root), message) for message in solution_block_problems(path)]


def _check_assignment_editions(assignments_dir: Path, root: Path) -> list[Problem]:
    from medlab_teach.editions import assignment_differences, assignment_pairs

    problems = []
    for original, spanish in assignment_pairs(assignments_dir):
        if not original.is_file() or not spanish.is_file():
            missing = original if not original.is_file() else spanish
            problems.append(Problem(_rel(missing, root), "is missing: a Spanish edition "
                                    "(<id>_es/<id>_es.ipynb) needs its original "
                                    "(<id>/<id>.ipynb) beside it, and the other way round."))
            continue
        try:
            found = assignment_differences(original, spanish)
        except (ValueError, KeyError, TypeError):
            continue  # a notebook that does not parse is reported on its own
        problems += [Problem(_rel(spanish, root), f"differs from {original.name}: {message}. "
                             "Make the same change in both editions.") for message in found]
    return problems


def sync_solutions(root: Path) -> dict[str, list[str]]:
    """Rewrite every lesson's solution blocks from the exercise declarations.

    Returns, per lesson file changed, the exercise ids whose block was rewritten or added.
    Notebooks that do not parse are skipped (``check_kit`` reports them).
    """
    from medlab_teach.solution_blocks import sync_solution_blocks

    changed = {}
    lessons = root.resolve() / "lessons"
    for path in [*sorted(lessons.glob("*.ipynb")), *sorted(lessons.glob("*/*.ipynb"))]:
        nb, errors = _load_notebook(path, root)
        if nb is None or errors:
            continue
        ids = sync_solution_blocks(path)
        if ids:
            changed[_rel(path, root.resolve())] = ids
    return changed


def _check_lessons(lessons_dir: Path, root: Path) -> list[Problem]:
    """Each edition's lessons (``lessons/es/``, ``lessons/en/``), then the editions together."""
    from medlab_teach.editions import LANGUAGES

    editions = [lessons_dir / lang for lang in LANGUAGES if (lessons_dir / lang).is_dir()]
    problems: list[Problem] = []
    for folder in editions or [lessons_dir]:
        problems += _check_lesson_numbers(folder, root)
        for path in sorted(folder.glob("*.ipynb")):
            nb, errors = _load_notebook(path, root)
            problems += errors
            if nb is not None:
                problems += _check_outputs(nb, _rel(path, root))
                problems += _check_solution_blocks(path, root)
    return problems + _check_editions(lessons_dir, root)


def _check_editions(lessons_dir: Path, root: Path) -> list[Problem]:
    """Every lesson exists in Spanish and English, and the two are the same notebook."""
    from medlab_teach.editions import differences, pairs

    problems = []
    english_numbers = set()
    for english, spanish in pairs(lessons_dir):
        english_numbers.add(english.name.split("_")[0])
        if spanish is None:
            problems.append(Problem(_rel(english, root), _(
                "has no Spanish edition in lessons/es/ (the same lesson number, translated)")))
            continue
        try:
            found = differences(english, spanish)
        except (OSError, ValueError, KeyError):
            continue  # a notebook that does not parse is reported on its own
        problems += [Problem(_rel(spanish, root), _("differs from {name}: {difference}").format(
            name=english.name, difference=difference)) for difference in found]
    for spanish in sorted((lessons_dir / "es").glob("*.ipynb")):
        if spanish.name.split("_")[0] not in english_numbers:
            problems.append(Problem(_rel(spanish, root),
                                    _("has no English edition in lessons/en/")))
    return problems


def check_kit(root: Path) -> list[Problem]:
    """Every problem found in the kit rooted at ``root`` (empty when all is well)."""
    root = root.resolve()
    problems: list[Problem] = []
    lessons_dir = root / "lessons"
    assignments_dir = root / "assignments"
    if not lessons_dir.is_dir():
        problems.append(Problem("lessons", _("folder is missing: is this the kit's root "
                                             "folder?")))
    else:
        problems += _check_lessons(lessons_dir, root)
    if assignments_dir.is_dir():
        for assignment in sorted(p for p in assignments_dir.iterdir() if p.is_dir()):
            seen: dict[str, str] = {}
            for path in sorted(assignment.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in path.parts:
                    continue
                nb, errors = _load_notebook(path, root)
                problems += errors
                if nb is not None:
                    rel = _rel(path, root)
                    problems += _check_outputs(nb, rel)
                    problems += _check_grading_cells(nb, rel, seen)
        problems += _check_assignment_editions(assignments_dir, root)
    return problems
