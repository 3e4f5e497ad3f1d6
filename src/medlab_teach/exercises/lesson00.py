"""Lesson 00, the Medellín Lab and the integral model: exploring the model's map."""

from __future__ import annotations

from medlab_teach.checks import Exercise, WrongAnswer, register, same_sequence, same_set, same_text


def _first_and_last() -> list[str]:
    from medlab_teach.model import LINES

    return [LINES[0].name_es, LINES[-1].name_es]


def _axes() -> set[str]:
    from medlab_teach.model import AXES

    return {axis.id for axis in AXES}


def _victims_territory() -> str:
    from medlab_teach.model import CASE_TERRITORIES

    (key,) = [k for k, v in CASE_TERRITORIES.items() if "atencion_victimas" in v["lines"]]
    return key


def _is_reversed(answer, expected) -> bool:
    return same_sequence(answer, list(reversed(expected)))


def _contains_a_line(answer, _expected) -> bool:
    from medlab_teach.model import line_ids

    return bool({str(a).strip().casefold() for a in answer} & set(line_ids()))


register(
    Exercise(
        id="l00_first_last",
        title="The two ends of the model",
        expected=_first_and_last,
        compare=same_sequence,
        solution_code=(
            "from medlab_teach import model\n"
            "answer = [model.LINES[0].name_es, model.LINES[-1].name_es]\n"
        ),
        hints=(
            (_is_reversed, "You have the right two lines in the wrong order: the model runs from "
             "prevention (before violence) to what comes after it has been repaired."),
            (lambda a, e: len(a) != 2, "Give exactly two names: the first line and the last one."),
        ),
        fallback_hint="Look at `model.LINES`: it is ordered. Take the first and the last item's "
        "`name_es`.",
        explanation="The model runs from Prevención temprana to Garantías de no repetición: a "
        "chain from before violence happens to making sure it does not return.",
        wrong_answers=(
            WrongAnswer(
                "answer = ['Garantías de no repetición', 'Prevención temprana']", "wrong order"),
            WrongAnswer("answer = ['Prevención social', 'Garantías de no repetición']",
                        "model.LINES"),
        ),
    ),
    Exercise(
        id="l00_axes",
        title="The transversal axes",
        expected=_axes,
        compare=same_set,
        solution_code=(
            "from medlab_teach import model\n"
            "answer = {axis.id for axis in model.AXES}\n"
        ),
        hints=(
            (_contains_a_line, "Your answer includes a line of intervention. The transversal axes "
             "are not steps of the chain: they run across all of them (see `model.AXES`)."),
        ),
        fallback_hint="Use the ids of the elements in `model.AXES` (there are two).",
        explanation="Participation and empowerment, and resilience and resistance, cross every "
        "line: the Lab saw them in Comuna 13, Moravia and La Loma alike.",
        wrong_answers=(
            WrongAnswer("answer = {'participacion_empoderamiento', 'prevencion_social'}",
                        "line of intervention"),
        ),
    ),
    Exercise(
        id="l00_victims_territory",
        title="Where the Lab went to learn about victims",
        expected=_victims_territory,
        compare=same_text,
        solution_code=(
            "from medlab_teach import model\n"
            "answer = [key for key, case in model.CASE_TERRITORIES.items()\n"
            "          if 'atencion_victimas' in case['lines']][0]\n"
        ),
        hints=(
            (lambda a, e: str(a).strip().casefold() == "comuna_13",
             "Comuna 13 is the Lab's case for participation and resilience (day 2). Which visit "
             "on day 4 dealt with the 2013 displacements?"),
            (lambda a, e: str(a).strip().casefold() == "moravia",
             "Moravia is the Lab's case for early, social and situational prevention (day 3)."),
        ),
        fallback_hint="Answer with one of the keys of `model.CASE_TERRITORIES`: 'comuna_13', "
        "'moravia' or 'la_loma'.",
        explanation="Vereda La Loma, in San Cristóbal: after the 2013 displacements the Unidad "
        "Municipal de Atención y Reparación a Víctimas acted there.",
        wrong_answers=(WrongAnswer("answer = 'comuna_13'", "day 4"),),
    ),
)
