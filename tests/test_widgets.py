"""The widgets, driven without a browser: set controls, check values, figures, messages and code.

Graded answers are code, so every widget's ``to_code()`` is executed here and must rebuild the
widget's ``.value``. Figures are checked for what a reader relies on: title, axis labels with
units, the source line, the number of lines drawn and the data in them.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medlab_teach import data, evaluation, model, plan, scenario
from medlab_teach.errors import UnknownIdError
from medlab_teach.plots import figure_source, plan_matrix
from medlab_teach.plots import territory as territory_plot
from medlab_teach.widgets import (
    ActionPlanBuilder,
    ModelMapExplorer,
    PolicyMixSimulator,
    TerritoryExplorer,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_code(code: str) -> dict:
    namespace: dict = {}
    exec(compile(code, "<to_code>", "exec"), namespace)
    return namespace


def controls(widget) -> list:
    """Every ipywidgets control inside a widget's UI."""
    import ipywidgets as widgets

    found, stack = [], [widget.ui]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.Box):
            stack.extend(w.children)
        elif isinstance(w, (widgets.ValueWidget, widgets.Button)) and not isinstance(
                w, (widgets.HTML, widgets.Label, widgets.Image)):
            found.append(w)
    return found


def assert_accessible(widget) -> None:
    import ipywidgets as widgets

    found = controls(widget)
    assert found
    for ctl in found:
        assert ctl.tooltip, f"{ctl!r} has no tooltip"
        if isinstance(ctl, widgets.Button):
            assert ctl.description.strip(), f"{ctl!r} has no visible label"
        else:
            assert ctl.description.strip(), f"{ctl!r} has no label"
            assert ctl.description_allow_html is False


def assert_static_fallback(widget) -> None:
    png = widget.png()
    assert png.startswith(PNG_MAGIC)
    bundle, metadata = widget._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    alt = metadata["image/png"]["alt"]
    first = widget.figure.axes[0]
    assert (first.get_title("left") or first.get_title()) in alt
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Equivalent code" in bundle["text/plain"]


def scenario_lines(fig, variable: str) -> dict[int, object]:
    return {int(line.get_gid().split("|")[1]): line for ax in fig.axes for line in ax.lines
            if str(line.get_gid()).startswith(f"{variable}|")}


# ------------------------------------------------------------------------- policy mix


@pytest.fixture(scope="module")
def simulator() -> PolicyMixSimulator:
    return PolicyMixSimulator()


def test_simulator_starts_from_control_alone_against_the_integral_mix(simulator):
    expected_a = scenario.Scenario(shares=scenario.preset("solo_control"), name="A")
    expected_b = scenario.Scenario(shares=scenario.preset("integral"), name="B")
    assert simulator.value == {"A": expected_a, "B": expected_b}
    assert simulator.problems == []
    assert simulator.state["A"]["shares"]["reaccion_control"] == 100


def test_simulator_figure_is_titled_labelled_sourced_and_holds_the_runs(simulator):
    fig = simulator.figure
    assert "not a forecast" in fig._suptitle.get_text()
    assert figure_source(fig) == scenario.SOURCE
    titled = {ax.get_title(loc="left"): ax for ax in fig.axes if ax.get_title(loc="left")}
    for var, (label, unit) in scenario.VARIABLES.items():
        ax = titled[label]
        assert ax.get_ylabel() == unit
        assert ax.get_xlabel()
        lines = scenario_lines(fig, var)
        assert len(lines) == 2, var
        for i, name in enumerate("AB"):
            expected = simulator.value[name].simulate()[var]
            np.testing.assert_allclose(lines[i].get_ydata(), expected)
    # A and B differ in line style and marker, not only colour.
    a, b = scenario_lines(fig, "violence")[0], scenario_lines(fig, "violence")[1]
    assert a.get_linestyle() != b.get_linestyle() and a.get_marker() != b.get_marker()


