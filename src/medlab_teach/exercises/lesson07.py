"""Lesson 07, peace building, reconciliation and non-repetition: CEPAR, the Museo Casa de la
Memoria, and what dropping the chain after harm does in the synthetic scenario model."""

from __future__ import annotations

import math
from typing import Any

from medlab_teach.checks import Exercise, WrongAnswer, close_to, near, register, same_set
from medlab_teach.i18n import N_, _

#: The chain after harm (the Lab's report, day 3): justice, reparation, restoration of rights,
#: non-repetition.
CHAIN: tuple[str, ...] = ("justicia", "atencion_victimas", "restablecimiento_derechos",
                          "garantias_no_repeticion")
YEARS = 10

#: What the Lab's report says of each institution visited on day 3 (verbatim fragments), and
#: which one it says it of. Lesson 07 shows the fragments; learners sort them.
INSTITUTION_STATEMENTS: dict[str, tuple[str, str]] = {
    "a": ("se convirtió en un espacio de convivencia entre víctimas y victimarios", "cepar"),
    "b": ("contribuir desde el ejercicio de la memoria, el diálogo y la reflexión a la "
          "comprensión y superación del conflicto armado", "museo"),
    "c": ("tejiendo garantías para la no repetición", "cepar"),
    "d": ("un espacio simbólico y físico para entender el pasado y el presente de la sociedad "
          "colombiana", "museo"),
    "e": ("ingresar y/o continuar la educación regular y acceder a mejores puestos de trabajo",
          "cepar"),
}


def _museum_year(words: str) -> int:
    from medlab_teach import cases

    frame = cases.timeline("museo_casa_memoria")
    rows = frame[frame["event"].str.contains(words, case=False, regex=False)]
    return int(rows["year"].iloc[0])


def _museum_years() -> int:
    return _museum_year("opens to the public") - _museum_year("is created")


def _museum_ceremony() -> int:
    return _museum_year("ceremonial inauguration") - _museum_year("is created")


def _who_said_it() -> dict[str, str]:
    return {key: institution for key, (_text, institution) in INSTITUTION_STATEMENTS.items()}


def _as_mapping(answer: Any) -> dict[str, str]:
    if not isinstance(answer, dict):
        raise TypeError(_("answer must be a dict such as {'a': 'cepar', 'b': 'museo', ...}"))
    return {str(k).strip().lower(): str(v).strip().casefold() for k, v in answer.items()}


def _same_mapping(answer: Any, expected: dict[str, str]) -> bool:
    return _as_mapping(answer) == expected


def _non_repetition_to_museo(answer: Any, _expected: Any) -> bool:
    return _as_mapping(answer).get("c") == "museo"


def _missing_keys(answer: Any, expected: dict[str, str]) -> bool:
    return set(_as_mapping(answer)) != set(expected)


def _museo_groups() -> set[int]:
    from medlab_teach import data

    parts = data.load("open_space_participants")
    named = parts["participant_es"].str.contains("Museo Casa de la Memoria", case=False)
    return {int(g) for g in parts.loc[named, "group_number"]}


def _groups_naming(words: str) -> set[int]:
    from medlab_teach import data

    groups = data.load("open_space_groups")
    text = groups["objective_es"].fillna("") + " " + groups["other_commitments_es"].fillna("")
    return {int(g) for g in groups.loc[text.str.contains(words, case=False), "group_number"]}


def _without_chain() -> dict[str, float]:
    from medlab_teach import scenario

    return scenario.without(scenario.preset("integral"), *CHAIN)


def _same_shares(answer: Any, expected: dict[str, float]) -> bool:
    from medlab_teach import scenario

    given = scenario.validate_shares(answer)
    return all(math.isclose(given[k], v, abs_tol=0.6) for k, v in expected.items())


def _shares_like(other: dict[str, float]):
    def predicate(answer: Any, _expected: Any) -> bool:
        return _same_shares(answer, other)

    return predicate


def _drop_only_victims() -> dict[str, float]:
    from medlab_teach import scenario

    return scenario.without(scenario.preset("integral"), "atencion_victimas")


def _preset_without_justice() -> dict[str, float]:
    from medlab_teach import scenario

    return scenario.preset("integral_sin_justicia_reparacion")


def _pair():
    from medlab_teach import scenario

    a = scenario.Scenario(shares=scenario.preset("integral"), years=YEARS, name="Integral")
    b = scenario.Scenario(shares=_without_chain(), years=YEARS, name="Sin cadena")
    return a.simulate(), b.simulate()


def _extra_rate() -> float:
    a, b = _pair()
    return b.cumulative_homicide_rate(YEARS) - a.cumulative_homicide_rate(YEARS)


