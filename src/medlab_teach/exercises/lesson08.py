"""Lesson 08, from Medellín to your city: the Open Space, policy continuity, the capstone plan."""

from __future__ import annotations

import math
from typing import Any

from medlab_teach.checks import Exercise, WrongAnswer, close_to, near, register, same_set
from medlab_teach.i18n import N_, _

TERMS = ("short", "medium", "long")
YEARS = 10


def _groups_all_terms() -> set[int]:
    from medlab_teach import data

    commitments = data.load("open_space_commitments")
    terms = commitments.groupby("group_number")["term"].agg(set)
    return {int(g) for g, found in terms.items() if set(TERMS) <= found}


def _all_groups() -> set[int]:
    from medlab_teach import data

    return {int(g) for g in data.load("open_space_groups")["group_number"]}


def _participants():
    from medlab_teach import data

    return data.load("open_space_participants").groupby("group_number").size()


def _largest_group() -> int:
    return int(_participants().idxmax())


def _continuity_pair():
    from medlab_teach import scenario

    kept = scenario.Scenario(shares=scenario.preset("integral"), years=YEARS, name="Kept")
    cut = kept.replace(continuity=False, name="Cut after one term")
    return kept.simulate(), cut.simulate()


def _continuity_cost() -> float:
    kept, cut = _continuity_pair()
    return cut.cumulative_homicide_rate(YEARS) - kept.cumulative_homicide_rate(YEARS)


def _last_year_gap() -> float:
    kept, cut = _continuity_pair()
    return float(cut.violence[YEARS] - kept.violence[YEARS])


def _as_plan(answer: Any):
    from medlab_teach import plan

    if isinstance(answer, plan.ActionPlan):
        return answer
    return plan.ActionPlan.from_dict(answer)


#: The conclusions of the report that are about the Lab's own method (lab_report.CONCLUSIONS).
LAB_METHOD_CONCLUSIONS = frozenset({8, 9})


def _conclusion_numbers(answer: Any) -> set[int]:
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__iter__"):
        raise TypeError(_("answer must be a set of conclusion numbers, such as {1, 2}"))
    return {int(x) for x in answer}


def _is_example(answer: Any) -> bool:
    from medlab_teach import plan

    return _as_plan(answer).title.strip() == plan.example().title


def _capstone_ok(answer: Any, _expected: Any) -> bool:
    return not _is_example(answer) and _as_plan(answer).is_valid(require_integral=True)


def _term_missing(answer: Any, _expected: Any) -> bool:
    from medlab_teach import plan

    given = {c.term for c in _as_plan(answer).commitments}
    return bool(_as_plan(answer).commitments) and not set(plan.TERMS) <= given


def _one_stage(answer: Any, _expected: Any) -> bool:
    route = _as_plan(answer)
    return route.is_valid() and not route.is_valid(require_integral=True)