def test_simulator_total_not_100_is_a_message_then_normalise_fixes_it():
    sim = PolicyMixSimulator()
    sim.controls["B"].sliders["justicia"].value = 20  # integral mix: total now 110%
    assert sim.value["B"] is None and sim.value["A"] is not None
    assert "sum to 110%, not 100%" in sim.status.value
    assert "Normalise to 100%" in sim.status.value
    assert "Total: 110%" in sim.controls["B"].total.value
    assert not any(line.get_visible() for line in [scenario_lines(sim.figure, "violence")[1]])
    assert "# Scenario B is not valid yet" in sim.to_code()
    sim.controls["B"].normalise.click()
    shares = sim.state["B"]["shares"]
    assert sum(shares.values()) == 100 and shares["justicia"] > shares["construccion_paz"]
    assert sim.value["B"] is not None and "Check your input" not in sim.status.value
    line_b = scenario_lines(sim.figure, "violence")[1]
    assert line_b.get_visible()
    np.testing.assert_allclose(line_b.get_ydata(), sim.value["B"].simulate().violence)


def test_simulator_negative_or_empty_shares_never_raise():
    sim = PolicyMixSimulator()
    with sim.hold():
        for slider in sim.controls["A"].sliders.values():
            slider.value = 0
    assert "sum to 0%" in sim.status.value
    sim.normalise("A")
    assert "All shares are 0" in sim.status.value
    sim.controls["A"].sliders["justicia"].value = -5  # sliders clamp: no negative share
    assert sim.controls["A"].sliders["justicia"].value == 0


def test_simulator_to_code_rebuilds_the_value_and_continuity_and_participation_act():
    sim = PolicyMixSimulator()
    sim.set_state({"A": {"shares": scenario.preset("prevencion"), "continuity": False,
                         "participation": 0.8}, "homicide_rate": 80.0})
    value = sim.value
    assert value["A"].continuity is False and value["A"].participation == 0.8
    assert value["A"].initial.homicide_rate == 80.0
    namespace = run_code(sim.to_code())
    assert namespace["a"] == value["A"] and namespace["b"] == value["B"]
    dropped = scenario_lines(sim.figure, "violence")[0].get_ydata()
    np.testing.assert_allclose(dropped, value["A"].simulate().violence)
    assert dropped[0] == pytest.approx(80.0)
    assert sim.figure.axes[0].get_ylim()[1] >= 80.0  # the axis followed the new start


def test_simulator_preset_menu_and_accessibility(simulator):
    sim = PolicyMixSimulator()
    sim.controls["A"].preset.value = "integral_sin_justicia_reparacion"
    shares = sim.state["A"]["shares"]
    assert shares["justicia"] == 0 and sum(shares.values()) == 100
    assert sim.controls["A"].preset.value == ""  # back to '(choose)'
    assert_accessible(simulator)
    assert_static_fallback(simulator)


# --------------------------------------------------------------------------- model map


def test_model_map_explorer_shows_what_the_report_ties_to_a_line():
    explorer = ModelMapExplorer()
    assert explorer.value is None
    whole = explorer.png()
    explorer.select("atencion_victimas")
    assert explorer.value == "atencion_victimas" and explorer.state == {
        "component": "atencion_victimas"}
    info = explorer.info.value
    assert model.get("atencion_victimas").name_es in info
    assert "Vereda La Loma" in info and "Unidad Municipal" in info
    assert explorer.png() != whole
    fig = explorer.figure
    assert figure_source(fig).endswith(model.SOURCE)
    assert "Modelo Integral" in fig.axes[0].get_title(loc="left")
    assert run_code(explorer.to_code())["component"].id == explorer.value
    with pytest.raises(UnknownIdError, match="Valid choices"):
        explorer.select("policia")
    assert_accessible(explorer)
    assert_static_fallback(explorer)


# -------------------------------------------------------------------------- action plan


