"""In Spanish, every figure, widget and message of the package speaks Spanish.

Each test switches to Spanish, draws a figure or builds a widget on tiny hand-made data, and
asserts that no English is left in what a learner reads (titles, axis labels, legends, source
lines, tick labels, widget labels, tooltips, options, status and notes); data values and place
names are Spanish or neutral in the test data, so any English found comes from the package.
A few exact Spanish texts are asserted as well, so a test fails on a wrong translation too.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from tiny_tables import POP, TINY, square, tiny_events

import medlab_teach
from medlab_teach import evaluation, model, places, plan, scenario
from medlab_teach.errors import UnknownIdError
from medlab_teach.plots import figure_source, maps, patterns, plan_matrix, scenario_figures, trends
from medlab_teach.plots import population as pop_plots
from medlab_teach.plots import territory as territory_plot
from medlab_teach.plots.alt_text import describe_figure
from medlab_teach.plots.model_map import model_map

#: Words that only English text contains (Spanish text a learner reads has none of them).
ENGLISH = (" the ", " of ", " and ", " per ", " by ", " to ", " with ", "Source", "Year",
           "Homicides", "Cases", "Share", "Scenario", "Choose", "Show")


@pytest.fixture(autouse=True)
def spanish():
    """Every test runs in Spanish and leaves the process in English."""
    medlab_teach.set_language("es")
    yield
    medlab_teach.set_language("en")


def english_in(texts: list[str]) -> list[tuple[str, str]]:
    """(word, text) for every English word found in ``texts``."""
    found = []
    for text in texts:
        padded = f" {' '.join(str(text).split())} "
        found += [(word.strip(), text) for word in ENGLISH if word in padded]
    return found


def figure_texts(fig) -> list[str]:
    """Every text drawn on a figure: titles, labels, ticks, legends, notes, source line."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def assert_spanish_figure(fig) -> None:
    texts = [*figure_texts(fig), describe_figure(fig)]
    assert not english_in(texts), english_in(texts)
    source = figure_source(fig)
    assert source.startswith(("Fuente:", "Sintético")), source


def test_trend_figures_speak_spanish() -> None:
    s = evaluation.annual_series(TINY, "01", "Homicidio")
    c = evaluation.annual_series(TINY, ["03", "04"], "Homicidio")
    result = evaluation.diff_in_diff(TINY, ["01"], ["03", "04"], "Homicidio", (2003, 2004),
                                     (2007, 2008))
    rates = pd.DataFrame({"territory_name": ["A", "B"], "cases": [1, 2],
                          "rate_per_100k": [3.0, 1.0]})
    sources = pd.DataFrame({"year": [2003, 2003, 2004], "homicides": [1, 2, 3],
                            "source": ["SISC", "Policía", "SISC"]})
    series = trends.series({"A": s, "B": c}, title="Homicidios", ylabel="Homicidios (casos)")
    assert series.axes[0].get_xlabel() == "Año (año calendario)"
    assert figure_source(series) == ("Fuente: SISC, Alcaldía de Medellín (MEData), casos "
                                     "consolidados por comuna")
    counts = trends.counts_vs_rates(rates, title="Conteos y tasas", source="datos de prueba")
    assert counts.axes[0].get_ylabel() == "Tasa (casos por 100.000 habitantes)"
    comparison = trends.source_comparison(sources, title="Fuentes", source="datos de prueba")
    assert comparison.axes[0].get_ylabel() == "Homicidios (por año)"
    did = trends.did_figure(s, c, result, before=(2003, 2004), after=(2007, 2008),
                            treated_label="T", comparison_label="C", title="DiD")
    legend = [t.get_text() for t in did.axes[0].get_legend().get_texts()]
    assert "tratado si hubiera cambiado como la comparación" in legend
    for fig in (series, counts, comparison, did):
        assert_spanish_figure(fig)


def test_territory_figure_speaks_spanish() -> None:
    lines = {"San Javier (13)": evaluation.annual_series(TINY, "01", "Homicidio")}
    fig = territory_plot.territory_figure(lines, conduct="Homicidio", measure="rate")
    assert fig.axes[0].get_title(loc="left") == (
        "Homicidio: casos por 100.000 habitantes (población 2018, proyección del DAP), "
        "según territorio")
    assert_spanish_figure(fig)


