"""Exact marks: for every autograded question of every assignment, answers that are correct
but unusual earn every point and answers that are subtly wrong earn none, graded through the
same nbgrader cycle as in class (generate, then autograde with the course's configuration).

Each question has a few answer-cell variants (``MARKS``), each with the points its tests cell
must give. Variant *k* of every question goes into the notebook of student ``v<k>``, so one
autograde run per assignment grades all of them; that works because no question's tests
depend on another question's answer (a mistake costs one question), which ``TOGETHER`` checks
directly with submissions that get one question wrong and the questions built on it right.

Every assignment is graded in both editions, English ``<id>`` and Spanish ``<id>_es``: their
code is the same (``medlab-teach check`` enforces it), so the same answers must earn the same
points in both. The two editions share one copy of the course.

Run: ``python -m pytest -q tests/test_assignment_marks.py`` (about three minutes on two idle
cores: five assignments in two editions, graded two assignments at a time).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbgrader_helpers import (
    ROOT,
    CellScore,
    Edits,
    assignment_names,
    cell_scores,
    copy_course,
    fill_answers,
    graded_cells,
    isolated_env,
    nbgrader,
    nbgrader_meta,
    place_submission,
)

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]


@dataclass(frozen=True)
class Variant:
    """One student's answer to one question and the points its tests cell must give."""

    what: str
    points: float
    edits: Edits


@dataclass(frozen=True)
class Together:
    """A submission with edits in several answers and the points of the tests cells it
    changes (every other tests cell keeps full points)."""

    what: str
    edits: dict[str, Edits]
    points: dict[str, float] = field(default_factory=dict)


A1, A2, A3, A4, A5 = ("a1_data_literacy", "a2_prevention_evaluation",
                      "a3_participation_control_place", "a4_victims_non_repetition", "a5_capstone")

# ------------------------------------------------------------------------------ a1
A1_MARKS = {
    "q1_1_ag_homicides_by_year": [
        Variant("pivot_table, then the column as a Series", 2, (
            'homicides_by_year = crimes.query("conduct == \'Homicidio\'").pivot_table(\n'
            '    index="year", values="cases", aggfunc="sum")["cases"]\n')),
        Variant("the counts as floats", 2, [(".sum()", ".sum().astype(float)")]),
        Variant("only the 16 comunas", 0, [(
            'crimes[crimes["conduct"] == "Homicidio"]',
            'crimes[(crimes["conduct"] == "Homicidio")'
            ' & (crimes["territory_kind"] == "comuna")]')]),
        Variant("a one-column DataFrame", 0, [('["cases"].sum()', '[["cases"]].sum()')]),
    ],
    "q1_2_ag_rates": [
        Variant("rate rounded to 2 decimals", 3, [(
            'rates_2018["rate"] = data.rate(rates_2018["homicides"], rates_2018["population"])',
            'rates_2018["rate"] = data.rate(rates_2018["homicides"],'
            ' rates_2018["population"]).round(2)')]),
        Variant("rate by hand, one extra column", 3, [(
            'rates_2018["rate"] = data.rate(rates_2018["homicides"], rates_2018["population"])',
            'rates_2018["rate"] = rates_2018["homicides"] / rates_2018["population"] * 100_000\n'
            'rates_2018["per_1000"] = rates_2018["rate"] / 100')]),
        Variant("names shifted one row after sorting", 0, [(
            '.reset_index(drop=True)',
            '.reset_index(drop=True)\n'
            'rates_2018["territory_name"] = (list(rates_2018["territory_name"])[1:]\n'
            '                                + [rates_2018["territory_name"].iloc[0]])')]),
        Variant("homicides per inhabitant", 0, [(
            'data.rate(rates_2018["homicides"], rates_2018["population"])',
            'rates_2018["homicides"] / rates_2018["population"]')]),
        Variant("the population of women only", 0, [(
            "population_by_territory = population.groupby(",
            'population_by_territory = population[population["sex"] == "mujeres"].groupby(')]),
    ],
    "q2_1_ag_sources": [
        Variant("largest_gap_year as a numpy integer", 3, [(
            'largest_gap_year = int(comparison["difference"].abs().idxmax())',
            'largest_gap_year = comparison.index[comparison["difference"].abs().argmax()]')]),
        Variant("sisc recomputed from crimes, not from homicides_by_year", 3, [(
            '"sisc": homicides_by_year',
            '"sisc": crimes.query("conduct == \'Homicidio\'").groupby("year")["cases"].sum()')]),
        Variant("the difference the other way round", 0, [(
            'comparison["police"] - comparison["sisc"]',
            'comparison["sisc"] - comparison["police"]')]),
        Variant("the largest signed difference, not the absolute one", 0, [(
            'comparison["difference"].abs().idxmax()', 'comparison["difference"].idxmax()')]),
    ],
    "q3_1_ag_theft_growth": [
        Variant("numpy integers", 1, [("int(theft[2010])", "theft[2010]"),
                                      ("int(theft[2019])", "theft[2019]")]),
        Variant("with .loc and a boolean mask", 1, (
            'theft_2010 = crimes.loc[(crimes["conduct"] == "Hurto a persona")'
            ' & (crimes["year"] == 2010), "cases"].sum()\n'
            'theft_2019 = crimes.loc[(crimes["conduct"] == "Hurto a persona")'
            ' & (crimes["year"] == 2019), "cases"].sum()\n'
            'theft_growth = theft_2019 / theft_2010\n')),
        Variant("without SIN DATO", 0, [(
            'crimes[crimes["conduct"] == "Hurto a persona"]',
            'crimes[(crimes["conduct"] == "Hurto a persona")'
            ' & (crimes["territory_code"] != "SIN DATO")]')]),
        Variant("growth as a percentage", 0, [(
            "theft_growth = theft_2019 / theft_2010",
            "theft_growth = 100 * (theft_2019 / theft_2010 - 1)")]),
    ],
}
A1_TOGETHER = [
    Together("a wrong homicides_by_year costs question 1.1 only (sisc is 'your' series)",
             {"q1_1_ag_homicides_by_year": [(
                 'crimes[crimes["conduct"] == "Homicidio"]',
                 'crimes[(crimes["conduct"] == "Homicidio")'
                 ' & (crimes["territory_kind"] == "comuna")]')]},
             {"q1_1_ag_homicides_by_year_tests": 0}),
]