def test_empty_plan_lists_problems_in_the_widget_without_raising():
    builder = ActionPlanBuilder()
    assert builder.value == plan.ActionPlan()
    for needle in ("no title", "at least one problem", "at least one actor"):
        assert needle in builder.status.value
    builder.add_commitment()
    assert "Write what will be done" in builder.status.value
    assert builder.commitments == []
    builder.remove_commitment(0)
    assert "no commitment to remove" in builder.status.value
    fig = builder.figure
    assert fig.axes[0].get_title(loc="left") == plan_matrix.TITLE
    assert figure_source(fig).endswith(plan_matrix.SOURCE)
    assert "Term" in fig.axes[0].get_xlabel() and "Line" in fig.axes[0].get_ylabel()


def test_plan_built_through_the_forms_is_complete_and_its_code_rebuilds_it():
    builder = ActionPlanBuilder()
    builder.title.value = "Plan San Javier"
    builder.territory.value = "Comuna 13"
    builder.problems.value = "Reclutamiento de jóvenes\n\nDesconfianza"
    builder.actors.value = "Secretaría de Seguridad\nMesa de la zona 4"
    builder.line_boxes["prevencion_social"].value = True
    builder.line_boxes["justicia"].value = True
    assert builder.c_lines.options == (("Prevención social", "prevencion_social"),
                                       ("Justicia", "justicia"))
    for term, line in (("corto", "prevencion_social"), ("mediano", "justicia"),
                       ("largo", "prevencion_social")):
        builder.c_action.value = f"Acción {term}"
        builder.c_term.value = term
        builder.c_lines.value = (line,)
        builder.c_actors.value = ("Mesa de la zona 4",)
        builder.add_button.click()
    value = builder.value
    assert value.problems == ["Reclutamiento de jóvenes", "Desconfianza"]
    assert len(value.commitments) == 3 and value.validate() == []
    assert "The plan is complete" in builder.status.value
    assert "### Mediano plazo" in builder.preview.value
    assert run_code(builder.to_code())["my_plan"] == value
    markers = next(c for c in builder.figure.axes[0].collections if c.get_gid() == "markers")
    assert len(markers.get_offsets()) == 3
    shaded = [p.get_visible() for p in plan_matrix.dynamic_shades(builder.figure)]
    assert sum(shaded) == 2
    builder.remove_commitment(1)
    assert any("No commitment at mediano plazo" in p for p in builder.problems_found)


def test_plan_builder_loads_a_plan_and_is_accessible():
    builder = ActionPlanBuilder(plan.example())
    assert builder.value == plan.example()
    assert builder.state == plan.example().to_dict()
    builder.set_state({"titulo": "x"})
    assert "no key in the plan &#x27;titulo&#x27;" in builder.status.value
    assert_accessible(builder)
    assert_static_fallback(builder)


# ---------------------------------------------------------------------- territory explorer


@pytest.fixture(scope="module")
def crimes() -> pd.DataFrame:
    return data.load("crimes_annual")


def test_territory_explorer_counts_match_the_plain_functions(crimes):
    explorer = TerritoryExplorer(territories=("13", "04"), years=(2005, 2015))
    expected = {code: evaluation.annual_series(crimes, code, "Homicidio", years=(2005, 2015))
                for code in ("13", "04")}
    value = explorer.value
    assert list(value.columns) == ["San Javier (13)", "Aranjuez (04)"]
    np.testing.assert_array_equal(value["San Javier (13)"].to_numpy(), expected["13"].to_numpy())
    drawn = territory_plot.series_data(explorer.figure)
    assert len(drawn) == 2
    assert drawn["Aranjuez (04)"] == (list(range(2005, 2016)), [float(v) for v in expected["04"]])
    ax = explorer.figure.axes[0]
    assert "Homicidio" in ax.get_title(loc="left")
    assert ax.get_ylabel() == "Cases per year (count)"
    assert ax.get_xlabel() == "Year (calendar year)"
    assert "SISC" in figure_source(explorer.figure)
    assert "cannot show" in explorer.notes.value
    assert "#" in explorer.event_list.value  # the events are listed with their numbers
    pd.testing.assert_frame_equal(run_code(explorer.to_code())["table"], value)