register(
    Exercise(
        id="l08_all_terms",
        title=N_("Which working groups committed at every term?"),
        expected=_groups_all_terms,
        compare=same_set,
        solution_code=(
            "from medlab_teach import data\n"
            "commitments = data.load('open_space_commitments')\n"
            "terms = commitments.groupby('group_number')['term'].agg(set)\n"
            "answer = {int(g) for g, t in terms.items() if {'short', 'medium', 'long'} <= t}\n"
        ),
        hints=(
            (lambda a, e: {int(x) for x in a} == _all_groups(),
             N_("Not every group gave termed commitments: read the `note` column of "
             "open_space_groups for groups 2, 7 and 8.")),
            (lambda a, e: {int(x) for x in a} < e,
             N_("Some groups are missing: check each group's terms, not only the ones with "
             "many commitments.")),
            (lambda a, e: {int(x) for x in a} > e,
             N_("Your set includes a group that lacks at least one of short, medium and long.")),
        ),
        fallback_hint=N_("Group open_space_commitments by group_number, collect each group's "
        "terms as a set, and keep the groups whose set holds 'short', 'medium' and 'long'."),
        explanation=N_("Five of eight groups fixed commitments at all three terms, as the Open "
        "Space asked; the others gave an objective or a general commitment."),
        wrong_answers=(
            WrongAnswer("answer = {1, 2, 3, 4, 5, 6, 7, 8}", "note"),
            WrongAnswer("answer = {1, 3}", "missing"),
        ),
    ),
    Exercise(
        id="l08_largest_group",
        title=N_("The largest working group"),
        expected=_largest_group,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import data\n"
            "participants = data.load('open_space_participants')\n"
            "answer = int(participants.groupby('group_number').size().idxmax())\n"
        ),
        hints=(
            (lambda a, e: float(a) == int(_participants().max()) and float(a) != e,
             N_("That is the number of participants of the largest group; the question asks for "
             "its group_number (use `.idxmax()`).")),
        ),
        fallback_hint=N_("Count participants per group_number in open_space_participants and take "
        "the group with the most."),
        explanation=N_("City to City gathered the most participants: cities and resilience offices "
        "from across the Americas."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import data\n"
                        "p = data.load('open_space_participants')\n"
                        "answer = int(p.groupby('group_number').size().max())", ".idxmax()"),
        ),
    ),
    Exercise(
        id="l08_lab_method",
        title=N_("The conclusions about the Lab itself"),
        expected=lambda: set(LAB_METHOD_CONCLUSIONS),
        compare=same_set,
        solution_code="answer = {8, 9}\n",
        hints=(
            (lambda a, e: 4 in _conclusion_numbers(a),
             N_("Conclusion 4 (cultura metro) is something the Lab learned about Medellín on day "
             "1, not a conclusion about how the Lab worked.")),
            (lambda a, e: 10 in _conclusion_numbers(a) or 5 in _conclusion_numbers(a),
             N_("Conclusions 5 and 10 are about ingredients that are Medellín's own. Look for the "
             "ones that speak of the Lab's metodología and of the Lab as a laboratorio vivo.")),
            (lambda a, e: _conclusion_numbers(a) < e,
             N_("One is missing: both the value of the Lab's method and the Lab as a living "
             "laboratory of practices are about the Lab itself.")),
        ),
        fallback_hint=N_("Read the ten conclusions again and keep the two that speak of the "
        "Medellín Lab (its metodología, its laboratorio vivo), not of the city's model."),
        explanation=N_("Conclusions 8 and 9 value the Lab's own method: first-hand contact with "
        "the city and its actors, and a horizontal, two-way exchange between cities. The kit "
        "borrows that method in every lesson."),
        wrong_answers=(
            WrongAnswer("answer = {4, 8}", "cultura metro"),
            WrongAnswer("answer = {8, 10}", "Medellín's own"),
            WrongAnswer("answer = {9}", "missing"),
        ),
    ),
    Exercise(
        id="l08_continuity_cost",
        title=N_("What cutting the policy after one term costs (synthetic)"),
        expected=_continuity_cost,
        compare=close_to(rel=0.01),
        solution_code=(
            "from medlab_teach import scenario\n"
            "kept = scenario.Scenario(shares=scenario.preset('integral'), years=10)\n"
            "cut = kept.replace(continuity=False)\n"
            "answer = (cut.simulate().cumulative_homicide_rate(10)\n"
            "          - kept.simulate().cumulative_homicide_rate(10))\n"
        ),
        hints=(
            (lambda a, e: math.isclose(float(a), -e, rel_tol=0.01),
             N_("Right size, wrong sign: subtract the kept policy from the cut one.")),
            (near(_last_year_gap),
             N_("That is the gap in year 10 only; sum over the ten years with "
             "`cumulative_homicide_rate(10)`.")),
            (lambda a, e: abs(float(a)) < 1e-9,
             N_("Zero means both scenarios are the same: set continuity=False in one of them.")),
        ),
        fallback_hint=N_("Simulate the integral mix for 10 years with continuity=True and with "
        "continuity=False, and subtract their cumulative_homicide_rate(10)."),
        explanation=N_("In the synthetic model, the first four years are identical; the cost of "
        "cutting the policy arrives in the next government's term. The report's round table "
        "asked for a road map beyond each government; when a cut costs, and how much, is the "
        "model's reading, not the report's."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson08 import _continuity_cost\n"
                        "answer = -_continuity_cost()", "wrong sign"),
            WrongAnswer("from medlab_teach.exercises.lesson08 import _last_year_gap\n"
                        "answer = _last_year_gap()", "year 10 only"),
        ),
    ),
    Exercise(
        id="l08_capstone",
        title=N_("Capstone: an action plan for your city"),
        expected=lambda: "a plan for your own city that validates with require_integral=True",
        compare=_capstone_ok,
        solution_code=(
            "from medlab_teach import plan\n"
            "alcaldia = 'Alcaldía (secretaría de seguridad)'\n"
            "comunidad = 'Organizaciones comunitarias y juveniles'\n"
            "academia = 'Universidad local'\n"
            "answer = plan.ActionPlan(\n"
            "    title='Plan integral de seguridad y convivencia (ejemplo)',\n"
            "    territory='Mi ciudad (ejemplo)',\n"
            "    problems=['Homicidios concentrados en pocos lugares y horas',\n"
            "              'Programas que se interrumpen con cada gobierno'],\n"
            "    lines=['prevencion_social', 'reaccion_control', 'atencion_victimas',\n"
            "           'participacion_empoderamiento'],\n"
            "    actors=[alcaldia, comunidad, academia],\n"
            "    commitments=[\n"
            "        plan.Commitment('Diagnóstico de lugares y horas con datos abiertos',\n"
            "                        'corto',\n"
            "                        ['reaccion_control'], [alcaldia, academia],\n"
            "                        'Informe público de concentración de homicidios'),\n"
            "        plan.Commitment('Programa de prevención con jóvenes diseñado con ellos',\n"
            "                        'mediano', ['prevencion_social', "
            "'participacion_empoderamiento'],\n"
            "                        [alcaldia, comunidad], 'Jóvenes que participan y siguen'),\n"
            "        plan.Commitment('Ruta de atención a víctimas y política a diez años',\n"
            "                        'largo', ['atencion_victimas'], [alcaldia, comunidad],\n"
            "                        'Política aprobada por el concejo'),\n"
            "    ],\n"
            ")\n"
        ),
        hints=(
            (lambda a, e: _is_example(a),
             N_("That is the kit's worked example (Joven Lab). Write a plan for a city of your "
             "choice: its own problems, actors and commitments.")),
            (_term_missing,
             N_("The plan needs commitments at short, medium and long term ('corto', 'mediano', "
             "'largo'), as at the Open Space.")),
            (_one_stage,
             N_("All your lines are in one stage of the model. An integral plan spans at least "
             "two: prevention; reaction and justice; reparation and non-repetition.")),
        ),
        fallback_hint=N_("The plan is not complete yet: "
        "print(my_plan.validate(require_integral=True)) lists what to fix, one sentence each."),
        explanation=N_("Your plan is complete and integral. Export it with to_markdown() and "
        "share it: at the Lab, commitments were made to be followed up by others."),
        solution_note=N_("This is one complete plan for an imaginary city. Use it to see the "
        "shape of a plan, not as your answer."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import plan\nanswer = plan.example()", "worked example"),
            WrongAnswer("from medlab_teach import plan\nanswer = plan.ActionPlan(title='Plan', "
                        "territory='X', problems=['p'], lines=['prevencion_social'], "
                        "actors=['A'], commitments=[plan.Commitment('a', 'corto', "
                        "['prevencion_social'], ['A'])])", "short, medium and long"),
            WrongAnswer("from medlab_teach import plan\nanswer = plan.ActionPlan(title='Plan', "
                        "territory='X', problems=['p'], lines=['prevencion_social'], "
                        "actors=['A'], commitments=[plan.Commitment(t, t, "
                        "['prevencion_social'], ['A']) for t in ('corto', 'mediano', 'largo')])",
                        "two"),
            WrongAnswer("answer = {'title': 'Plan', 'territory': 'X'}", "validate"),
        ),
    ),
)