# ------------------------------------------------------------------------------ a2
A2_MARKS = {
    "q1_1_ag_trend": [
        Variant("rates rounded to 2 decimals, ratio from the rounded rates", 3, [(
            'trend["ratio"] = ', 'trend = trend.round(2)\ntrend["ratio"] = ')]),
        Variant("pooled by hand with isin", 3, (
            'homicides = crimes[crimes["conduct"] == "Homicidio"]\n'
            'people = population.groupby("territory_code")["population"].sum()\n'
            'years = range(2003, 2024)\n'
            'treated = homicides[homicides["territory_code"] == TREATED]'
            '.groupby("year")["cases"].sum().reindex(years, fill_value=0)\n'
            'others = homicides[homicides["territory_code"].isin(OTHERS)]'
            '.groupby("year")["cases"].sum().reindex(years, fill_value=0)\n'
            'trend = pd.DataFrame({"comuna_13": treated / people[TREATED] * 100_000,\n'
            '                      "comparison": others / people[OTHERS].sum() * 100_000})\n'
            'trend["ratio"] = trend["comuna_13"] / trend["comparison"]\n')),
        Variant("the average of the 15 rates, not the pooled rate", 0, [(
            'data.rate(by_year[OTHERS].sum(axis=1), people[OTHERS].sum())',
            'data.rate(by_year[OTHERS], people[OTHERS]).mean(axis=1)')]),
        Variant("the corregimientos in the comparison", 0, [(
            '.reindex(columns=COMUNAS)\n', ''),
            ('by_year[OTHERS].sum(axis=1), people[OTHERS].sum()',
             'by_year.drop(columns=[TREATED, "SIN DATO"], errors="ignore").sum(axis=1), '
             'people.drop(TREATED).sum()')]),
    ],
    "q1_2_ag_years_above_twice": [
        Variant("numpy integers in the list", 1, [(
            "[int(year) for year in trend.index[trend[\"ratio\"] >= 2]]",
            "list(trend.index[trend[\"ratio\"] >= 2])")]),
        Variant("a loop over the rows", 1, (
            "years_above_twice = []\n"
            "for year, row in trend.iterrows():\n"
            "    if row[\"comuna_13\"] >= 2 * row[\"comparison\"]:\n"
            "        years_above_twice.append(year)\n")),
        Variant("ratio above 2.5 instead of 2", 0, [(">= 2]", ">= 2.5]")]),
        Variant("a numpy array, not a list", 0, [(
            "[int(year) for year in trend.index[trend[\"ratio\"] >= 2]]",
            "trend.index[trend[\"ratio\"] >= 2].to_numpy()")]),
    ],
    "q2_1_ag_did": [
        Variant("numpy means over a boolean mask", 4, [
            ("pre, post = list(pre), list(post)",
             "import numpy as np\n    before = trend.index.isin(list(pre))\n"
             "    after = trend.index.isin(list(post))"),
            ('trend.loc[pre, "comuna_13"].mean()', 'np.mean(trend.loc[before, "comuna_13"])'),
            ('trend.loc[post, "comuna_13"].mean()', 'np.mean(trend.loc[after, "comuna_13"])'),
            ('trend.loc[pre, "comparison"].mean()', 'np.mean(trend.loc[before, "comparison"])'),
            ('trend.loc[post, "comparison"].mean()',
             'np.mean(trend.loc[after, "comparison"])')]),
        Variant("post period one year too long", 0, [(
            "post=range(2012, 2016))", "post=range(2012, 2017))")]),
        Variant("a before-after comparison", 0, [(
            'result["estimate"] = treated_change - comparison_change',
            'result["estimate"] = treated_change')]),
        Variant("the comparison's change minus the treated change", 0, [(
            'result["estimate"] = treated_change - comparison_change',
            'result["estimate"] = comparison_change - treated_change')]),
    ],
    "q2_2_ag_placebo": [
        Variant("a numpy boolean", 2, [(
            'bool(abs(placebo["estimate"]) < 5)', 'abs(placebo["estimate"]) < 5')]),
        Variant("placebo over three years before", 0, [(
            "pre=range(2008, 2010), post=range(2010, 2012)",
            "pre=range(2007, 2010), post=range(2010, 2012)")]),
        Variant("True whatever the estimate", 0, [(
            'bool(abs(placebo["estimate"]) < 5)', "True")]),
    ],
}
A2_TOGETHER = [
    Together("a wrong did() costs question 2.1 only: the placebo applies the student's did()",
             {"q2_1_ag_did": [('result["estimate"] = treated_change - comparison_change',
                               'result["estimate"] = treated_change')]},
             {"q2_1_ag_did_tests": 0}),
    Together("a wrong trend costs question 1.1 only: the years come from the student's trend",
             {"q1_1_ag_trend": [(
                 'data.rate(by_year[OTHERS].sum(axis=1), people[OTHERS].sum())',
                 'data.rate(by_year[OTHERS], people[OTHERS]).mean(axis=1)')]},
             {"q1_1_ag_trend_tests": 0}),
]

