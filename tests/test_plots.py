"""The figures (``plots``): one shared style, and every figure titled, with labelled axes (units)
and a source line, on tiny hand-made data."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pandas as pd
import pytest
from tiny_tables import POP, TINY, square, tiny_events

from medlab_teach import evaluation, model, places, scenario
from medlab_teach.errors import UnknownIdError
from medlab_teach.plots import figure_source, maps, patterns, scenario_figures, style, trends
from medlab_teach.plots import population as pop_plots
from medlab_teach.plots import territory as territory_plot
from medlab_teach.plots.model_map import model_map

PLOTS = Path(__file__).resolve().parents[1] / "src" / "medlab_teach" / "plots"


def test_model_map_is_titled_sourced_and_highlights() -> None:
    fig = model_map()
    ax = fig.axes[0]
    assert "Modelo Integral" in ax.get_title(loc="left")
    assert "Medellín Lab 2017" in figure_source(fig)
    assert figure_source(fig).endswith(model.SOURCE)
    texts = [t.get_text() for t in ax.texts]
    for line in model.LINES:
        assert any(line.name_en.split()[0] in t for t in texts), f"{line.id} not labelled"
    assert {p.get_gid() for p in ax.patches} >= {c.id for c in model.components()}
    plain = [p.get_facecolor() for p in ax.patches]
    highlighted = [p.get_facecolor() for p in model_map(highlight="justicia").axes[0].patches]
    assert plain != highlighted
    with pytest.raises(LookupError, match="prevencion_temprana"):
        model_map(highlight="nonsense")


def test_scenarios_and_territories_are_told_apart_by_the_same_styles() -> None:
    """One list of line styles serves every figure that draws several series."""
    a = scenario.Scenario(scenario.preset("integral"), name="A").simulate()
    b = scenario.Scenario(scenario.preset("solo_control"), name="B").simulate()
    fig = scenario_figures.trajectories_figure([a, b], variables=["violence"])
    lines = {"X": pd.Series([1.0, 2.0], index=[2003, 2004]),
             "Y": pd.Series([2.0, 1.0], index=[2003, 2004])}
    terr = territory_plot.territory_figure(lines, conduct="Homicidio")
    for i in range(2):
        want = style.line_style(i)
        for drawn in (fig.axes[0].lines[i], terr.axes[0].lines[i]):
            assert drawn.get_color() == want["color"]
            assert drawn.get_marker() == want["marker"]
    assert len(style.LINE_STYLES) == territory_plot.MAX_TERRITORIES


def test_figure_style_is_defined_only_in_plots_style() -> None:
    """No figure module defines its own palette or series styles, or borrows another's."""
    for path in sorted(PLOTS.glob("*.py")):
        if path.name == "style.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
        assert not assigned & {"PALETTE", "GREY", "LINE_STYLES", "STYLES"}, path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "medlab_teach.plots."):
                assert node.module in ("medlab_teach.plots.style",), (
                    f"{path.name} imports from {node.module}: shared style belongs in plots.style")


def test_finish_refuses_a_figure_without_a_source() -> None:
    _fig, ax = style.new_figure()
    with pytest.raises(ValueError, match="source"):
        style.finish(ax, title="t", xlabel="x (unit)", ylabel="y (unit)", source=" ")


# ------------------------------------------------------------- trends, population, places, maps

@pytest.fixture()
def events() -> pd.DataFrame:
    return tiny_events()


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


def _assert_kit_figure(fig, *, unit_words: tuple[str, ...]) -> None:
    ax = fig.axes[0]
    assert ax.get_title(loc="left").strip(), "figure has no title"
    labels = ax.get_xlabel() + " " + ax.get_ylabel()
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()
    for word in unit_words:
        assert word in labels, f"axis labels {labels!r} lack the unit {word!r}"
    assert figure_source(fig).startswith(("Source", "Synthetic"))


def test_time_profile_figure(events: pd.DataFrame) -> None:
    fig = patterns.time_profile(places.counts_by_time(events, "hour"), highlight=[22])
    _assert_kit_figure(fig, unit_words=("0-23", "count"))
    assert "MEData" in figure_source(fig)
    bars = fig.axes[0].patches
    assert len(bars) == 24 and bars[22].get_height() == 4
    with pytest.raises(ValueError, match="counts_by_time"):
        patterns.time_profile(pd.Series([1, 2]))


def test_weekday_heatmap_and_age_sex_figures(events: pd.DataFrame) -> None:
    _assert_kit_figure(patterns.hour_weekday_heatmap(places.hour_weekday_table(events)),
                       unit_words=("0-23",))
    fig = patterns.age_sex_bars(places.age_sex_table(events))
    _assert_kit_figure(fig, unit_words=("years", "count"))
    assert "1 victims of unknown age" in figure_source(fig)


def test_concentration_and_bars_figures(events: pd.DataFrame) -> None:
    curves = {"comunas": places.concentration_curve([3, 1, 1, 0]),
              "cells": places.concentration_curve([3, 1, 0, 0, 0, 0])}
    fig = patterns.concentration(curves, units="places")
    _assert_kit_figure(fig, unit_words=("%",))
    assert len(fig.axes[0].lines) == 3  # the diagonal and two curves
    with pytest.raises(ValueError, match="concentration_curve"):
        patterns.concentration(pd.DataFrame({"x": [0, 1]}))
    bars = patterns.territory_bars(places.counts_by_place(events), {"01": "Popular"},
                                   title="Events by territory")
    _assert_kit_figure(bars, unit_words=("count",))
    assert "Popular (01)" in [t.get_text() for t in bars.axes[0].get_yticklabels()]


def test_comuna_map(events: pd.DataFrame) -> None:
    boundaries = {"type": "FeatureCollection", "features": [
        square("01", -75.61, 6.19, 0.02), square("02", -75.56, 6.24, 0.02)]}
    stations = pd.DataFrame({"longitude": [-75.6], "latitude": [6.2], "system": ["Cable"]})
    fig = maps.comuna_map(boundaries, values={"01": 3, "02": 1}, stations=stations,
                          points=events.dropna(subset=["longitude"]), highlight="02",
                          points_label="Homicides", title="Test map")
    ax = fig.axes[0]
    assert "Homicides (4)" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert ax.get_title(loc="left") == "Test map"
    assert "degrees" in ax.get_xlabel() and "degrees" in ax.get_ylabel()
    assert "Metro de Medellín" in figure_source(fig)
    assert math.isclose(ax.get_xlim()[0], -75.615, abs_tol=1e-9)
    with pytest.raises(UnknownIdError, match="territory code on the map '99'"):
        maps.comuna_map(boundaries, values={"99": 1})
    with pytest.raises(ValueError, match="FeatureCollection"):
        maps.comuna_map({"type": "Feature"})
