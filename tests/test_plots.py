"""The figures' shared style (``plots.style``) and the model's map (``plots.model_map``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from medlab_teach import model, scenario
from medlab_teach.plots import figure_source, scenario_figures, style
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
    import pandas as pd

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