# ------------------------------------------------------------------------------ a3
A3_MARKS = {
    "q1_1_ag_time": [
        Variant("value_counts and between", 3, (
            'by_hour = events["hour"].value_counts().reindex(range(24), fill_value=0)\n'
            'night_share = (~events["hour"].between(6, 17)).mean()\n'
            'weekend_share = (events["weekday"] >= 5).sum() / len(events)\n')),
        Variant("18:00-18:59 left out of the night", 0, [(
            'events["hour"] >= 18', 'events["hour"] > 18')]),
        Variant("weekend as weekday 6 and 7", 0, [("isin([5, 6])", "isin([6, 7])")]),
        Variant("shares as percentages", 0, [(
            ".mean()\nweekend_share", ".mean() * 100\nweekend_share")]),
    ],
    "q1_2_ag_territories": [
        Variant("territories_for_half as a numpy integer", 3, [(
            "territories_for_half = places.places_for_share(by_territory, 0.5)",
            "territories_for_half = (by_territory.cumsum() < by_territory.sum() / 2).sum() + 1")]),
        Variant("value_counts, reindex and sort", 3, (
            'by_territory = (events["territory_code"].value_counts()\n'
            '                .reindex(TERRITORIES, fill_value=0).sort_values(ascending=False))\n'
            'top5_share = by_territory.head(5).sum() / by_territory.sum()\n'
            'territories_for_half = int((by_territory.cumsum() < by_territory.sum() / 2).sum()'
            ' + 1)\n')),
        Variant("top5_share over all events, located or not", 0, [(
            "top5_share = places.share_in_top(by_territory, 5)",
            "top5_share = by_territory.head(5).sum() / len(events)")]),
        Variant("territories_for_half one short", 0, [(
            "territories_for_half = places.places_for_share(by_territory, 0.5)",
            "territories_for_half = int((by_territory.cumsum() < by_territory.sum() / 2)"
            ".sum())")]),
    ],
    "q1_3_ag_grid": [
        Variant("numpy integers", 2, [(
            'cells_with_homicides = int((grid["events"] > 0).sum())',
            'cells_with_homicides = (grid["events"] > 0).sum()')]),
        Variant("by hand: sort and accumulate", 2, [(
            'cells_for_half = places.places_for_share(grid["events"], 0.5)',
            '_sorted = grid["events"].sort_values(ascending=False)\n'
            'cells_for_half = int((_sorted.cumsum() < _sorted.sum() / 2).sum() + 1)')]),
        Variant("every cell of the grid counted, empty ones too", 0, [(
            'int((grid["events"] > 0).sum())', 'len(grid)')]),
        Variant("half of the cells, not the cells holding half of the events", 0, [(
            'cells_for_half = places.places_for_share(grid["events"], 0.5)',
            'cells_for_half = cells_with_homicides // 2')]),
    ],
    "q2_1_ag_actor_map": [
        Variant("key_players from a DataFrame", 3, [(
            'key_players = sorted(a["name"] for a in actors if a["influence"] == 3 and '
            'a["interest"] == 3)',
            '_map = pd.DataFrame(actors)\n'
            'key_players = sorted(_map.loc[(_map["influence"] == 3) & (_map["interest"] == 3),'
            ' "name"])')]),
        Variant("key_players not sorted", 0, [(
            'key_players = sorted(a["name"] for a in actors if a["influence"] == 3 and '
            'a["interest"] == 3)',
            'key_players = [a["name"] for a in actors if a["influence"] == 3 and '
            'a["interest"] == 3]')]),
        Variant("a line id typed as words", 0, [(
            '"line": "prevencion_situacional"', '"line": "prevencion situacional"')]),
        Variant("an actor twice, in other capitals", 0, [(
            '"name": "SIES-M"', '"name": "Colectivos de Grafiti"')]),
    ],
}

