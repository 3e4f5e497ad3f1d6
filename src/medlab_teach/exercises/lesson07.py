"""Lesson 07, peace building, reconciliation and non-repetition: CEPAR, the Museo Casa de la
Memoria, and what dropping the chain after harm does in the synthetic scenario model."""

from __future__ import annotations

import math
from typing import Any

from medlab_teach.checks import Exercise, WrongAnswer, close_to, near, register

#: The chain after harm (seed, day 3): justice, reparation, restoration of rights,
#: non-repetition.
CHAIN: tuple[str, ...] = ("justicia", "atencion_victimas", "restablecimiento_derechos",
                          "garantias_no_repeticion")
YEARS = 10


def _museum_year(words: str) -> int:
    from medlab_teach import cases

    frame = cases.timeline("museo_casa_memoria")
    rows = frame[frame["event"].str.contains(words, case=False, regex=False)]
    return int(rows["year"].iloc[0])


def _museum_years() -> int:
    return _museum_year("opens to the public") - _museum_year("is created")


def _museum_ceremony() -> int:
    return _museum_year("ceremonial inauguration") - _museum_year("is created")


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
        id="l07_museum_years",
        title="From creation to opening",
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
             "That is the time to the ceremonial inauguration. The question asks when the "
             "museum opened to the public."),
            (lambda a, e: float(a) < 0, "Subtract the year of creation from the year of opening."),
        ),
        fallback_hint="Find the rows 'is created' and 'opens to the public' in "
        "cases.timeline('museo_casa_memoria') and subtract their years.",
        explanation="Several years passed between the decision and the open doors: memory "
        "institutions take time, and their dates depend on what one counts as the start.",
        wrong_answers=(WrongAnswer("answer = 2011 - 2006", "ceremonial"),),
    ),
    Exercise(
        id="l07_without_chain",
        title="The integral mix without the chain after harm",
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
             "That preset still gives effort to 'garantias_no_repeticion'. Drop all four lines "
             "of the chain."),
            (_shares_like(_drop_only_victims()),
             "You dropped only victim attention. The chain has four lines: justicia, "
             "atencion_victimas, restablecimiento_derechos, garantias_no_repeticion."),
        ),
        fallback_hint="Start from scenario.preset('integral') and use scenario.without(mix, "
        "...) with the four lines of the chain.",
        explanation="Same total effort, spread over the six remaining lines.",
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
        title="What the missing chain costs over ten years (synthetic)",
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
             "Right size, wrong sign: subtract the integral scenario from the one without the "
             "chain, so that extra homicides come out positive."),
            (near(_last_year_gap),
             "That is the gap in year 10 only. Sum over the ten years: "
             "`cumulative_homicide_rate(10)`."),
        ),
        fallback_hint="Simulate both scenarios for 10 years and subtract their "
        "cumulative_homicide_rate(10).",
        explanation="In this synthetic teaching model, leaving out justice and reparation costs "
        "more lives over ten years than it saves in the first two. It is an argument made with "
        "a model, not a measurement.",
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson07 import _extra_rate\n"
                        "answer = -_extra_rate()", "wrong sign"),
            WrongAnswer("from medlab_teach.exercises.lesson07 import _last_year_gap\n"
                        "answer = _last_year_gap()", "year 10 only"),
        ),
    ),
    Exercise(
        id="l07_first_year_worse",
        title="When does leaving out the chain start to cost?",
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
             "In that year the scenario without the chain still has *less* violence: its "
             "effort goes to faster lines. Look for the first year its line rises above the "
             "integral one."),
            (lambda a, e: float(a) >= 10,
             "The gap opens well before the end. Compare `b.violence[t] > a.violence[t]` "
             "year by year."),
        ),
        fallback_hint="Compare the two trajectories' violence year by year (t = 1..10) and "
        "give the first t where the scenario without the chain is higher.",
        explanation="Early on, the mix without the chain looks better; the cost of unrepaired "
        "harm and lost trust arrives later, often after the government that chose it has left.",
        wrong_answers=(
            WrongAnswer("answer = 1", "less"),
            WrongAnswer("answer = 10", "well before"),
        ),
    ),
)
