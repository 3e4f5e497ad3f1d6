"""Units behind lessons 01-04: case timelines, before/after and difference-in-differences, and the
trend and population figures (title, axis labels with units, source line on every figure)."""

from __future__ import annotations

import pandas as pd
import pytest

from medlab_teach import cases, evaluation, model
from medlab_teach.errors import UnknownIdError
from medlab_teach.plots import figure_source, trends
from medlab_teach.plots import population as pop_plots

# A tiny crime table whose answers are worked out by hand in the tests below.
#   treated "01": before (2003-2004) mean 100, after (2007-2008) mean 50  -> -50 cases, -50 %
#   comparison "03"+"04": before mean 200, after mean 150                 -> -50 cases, -25 %
TINY = pd.DataFrame(
    [
        ("01", "comuna", 2003, "Homicidio", 110), ("01", "comuna", 2004, "Homicidio", 90),
        ("01", "comuna", 2007, "Homicidio", 60), ("01", "comuna", 2008, "Homicidio", 40),
        ("03", "comuna", 2003, "Homicidio", 100), ("03", "comuna", 2004, "Homicidio", 100),
        ("03", "comuna", 2007, "Homicidio", 75), ("03", "comuna", 2008, "Homicidio", 75),
        ("04", "comuna", 2003, "Homicidio", 100), ("04", "comuna", 2004, "Homicidio", 100),
        ("04", "comuna", 2005, "Homicidio", 80), ("04", "comuna", 2007, "Homicidio", 75),
        ("04", "comuna", 2008, "Homicidio", 75), ("60", "corregimiento", 2003, "Homicidio", 9),
        ("SIN DATO", "sin dato", 2003, "Homicidio", 5),
        ("01", "comuna", 2003, "Hurto a persona", 500),
    ],
    columns=["territory_code", "territory_kind", "year", "conduct", "cases"],
)


def test_missing_years_count_as_zero() -> None:
    s = evaluation.annual_series(TINY, "01", "Homicidio")
    assert list(s.index) == list(range(2003, 2009))
    assert s.loc[2005] == 0 and s.loc[2006] == 0
    assert s.loc[2003] == 110


def test_before_after_by_hand() -> None:
    ba = evaluation.before_after(TINY, ["01"], "Homicidio", (2003, 2004), (2007, 2008))
    assert (ba.before, ba.after, ba.change) == (100.0, 50.0, -50.0)
    assert ba.pct_change == pytest.approx(-50.0)


def test_diff_in_diff_by_hand() -> None:
    r = evaluation.diff_in_diff(TINY, ["01"], ["03", "04"], "Homicidio", (2003, 2004),
                                (2007, 2008))
    assert r.comparison.before == 200.0 and r.comparison.after == 150.0
    assert r.did_cases == pytest.approx(0.0)  # same fall in cases ...
    assert r.did_pct == pytest.approx(-25.0)  # ... but twice the fall in percent
    assert r.excess_decline_pct == pytest.approx(100.0)  # 50 % vs 25 %: twice as large
    assert r.counterfactual_after == pytest.approx(75.0)
    table = r.table()
    assert table.loc["treated", "change (%)"] == -50.0


def test_diff_in_diff_refuses_overlapping_groups_and_bad_codes() -> None:
    with pytest.raises(ValueError, match="both groups"):
        evaluation.diff_in_diff(TINY, ["01"], ["01", "03"], "Homicidio", (2003, 2003),
                                (2008, 2008))
    with pytest.raises(ValueError, match="two digits"):
        evaluation.annual_series(TINY, ["1"], "Homicidio")
    with pytest.raises(UnknownIdError, match="no conduct"):
        evaluation.annual_series(TINY, ["01"], "Homicide")
    with pytest.raises(ValueError, match="no data"):
        evaluation.before_after(TINY, ["01"], "Homicidio", (2001, 2003), (2008, 2008))


def test_excess_decline_needs_two_declines() -> None:
    r = evaluation.DiDResult(evaluation.BeforeAfter(10, 5), evaluation.BeforeAfter(10, 12))
    with pytest.raises(ValueError, match="decline"):
        _ = r.excess_decline_pct


def test_indexed_and_other_codes() -> None:
    s = evaluation.annual_series(TINY, ["03"], "Homicidio")
    idx = evaluation.indexed(s, (2003, 2004))
    assert idx.loc[2007] == pytest.approx(75.0)
    assert evaluation.other_codes(TINY, ["01"]) == ["03", "04"]  # no corregimiento, no SIN DATO


TIMELINE = pd.DataFrame(
    {
        "date": ["2008", "1976", "2011-12-26", "1977"],
        "case_id": ["comuna_13", "moravia", "comuna_13", "moravia"],
        "territory_code": ["13", "04", "13", "04"],
        "event": ["Línea J", "dump (seed)", "escalators", "dump (other)"],
        "model_line": ["reduccion_inequidad", None, "prevencion_situacional", None],
        "source": ["a", "seed", "b", "c"],
        "note": ["", "Disagrees with El Tiempo", "", "Disagrees with the seed"],
    }
)


