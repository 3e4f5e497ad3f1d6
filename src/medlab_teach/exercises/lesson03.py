"""Lesson 03, evaluating urban interventions: before/after, comparison groups and
difference-in-differences."""

from __future__ import annotations

from medlab_teach.checks import Exercise, WrongAnswer, close_to, near, opposite_sign, register
from medlab_teach.i18n import N_

J_BEFORE, J_AFTER = (2006, 2007), (2009, 2010)  # around Metrocable Línea J (2008)
K_BEFORE, K_AFTER = (2003, 2003), (2008, 2008)  # Línea K (2004): the published study's endpoints
K_TREATED = ("01", "02")


def _crimes():
    from medlab_teach import data

    return data.load("crimes_annual")


def _rest(exclude) -> list[str]:
    from medlab_teach.evaluation import other_codes

    return other_codes(_crimes(), exclude)


def _c13_change() -> float:
    from medlab_teach.evaluation import before_after

    return before_after(_crimes(), "13", "Homicidio", J_BEFORE, J_AFTER).pct_change


def _one_year_change(first: int, last: int) -> float:
    from medlab_teach.evaluation import annual_series

    series = annual_series(_crimes(), "13", "Homicidio")
    return 100.0 * (series[last] - series[first]) / series[first]


def _rest_change() -> float:
    from medlab_teach.evaluation import before_after

    return before_after(_crimes(), _rest(["13"]), "Homicidio", J_BEFORE, J_AFTER).pct_change


def _did_k(comparison: list[str] | None = None):
    from medlab_teach.evaluation import diff_in_diff

    comp = comparison if comparison is not None else _rest(K_TREATED)
    return diff_in_diff(_crimes(), K_TREATED, comp, "Homicidio", K_BEFORE, K_AFTER)


def _did_k_pct() -> float:
    return _did_k().did_pct


def _excess_k() -> float:
    return _did_k().excess_decline_pct


def _treated_k_pct() -> float:
    return _did_k().treated.pct_change


def _did_k_with_city() -> float:
    from medlab_teach.evaluation import before_after

    c = _crimes()
    codes = sorted(set(c["territory_code"]))
    city = before_after(c, codes, "Homicidio", K_BEFORE, K_AFTER)
    return _did_k().treated.pct_change - city.pct_change


_SETUP = (
    "from medlab_teach import data, evaluation\n"
    "crimes = data.load('crimes_annual')\n"
)