# ------------------------------------------------------------------------------ a4
A4_MARKS = {
    "q1_1_ag_la_loma": [
        Variant("rows in another order, sources in other words", 3, [
            ('{"source": "Secretaría de Seguridad (via IPC / ReliefWeb)", "date": "2013-05-07",\n'
             '     "people": 178},\n'
             '    {"source": "Personería (IPC)", "date": "2013-05-15", "people": 360},\n'
             '    {"source": "Corporación Jurídica Libertad", "date": "2013", "people": 378},',
             '{"source": "CJL (Corporacion Juridica Libertad)", "date": "2013", "people": 378},\n'
             '    {"source": "Personería de Medellín", "date": "2013-05-15", "people": 360},\n'
             '    {"source": "Secretaria de Seguridad", "date": "2013-05-07", "people": 178},')]),
        Variant("people as numpy integers", 3, [(
            "return_share_el_canon = 73 / 74",
            'return_share_el_canon = 73 / 74\nla_loma["people"] = la_loma["people"]'
            '.astype("int32")')]),
        Variant("counts attached to the wrong sources", 0, [
            ('"people": 178}', '"people": SWAP}'), ('"people": 360}', '"people": 178}'),
            ('"people": SWAP}', '"people": 360}')]),
        Variant("families per person", 0, [(
            "people_per_family = 178 / 43", "people_per_family = 43 / 178")]),
        Variant("San Gabriel's returns, not El Cañón's", 0, [(
            "return_share_el_canon = 73 / 74", "return_share_el_canon = 1 / 20")]),
    ],
    "q1_2_ag_san_cristobal": [
        Variant("rate rounded to 2 decimals", 2, [(
            'float(data.rate(san_cristobal[2013], people["60"]))',
            'round(float(data.rate(san_cristobal[2013], people["60"])), 2)')]),
        Variant("rate by hand, shares with query", 2, [
            ('float(data.rate(san_cristobal[2013], people["60"]))',
             'san_cristobal[2013] / people["60"] * 100_000'),
            ('share_of_city_2013 = san_cristobal[2013] / city[2013]',
             'share_of_city_2013 = san_cristobal.loc[2013] / homicides.query("year == 2013")'
             '["cases"].sum()')]),
        Variant("the city's population in the rate", 0, [(
            'data.rate(san_cristobal[2013], people["60"])',
            'data.rate(san_cristobal[2013], people.sum())')]),
        Variant("the share of the comunas' homicides, not the city's", 0, [(
            'city = homicides.groupby("year")["cases"].sum()',
            'city = homicides[homicides["territory_kind"] == "comuna"]'
            '.groupby("year")["cases"].sum()')]),
    ],
    "q2_1_ag_route": [
        Variant("a longer route, numpy booleans", 3, [
            ('"term": "inmediato", "with_community": False},\n    {"step": "Take',
             '"term": "inmediato", "with_community": False},\n'
             '    {"step": "Register the families in the victims\' registry",\n'
             '     "line": "atencion_victimas", "responsible": "Personería",\n'
             '     "term": "inmediato", "with_community": False},\n    {"step": "Take'),
            ('"term": "largo", "with_community": True},\n]',
             '"term": "largo", "with_community": True},\n]\nimport numpy as np\n'
             'route = [dict(s, with_community=np.bool_(s["with_community"])) for s in route]')]),
        Variant("ends with a short-term step", 0, [(
            '"term": "largo", "with_community": True},\n]',
            '"term": "corto", "with_community": True},\n]')]),
        Variant("rights restored before the first attention", 0, [
            ('"line": "atencion_victimas",\n     "responsible": "Unidad Municipal de Atención y '
             'Reparación a Víctimas",\n     "term": "inmediato"',
             '"line": "restablecimiento_derechos",\n     "responsible": "Unidad Municipal de '
             'Atención y Reparación a Víctimas",\n     "term": "inmediato"')]),
        Variant("only one step with the community", 0, [(
            '"term": "corto", "with_community": True}', '"term": "corto", "with_community": False}'
        ), ('"term": "mediano", "with_community": True}',
            '"term": "mediano", "with_community": False}')]),
    ],
    "q3_1_ag_scenario": [
        Variant("baseline built anew with the same settings", 2, [(
            'baseline = my_scenario.replace(shares=scenario.preset("solo_control"), '
            'name="solo_control")',
            'baseline = scenario.Scenario(\n'
            '    shares=scenario.preset("solo_control"), continuity=True, participation=0.7,\n'
            '    initial=scenario.Initial(homicide_rate=san_cristobal_rate_2013, year=2013),\n'
            '    name="solo_control")')]),
        Variant("the baseline built anew with the default participation", 0, [(
            'baseline = my_scenario.replace(shares=scenario.preset("solo_control"), '
            'name="solo_control")',
            'baseline = scenario.Scenario(\n'
            '    shares=scenario.preset("solo_control"), continuity=True,\n'
            '    initial=scenario.Initial(homicide_rate=san_cristobal_rate_2013, year=2013),\n'
            '    name="solo_control")')]),
        Variant("victims spared the other way round", 0, [(
            "victims_spared_10y = (baseline_run.cumulative_homicide_rate(10)\n"
            "                      - my_run.cumulative_homicide_rate(10))",
            "victims_spared_10y = (my_run.cumulative_homicide_rate(10)\n"
            "                      - baseline_run.cumulative_homicide_rate(10))")]),
        Variant("the scenario starts in 2018, not 2013", 0, [(
            "initial=scenario.Initial(homicide_rate=san_cristobal_rate_2013, year=2013),\n"
            '    name="La Loma',
            "initial=scenario.Initial(homicide_rate=san_cristobal_rate_2013, year=2018),\n"
            '    name="La Loma')]),
    ],
}