@pytest.mark.parametrize("variables", [scenario_figures.PANELS, ("violence",)])
def test_scenario_figures_speak_spanish(variables) -> None:
    runs = scenario.run(scenario.Scenario(scenario.preset("integral"), name="Integral"),
                        scenario.Scenario.status_quo())
    fig = scenario_figures.trajectories_figure(runs, variables=variables)
    assert_spanish_figure(fig)
    texts = figure_texts(fig)
    assert "Statu quo (sin política)" in texts
    assert figure_source(fig) == "Sintético: modelo de enseñanza de medlab-teach, no un pronóstico"
    if len(variables) > 1:
        summary = next(t for t in texts if t.startswith("Tras 10 años"))
        assert "/año" in summary and "sumados" in summary


def test_model_map_shows_spanish_names_without_english_gloss() -> None:
    fig = model_map(highlight="justicia")
    texts = figure_texts(fig)
    assert_spanish_figure(fig)
    assert fig.axes[0].get_title(loc="left") == (
        "Modelo Integral de Gestión Local de la Seguridad y la Convivencia, Medellín")
    assert not any("Early prevention" in t or "(prevention)" in t for t in texts)
    assert "Reacción y justicia" in texts
    assert "Eje transversal: Participación y empoderamiento" in texts


def test_patterns_and_population_figures_speak_spanish() -> None:
    events = tiny_events()
    figures = [
        patterns.time_profile(places.counts_by_time(events, "hour"), highlight=[22]),
        patterns.time_profile(places.counts_by_time(events, "weekday")),
        patterns.time_profile(places.counts_by_time(events, "month")),
        patterns.hour_weekday_heatmap(places.hour_weekday_table(events)),
        patterns.age_sex_bars(places.age_sex_table(events)),
        patterns.concentration({"comunas": places.concentration_curve([3, 1, 1, 0])}),
        patterns.territory_bars(places.counts_by_place(events), {"01": "Popular"},
                                title="Hechos por territorio"),
        pop_plots.age_profile(POP, {"Aranjuez": ["04"]}),
        pop_plots.children_by_territory(POP, ["0-4"], highlight=["04"]),
    ]
    for fig in figures:
        assert_spanish_figure(fig)
    weekdays = [t.get_text() for t in figures[1].axes[0].get_xticklabels()]
    assert weekdays == ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]
    assert figures[0].axes[0].get_title(loc="left") == "Homicidios según la hora"
    assert "víctimas de edad desconocida no mostradas: 1" in figure_source(figures[4])
    assert figures[7].axes[0].get_ylabel() == "Proporción de la población (%)"


def test_comuna_map_speaks_spanish() -> None:
    boundaries = {"type": "FeatureCollection", "features": [
        square("01", -75.61, 6.19, 0.02), square("02", -75.56, 6.24, 0.02)]}
    stations = pd.DataFrame({"longitude": [-75.6], "latitude": [6.2], "system": ["Cable"]})
    events = tiny_events().dropna(subset=["longitude"])
    fig = maps.comuna_map(boundaries, values={"01": 3, "02": 1}, stations=stations,
                          points=events, source=maps.BOUNDARIES_SOURCE)
    assert_spanish_figure(fig)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Estaciones de Cable" in legend and "Hechos (4)" in legend
    assert figure_source(fig) == (
        "Fuente: límites de comunas de crimemappingdata (origen no documentado); estaciones de "
        "metro y cable: datos abiertos del Metro de Medellín")


def test_a_lesson_joining_two_sources_gets_both_translated() -> None:
    fig = maps.comuna_map({"type": "FeatureCollection", "features": [
        square("01", -75.61, 6.19, 0.02)]},
        source=patterns.HOMICIDES_SOURCE + "; " + maps.BOUNDARIES_SOURCE)
    assert figure_source(fig).startswith("Fuente: registros de homicidios de MEData 2010-2019")
    assert "límites de comunas" in figure_source(fig)


def test_plan_matrix_speaks_spanish() -> None:
    fig = plan_matrix.plan_matrix(plan.example())
    assert_spanish_figure(fig)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["Corto plazo", "Mediano plazo", "Largo plazo"]


# ------------------------------------------------------------------------------ widgets

def widget_texts(widget) -> list[str]:
    """What a learner reads in a widget: labels, tooltips, options, HTML text, fallback text."""
    import ipywidgets as widgets

    texts, stack = [], [widget.ui]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.Box):
            stack.extend(w.children)
            continue
        texts += [getattr(w, "description", ""), getattr(w, "tooltip", "") or ""]
        texts += [str(label) for label in getattr(w, "_options_labels", ())]
        texts += list(getattr(w, "tooltips", ()) or ())
        if isinstance(w, widgets.HTML):
            texts.append(html.unescape(re.sub(r"<[^>]+>", " ", w.value)))
    bundle, metadata = widget._repr_mimebundle_()
    plain = bundle["text/plain"].split("\n")[0]  # the sentence; to_code() below it is code
    texts += [plain, metadata["image/png"]["alt"]]
    return [t for t in texts if t and t.strip()]