register(
    Exercise(
        id="l03_c13_before_after",
        title=N_("Comuna 13 before and after Línea J, by hand"),
        expected=_c13_change,
        compare=close_to(0.01),
        unit="percent",
        solution_code=_SETUP + (
            "c13 = evaluation.annual_series(crimes, '13', 'Homicidio')\n"
            "before = c13.loc[2006:2007].mean()\n"
            "after = c13.loc[2009:2010].mean()\n"
            "answer = 100 * (after - before) / before\n"
        ),
        hints=(
            (near(lambda: _one_year_change(2006, 2009)), N_("You compared single years (2006 and "
             "2009). Take the mean of each two-year period: c13.loc[2006:2007].mean().")),
            (near(lambda: _one_year_change(2007, 2010)), N_("You compared single years (2007 and "
             "2010). Take the mean of each two-year period: c13.loc[2009:2010].mean().")),
            (lambda a, e: abs(float(a) - (1 + float(e) / 100)) < 0.05,
             N_("That is the ratio after/before. Subtract 1 and multiply by 100 to get a % "
                "change.")),
        ),
        fallback_hint=N_("before = mean of c13 over 2006-2007, after = mean over 2009-2010, then "
        "100 * (after - before) / before."),
        explanation=N_("Homicides in Comuna 13 multiplied after the cable opened. Read alone, the "
        "series says Línea J was followed by a disaster. Was it Línea J?"),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson03 import _c13_change\n"
                        "answer = -_c13_change()", "sign"),
            WrongAnswer("from medlab_teach.exercises.lesson03 import _c13_change\n"
                        "answer = 1 + _c13_change() / 100", "ratio"),
            WrongAnswer("from medlab_teach.exercises.lesson03 import _one_year_change\n"
                        "answer = _one_year_change(2006, 2009)", "mean of each"),
        ),
    ),
    Exercise(
        id="l03_rest_change",
        title=N_("The rest of the city over the same years"),
        expected=_rest_change,
        compare=close_to(0.01),
        solution_code=_SETUP + (
            "rest = evaluation.other_codes(crimes, ['13'])\n"
            "ba = evaluation.before_after(crimes, rest, 'Homicidio', (2006, 2007), (2009, 2010))\n"
            "answer = ba.pct_change\n"
        ),
        hints=(
            (near(_c13_change), N_("That is Comuna 13's own change. Now use every other comuna: "
             "evaluation.other_codes(crimes, ['13']).")),
            (opposite_sign, N_("Check the sign: did homicides in the rest of "
             "the city rise or fall between the two periods?")),
        ),
        fallback_hint=N_("Build the comparison group with evaluation.other_codes(crimes, ['13']) "
        "and use the same two periods as in Exercise 2.1."),
        explanation=N_("The rest of the city also more than doubled: most of Comuna 13's rise was "
        "shared by the whole city, so it cannot be blamed on (or credited to) the cable."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson03 import _c13_change\n"
                        "answer = _c13_change()", "other comuna"),
        ),
    ),
    Exercise(
        id="l03_did_linea_k",
        title=N_("Difference-in-differences for Línea K, by hand"),
        expected=_did_k_pct,
        compare=close_to(0.01),
        unit="points",
        solution_code=_SETUP + (
            "homicides = crimes[crimes['conduct'] == 'Homicidio']\n"
            "treated = ['01', '02']\n"
            "comparison = evaluation.other_codes(crimes, treated)\n"
            "in_treated = homicides['territory_code'].isin(treated)\n"
            "in_comparison = homicides['territory_code'].isin(comparison)\n"
            "treated_by_year = homicides[in_treated].groupby('year')['cases'].sum()\n"
            "comparison_by_year = homicides[in_comparison].groupby('year')['cases'].sum()\n"
            "treated_change = 100 * (treated_by_year[2008] - treated_by_year[2003]) "
            "/ treated_by_year[2003]\n"
            "comparison_change = (100 * (comparison_by_year[2008] - comparison_by_year[2003])\n"
            "                     / comparison_by_year[2003])\n"
            "answer = treated_change - comparison_change\n"
        ),
        hints=(
            (near(_treated_k_pct), N_("That is the treated comunas' change alone (a before/after). "
             "Subtract the comparison group's change.")),
            (near(lambda: _did_k().did_cases), N_("That is the difference in cases per year, which "
             "depends on how big each group is. Use the percentage changes (did_pct).")),
            (near(_did_k_with_city), N_("Your comparison group includes comunas 1 and 2 "
                                        "themselves. "
             "A comparison group must leave out the treated territories.")),
            (opposite_sign, N_("Check the sign: treated change minus "
             "comparison change.")),
        ),
        fallback_hint=N_("For each group: cases per year (groupby), then the % change from 2003 to "
        "2008; the answer is the treated change minus the comparison change."),
        explanation=N_("Comunas 1 and 2 fell by about 35 percentage points more than the rest of "
        "the city: consistent with an effect of Línea K and the works around it, if the two "
        "groups would otherwise have moved alike."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson03 import _treated_k_pct\n"
                        "answer = _treated_k_pct()", "comparison group's change"),
            WrongAnswer("from medlab_teach.exercises.lesson03 import _did_k\n"
                        "answer = _did_k().did_cases", "cases per year"),
            WrongAnswer("from medlab_teach.exercises.lesson03 import _did_k_with_city\n"
                        "answer = _did_k_with_city()", "leave out"),
        ),
    ),
    Exercise(
        id="l03_excess_decline",
        title=N_("Comparing with the published evaluation"),
        expected=_excess_k,
        compare=close_to(0.01),
        solution_code=_SETUP + (
            "rest = evaluation.other_codes(crimes, ['01', '02'])\n"
            "did = evaluation.diff_in_diff(crimes, ['01', '02'], rest, 'Homicidio',\n"
            "                              (2003, 2003), (2008, 2008))\n"
            "answer = did.excess_decline_pct\n"
        ),
        hints=(
            (near(_did_k_pct), N_("That is the difference in percentage points. The published "
             "figure is a ratio of declines: use .excess_decline_pct.")),
            (lambda a, e: abs(float(a) - float(e) / 100) < 0.05,
             N_("Express it in percent (multiply by 100).")),
        ),
        fallback_hint=N_("Same difference-in-differences as Exercise 3.1; read "
        ".excess_decline_pct (100 × (treated decline / comparison decline − 1))."),
        explanation=N_("With the SISC comuna table the treated decline is about twice the "
        "comparison's; the published study found 66% greater. Same direction, different size: "
        "see the next section for why they need not agree."),
        wrong_answers=(
            WrongAnswer("from medlab_teach.exercises.lesson03 import _did_k_pct\n"
                        "answer = _did_k_pct()", "percentage points"),
            WrongAnswer("from medlab_teach.exercises.lesson03 import _excess_k\n"
                        "answer = _excess_k() / 100", "percent"),
        ),
    ),
)