# ------------------------------------------------------------------------------ a5
A5_MARKS = {
    "q1_ag_diagnosis": [
        Variant("rates recomputed from homicides and population", 3, [
            ('mine.loc[2003:2005, "rate_per_100k"].mean()',
             '(mine["homicides"] / mine["population"] * 100_000).loc[2003:2005].mean()'),
            ('mine.loc[2022:2024, "rate_per_100k"].mean()',
             '(mine["homicides"] / mine["population"] * 100_000).loc[2022:2024].mean()')]),
        Variant("means rounded to 2 decimals, rank as numpy", 3, [
            ('mine.loc[2003:2005, "rate_per_100k"].mean()',
             'round(mine.loc[2003:2005, "rate_per_100k"].mean(), 2)'),
            ('mine.loc[2022:2024, "rate_per_100k"].mean()',
             'round(mine.loc[2022:2024, "rate_per_100k"].mean(), 2)'),
            ('int(rates_2024.rank(ascending=False)[my_city_code])',
             '(rates_2024 > rates_2024[my_city_code]).sum() + 1')]),
        Variant("another city: Cali", 3, [('my_city_code = "05001"', 'my_city_code = "76001"')]),
        Variant("rank 1 = the lowest rate", 0, [(
            "rank(ascending=False)", "rank(ascending=True)")]),
        Variant("only 2003 and 2004 in the first mean", 0, [(
            "loc[2003:2005", "loc[2003:2004")]),
    ],
    "q2_ag_action_plan": [
        Variant("the other axis, city named at the end", 5, [
            ('"participacion_empoderamiento"],\n    actors',
             '"resiliencia_resistencia"],\n    actors'),
            ('lines=["participacion_empoderamiento"],', 'lines=["resiliencia_resistencia"],'),
            ('territory="Medellín (Antioquia): the comunas with the highest rates"',
             'territory="The comunas with the highest rates of Medellín"')]),
        Variant("no long-term commitment", 0, [('term="largo"', 'term="mediano"')]),
        Variant("the territory does not name the city", 0, [(
            'territory="Medellín (Antioquia): the comunas with the highest rates"',
            'territory="The comunas with the highest rates"')]),
        Variant("no transversal axis", 0, [
            ('"garantias_no_repeticion",\n           "participacion_empoderamiento"],',
             '"garantias_no_repeticion"],'),
            ('lines=["participacion_empoderamiento"],', 'lines=["prevencion_social"],')]),
    ],
    "q3_ag_continuity": [
        Variant("equal shares written by hand", 2, [(
            "shares=scenario.equal_shares(plan_lines)",
            "shares={line: 100 / len(plan_lines) for line in plan_lines}")]),
        Variant("the gain the other way round", 0, [(
            "continuity_gain_10y = (dropped.simulate().cumulative_homicide_rate(10)\n"
            "                       - plan_scenario.simulate().cumulative_homicide_rate(10))",
            "continuity_gain_10y = (plan_scenario.simulate().cumulative_homicide_rate(10)\n"
            "                       - dropped.simulate().cumulative_homicide_rate(10))")]),
        Variant("dropped also changes participation", 0, [(
            'replace(continuity=False, name="dropped")',
            'replace(continuity=False, participation=0.2, name="dropped")')]),
        Variant("the effort on two lines only", 0, [(
            "shares=scenario.equal_shares(plan_lines)",
            "shares=scenario.equal_shares(plan_lines[:2])")]),
    ],
}
A5_TOGETHER = [
    Together("a misspelt municipality costs question 1 only: the plan names the city of "
             "my_city_code as in the table",
             {"q1_ag_diagnosis": [('mine["municipality"].iloc[0]',
                                   'mine["municipality"].iloc[0].upper()')]},
             {"q1_ag_diagnosis_tests": 0}),
]

