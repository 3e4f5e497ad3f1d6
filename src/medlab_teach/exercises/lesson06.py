"""Lesson 06, victim attention and restoration of rights: Vereda La Loma (San Cristóbal, "60")."""

from __future__ import annotations

import re
from typing import Any

from medlab_teach.checks import Exercise, WrongAnswer, close_to, ratio_near, register
from medlab_teach.i18n import N_

#: San Cristóbal, the corregimiento of Vereda La Loma, in the crime tables.
SAN_CRISTOBAL = "60"

#: What the Lab's report says must follow a victimising event (day 4, La Loma): justice,
#: attention and reparation to victims, restoration of rights, guarantees of non-repetition.
VICTIM_ROUTE: tuple[str, ...] = ("justicia", "atencion_victimas", "restablecimiento_derechos",
                                 "garantias_no_repeticion")

_PEOPLE = re.compile(r"(\d[\d,]*) people")


def people_counts() -> dict[str, int]:
    """Number of people reported displaced from La Loma in 2013, by source (from the timeline)."""
    from medlab_teach import cases

    frame = cases.timeline("la_loma")
    frame = frame[frame["year"] == 2013]
    out: dict[str, int] = {}
    for event, source in zip(frame["event"], frame["source"], strict=True):
        for match in _PEOPLE.findall(str(event)):
            out[str(source)] = int(match.replace(",", ""))
    return out


def _people_gap() -> int:
    counts = people_counts().values()
    return max(counts) - min(counts)


def _two_largest_gap() -> int:
    top = sorted(people_counts().values())[-2:]
    return top[1] - top[0]


def _homicides_sc():
    from medlab_teach import data

    table = data.load("crimes_annual")
    rows = table[(table["conduct"] == "Homicidio") & (table["territory_code"] == SAN_CRISTOBAL)]
    return rows.set_index("year")["cases"]


def _peak_year() -> int:
    return int(_homicides_sc().idxmax())


def _rate_2018() -> float:
    from medlab_teach import data

    cases = int(_homicides_sc().loc[2018])
    return data.rate(cases, data.population_total(SAN_CRISTOBAL, "dap_2018"))


def _city_rate_denominator() -> float:
    from medlab_teach import data

    return data.rate(int(_homicides_sc().loc[2018]), data.population_total(None, "dap_2018"))


def _as_plan(answer: Any):
    from medlab_teach import plan

    if isinstance(answer, plan.ActionPlan):
        return answer
    return plan.ActionPlan.from_dict(answer)


def _route_ok(answer: Any, expected: tuple[str, ...]) -> bool:
    route = _as_plan(answer)
    return set(expected) <= set(route.lines) and route.is_valid()


def _lacks(line_id: str):
    def predicate(answer: Any, _expected: Any) -> bool:
        return line_id not in _as_plan(answer).lines

    return predicate