def test_timeline_filters_and_sorts() -> None:
    t = cases.timeline("moravia", TIMELINE)
    assert list(t["year"]) == [1976, 1977]
    assert len(cases.sources_disagree("moravia", TIMELINE)) == 2
    assert list(cases.events_for_line("prevencion_situacional", TIMELINE)["event"]) == [
        "escalators"]
    with pytest.raises(UnknownIdError, match="'moravia'"):
        cases.timeline("nowhere", TIMELINE)


def test_cases_follow_the_model() -> None:
    assert cases.case_keys() == list(model.CASE_TERRITORIES)
    assert "moravia" in cases.cases_for_line("prevencion_temprana")
    assert cases.case("la_loma")["territory_code"] == "60"
    for item in cases.INTERVENTIONS:
        model.get(item.model_line)  # every intervention sits on a real line
        assert item.source
    assert (2008.0, "Metrocable Línea J") in cases.intervention_events("13")
    with pytest.raises(UnknownIdError, match="linea_k"):
        cases.intervention("linea_z")


POP = pd.DataFrame(
    [(code, name, age, sex, n)
     for code, name, base in (("04", "Aranjuez", 10), ("14", "El Poblado", 5))
     for age, mult in (("0-4", 3), ("5-9", 2), ("80+", 1))
     for sex, n in (("total", base * mult), ("male", base * mult / 2),
                    ("female", base * mult / 2))],
    columns=["territory_code", "territory_name", "age_group", "sex", "population"],
)


def _assert_complete(fig) -> None:
    ax = fig.axes[0]
    assert ax.get_title(loc="left"), "figure without title"
    assert "(" in ax.get_xlabel() and "(" in ax.get_ylabel(), "axis labels need units"
    assert figure_source(fig).startswith("Source"), "figure without a source line"


def test_every_trend_figure_is_complete() -> None:
    s = evaluation.annual_series(TINY, "01", "Homicidio")
    c = evaluation.annual_series(TINY, ["03", "04"], "Homicidio")
    r = evaluation.diff_in_diff(TINY, ["01"], ["03", "04"], "Homicidio", (2003, 2004),
                                (2007, 2008))
    rates = pd.DataFrame({"territory_name": ["A", "B"], "cases": [1, 2],
                          "rate_per_100k": [3.0, 1.0]})
    sources = pd.DataFrame({"year": [2003, 2003, 2004], "homicides": [1, 2, 3],
                            "source": ["SISC", "Police", "SISC"]})
    figures = [
        trends.series({"A": s, "B": c}, title="t", ylabel="Homicides (cases per year)",
                      events=[(2004, "x")]),
        trends.counts_vs_rates(rates, title="t", source="test data"),
        trends.source_comparison(sources, title="t", source="test data"),
        trends.did_figure(s, c, r, before=(2003, 2004), after=(2007, 2008), treated_label="T",
                          comparison_label="C", title="t"),
    ]
    for fig in figures:
        _assert_complete(fig)


def test_every_population_figure_is_complete_and_shares_add_up() -> None:
    shares = pop_plots.age_shares(POP, ["04"])
    assert list(shares.index) == ["0-4", "5-9", "80+"]
    assert shares.sum() == pytest.approx(100.0)
    assert shares.loc["0-4"] == pytest.approx(50.0)  # 30 of 60, counting 'total' rows only
    for fig in (pop_plots.age_profile(POP, {"Aranjuez": ["04"], "Both": ["04", "14"]}),
                pop_plots.children_by_territory(POP, ["0-4"], highlight=["04"])):
        _assert_complete(fig)


def test_quotes_are_attributed_to_their_visit() -> None:
    assert cases.quote_visit("Si la comunidad no se mueve") == "moravia"
    assert cases.quote_visit("resignificar el nombre de La Loma") == "la_loma"
    with pytest.raises(ValueError, match="longer fragment"):
        cases.quote_visit("la")  # in several quotes


def test_actor_map_problems_name_what_is_wrong() -> None:
    right = {"comunidad": ["Comité de Memoria Histórica"], "institucion": ["EDU"],
             "articulacion": ["Mesa institucional de la zona 4"],
             "actor_armado": ["Grupos paramilitares (2002)"]}
    assert cases.actor_map_problems(right) == []
    wrong = dict(right, institucion=["EDU", "Mesa institucional de la zona 4"])
    assert any("not 'institucion'" in p for p in cases.actor_map_problems(wrong))
    assert any("no actor of type 'actor_armado'" in p
               for p in cases.actor_map_problems({k: v for k, v in right.items()
                                                  if k != "actor_armado"}))
    assert any("not an actor named" in p
               for p in cases.actor_map_problems(dict(right, comunidad=["Kolacho"])))
    assert set(cases.COMUNA_13_ACTORS.values()) == set(cases.ACTOR_TYPES)