MARKS: dict[str, dict[str, list[Variant]]] = {
    A1: A1_MARKS, A2: A2_MARKS, A3: A3_MARKS, A4: A4_MARKS, A5: A5_MARKS}
TOGETHER: dict[str, list[Together]] = {A1: A1_TOGETHER, A2: A2_TOGETHER, A5: A5_TOGETHER}
# the English assignment and its Spanish edition: same grade ids, same code, same marks
EDITIONS = ("", "_es")


def editions(name: str) -> list[str]:
    """An assignment's two editions: English ``<id>`` and Spanish ``<id>_es``."""
    return [name + suffix for suffix in EDITIONS]


# ------------------------------------------------------------------------------ grading

def variant_student(k: int) -> str:
    return f"v{k + 1}"


def together_student(k: int) -> str:
    return f"t{k + 1}"


def submissions(name: str, source: nbformat.NotebookNode, release: nbformat.NotebookNode
                ) -> dict[str, nbformat.NotebookNode]:
    """Every synthetic student of one assignment and their notebook."""
    out = {}
    for k in range(max(len(v) for v in MARKS[name].values())):
        edits = {answer: variants[k].edits for answer, variants in MARKS[name].items()
                 if k < len(variants)}
        out[variant_student(k)] = fill_answers(release, source, edits)
    for k, together in enumerate(TOGETHER.get(name, [])):
        out[together_student(k)] = fill_answers(release, source, together.edits)
    return out


