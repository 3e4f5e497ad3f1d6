"""Every self-check: the solution passes, realistic wrong answers fail with a useful hint."""

from __future__ import annotations

import re

import pytest

from medlab_teach import set_language
from medlab_teach.checks import (
    NOT_ANSWERED,
    all_exercises,
    check,
    get_exercise,
    run_solution,
    solution,
)
from medlab_teach.errors import UnknownIdError

EXERCISES = all_exercises()


def test_exercises_are_declared() -> None:
    assert len(EXERCISES) >= 3


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_solution_passes(exercise) -> None:
    feedback = check(exercise.id, run_solution(exercise.id))
    assert feedback.ok, f"the solution of {exercise.id} fails its own check: {feedback}"
    assert "Correct" in feedback._repr_html_()


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_wrong_answers_get_their_hint(exercise) -> None:
    assert exercise.wrong_answers, f"{exercise.id} declares no realistic wrong answer to test"
    for wrong in exercise.wrong_answers:
        namespace: dict = {}
        exec(wrong.code, namespace)
        feedback = check(exercise.id, namespace["answer"])
        assert not feedback.ok, f"{exercise.id} accepted a wrong answer: {wrong.code}"
        assert wrong.hint_contains.lower() in feedback.message.lower(), (
            f"{exercise.id}: for {wrong.code!r} expected a hint mentioning "
            f"{wrong.hint_contains!r}, got {feedback.message!r}")


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_blank_answer_is_not_answered(exercise) -> None:
    assert check(exercise.id, ...).message == NOT_ANSWERED
    assert "```python" in solution(exercise.id)._repr_markdown_()


def test_unknown_exercise_lists_the_lessons_exercises() -> None:
    with pytest.raises(UnknownIdError, match="l00_axes"):
        get_exercise("l00_no_such_exercise")
    with pytest.raises(UnknownIdError, match="look like"):
        get_exercise("exercise1")


def test_a_wrongly_typed_answer_is_a_hint_not_a_traceback() -> None:
    feedback = check("l00_first_last", 42)
    assert not feedback.ok
    assert "unexpected form" in feedback.message


# ------------------------------------------------------------------ the same, in Spanish

ENGLISH_WORDS = re.compile(r"\b(the|of|and|your|with|from|Try again|Correct)\b")
NOT_PROSE = re.compile(r"`[^`]*`|\"[^\"]*\"|'[^']*'|«[^»]*»")


@pytest.fixture()
def spanish():
    """The kit in Spanish for one test, English again afterwards."""
    set_language("es")
    yield
    set_language("en")


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_in_spanish_the_solution_passes_and_wrong_answers_get_spanish_hints(exercise,
                                                                            spanish) -> None:
    assert check(exercise.id, run_solution(exercise.id)).ok
    for wrong in exercise.wrong_answers:
        namespace: dict = {}
        exec(wrong.code, namespace)
        feedback = check(exercise.id, namespace["answer"])
        assert not feedback.ok, f"{exercise.id} accepted a wrong answer in Spanish: {wrong.code}"
        prose = NOT_PROSE.sub(" ", feedback.message)
        assert not ENGLISH_WORDS.search(prose), (
            f"{exercise.id}: English in the Spanish hint for {wrong.code!r}: "
            f"{feedback.message!r}")
