"""Nothing given away: run every lesson with no answers filled in, and no output before an
exercise's check cell may show that exercise's expected answer.

The lessons are executed once per test session and shared with tests/test_lessons.py. An
answer is searched for in the forms it would be printed in (a number rounded to 0, 1 or 2
decimals, with or without thousands separators; a name as written). Answers that cannot be told
apart from the data every lesson shows are not searched for: years (every table has them),
whole numbers under 100, short codes like '13', sets, tables, functions and plans.
"""

from __future__ import annotations

import math
import numbers
import re
from pathlib import Path

import nbformat
import pytest
from notebook_runner import executed_lesson

from medlab_teach.checks import get_exercise
from medlab_teach.solution_blocks import block_sites

ROOT = Path(__file__).resolve().parents[1]

#: Exercises whose point is to find the answer in the table shown above them.
READ_FROM_A_TABLE = {
    "l04_quote_visit": "the exercise is to find a quote's visit in the table of quotes",
}
LESSONS = sorted((ROOT / "lessons").glob("*/*.ipynb"))


def printed_forms(value: object) -> set[str]:
    """The ways an expected answer would be printed, when it is distinctive enough to search."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, numbers.Integral):
        number = int(value)
        if abs(number) < 100 or 1900 <= number <= 2100:
            return set()
        return {str(number), f"{number:,}"}
    if isinstance(value, numbers.Real) and math.isfinite(float(value)):
        number = float(value)
        forms = {f"{number:.1f}", f"{number:.2f}", f"{number:,.1f}"}
        if abs(number) >= 100:
            forms.add(f"{number:.0f}")
        return {f for f in forms if len(f.strip("-").replace(".", "").replace(",", "")) >= 3}
    if isinstance(value, str) and len(value.strip()) >= 4:
        return {value.strip()}
    return set()


def _output_text(output: nbformat.NotebookNode) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    return "\n".join(str(data.get(kind, "")) for kind in ("text/plain", "text/html",
                                                          "text/markdown"))


def _found(form: str, text: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d])", text) is not None


def test_printed_forms_cover_the_usual_roundings() -> None:
    assert printed_forms(-80.2712) == {"-80.3", "-80.27"}
    assert "190" in printed_forms(190.312)
    assert printed_forms(2009) == set() and printed_forms(42) == set()
    assert printed_forms(3234) == {"3234", "3,234"}
    assert _found("228", "<td>228</td>") and not _found("228", "<td>1228</td>")
    assert not _found("21.1", "321.15")


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_no_output_shows_an_answer_before_its_check(path: Path) -> None:
    nb = executed_lesson(path)
    leaks = []
    for site in block_sites(nb):
        if site.exercise_id in READ_FROM_A_TABLE:
            continue
        forms = printed_forms(get_exercise(site.exercise_id).expected())
        for index in range(site.check_cell):
            cell = nb.cells[index]
            if cell.cell_type != "code":
                continue
            text = "\n".join(_output_text(out) for out in cell.get("outputs", []))
            leaks += [f"{site.exercise_id}: {form!r} in the output of cell {index + 1} "
                      f"({cell.source.strip().splitlines()[0][:50]!r})"
                      for form in sorted(forms) if _found(form, text)]
    assert not leaks, f"{path.name} shows answers before their exercise:\n" + "\n".join(leaks)
    assert any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