def _last_year_gap() -> float:
    a, b = _pair()
    return float(b.violence[YEARS] - a.violence[YEARS])


def _first_year_worse() -> int:
    a, b = _pair()
    worse = [t for t in range(1, YEARS + 1) if b.violence[t] > a.violence[t]]
    return int(worse[0])


register(
    Exercise(
        id="l07_cepar_or_museo",
        title=N_("CEPAR or the Museo Casa de la Memoria?"),
        expected=_who_said_it,
        compare=_same_mapping,
        solution_code=(
            "answer = {'a': 'cepar', 'b': 'museo', 'c': 'cepar', 'd': 'museo', 'e': 'cepar'}\n"
        ),
        hints=(
            (_missing_keys,
             N_("Give one institution for each of the five statements: keys 'a' to 'e', values "
             "'cepar' or 'museo'.")),
            (_non_repetition_to_museo,
             N_("Statement c: the report ties 'garantías para la no repetición' to CEPAR, where "
             "victims and former combatants study together. It describes the Museo as a place "
             "of memory, dialogue and reflection, without that phrase.")),
        ),
        fallback_hint=N_("Re-read the report's paragraph on each institution in section 1: "
        "education and coexistence are CEPAR's; memory, dialogue and reflection the Museo's."),
        explanation=N_("CEPAR is where the report places reintegration, coexistence between "
        "victims and victimarios, and the weaving of guarantees of non-repetition; the Museo "
        "is a symbolic and physical space for memory and reflection."),
        wrong_answers=(
            WrongAnswer("answer = {'a': 'cepar', 'b': 'museo', 'c': 'museo', 'd': 'museo', "
                        "'e': 'cepar'}", "ties 'garantías para la no repetición' to CEPAR"),
            WrongAnswer("answer = {'a': 'cepar', 'b': 'museo'}", "five statements"),
            WrongAnswer("answer = {'a': 'museo', 'b': 'cepar', 'c': 'cepar', 'd': 'museo', "
                        "'e': 'cepar'}", "re-read"),
        ),
    ),
    Exercise(
        id="l07_museo_groups",
        title=N_("The Museo Casa de la Memoria at the Open Space"),
        expected=_museo_groups,
        compare=same_set,
        solution_code=(
            "from medlab_teach import data\n"
            "parts = data.load('open_space_participants')\n"
            "named = parts['participant_es'].str.contains('Museo Casa de la Memoria', "
            "case=False)\n"
            "answer = set(parts.loc[named, 'group_number'])\n"
        ),
        hints=(
            (lambda a, e: {int(x) for x in a} == _groups_naming("museo casa de la memoria"),
             N_("Those are the groups whose objective or commitments *mention* the Museo. The "
             "question asks where it took part: look in open_space_participants.")),
            (lambda a, e: {int(x) for x in a} < e,
             N_("The Museo took part in more than one group: keep every row whose participant_es "
             "names it.")),
        ),
        fallback_hint=N_("Filter open_space_participants to the rows whose participant_es "
        "contains 'Museo Casa de la Memoria' and collect their group_number."),
        explanation=N_("The Museo joined the Joven Lab group (young people at risk, with CEPAR's "
        "strategy as a model to share) and the historical memory group with El Salvador's "
        "Prepaz programme: an institution offering its method to other cities."),
        wrong_answers=(
            WrongAnswer("answer = {6}", "more than one group"),
            WrongAnswer("answer = {3}", "mention"),
        ),
    ),
    Exercise(
        id="l07_museum_years",
        title=N_("From creation to opening"),
        expected=_museum_years,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import cases\n"
            "museo = cases.timeline('museo_casa_memoria')\n"
            "created = museo[museo['event'].str.contains('is created')]['year'].iloc[0]\n"
            "opened = museo[museo['event'].str.contains('opens to the public')]['year'].iloc[0]\n"
            "answer = int(opened - created)\n"
        ),
        hints=(
            (lambda a, e: float(a) == _museum_ceremony(),
             N_("That is the time to the ceremonial inauguration. The question asks when the "
             "museum opened to the public.")),
            (lambda a, e: float(a) < 0, N_("Subtract the year of creation from the year of "
                                           "opening.")),
        ),
        fallback_hint=N_("Find the rows 'is created' and 'opens to the public' in "
        "cases.timeline('museo_casa_memoria') and subtract their years."),
        explanation=N_("Several years passed between the decision and the open doors: memory "
        "institutions take time, and their dates depend on what one counts as the start."),
        wrong_answers=(WrongAnswer("answer = 2011 - 2006", "ceremonial"),),
    ),
    Exercise(
        id="l07_without_chain",
        title=N_("The integral mix without the chain after harm"),
        expected=_without_chain,
        compare=_same_shares,
        solution_code=(
            "from medlab_teach import scenario\n"
            "answer = scenario.without(scenario.preset('integral'), 'justicia', "
            "'atencion_victimas',\n"
            "                          'restablecimiento_derechos', 'garantias_no_repeticion')\n"
        ),
        hints=(
            (_shares_like(_preset_without_justice()),
             N_("That preset still gives effort to 'garantias_no_repeticion'. Drop all four lines "
             "of the chain.")),
            (_shares_like(_drop_only_victims()),
             N_("You dropped only victim attention. The chain has four lines: justicia, "
             "atencion_victimas, restablecimiento_derechos, garantias_no_repeticion.")),
        ),
        fallback_hint=N_("Start from scenario.preset('integral') and use scenario.without(mix, "
        "...) with the four lines of the chain."),
        explanation=N_("Same total effort, spread over the six remaining lines."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import scenario\n"
                        "answer = scenario.preset('integral_sin_justicia_reparacion')",
                        "garantias_no_repeticion"),
            WrongAnswer("from medlab_teach import scenario\n"
                        "answer = scenario.without(scenario.preset('integral'), "
                        "'atencion_victimas')", "only victim attention"),
        ),
    ),
    Exercise(
        id="l07_extra_rate",
        title=N_("What the missing chain costs over ten years (synthetic)"),
        expected=_extra_rate,
        compare=close_to(rel=0.01),
        solution_code=(
            "from medlab_teach import scenario\n"
            "chain = ('justicia', 'atencion_victimas', 'restablecimiento_derechos',\n"
            "         'garantias_no_repeticion')\n"
            "a = scenario.Scenario(shares=scenario.preset('integral'), years=10)\n"
            "b = scenario.Scenario(shares=scenario.without(scenario.preset('integral'), *chain),\n"
            "                      years=10)\n"
            "answer = (b.simulate().cumulative_homicide_rate(10)\n"
            "          - a.simulate().cumulative_homicide_rate(10))\n"
        ),
        hints=(
            (lambda a, e: math.isclose(float(a), -e, rel_tol=0.01),
             N_("Right size, wrong sign: subtract the integral scenario from the one without the "
             "chain, so that extra homicides come out positive.")),
            (near(_last_year_gap),
             N_("That is the gap in year 10 only. Sum over the ten years: "
             "`cumulative_homicide_rate(10)`.")),
        ),
        fallback_hint=N_("Simulate both scenarios for 10 years and subtract their "
        "cumulative_homicide_rate(10)."),
        explanation=N_("In this synthetic teaching model, leaving out justice and reparation costs "
        "more lives over ten years than it saves in the first two. It is an argument made with "
        "a model, not a measurement."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson07 import _extra_rate\n"
                        "answer = -_extra_rate()", "wrong sign"),
            WrongAnswer("from medlab_teach.exercises.lesson07 import _last_year_gap\n"
                        "answer = _last_year_gap()", "year 10 only"),
        ),
    ),
    Exercise(
        id="l07_first_year_worse",
        title=N_("When does leaving out the chain start to cost?"),
        expected=_first_year_worse,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import scenario\n"
            "chain = ('justicia', 'atencion_victimas', 'restablecimiento_derechos',\n"
            "         'garantias_no_repeticion')\n"
            "integral = scenario.preset('integral')\n"
            "a = scenario.Scenario(shares=integral, years=10).simulate()\n"
            "b = scenario.Scenario(shares=scenario.without(integral, *chain),\n"
            "                      years=10).simulate()\n"
            "answer = next(t for t in range(1, 11) if b.violence[t] > a.violence[t])\n"
        ),
        hints=(
            (lambda a, e: float(a) < e,
             N_("In that year the scenario without the chain still has *less* violence: its "
             "effort goes to faster lines. Look for the first year its line rises above the "
             "integral one.")),
            (lambda a, e: float(a) >= 10,
             N_("The gap opens well before the end. Compare `b.violence[t] > a.violence[t]` "
             "year by year.")),
        ),
        fallback_hint=N_("Compare the two trajectories' violence year by year (t = 1..10) and "
        "give the first t where the scenario without the chain is higher."),
        explanation=N_("Early on, the mix without the chain looks better; the cost of unrepaired "
        "harm and lost trust arrives later, often after the government that chose it has left."),
        wrong_answers=(
            WrongAnswer("answer = 1", "less"),
            WrongAnswer("answer = 10", "well before"),
        ),
    ),
)
