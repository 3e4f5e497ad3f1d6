"""Lesson 00, the Medellín Lab and the integral model: the Lab's days and method, the model's
structure, its fields of intervention and its case territories."""

from __future__ import annotations

from medlab_teach.checks import (
    Exercise,
    WrongAnswer,
    register,
    same_sequence,
    same_set,
    same_text,
    swapped,
)
from medlab_teach.i18n import N_, _


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


#: Programmes the Lab saw, keyed as in the lesson, and the line of the model each belongs to.
PROGRAMME_LINES = {
    "buen_comienzo": "prevencion_temprana",
    "parque_biblioteca": "prevencion_situacional",
    "sies_m": "reaccion_control",
    "unidad_victimas": "atencion_victimas",
}
#: The kit's names for the report's three campos de intervención, by the model's stage.
CAMPOS = {"prevention": "prevencion", "reaction": "reaccion", "reparation": "reparacion"}

#: The Lab's four methods (keys) and what each one does (letters of the lesson's list).
LAB_METHODS = {
    "carrera_observacion": "A",
    "cafe_mundial": "B",
    "retroalimentacion": "C",
    "open_space": "D",
}


def _campos() -> dict[str, str]:
    from medlab_teach.model import get

    return {key: CAMPOS[str(get(line).stage)] for key, line in PROGRAMME_LINES.items()}


def _norm_dict(answer, lower: bool) -> dict[str, str]:
    if not isinstance(answer, dict):
        raise TypeError(_("expected a dict, e.g. {'key': 'value', ...}"))
    out = {}
    for k, v in answer.items():
        value = str(v).strip()
        out[str(k).strip().casefold()] = value.casefold() if lower else value.upper()
    return out


def _same_campos(answer, expected) -> bool:
    return _norm_dict(answer, lower=True) == expected


def _same_methods(answer, expected) -> bool:
    return _norm_dict(answer, lower=False) == expected


def _campo_of(key: str, value: str):
    def predicate(answer, _expected) -> bool:
        return _norm_dict(answer, lower=True).get(key) == value

    return predicate


def _method_swapped(first: str, second: str):
    return swapped(first, second, lambda answer: _norm_dict(answer, lower=False))


def _is_reversed(answer, expected) -> bool:
    return same_sequence(answer, list(reversed(expected)))


def _contains_a_line(answer, _expected) -> bool:
    from medlab_teach.model import line_ids

    return bool({str(a).strip().casefold() for a in answer} & set(line_ids()))


