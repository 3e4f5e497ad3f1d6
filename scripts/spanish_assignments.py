"""Write the Spanish edition of each nbgrader assignment from the English one.

    python scripts/spanish_assignments.py            # every assignment with a translation table
    python scripts/spanish_assignments.py a1_data_literacy

The Spanish edition ``assignments/<id>_es/<id>_es.ipynb`` is the English notebook with its prose
replaced: every Markdown cell by the text in ``scripts/assignments_es/<id>.py`` (``MARKDOWN``,
keyed by grade_id), and in code cells the comments and learner-facing strings by the
replacements in ``CODE`` (grade_id -> [(English, Spanish), ...]). Code, grading metadata and
the solution and hidden-test markers come from the English notebook, so after a change to the
English assignment running this again carries it into the Spanish one; a replacement whose
English text is gone stops the run and says which cell to update. Both notebooks get
``metadata.medlab.language``.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = ROOT / "assignments"
TABLES = Path(__file__).resolve().parent / "assignments_es"
sys.path.insert(0, str(ROOT / "src"))

from medlab_teach.editions import assignment_differences  # noqa: E402

# The working instructions every assignment starts with, in Spanish.
HOW_TO_WORK = """**Cómo trabajar**

1. Ejecute primero la celda de preparación (selecciónela y pulse <kbd>Shift</kbd>+<kbd>Enter</kbd>).
2. En cada celda de respuesta, borre `raise NotImplementedError()` y escriba su código. Conserve
   los nombres de variables que pide la pregunta: las pruebas los buscan.
3. Ejecute la celda de pruebas que sigue a cada respuesta. Si no aparece ningún mensaje en rojo,
   las pruebas *visibles* pasan. Cuando su docente califique se ejecutarán más pruebas (ocultas):
   revise también usted mismo su trabajo.
4. Respuestas escritas: haga doble clic en la celda que dice *ESCRIBA SU RESPUESTA AQUÍ*,
   escriba y luego ejecútela. Puede responder en español o en inglés.
5. Para explorar, agregue sus propias celdas donde quiera (no se califican), pero no borre ni
   copie las celdas de la tarea.
6. Antes de entregar: **Kernel → Restart Kernel and Run All Cells** (reiniciar el kernel y
   ejecutar todas las celdas). Su cuaderno se califica así, de arriba abajo, en un kernel nuevo."""

END = """---
**Antes de entregar:** *Kernel → Restart Kernel and Run All Cells*, compruebe que cada celda de
pruebas imprime su mensaje y guarde el cuaderno."""


def load_table(name: str) -> ModuleType:
    """The translation table of one assignment (``scripts/assignments_es/<name>.py``)."""
    path = TABLES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"assignments_es_{name}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no translation table {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _grade_id(cell: nbformat.NotebookNode) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def translate(english: nbformat.NotebookNode, table: ModuleType) -> nbformat.NotebookNode:
    """The Spanish notebook: the English one with the table's prose put in."""
    spanish = copy.deepcopy(english)
    markdown: dict[str, str] = table.MARKDOWN
    code: dict[str, list[tuple[str, str]]] = table.CODE
    problems = []
    for cell in spanish.cells:
        grade_id = _grade_id(cell)
        if cell.cell_type == "markdown":
            if grade_id not in markdown:
                problems.append(f"{grade_id}: no Spanish text in MARKDOWN")
                continue
            text = markdown[grade_id]
            cell.source = text.replace("{HOW_TO_WORK}", HOW_TO_WORK).replace("{END}", END)
            continue
        for old, new in code.get(grade_id, []):
            if old not in cell.source:
                problems.append(f"{grade_id}: the English text {old[:60]!r} is not in the cell")
            cell.source = cell.source.replace(old, new)
    unused = (set(markdown) | set(code)) - {_grade_id(c) for c in spanish.cells}
    problems += [f"{grade_id}: no such cell in the English notebook" for grade_id in unused]
    if problems:
        raise ValueError("the translation table needs updating:\n  " + "\n  ".join(problems))
    spanish.metadata["medlab"] = {"language": "es"}
    return spanish


def write_edition(name: str) -> Path:
    """Write ``assignments/<name>_es/<name>_es.ipynb`` and mark both editions' language."""
    source = ASSIGNMENTS / name / f"{name}.ipynb"
    english = nbformat.read(source, as_version=4)
    if english.metadata.get("medlab") != {"language": "en"}:
        english.metadata["medlab"] = {"language": "en"}
        nbformat.write(english, source)
    target = ASSIGNMENTS / f"{name}_es" / f"{name}_es.ipynb"
    target.parent.mkdir(exist_ok=True)
    nbformat.write(translate(english, load_table(name)), target)
    problems = assignment_differences(source, target)
    if problems:
        raise ValueError(f"{target.name} differs from {source.name}:\n  " + "\n  ".join(problems))
    return target


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in TABLES.glob("a*.py"))
    for name in names:
        print(write_edition(name).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
