"""One source for each solution: the ``<details>`` block a lesson shows is written from the
exercise's declaration (``Exercise.solution_code``), the same text ``solution()`` prints.

A lesson's solution block is the Markdown cell starting ``<details><summary>`` that follows the
code cell calling ``check("lNN_id", ...)``. :func:`solution_block_problems` reports every block
that differs from its declaration (``medlab-teach check``); :func:`sync_solution_blocks`
rewrites them (``medlab-teach check --fix-solutions``). A block is written in its lesson's
language, whatever language the kit speaks at the time: the English lessons (``lessons/en/``) get
the whole English block; the Spanish edition (``lessons/es/``, or a notebook whose metadata says
``"language": "es"``) gets the Spanish summary line and sentence from the catalog, the declared
code, and keeps its own note under the code (the edition's words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from medlab_teach import messages
from medlab_teach.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, translations

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


def render_block(exercise_id: str, language: str = DEFAULT_LANGUAGE,
                 note: str | None = None) -> str:
    """The Markdown of an exercise's solution block in ``language``, from its declaration
    (``note``: the edition's own words under the code, instead of the declared note)."""
    from medlab_teach.checks import get_exercise

    ex = get_exercise(exercise_id)
    catalog = translations(language)
    if note is None:
        note = catalog.gettext(ex.solution_note) if ex.solution_note else ""
    parts = [
        f"{DETAILS_START}{catalog.gettext(messages.SOLUTION_SUMMARY)}</summary>",
        "",
        catalog.gettext(messages.SOLUTION_HOW).format(exercise_id=ex.id),
        "",
        "```python",
        ex.solution_code.rstrip("\n"),
        "```",
    ]
    if note:
        parts += ["", note]
    parts.append("</details>")
    return "\n".join(parts)


def edition_language(path: Path, metadata: dict | None = None) -> str:
    """A lesson's language: its folder (``lessons/es/``), else its notebook metadata's
    ``language``, else English; "" for an edition in a language the kit has no catalog for."""
    folder = path.parent.name
    if folder != "lessons" and len(folder) == 2:
        return folder if folder in LANGUAGES else ""
    language = (metadata or {}).get("language")
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _edition_note(current: str) -> str:
    """The words an edition's block has under its code (its translation of the note)."""
    match = CODE_BLOCK.search(current)
    if not match:
        return ""
    return current[match.end():].strip().removesuffix("</details>").strip()


def wanted_block(path: Path, current: str, exercise_id: str, language: str | None = None) -> str:
    """What a lesson's block should be: the whole block in the lesson's language (keeping, in
    a translated edition, its own note under the code); in an edition without a catalog, the
    edition's block with the declared code in place of its own."""
    from medlab_teach.checks import get_exercise

    language = edition_language(path) if language is None else language
    if language == DEFAULT_LANGUAGE or not current.strip():
        return render_block(exercise_id, language or DEFAULT_LANGUAGE)
    if language:
        return render_block(exercise_id, language, _edition_note(current) or None)
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
    language = edition_language(path, nb.metadata)
    problems = []
    for site in block_sites(nb):
        current = nb.cells[site.details_cell].source if site.details_cell is not None else ""
        try:
            wanted = wanted_block(path, current, site.exercise_id, language)
        except LookupError as err:
            problems.append(_("cell {cell} checks an unknown exercise: {error}").format(
                cell=site.check_cell + 1, error=err))
            continue
        if site.details_cell is None:
            problems.append(_(
                "exercise {exercise_id} (cell {cell}) has no solution block after its check "
                "cell. Add a Markdown cell starting '{start}' and run `medlab-teach check "
                "--fix-solutions`.").format(exercise_id=repr(site.exercise_id),
                                            cell=site.check_cell + 1, start=DETAILS_START))
        elif nb.cells[site.details_cell].source != wanted:
            problems.append(_(
                "cell {cell}: the solution shown for {exercise_id} differs from its "
                "declaration (Exercise.solution_code in medlab_teach.exercises). Edit the "
                "declaration, then run `medlab-teach check --fix-solutions` to rewrite the "
                "lesson's block.").format(cell=site.details_cell + 1,
                                          exercise_id=repr(site.exercise_id)))
    return problems


def sync_solution_blocks(path: Path) -> list[str]:
    """Rewrite (or add) a lesson's solution blocks from the declarations; the ids changed.

    The file is written only when something changed, in nbformat's own layout (indent 1), so
    the diff shows the solution text and nothing else.
    """
    nb = nbformat.read(path, as_version=4)
    language = edition_language(path, nb.metadata)
    changed = []
    for site in reversed(block_sites(nb)):  # from the end, so inserted cells shift nothing
        current = nb.cells[site.details_cell].source if site.details_cell is not None else ""
        wanted = wanted_block(path, current, site.exercise_id, language)
        if site.details_cell is None:
            nb.cells.insert(site.check_cell + 1, nbformat.v4.new_markdown_cell(wanted))
            changed.append(site.exercise_id)
        elif nb.cells[site.details_cell].source != wanted:
            nb.cells[site.details_cell].source = wanted
            changed.append(site.exercise_id)
    if changed:
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return changed