register(
    Exercise(
        id="l00_first_last",
        title=N_("The two ends of the model"),
        expected=_first_and_last,
        compare=same_sequence,
        solution_code=(
            "from medlab_teach import model\n"
            "answer = [model.LINES[0].name_es, model.LINES[-1].name_es]\n"
        ),
        hints=(
            (_is_reversed, N_("You have the right two lines in the wrong order: the model runs "
                              "from "
             "prevention (before violence) to what comes after it has been repaired.")),
            (lambda a, e: len(a) != 2, N_("Give exactly two names: the first line and the last "
                                          "one.")),
        ),
        fallback_hint=N_("Look at `model.LINES`: it is ordered. Take the first and the last item's "
        "`name_es`."),
        explanation=N_("The model runs from Prevención temprana to Garantías de no repetición: a "
        "chain from before violence happens to making sure it does not return."),
        wrong_answers=(
            WrongAnswer(
                "answer = ['Garantías de no repetición', 'Prevención temprana']", "wrong order"),
            WrongAnswer("answer = ['Prevención social', 'Garantías de no repetición']",
                        "model.LINES"),
        ),
    ),
    Exercise(
        id="l00_axes",
        title=N_("The transversal axes"),
        expected=_axes,
        compare=same_set,
        solution_code=(
            "from medlab_teach import model\n"
            "answer = {axis.id for axis in model.AXES}\n"
        ),
        hints=(
            (_contains_a_line, N_("Your answer includes a line of intervention. The transversal "
                                  "axes "
             "are not steps of the chain: they run across all of them (see `model.AXES`).")),
        ),
        fallback_hint=N_("Use the ids of the elements in `model.AXES` (there are two)."),
        explanation=N_("Participation and empowerment, and resilience and resistance, cross every "
        "line: the Lab saw them in Comuna 13, Moravia and La Loma alike."),
        wrong_answers=(
            WrongAnswer("answer = {'participacion_empoderamiento', 'prevencion_social'}",
                        "line of intervention"),
        ),
    ),
    Exercise(
        id="l00_victims_territory",
        title=N_("Where the Lab went to learn about victims"),
        expected=_victims_territory,
        compare=same_text,
        solution_code=(
            "from medlab_teach import model\n"
            "answer = [key for key, case in model.CASE_TERRITORIES.items()\n"
            "          if 'atencion_victimas' in case['lines']][0]\n"
        ),
        hints=(
            (lambda a, e: str(a).strip().casefold() == "comuna_13",
             N_("Comuna 13 is the Lab's case for participation and resilience (day 2). Which visit "
             "on day 4 dealt with the 2013 displacements?")),
            (lambda a, e: str(a).strip().casefold() == "moravia",
             N_("Moravia is the Lab's case for early, social and situational prevention (day 3).")),
        ),
        fallback_hint=N_("Answer with one of the keys of `model.CASE_TERRITORIES`: 'comuna_13', "
        "'moravia' or 'la_loma'."),
        explanation=N_("Vereda La Loma, in San Cristóbal: after the 2013 displacements the Unidad "
        "Municipal de Atención y Reparación a Víctimas acted there."),
        wrong_answers=(WrongAnswer("answer = 'comuna_13'", "day 4"),),
    ),
    Exercise(
        id="l00_campos",
        title=N_("Programmes in the three fields of intervention"),
        expected=_campos,
        compare=_same_campos,
        solution_code=(
            "answer = {\n"
            "    'buen_comienzo': 'prevencion',\n"
            "    'parque_biblioteca': 'prevencion',\n"
            "    'sies_m': 'reaccion',\n"
            "    'unidad_victimas': 'reparacion',\n"
            "}\n"
        ),
        hints=(
            (lambda a, e: set(_norm_dict(a, lower=True)) != set(e),
             N_("Use exactly the four keys of the question: 'buen_comienzo', 'parque_biblioteca', "
             "'sies_m' and 'unidad_victimas'.")),
            (lambda a, e: not set(_norm_dict(a, lower=True).values()) <= set(CAMPOS.values()),
             N_("Each value must be one of the three fields: 'prevencion', 'reaccion' or "
             "'reparacion'.")),
            (_campo_of("parque_biblioteca", "reaccion"),
             N_("A library park changes a place before violence happens: situational prevention, "
             "in the field of prevention, not of reaction.")),
            (_campo_of("unidad_victimas", "reaccion"),
             N_("The Unidad de Atención y Reparación a Víctimas acts after the event, to attend "
                "and "
             "repair the victims: the field of reparation.")),
            (_campo_of("sies_m", "prevencion"),
             N_("SIES-M answers emergencies and crimes as they happen: the field of reaction.")),
        ),
        fallback_hint=N_("Find each programme's line with model.get(line_id).programmes, then the "
        "line's stage: prevention -> 'prevencion', reaction -> 'reaccion', reparation -> "
        "'reparacion'."),
        explanation=N_("Early childhood and public space before violence; the emergency system "
        "when it happens; the victims' unit after it: one policy, three fields."),
        wrong_answers=(
            WrongAnswer("answer = {'buen_comienzo': 'prevencion', 'parque_biblioteca': "
                        "'reaccion',\n          'sies_m': 'reaccion', 'unidad_victimas': "
                        "'reparacion'}", "library park"),
            WrongAnswer("answer = {'buen_comienzo': 'prevencion', 'parque_biblioteca': "
                        "'prevencion',\n          'sies_m': 'reaccion', 'unidad_victimas': "
                        "'reaccion'}", "after the event"),
            WrongAnswer("answer = {'buen_comienzo': 'prevencion', 'sies_m': 'reaccion'}",
                        "exactly the four keys"),
            WrongAnswer("answer = {'buen_comienzo': 'early', 'parque_biblioteca': 'prevencion',"
                        "\n          'sies_m': 'reaccion', 'unidad_victimas': 'reparacion'}",
                        "one of the three fields"),
        ),
    ),
    Exercise(
        id="l00_lab_methods",
        title=N_("The Lab's own methods"),
        expected=lambda: dict(LAB_METHODS),
        compare=_same_methods,
        solution_code=(
            "answer = {\n"
            "    'carrera_observacion': 'A',\n"
            "    'cafe_mundial': 'B',\n"
            "    'retroalimentacion': 'C',\n"
            "    'open_space': 'D',\n"
            "}\n"
        ),
        hints=(
            (lambda a, e: "E" in _norm_dict(a, lower=False).values(),
             N_("E (a lecture by experts, with questions at the end) is what the Lab chose not to "
             "do: its method was vivencial, direct contact and two-way exchange.")),
            (_method_swapped("cafe_mundial", "open_space"),
             N_("Swap two: the Café Mundial opened the Lab with three questions in small tables "
             "(day 1); the Open Space closed it with working groups and commitments (day 5).")),
            (_method_swapped("carrera_observacion", "retroalimentacion"),
             N_("Swap two: the observation race is seeing the city first-hand; the feedback "
             "exercise is looking back on the day before.")),
        ),
        fallback_hint=N_("Give a dict with the four keys of the question, each with one letter "
                         "A-E. "
        "Re-read section 5."),
        explanation=N_("See first, ask together, look back, commit: the kit's lessons follow the "
        "same four steps."),
        wrong_answers=(
            WrongAnswer("answer = {'carrera_observacion': 'A', 'cafe_mundial': 'D',\n"
                        "          'retroalimentacion': 'C', 'open_space': 'B'}", "Swap two"),
            WrongAnswer("answer = {'carrera_observacion': 'E', 'cafe_mundial': 'B',\n"
                        "          'retroalimentacion': 'C', 'open_space': 'D'}", "vivencial"),
            WrongAnswer("answer = {'carrera_observacion': 'C', 'cafe_mundial': 'B',\n"
                        "          'retroalimentacion': 'A', 'open_space': 'D'}",
                        "looking back"),
        ),
    ),
)