def test_territory_explorer_rates_events_and_messages(crimes):
    explorer = TerritoryExplorer(territories=("13",))
    explorer.measure.value = "rate"
    pop = data.population_total("13", base="dap_2018")
    counts = evaluation.annual_series(crimes, "13", "Homicidio")
    np.testing.assert_allclose(explorer.value["San Javier (13)"], counts / pop * 100_000)
    assert explorer.figure.axes[0].get_ylabel() == "Cases per 100,000 inhabitants per year"
    assert "2018 population" in explorer.notes.value
    events = territory_plot.timeline_events(data.load("timeline"), ["13"], (2003, 2023))
    labels = [t for t in explorer.figure.axes[0].texts
              if str(t.get_gid()).startswith("eventlabel|")]
    assert len(labels) == events["year"].nunique() > 0
    assert "one territory there is no comparison" in explorer.notes.value
    explorer.territories.value = ("13", "SIN DATO")
    assert "has no population, so no rate" in explorer.status.value
    assert list(explorer.value.columns) == ["San Javier (13)"]
    pd.testing.assert_frame_equal(run_code(explorer.to_code())["table"], explorer.value)
    explorer.set_state({"territories": ["01", "02", "03", "04", "05", "06"],
                        "measure": "count"})
    assert "Choose at most 5" in explorer.status.value
    assert len(territory_plot.series_data(explorer.figure)) == 5
    explorer.territories.value = ()
    assert "Choose at least one territory" in explorer.status.value
    explorer.conduct.value = "Hurto a persona"
    explorer.territories.value = ("10",)
    assert "reporting grew" in explorer.notes.value
    assert_accessible(explorer)
    assert_static_fallback(explorer)


# ------------------------------------------------------------------------------ notebook


@pytest.mark.notebooks
def test_widget_cells_keep_a_static_image_in_an_executed_notebook(tmp_path: Path):
    import nbformat
    from notebook_runner import notebook_client

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from medlab_teach import widgets"),
        nbformat.v4.new_code_cell("widgets.PolicyMixSimulator()"),
        nbformat.v4.new_code_cell("widgets.ActionPlanBuilder()"),
        nbformat.v4.new_code_cell("widgets.TerritoryExplorer()"),
        nbformat.v4.new_code_cell("widgets.ModelMapExplorer().show()"),
    ]
    notebook_client(nb, timeout=120, folder=tmp_path, allow_errors=False).execute()
    for cell in nb.cells[1:]:
        kinds = [set(out.get("data", {})) for out in cell.outputs
                 if out.output_type in ("display_data", "execute_result")]
        assert any("image/png" in k for k in kinds), (cell.source, kinds)
        assert any("application/vnd.jupyter.widget-view+json" in k for k in kinds)


def test_territory_explorer_fast_redraw_matches_a_full_redraw():
    """The blitted figure (kept background + changed parts) must show what a full redraw shows:
    the title, the axes and the series of the new choice, not stale parts of the old one."""
    import io

    import numpy as np
    from PIL import Image

    explorer = TerritoryExplorer(territories=("13", "04"))
    explorer.measure.value = "rate"
    explorer.years.value = (2008, 2016)
    fast = np.asarray(Image.open(io.BytesIO(explorer.png())).convert("L"), dtype=float)
    explorer._live.invalidate()
    full = np.asarray(Image.open(io.BytesIO(explorer._live.render())).convert("L"), dtype=float)
    assert fast.shape == full.shape
    title_band = slice(0, full.shape[0] // 8)
    assert np.abs(fast[title_band] - full[title_band]).mean() < 1.0, "stale title after update"
    assert np.abs(fast - full).mean() < 1.0, "the fast redraw differs from a full redraw"