register(
    Exercise(
        id="l06_people_gap",
        title=N_("How far apart are the sources?"),
        expected=_people_gap,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import cases\n"
            "la_loma = cases.timeline('la_loma')\n"
            "people = la_loma['event'].str.extract(r'(\\d+) people')[0].dropna().astype(int)\n"
            "answer = int(people.max() - people.min())\n"
        ),
        hints=(
            (lambda a, e: float(a) == _two_largest_gap(),
             N_("That is the gap between the two largest figures. Compare the largest with the "
             "smallest (the early count of 7 May).")),
            (lambda a, e: float(a) < 0, N_("Subtract the smallest figure from the largest.")),
        ),
        fallback_hint=N_("Find the figures given in *people* (not families) in the La Loma "
        "timeline for 2013, and subtract the smallest from the largest."),
        explanation=N_("The largest figure is more than twice the smallest. They were counted at "
        "different moments, over one or several displacements, by different institutions: "
        "none of them is simply wrong, and a report should say which one it uses."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson06 import _two_largest_gap\n"
                        "answer = _two_largest_gap()", "two largest"),
            WrongAnswer("answer = 378 - 43", "people"),
        ),
    ),
    Exercise(
        id="l06_peak_year",
        title=N_("San Cristóbal's worst year"),
        expected=_peak_year,
        compare=lambda a, e: float(a) == e,
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "sc = crimes[(crimes['conduct'] == 'Homicidio') & (crimes['territory_code'] == '60')]\n"
            "answer = int(sc.set_index('year')['cases'].idxmax())\n"
        ),
        hints=(
            (lambda a, e: int(a) == 2013,
             N_("2013 was the year of the mass displacements, but not of the most homicides. "
             "Displacement and homicide are different harms: a territory can empty out under "
             "threat without a rise in killings. Look at the series again.")),
            (lambda a, e: int(a) == int(_homicides_sc().max()),
             N_("That is the number of homicides in the worst year; the question asks for the "
             "year (use `.idxmax()`).")),
            (lambda a, e: str(a).strip() in {"60", "'60'"},
             N_("60 is the territory code; the question asks for a year.")),
        ),
        fallback_hint=N_("Filter `crimes_annual` to conduct 'Homicidio' and territory_code '60', "
        "index by year and take `.idxmax()`."),
        explanation=N_("Homicides in San Cristóbal, the whole corregimiento, rose sharply from "
        "2009 and peaked before the 2013 displacements. The series counts the corregimiento, "
        "not La Loma, and homicides, not displacement: it cannot date La Loma's violence."),
        wrong_answers=(
            WrongAnswer("answer = 2013", "different harms"),
        ),
    ),
    Exercise(
        id="l06_rate_2018",
        title=N_("San Cristóbal's homicide rate in 2018, by hand"),
        expected=_rate_2018,
        # Within 0.05 (one decimal, rounded): with about 100,000 residents the rate is within 1%
        # of the count itself, so a relative tolerance would accept the count.
        compare=close_to(rel=0.0, abs_tol=0.05),
        unit="rate",
        rate_count=lambda: int(_homicides_sc().loc[2018]),
        solution_code=(
            "from medlab_teach import data\n"
            "crimes = data.load('crimes_annual')\n"
            "homicides = crimes[crimes['conduct'] == 'Homicidio']\n"
            "sc = homicides[homicides['territory_code'] == '60'].set_index('year')['cases']\n"
            "cases_2018 = sc.loc[2018]\n"
            "population_2018 = data.population_total('60', 'dap_2018')\n"
            "answer = 100_000 * cases_2018 / population_2018\n"
        ),
        hints=(
            (lambda a, e: abs(float(a) - _city_rate_denominator()) < 0.05,
             N_("You divided by the population of the whole city. A territory's rate uses the "
             "territory's own population: data.population_total('60', 'dap_2018').")),
            (ratio_near(0.01), N_("That is a rate per 1,000 people; the kit uses per 100,000.")),
            (ratio_near(1e-5), N_("That is a rate per person; multiply by 100,000.")),
        ),
        fallback_hint=N_("Rate per 100,000 = 100,000 × San Cristóbal's homicides in 2018 "
        "(sc.loc[2018]) / its population (data.population_total('60', 'dap_2018'))."),
        explanation=N_("With a few dozen homicides a year, one more or one fewer moves the rate "
        "by about one point: read a small territory's trend over several years, not a single "
        "year."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson06 import _city_rate_denominator\n"
                        "answer = _city_rate_denominator()", "whole city"),
            WrongAnswer("from medlab_teach.exercises.lesson06 import _rate_2018\n"
                        "answer = _rate_2018() / 100", "per 1,000"),
            WrongAnswer("from medlab_teach.exercises.lesson06 import _homicides_sc\n"
                        "answer = int(_homicides_sc().loc[2018])", "count"),
        ),
    ),
    Exercise(
        id="l06_route",
        title=N_("A victim-attention route for La Loma"),
        expected=lambda: VICTIM_ROUTE,
        compare=_route_ok,
        solution_code=(
            "from medlab_teach import plan\n"
            "unidad = 'Unidad Municipal de Atención y Reparación a Víctimas'\n"
            "justicia = 'Administración de justicia'\n"
            "bases = 'Organizaciones de base de La Loma'\n"
            "answer = plan.ActionPlan(\n"
            "    title='Ruta de atención a víctimas, Vereda La Loma',\n"
            "    territory='Vereda La Loma, corregimiento San Cristóbal (60), Medellín',\n"
            "    problems=['Desplazamientos masivos por la violencia (2013)'],\n"
            "    lines=['justicia', 'atencion_victimas', 'restablecimiento_derechos',\n"
            "           'garantias_no_repeticion'],\n"
            "    actors=[unidad, justicia, bases],\n"
            "    commitments=[\n"
            "        plan.Commitment('Atención inmediata a las familias desplazadas', 'corto',\n"
            "                        ['atencion_victimas'], [unidad]),\n"
            "        plan.Commitment('Investigar y juzgar los hechos victimizantes', 'corto',\n"
            "                        ['justicia'], [justicia]),\n"
            "        plan.Commitment('Acompañar el retorno y restablecer derechos', 'mediano',\n"
            "                        ['restablecimiento_derechos'], [unidad, bases]),\n"
            "        plan.Commitment('Fortalecer las organizaciones de base', 'largo',\n"
            "                        ['garantias_no_repeticion'], [unidad, bases]),\n"
            "    ],\n"
            ")\n"
        ),
        hints=(
            (_lacks("justicia"), N_("The route has no 'justicia'. The Lab's report puts the "
             "administration of justice first once a victimising event has happened.")),
            (_lacks("atencion_victimas"), N_("The route lacks 'atencion_victimas': attention to "
                    "the "
             "victims is the Unidad's own line.")),
            (_lacks("restablecimiento_derechos"), N_("The route lacks 'restablecimiento_derechos' "
             "(restoration of rights): returning, housing, school, work.")),
            (_lacks("garantias_no_repeticion"), N_("The route lacks 'garantias_no_repeticion': "
                    "what "
             "makes sure it does not happen again?")),
            (lambda a, e: not _as_plan(a).is_valid(),
             N_("The route has the four lines but is not complete yet: print(my_route.validate()) "
             "lists what to fix, one sentence each.")),
        ),
        fallback_hint=N_("Build a plan.ActionPlan (or paste the builder's code) whose lines "
                         "include "
        "justicia, atencion_victimas, restablecimiento_derechos and garantias_no_repeticion, "
        "and whose validate() returns []."),
        explanation=N_("Justice, attention, restoration of rights and non-repetition, each with "
        "someone responsible and a term: the chain the Lab saw at La Loma, written as a plan."),
        solution_note=N_("This is one complete route. Yours can differ: any plan that covers the "
        "chain and validates is accepted."),
        wrong_answers=(
            WrongAnswer("from medlab_teach import plan\nanswer = plan.example()", "justicia"),
            WrongAnswer("answer = {'title': 'Ruta', 'territory': 'La Loma', 'problems': ['x'], "
                        "'lines': ['justicia', 'atencion_victimas', "
                        "'restablecimiento_derechos', 'garantias_no_repeticion'], "
                        "'actors': ['Unidad'], 'commitments': []}", "validate()"),
        ),
    ),
)