def assert_spanish_widget(widget) -> None:
    texts = widget_texts(widget)
    assert not english_in(texts), english_in(texts)
    assert_spanish_figure(widget.figure)


def test_model_map_explorer_speaks_spanish() -> None:
    from medlab_teach.widgets import ModelMapExplorer

    explorer = ModelMapExplorer("justicia")
    assert_spanish_widget(explorer)
    assert explorer.picker.description == "Línea o eje del modelo"
    assert "Línea 6 de 10 · etapa: Reacción y justicia" in explorer.info.value
    assert "Vereda La Loma (corregimiento San Cristóbal) (día 4 del Laboratorio)" in (
        explorer.info.value)
    explorer.select(None)
    assert "diez líneas de intervención" in explorer.info.value


def test_territory_explorer_speaks_spanish() -> None:
    from medlab_teach.widgets import TerritoryExplorer

    explorer = TerritoryExplorer(["13"], years=(2004, 2012), measure="rate", events=False)
    assert_spanish_widget(explorer)
    assert explorer.measure.description == "Medida"
    assert "Lo que esta imagen no puede mostrar:" in html.unescape(explorer.notes.value)
    explorer.set_state({"territories": [], "events": True})
    assert "Elija al menos un territorio de la lista." in explorer.status.value


def test_policy_mix_simulator_speaks_spanish() -> None:
    from medlab_teach.widgets import PolicyMixSimulator

    sim = PolicyMixSimulator()
    assert_spanish_widget(sim)
    assert sim.controls["A"].normalise.description == "Normalizar a 100 %"
    sim.controls["B"].sliders["justicia"].value += 10
    status = html.unescape(sim.status.value)
    assert "Revise los datos ingresados:" in status
    assert "Escenario B: Los porcentajes suman 110 %, no 100 %" in status
    assert "pulse 'Normalizar a 100 %'" in status
    assert "Total: 110 %" in sim.controls["B"].total.value
    assert "# Scenario B is not valid yet" in sim.to_code()  # code stays code


def test_action_plan_builder_speaks_spanish() -> None:
    from medlab_teach.widgets import ActionPlanBuilder

    builder = ActionPlanBuilder()
    assert_spanish_widget(builder)
    assert builder.add_button.description == "Agregar compromiso"
    assert not builder.add_commitment()
    assert "Escriba qué se hará antes de agregar el compromiso." in builder.status.value
    builder.set_state(plan.example().to_dict())
    assert "El plan está completo" in builder.status.value
    assert "# Plan de acción: Joven Lab" in html.unescape(builder.preview.value)
    assert_spanish_widget(builder)


# ------------------------------------------------------------------------------ modules

def test_model_names_and_descriptions_follow_the_language() -> None:
    justice = model.get("justicia")
    assert justice.label == "Justicia"
    assert justice.description.startswith("Una vez ocurrido un hecho victimizante")
    quoted = model.get("prevencion_temprana").description
    assert "'la gestión de la seguridad ... va desde la prevención más temprana'" in quoted
    medlab_teach.set_language("en")
    assert justice.label == "Justicia (Justice)"
    assert justice.description.startswith("Once a victimising act")


def test_messages_and_tables_speak_spanish() -> None:
    with pytest.raises(UnknownIdError, match="Identificador de componente del modelo"):
        model.get("nada")
    with pytest.raises(ValueError, match=re.escape("suman 1.234,5 %")):
        scenario.validate_shares({"justicia": 1234.5})
    with pytest.raises(ValueError, match="tienen dos dígitos"):
        evaluation.annual_series(TINY, "1", "Homicidio")
    with pytest.raises(ValueError, match="entre 0 y 1"):
        places.places_for_share([1, 2], 2.0)
    problems = plan.ActionPlan().validate()
    assert problems[0] == "El plan no tiene título: póngale uno (title='...')."
    assert not english_in(problems)
    result = evaluation.diff_in_diff(TINY, ["01"], ["03", "04"], "Homicidio", (2003, 2004),
                                     (2007, 2008))
    assert list(result.table().columns) == ["antes (casos/año)", "después (casos/año)",
                                            "cambio (casos/año)", "cambio (%)"]
    table = scenario.compare(scenario.Scenario(scenario.preset("integral")))
    assert list(table.columns) == ["Escenario"]
    assert not english_in(list(table.index))
    rows = scenario.Parameters().describe()
    assert rows[0]["name"] == "effort" and rows[0]["unit"] == "presupuesto de referencia = 1"
    markdown = plan.example().to_markdown()
    assert "## Compromisos" in markdown and "(commitments)" not in markdown
