"""What a learner reads: the markdown of lessons and assignments and the package's own text.

Shared by the tests that hold learner-facing text to its sources (quotations of the Lab's report,
no reference to files a learner does not have). Reading only, no kit imports beyond the standard
library, so the scan itself cannot be broken by the code it checks.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "medlab_teach"
#: Instructor tooling, not read by learners.
NOT_LEARNER_FACING = ("grading",)

#: Spanish function words: a quoted span with two of them (and three words or more) is taken to
#: be Spanish, so a quotation of the report rather than the kit's own English.
SPANISH_WORDS = frozenset({
    "de", "la", "el", "los", "las", "que", "y", "en", "del", "se", "con", "por", "para", "una",
    "un", "su", "sus", "es", "no", "lo", "al", "más", "como"})

_FENCED = re.compile(r"```.*?```", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_HTML_TAG = re.compile(r"<[^>]+>")
_ITALIC_QUOTE = re.compile(r"\*[\"“]((?:(?![\"”]\*).)+?)[\"”]\*", re.S)
_PLAIN_QUOTE = re.compile(r"(?<![\w*])[\"“]([^\"”*]+?)[\"”](?![\w*])", re.S)
_SINGLE_QUOTE = re.compile(r"(?<![\w*])[‘']([^'’\n]+?)[’'](?![\w*])")


@dataclass(frozen=True)
class Text:
    """A piece of learner-facing text and where it is (file and cell or line)."""

    where: str
    text: str


def is_spanish(span: str) -> bool:
    """Spanish enough to be a quotation of the report (see SPANISH_WORDS)."""
    words = [w.strip(".,;:¿?¡!()[]\"'“”‘’").lower() for w in span.split()]
    return len(words) >= 3 and sum(w in SPANISH_WORDS for w in words) >= 2


def notebook_markdown(path: Path) -> Iterator[Text]:
    """The markdown cells of a notebook, fenced and inline code removed."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        yield Text(f"{path.relative_to(ROOT)} cell {number}", source)


def notebook_code(path: Path) -> Iterator[Text]:
    """The code cells of a notebook (for the words a learner reads in them)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            yield Text(f"{path.relative_to(ROOT)} cell {number}", "".join(cell["source"]))


def notebooks() -> list[Path]:
    """Every lesson and assignment notebook of the kit."""
    return sorted((ROOT / "lessons").rglob("*.ipynb")) + sorted(
        p for p in (ROOT / "assignments").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def package_modules() -> list[Path]:
    """The package's learner-facing modules (instructor tooling left out)."""
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if not set(p.relative_to(PACKAGE).parts) & set(NOT_LEARNER_FACING))


def _code_strings(tree: ast.AST) -> set[int]:
    """ids of string nodes that are code for the learner to run, not prose."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "WrongAnswer" and node.args:
                skip |= {id(n) for n in ast.walk(node.args[0])}
            for kw in node.keywords:
                if kw.arg in ("solution_code", "code"):
                    skip |= {id(n) for n in ast.walk(kw.value)}
    return skip


_CODE_LIKE = re.compile(r"^\s*(?:[A-Za-z_]\w*\s*=\s|from \w|import \w)", re.M)


def package_strings(path: Path) -> Iterator[Text]:
    """Every string literal of a module (docstrings included), code for learners left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _code_strings(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and not _CODE_LIKE.search(node.value)):
            yield Text(f"{path.relative_to(ROOT)} line {node.lineno}", node.value)


def quoted_spans(text: str, *, single_quotes: bool = False) -> list[str]:
    """Quoted Spanish spans of a text: *"..."* italics, "..." plain, and '...' if asked."""
    prose = _HTML_TAG.sub(" ", _INLINE_CODE.sub(" ", _FENCED.sub(" ", text)))
    spans = [m.group(1) for m in _ITALIC_QUOTE.finditer(prose)]
    rest = _ITALIC_QUOTE.sub(" ", prose)
    spans += [m.group(1) for m in _PLAIN_QUOTE.finditer(rest)]
    if single_quotes:
        spans += [m.group(1) for m in _SINGLE_QUOTE.finditer(_PLAIN_QUOTE.sub(" ", rest))]
    return [" ".join(s.split()) for s in spans if is_spanish(s)]


def learner_quotations() -> list[Text]:
    """Every Spanish quotation a learner reads in the kit, with where it is."""
    found: list[Text] = []
    for path in notebooks():
        for piece in notebook_markdown(path):
            found += [Text(piece.where, q) for q in quoted_spans(piece.text)]
    for path in package_modules():
        for piece in package_strings(path):
            found += [Text(piece.where, q) for q in quoted_spans(piece.text, single_quotes=True)]
    return found
