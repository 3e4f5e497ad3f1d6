"""Self-check feedback: a neutral state for blank answers, hints for the common numeric slips,
and plain-words explanations of the errors an answer cell most often raises."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from answer_cells import raise_in_cell
from notebook_runner import notebook_client

from medlab_teach import messages
from medlab_teach.checks import (
    CORRECT,
    NOT_ANSWERED_YET,
    TRY_AGAIN,
    Exercise,
    WrongAnswer,
    check,
    close_to,
    register,
)
from medlab_teach.friendly_errors import explain

register(
    Exercise(id="l99_change", title="a change", expected=lambda: -80.4, compare=close_to(0.01),
             solution_code="answer = -80.4\n",
             wrong_answers=(WrongAnswer("answer = 80.4", "sign"),)),
    Exercise(id="l99_share", title="a share", expected=lambda: 6.2, compare=close_to(0.01),
             unit="percent", solution_code="answer = 6.2\n"),
    Exercise(id="l99_fraction", title="a fraction", expected=lambda: 0.47,
             compare=close_to(0.01), unit="fraction", solution_code="answer = 0.47\n"),
    Exercise(id="l99_rate", title="a rate", expected=lambda: 35.5, compare=close_to(0.01),
             unit="rate", rate_count=lambda: 41, solution_code="answer = 35.5\n"),
    Exercise(id="l99_year", title="a year", expected=lambda: 2009, solution_code="answer = 2009\n"),
)


def test_blank_answer_is_neutral_not_a_failure() -> None:
    feedback = check("l99_change", ...)
    assert feedback.state == NOT_ANSWERED_YET and not feedback.answered and not feedback
    html = feedback._repr_html_()
    assert messages.MARK_NOT_ANSWERED in html
    assert messages.MARK_TRY_AGAIN not in html and "✘" not in html
    assert check("l99_change", 3).state == TRY_AGAIN
    assert check("l99_change", -80.4).state == CORRECT


@pytest.mark.parametrize(("exercise_id", "answer", "hint"), [
    ("l99_change", 80.4, messages.SLIP_SIGN),
    ("l99_change", -0.804, messages.SLIP_FRACTION_FOR_PERCENT),
    ("l99_share", 0.062, messages.SLIP_FRACTION_FOR_PERCENT),
    ("l99_fraction", 47, messages.SLIP_PERCENT_FOR_FRACTION),
    ("l99_rate", 41, messages.SLIP_COUNT_FOR_RATE),
    ("l99_rate", 0.355, messages.SLIP_RATE_SCALE.format(scale="1,000 people")),
    ("l99_year", 2010, messages.SLIP_OFF_BY_A_YEAR),
    ("l99_year", 2008, messages.SLIP_OFF_BY_A_YEAR),
    ("l99_change", "-12", messages.SLIP_TEXT_FOR_NUMBER),
])
def test_common_slips_get_their_hint(exercise_id: str, answer, hint: str) -> None:
    feedback = check(exercise_id, answer)
    assert not feedback.ok
    assert feedback.message == hint


def test_an_unrelated_wrong_number_gets_the_fallback_hint() -> None:
    assert check("l99_change", 12).message == messages.DEFAULT_FALLBACK_HINT
    assert check("l99_year", 2015).message == messages.DEFAULT_FALLBACK_HINT


def test_name_error_is_explained_with_a_suggestion_and_the_line() -> None:
    namespace = {"crimes": pd.DataFrame({"cases": [1]})}
    err, tb = raise_in_cell("x = 1\nanswer = crimez['cases'].sum()", namespace)
    explanation = explain(err, tb, namespace)
    assert "`crimez`" in explanation.text and "Did you mean `crimes`?" in explanation.text
    assert explanation.line == 2
    assert "line 2" in str(explanation)


def test_key_error_lists_the_tables_columns() -> None:
    namespace = {"crimes": pd.DataFrame({"cases": [1], "year": [2003]})}
    err, tb = raise_in_cell("crimes['case'].sum()", namespace)
    text = explain(err, tb, namespace).text
    assert "`case`" in text and "Did you mean `cases`?" in text and "cases, year" in text


def test_type_error_says_text_where_a_number_was_expected() -> None:
    err, tb = raise_in_cell("'80' - 3", {})
    assert "typed as text" in explain(err, tb, {}).text


def test_other_errors_are_left_alone() -> None:
    err, tb = raise_in_cell("1 / 0", {})
    assert explain(err, tb, {}) is None


@pytest.mark.notebooks
def test_in_a_kernel_the_explanation_comes_with_the_traceback() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in (
        "from medlab_teach.checks import check\nnumber = 3",
        "answer = numbr + 1",
        "answer = number + 1",
    )])
    notebook_client(nb, timeout=120).execute()
    outputs = nb.cells[1].outputs
    kinds = [out.output_type for out in outputs]
    assert kinds == ["display_data", "error"], kinds
    assert "Did you mean `number`?" in outputs[0].data["text/plain"]
    assert outputs[1].ename == "NameError" and outputs[1].traceback
    assert not [o for o in nb.cells[2].outputs if o.output_type == "error"]
