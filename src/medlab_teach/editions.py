"""The two editions of a lesson, Spanish and English, must stay the same notebook.

Only prose may differ: Markdown, code comments and string literals. Cells, their order and type,
the code itself, the exercise ids and the solution blocks must match, so that a learner who
switches language finds the same lesson, and a fix made in one edition is not forgotten in the
other. ``medlab-teach check`` runs :func:`differences` on every pair of editions.

The same holds for an nbgrader assignment and its Spanish edition (``assignments/<id>_es/``):
:func:`assignment_differences` also compares the grading metadata of every cell, so that an
instructor who releases one language or both grades them the same way.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tokenize
from pathlib import Path

LANGUAGES = ("es", "en")
EXERCISE_ID = re.compile(r"""["'](l\d\d[a-z]?_[a-z0-9_]+)["']""")
CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
LANGUAGE_LINE = re.compile(r"^\s*(medlab_teach\.)?set_language\(.*\)\s*$", re.M)


def code_shape(source: str) -> list[str]:
    """The code's tokens without comments, string contents or the language line (adjacent
    string literals count as one string)."""
    source = LANGUAGE_LINE.sub("", source)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line.split("#")[0].strip() for line in source.splitlines() if line.strip()]
    shape = []
    for token in tokens:
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                          tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_START", -1):
            ids = EXERCISE_ID.findall(token.string)
            if not ids and shape and shape[-1] == "STR":
                continue  # adjacent literals are one string, however a translation splits it
            shape.append(f"STR{ids}" if ids else "STR")
        elif token.type in (getattr(tokenize, "FSTRING_MIDDLE", -1),
                            getattr(tokenize, "FSTRING_END", -1)):
            continue
        else:
            shape.append(token.string)
    return shape


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def differences(first: Path, second: Path) -> list[str]:
    """Every way in which two editions of a lesson are not the same notebook."""
    a, b = _cells(first), _cells(second)
    found = []
    if len(a) != len(b):
        found.append(f"{len(a)} cells in {first.name}, {len(b)} in {second.name}")
    for index, (one, other) in enumerate(zip(a, b, strict=False), start=1):
        if one["cell_type"] != other["cell_type"]:
            found.append(f"cell {index}: {one['cell_type']} in {first.name}, "
                         f"{other['cell_type']} in {second.name}")
            continue
        text_a, text_b = _text(one), _text(other)
        if one["cell_type"] == "code" and code_shape(text_a) != code_shape(text_b):
            found.append(f"cell {index}: the code differs ({text_a.strip()[:50]!r})")
        if one["cell_type"] == "markdown":
            if "<details" in text_a and CODE_BLOCK.findall(text_a) != CODE_BLOCK.findall(text_b):
                found.append(f"cell {index}: the solution block's code differs")
            if EXERCISE_ID.findall(text_a) != EXERCISE_ID.findall(text_b):
                found.append(f"cell {index}: the exercise ids differ")
    return found


SPANISH_SUFFIX = "_es"
# the nbgrader fields that decide how a cell is graded; they must match in both editions
GRADING_FIELDS = ("grade_id", "points", "solution", "grade", "locked", "task", "schema_version")


def _grading(cell: dict) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return {key: meta.get(key) for key in GRADING_FIELDS if key in meta}


def assignment_differences(first: Path, second: Path) -> list[str]:
    """Every way in which two editions of an assignment would not be graded the same: cell
    count and types, nbgrader metadata (grade ids, points, flags) and code (comments and
    string contents aside)."""
    a, b = _cells(first), _cells(second)
    found = []
    if len(a) != len(b):
        found.append(f"{len(a)} cells in {first.name}, {len(b)} in {second.name}: add or "
                     "remove the same cells in both editions")
    for index, (one, other) in enumerate(zip(a, b, strict=False), start=1):
        grade_id = _grading(one).get("grade_id", "no grade_id")
        where = f"cell {index} ({grade_id})"
        if one["cell_type"] != other["cell_type"]:
            found.append(f"{where}: {one['cell_type']} in {first.name}, "
                         f"{other['cell_type']} in {second.name}")
            continue
        meta_a, meta_b = _grading(one), _grading(other)
        for key in sorted(set(meta_a) | set(meta_b)):
            if meta_a.get(key) != meta_b.get(key):
                found.append(f"{where}: nbgrader {key} is {meta_a.get(key)!r} in {first.name}, "
                             f"{meta_b.get(key)!r} in {second.name}")
        if one["cell_type"] == "code" and code_shape(_text(one)) != code_shape(_text(other)):
            found.append(f"{where}: the code differs ({_text(one).strip()[:50]!r}); only "
                         "comments and the text inside strings may differ")
    return found


def assignment_pairs(assignments: Path) -> list[tuple[Path, Path]]:
    """Each assignment notebook with its Spanish edition, for the assignments that have one
    (``<id>/<id>.ipynb`` and ``<id>_es/<id>_es.ipynb``); a Spanish edition without its
    original is paired with the path the original should have."""
    found = []
    for folder in sorted(p for p in assignments.iterdir() if p.is_dir()):
        if not folder.name.endswith(SPANISH_SUFFIX):
            continue
        original = folder.name[: -len(SPANISH_SUFFIX)]
        found.append((assignments / original / f"{original}.ipynb",
                      folder / f"{folder.name}.ipynb"))
    return found


def pairs(lessons: Path) -> list[tuple[Path, Path | None]]:
    """Each English lesson with its Spanish edition (matched by number), or None if missing."""
    english = lessons / "en" if (lessons / "en").is_dir() else lessons
    spanish = {p.name.split("_")[0]: p for p in (lessons / "es").glob("*.ipynb")}
    return [(p, spanish.get(p.name.split("_")[0])) for p in sorted(english.glob("*.ipynb"))]


def lesson_files(root: Path, language: str | None = None) -> list[Path]:
    """The kit's lesson notebooks: one edition's, or both (Spanish first), in course order."""
    lessons = root / "lessons"
    languages = [language] if language else list(LANGUAGES)
    return [path for lang in languages for path in sorted((lessons / lang).glob("*.ipynb"))]


def language_of(path: Path) -> str:
    """The edition a lesson belongs to, from its folder (``lessons/es/...`` is Spanish)."""
    return path.parent.name if path.parent.name in LANGUAGES else "en"


def main(argv: list[str]) -> int:
    """``python -m medlab_teach.editions [NN ...]``: compare the editions of those lessons."""
    wanted = set(argv)
    status = 0
    for english, spanish in pairs(Path("lessons")):
        number = english.name.split("_")[0]
        if wanted and number not in wanted:
            continue
        if spanish is None:
            print(f"{number}: no Spanish edition in lessons/es/")
            status = 1
            continue
        problems = differences(english, spanish)
        print(f"{number}: " + ("same structure" if not problems else "\n    ".join(problems)))
        status = status or int(bool(problems))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
