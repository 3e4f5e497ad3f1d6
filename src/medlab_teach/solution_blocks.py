"""One source for each solution: the ``<details>`` block a lesson shows is written from the
exercise's declaration (``Exercise.solution_code``), the same text ``solution()`` prints.

A lesson's solution block is the Markdown cell starting ``<details><summary>`` that follows the
code cell calling ``check("lNN_id", ...)``. :func:`solution_block_problems` reports every block
that differs from its declaration (``medlab-teach check``); :func:`sync_solution_blocks`
rewrites them (``medlab-teach check --fix-solutions``). In the English lessons (``lessons/``)
the whole block is written; in another edition (``lessons/es/``) only its code, so that the
edition's own words around it stay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from medlab_teach import messages

#: A self-check call in a code cell; group 1 is the exercise id ("l03_did", "l00a_filter").
CHECK_CALL = re.compile(r"""check\(\s*["'](l\d\d[a-z]?_[a-z0-9_]+)["']""")
DETAILS_START = "<details><summary>"
CODE_BLOCK = re.compile(r"```python\n.*?```", re.S)


@dataclass(frozen=True)
class BlockSite:
    """Where a lesson shows an exercise's solution: the cell index, or None when it has none."""

    exercise_id: str
    check_cell: int
    details_cell: int | None


def render_block(exercise_id: str) -> str:
    """The Markdown of an exercise's solution block, from its declaration."""
    from medlab_teach.checks import get_exercise

    ex = get_exercise(exercise_id)
    parts = [
        f"{DETAILS_START}{messages.SOLUTION_SUMMARY}</summary>",
        "",
        messages.SOLUTION_HOW.format(exercise_id=ex.id),
        "",
        "```python",
        ex.solution_code.rstrip("\n"),
        "```",
    ]
    if ex.solution_note:
        parts += ["", ex.solution_note]
    parts.append("</details>")
    return "\n".join(parts)


def _is_translation(path: Path) -> bool:
    """True for an edition in a language folder (lessons/es/...), not the English lessons."""
    return path.parent.name != "lessons" and len(path.parent.name) == 2


def wanted_block(path: Path, current: str, exercise_id: str) -> str:
    """What a lesson's block should be: the whole English block, or, in another edition, the
    edition's block with the declared code in place of its own."""
    from medlab_teach.checks import get_exercise

    if not _is_translation(path) or not current.strip():
        return render_block(exercise_id)
    code = "```python\n" + get_exercise(exercise_id).solution_code.rstrip("\n") + "\n```"
    if CODE_BLOCK.search(current):
        return CODE_BLOCK.sub(lambda _m: code, current, count=1)
    return current.replace("</details>", f"{code}\n</details>", 1)


def block_sites(nb: nbformat.NotebookNode) -> list[BlockSite]:
    """Each checked exercise of a notebook and the solution block that follows its check cell."""
    sites: list[BlockSite] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for exercise_id in CHECK_CALL.findall(cell.source):
                sites.append(BlockSite(exercise_id, index, None))
        elif cell.source.lstrip().startswith(DETAILS_START) and sites:
            last = sites[-1]
            if last.details_cell is None:
                sites[-1] = BlockSite(last.exercise_id, last.check_cell, index)
    return sites


def solution_block_problems(path: Path) -> list[str]:
    """What differs between a lesson's solution blocks and the exercises' declarations."""
    nb = nbformat.read(path, as_version=4)
    problems = []
    for site in block_sites(nb):
        current = nb.cells[site.details_cell].source if site.details_cell is not None else ""
        try:
            wanted = wanted_block(path, current, site.exercise_id)
        except LookupError as err:
            problems.append(f"cell {site.check_cell + 1} checks an unknown exercise: {err}")
            continue
        if site.details_cell is None:
            problems.append(
                f"exercise {site.exercise_id!r} (cell {site.check_cell + 1}) has no solution "
                "block after its check cell. Add a Markdown cell starting "
                f"'{DETAILS_START}' and run `medlab-teach check --fix-solutions`.")
        elif nb.cells[site.details_cell].source != wanted:
            problems.append(
                f"cell {site.details_cell + 1}: the solution shown for {site.exercise_id!r} "
                "differs from its declaration (Exercise.solution_code in "
                "medlab_teach.exercises). Edit the declaration, then run `medlab-teach check "
                "--fix-solutions` to rewrite the lesson's block.")
    return problems


def sync_solution_blocks(path: Path) -> list[str]:
    """Rewrite (or add) a lesson's solution blocks from the declarations; the ids changed.

    The file is written only when something changed, in nbformat's own layout (indent 1), so
    the diff shows the solution text and nothing else.
    """
    nb = nbformat.read(path, as_version=4)
    changed = []
    for site in reversed(block_sites(nb)):  # from the end, so inserted cells shift nothing
        current = nb.cells[site.details_cell].source if site.details_cell is not None else ""
        wanted = wanted_block(path, current, site.exercise_id)
        if site.details_cell is None:
            nb.cells.insert(site.check_cell + 1, nbformat.v4.new_markdown_cell(wanted))
            changed.append(site.exercise_id)
        elif nb.cells[site.details_cell].source != wanted:
            nb.cells[site.details_cell].source = wanted
            changed.append(site.exercise_id)
    if changed:
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return changed
