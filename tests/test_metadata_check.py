"""The kit's cell-metadata check accepts and rejects exactly what nbgrader's does."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.preprocessors import CheckCellMetadata

from medlab_teach.grading.metadata_check import CheckCellMetadataOnce


def _meta(**fields: Any) -> dict[str, Any]:
    base = {"grade": False, "solution": True, "locked": False, "grade_id": "answer",
            "schema_version": 3}
    base.update(fields)
    return {"nbgrader": base}


def _notebook() -> Any:
    return new_notebook(cells=[
        new_markdown_cell("Intro", metadata=_meta(solution=False, locked=True,
                                                  grade_id="intro")),
        new_code_cell("x = 1", metadata=_meta()),
        new_code_cell("assert x == 1", metadata=_meta(
            grade=True, solution=False, locked=True, grade_id="test", points=2)),
    ])


def _set(index: int, **fields: Any) -> Callable[[Any], None]:
    def change(nb: Any) -> None:
        meta = nb.cells[index].metadata["nbgrader"]
        for key, value in fields.items():
            if value is None:
                meta.pop(key, None)
            else:
                meta[key] = value
    return change


BROKEN: dict[str, Callable[[Any], None]] = {
    "points not a number": _set(2, points="two"),
    "grade flag not a boolean": _set(1, grade="yes"),
    "missing grade_id": _set(1, grade_id=None),
    "empty grade_id": _set(1, grade_id=""),
    "grade cell without points": _set(2, points=None),
    "duplicate grade_id": _set(2, grade_id="answer"),
    "schema too old": _set(1, schema_version=2),
    "schema too new": _set(1, schema_version=4),
    "markdown grade cell not a solution": _set(0, grade=True, points=1),
}


def _outcome(preprocessor: Any, nb: Any) -> str:
    try:
        preprocessor.preprocess(copy.deepcopy(nb), {})
    except Exception as exc:  # the type is what both checks must agree on
        return type(exc).__name__
    return "accepted"


def test_a_valid_notebook_passes_both_checks() -> None:
    nb = _notebook()
    nbformat.validate(nb)
    assert _outcome(CheckCellMetadata(), nb) == "accepted"
    assert _outcome(CheckCellMetadataOnce(), nb) == "accepted"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_metadata_is_rejected_as_nbgrader_rejects_it(case: str) -> None:
    nb = _notebook()
    BROKEN[case](nb)
    theirs = _outcome(CheckCellMetadata(), nb)
    assert theirs != "accepted", f"nbgrader accepts {case}: the case tests nothing"
    assert _outcome(CheckCellMetadataOnce(), nb) == theirs


def test_the_course_uses_the_compiled_check() -> None:
    from medlab_teach.grading.config import AUTOGRADE_PREPROCESSORS, SANITIZE_PREPROCESSORS

    for chain in (SANITIZE_PREPROCESSORS, AUTOGRADE_PREPROCESSORS):
        assert "medlab_teach.grading.metadata_check.CheckCellMetadataOnce" in chain
        assert "nbgrader.preprocessors.CheckCellMetadata" not in chain