def grade_assignment(folder: Path, name: str) -> dict[str, dict[str, dict[str, CellScore]]]:
    """Generate one assignment's two editions in one copy of the course, autograde every
    synthetic student of each edition in one run, and read back their scores (by edition)."""
    course = copy_course(folder / "course")
    env = isolated_env(folder / "instructor", folder / "exchange")
    graded = {}
    for edition in editions(name):
        nbgrader("generate_assignment", edition, "--force", cwd=course, env=env)
        source = nbformat.read(course / "assignments" / edition / f"{edition}.ipynb", 4)
        release = nbformat.read(course / "release" / edition / f"{edition}.ipynb", 4)
        students = submissions(name, source, release)
        for student, nb in students.items():
            place_submission(course, student, edition, nb)
        nbgrader("autograde", edition, "--force", cwd=course, env=env)
        graded[edition] = {student: cell_scores(course, edition, student)
                           for student in students}
    return graded


@pytest.fixture(scope="session")
def marks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict]]:
    """Scores of every synthetic student in every edition, assignments graded two at a
    time."""
    base = tmp_path_factory.mktemp("marks")
    with ThreadPoolExecutor(max_workers=2) as pool:
        graded: dict[str, dict[str, dict]] = {}
        for by_edition in pool.map(lambda n: grade_assignment(base / n, n), list(MARKS)):
            graded.update(by_edition)
        return graded


def full_points(name: str) -> dict[str, float]:
    nb = nbformat.read(ROOT / "assignments" / name / f"{name}.ipynb", as_version=4)
    return {g.grade_id: g.points for g in graded_cells(nb) if g.autograded}


# --------------------------------------------------------------------------------- tests

def test_every_autograded_question_has_unusual_and_wrong_answers() -> None:
    for name, questions in MARKS.items():
        points = full_points(name)
        assert all(full_points(edition) == points for edition in editions(name)), name
        assert {f"{q}_tests" for q in questions} == set(points), name
        for question, variants in questions.items():
            full = points[f"{question}_tests"]
            assert all(v.points in (0, full) for v in variants), question
            assert any(v.points == full for v in variants), f"{question}: no unusual answer"
            assert any(v.points == 0 for v in variants), f"{question}: no wrong answer"
    for name, cases in TOGETHER.items():
        for case in cases:
            assert set(case.points) <= set(full_points(name)), case.what


VARIANTS = [pytest.param(name, edition, question, k,
                         id=f"{name[:2]}{edition[len(name):]}-{question}-{v.what}")
            for name, questions in MARKS.items()
            for edition in editions(name)
            for question, variants in questions.items()
            for k, v in enumerate(variants)]


@pytest.mark.parametrize(("name", "edition", "question", "k"), VARIANTS)
def test_answer_gets_exact_points(marks: dict, name: str, edition: str, question: str,
                                  k: int) -> None:
    variant = MARKS[name][question][k]
    score = marks[edition][variant_student(k)][f"{question}_tests"]
    assert score.auto_score == variant.points, (
        f"{edition} {question}, {variant.what!r}: {score.auto_score} points, expected "
        f"{variant.points}")


CASES = [pytest.param(name, edition, k, id=f"{name[:2]}{edition[len(name):]}-{case.what[:50]}")
         for name, cases in TOGETHER.items() for edition in editions(name)
         for k, case in enumerate(cases)]


@pytest.mark.parametrize(("name", "edition", "k"), CASES)
def test_one_mistake_costs_one_question(marks: dict, name: str, edition: str, k: int) -> None:
    case = TOGETHER[name][k]
    scores = marks[edition][together_student(k)]
    got = {cell: scores[cell].auto_score for cell in full_points(name)}
    expected = {cell: case.points.get(cell, points) for cell, points in full_points(name).items()}
    assert got == expected, case.what


def test_no_other_answer_cell_is_left_unvaried() -> None:
    """Every answer cell of every assignment (a Spanish edition too) is in MARKS: a new
    question or a new assignment needs its variants."""
    assert set(assignment_names()) == {e for name in MARKS for e in editions(name)}
    for name in MARKS:
        for edition in editions(name):
            nb = nbformat.read(ROOT / "assignments" / edition / f"{edition}.ipynb", 4)
            answers = {nbgrader_meta(c)["grade_id"] for c in nb.cells
                       if nbgrader_meta(c).get("solution") and c.cell_type == "code"}
            assert answers == set(MARKS[name]), edition
