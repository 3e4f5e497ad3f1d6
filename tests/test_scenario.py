"""The scenario engine: the five lessons of the Lab's report, invariants, and clear errors on bad
input.

Every lesson is checked by comparing scenarios built with the engine's public API, on three
stylised territories (a middling one, a hard one, a mild one), so that a lesson that only held for
one starting point would fail here.
"""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from medlab_teach import model, scenario
from medlab_teach.errors import UnknownIdError
from medlab_teach.scenario import Initial, Parameters, Scenario

ROOT = Path(__file__).resolve().parents[1]

TERRITORIES = {
    "middling": Initial(),
    "hard": Initial(homicide_rate=150.0, trust=0.2, vulnerability=0.7, harm=0.6, actors=0.7),
    "mild": Initial(homicide_rate=15.0, trust=0.6, vulnerability=0.3, harm=0.2, actors=0.2),
}


@pytest.fixture(params=list(TERRITORIES), ids=list(TERRITORIES))
def initial(request) -> Initial:
    return TERRITORIES[request.param]


def run(initial: Initial, mix: str | dict, **kwargs) -> scenario.Trajectory:
    shares = scenario.preset(mix) if isinstance(mix, str) else mix
    return Scenario(shares=shares, initial=initial, **kwargs).simulate()


def gain(tr: scenario.Trajectory, year: int) -> float:
    """How far violence has fallen below its start after ``year`` years."""
    return float(tr.violence[0] - tr.violence[year])


# ------------------------------------------------------------------------------------ lessons

def test_lesson1_control_alone_is_fastest_but_its_gains_are_fragile(initial):
    """'Los éxitos son frágiles': control cuts violence fastest, then the gain erodes."""
    control = run(initial, "solo_control")
    others = [run(initial, mix) for mix in ("prevencion", "integral",
                                            "integral_sin_justicia_reparacion")]
    for year in (1, 2):
        assert all(control.violence[year] < o.violence[year] for o in others), year
    best_year = int(np.argmin(control.violence[:5]))
    best_gain = gain(control, best_year)
    assert best_gain > 0.3 * control.violence[0]
    # Even kept up, the gain erodes (actors adapt, harm and distrust build up)...
    assert gain(control, 10) < 0.8 * best_gain
    # ...and once control stops, most of it is gone within six years.
    dropped = run(initial, "solo_control", continuity=False)
    assert gain(dropped, 10) < 0.3 * best_gain


def test_lesson2_early_and_social_prevention_act_slowly_but_durably(initial):
    control = run(initial, "solo_control")
    prevention = run(initial, "prevencion")
    # Slowly: after one and two years prevention has done less than control.
    assert gain(prevention, 1) < gain(control, 1)
    assert gain(prevention, 2) < 0.5 * gain(control, 2)
    # Durably: kept up, it ends below control...
    assert prevention.violence[20] < control.violence[20]
    # ...and dropped after one term, its gain keeps (here: grows), while control's vanishes.
    dropped_prev = run(initial, "prevencion", continuity=False)
    dropped_ctrl = run(initial, "solo_control", continuity=False)
    assert gain(dropped_prev, 10) >= gain(dropped_prev, 4) > 0
    assert gain(dropped_ctrl, 10) < 0.3 * gain(dropped_ctrl, 4)
    # The capacity it built outlasts control's by far.
    early = dropped_prev.capacity_of("prevencion_temprana")
    ctrl = dropped_ctrl.capacity_of("reaccion_control")
    assert early[10] / early[4] > 0.6
    assert ctrl[10] / ctrl[4] < 0.05


@pytest.mark.parametrize("base", [
    scenario.preset("integral"),
    {"prevencion_social": 30, "reaccion_control": 30, "justicia": 20, "atencion_victimas": 20},
], ids=["integral", "control_prevention_justice_victims"])
def test_lesson3_justice_and_reparation_break_cycles_of_revenge(initial, base):
    reparative = ("justicia", "atencion_victimas", "restablecimiento_derechos")
    with_them = run(initial, base)
    without_them = run(initial, scenario.without(base, *reparative))
    # Worse over ten years: more homicides, more unrepaired harm, more illegal actors.
    assert with_them.cumulative_homicide_rate(10) < without_them.cumulative_homicide_rate(10)
    assert with_them.violence[10] < without_them.violence[10]
    assert with_them.harm[10] < without_them.harm[10]
    assert with_them.actors[10] < without_them.actors[10]


def test_lesson3_control_backed_by_justice_and_victims_does_not_erode(initial):
    """The cycle itself: control alone leaves harm unrepaired and its gain erodes; the same
    effort with a share for justice and victim attention repairs harm and keeps the gain."""
    alone = run(initial, "solo_control")
    backed = run(initial, {"reaccion_control": 70, "justicia": 15, "atencion_victimas": 15})
    assert backed.harm[10] < 0.5 * alone.harm[10]
    assert backed.violence[10] < alone.violence[10]
    assert backed.trust[10] > alone.trust[10]


def test_lesson4_participation_multiplies_durability(initial):
    # With no intervention there is nothing for participation to multiply.
    none_low = Scenario.status_quo(initial=initial, participation=0.0).simulate()
    none_high = Scenario.status_quo(initial=initial, participation=1.0).simulate()
    np.testing.assert_allclose(none_low.violence, none_high.violence)
    # With a policy dropped after one term, high participation keeps more of what was built.
    low = run(initial, "integral", continuity=False, participation=0.1)
    high = run(initial, "integral", continuity=False, participation=0.9)
    assert gain(high, 10) / gain(high, 4) > gain(low, 10) / gain(low, 4)
    assert high.cumulative_homicide_rate(10) < low.cumulative_homicide_rate(10)
    for line in ("prevencion_social", "justicia", "construccion_paz"):
        kept_high = high.capacity_of(line)[10] / high.capacity_of(line)[4]
        kept_low = low.capacity_of(line)[10] / low.capacity_of(line)[4]
        assert kept_high > kept_low, line
    # Kept up, the same policy does better with the community on board.
    assert (run(initial, "integral", participation=0.9).violence[10]
            < run(initial, "integral", participation=0.1).violence[10])


@pytest.mark.parametrize("mix", ["integral", "prevencion", "solo_control"])
def test_lesson5_ten_years_of_policy_beat_one_term(initial, mix):
    kept = run(initial, mix, continuity=True)
    cut = run(initial, mix, continuity=False)
    np.testing.assert_allclose(kept.violence[:5], cut.violence[:5])  # same first term
    assert kept.violence[10] < cut.violence[10]
    assert kept.cumulative_homicide_rate(10) < cut.cumulative_homicide_rate(10)


# --------------------------------------------------------------------------------- invariants

def test_no_policy_leaves_the_territory_where_it_starts(initial):
    tr = Scenario.status_quo(initial=initial).simulate()
    for var, start in (("violence", initial.homicide_rate), ("trust", initial.trust),
                       ("vulnerability", initial.vulnerability), ("harm", initial.harm),
                       ("actors", initial.actors)):
        np.testing.assert_allclose(tr[var], start, err_msg=var)


def test_state_stays_bounded_for_random_scenarios():
    rng = np.random.default_rng(20170529)
    ids = model.line_ids()
    for _ in range(60):
        raw = rng.dirichlet(np.full(len(ids), 0.3)) * 100
        shares = dict(zip(ids, raw.tolist(), strict=True))
        shares = scenario.normalise_shares(shares)
        init = Initial(homicide_rate=float(rng.uniform(1, 400)),
                       trust=float(rng.uniform(0.01, 0.99)),
                       vulnerability=float(rng.uniform(0.01, 0.99)),
                       harm=float(rng.uniform(0.01, 0.99)), actors=float(rng.uniform(0.01, 0.99)))
        params = Parameters(effort=float(rng.uniform(0, 4)), revenge=float(rng.uniform(0, 5)))
        tr = Scenario(shares=shares, continuity=bool(rng.integers(2)),
                      participation=float(rng.uniform(0, 1)), years=30, initial=init,
                      parameters=params).simulate()
        for var in ("trust", "vulnerability", "harm", "actors"):
            assert np.all((tr[var] >= 0) & (tr[var] <= 1)), var
        assert np.all(tr.violence >= 0)
        assert np.all(tr.violence <= params.max_violence_ratio * init.homicide_rate + 1e-9)
        assert np.all((tr.capacity >= 0) & (tr.capacity <= 1))
        assert np.all(np.isfinite(tr.violence))


def test_simulation_is_deterministic_and_pure():
    s = Scenario(shares=scenario.preset("integral"), continuity=False, participation=0.3)
    a, b = s.simulate(), s.simulate()
    for var in scenario.VARIABLES:
        np.testing.assert_array_equal(a[var], b[var])
    assert Scenario(shares=scenario.preset("integral"), continuity=False,
                    participation=0.3) == s
    with pytest.raises((ValueError, TypeError)):
        a.violence[0] = 0.0  # results are read-only


def test_capacity_follows_its_closed_form():
    """With constant effort, capacity tends to g e / (g e + d) as the docs say."""
    params = Parameters()
    tr = Scenario(shares=scenario.preset("integral"), participation=0.0, years=200).simulate()
    for j, lid in enumerate(model.line_ids()):
        dyn = params.lines[lid]
        built = dyn.build * 0.10
        assert tr.capacity[-1, j] == pytest.approx(built / (built + dyn.decay), rel=1e-4)


def test_yearly_schedule_equal_to_a_constant_mix_gives_the_same_run():
    mix = scenario.preset("prevencion")
    constant = Scenario(shares=mix, years=12).simulate()
    schedule = Scenario(shares=[mix] * 12, years=12).simulate()
    np.testing.assert_allclose(constant.violence, schedule.violence)
    switch = Scenario(shares=[scenario.preset("solo_control")] * 4 + [mix] * 8,
                      years=12).simulate()
    assert not np.allclose(switch.violence, constant.violence)
    np.testing.assert_array_equal(switch.effort[5], Scenario(shares=mix).shares_matrix[0])


def test_dropped_policy_applies_no_effort_after_the_first_term():
    tr = Scenario(shares=scenario.preset("integral"), continuity=False).simulate()
    assert tr.effort[:4].sum(axis=1) == pytest.approx([100] * 4)
    assert tr.effort[4:].sum() == 0


def test_to_frame_compare_and_table():
    a = Scenario(shares=scenario.preset("integral"), name="A", initial=Initial(year=2004))
    b = a.replace(continuity=False, name="B")
    frame = a.simulate().to_frame()
    assert list(frame.columns[:7]) == ["scenario", "year", *scenario.VARIABLES]
    assert frame["year"].iloc[0] == 2004 and len(frame) == 21
    assert frame.attrs["source"] == scenario.SOURCE
    assert {f"capacity_{lid}" for lid in model.line_ids()} <= set(frame.columns)
    cmp = scenario.compare(a, b)
    assert list(cmp.columns) == ["A", "B"]
    row = "homicides per 100,000 summed over 10 years"
    assert cmp.loc[row, "A"] == pytest.approx(a.simulate().cumulative_homicide_rate(10))
    assert cmp.loc[row, "A"] < cmp.loc[row, "B"]
    assert list(scenario.compare(a, a).columns) == ["A", "A (2)"]
    long = scenario.table(a, b)
    assert len(long) == 42 and set(long["scenario"]) == {"A", "B"}


def test_to_code_recreates_the_scenario():
    s = Scenario(shares=scenario.preset("integral_sin_justicia_reparacion"), continuity=False,
                 participation=0.8, years=15, initial=Initial(homicide_rate=80.5, year=2004),
                 parameters=Parameters(revenge=1.0).with_line("justicia", decay=0.1),
                 name="B")
    code = s.to_code()
    assert code.startswith("scenario.Scenario(")
    assert eval(code, {"scenario": scenario}) == s
    sched = Scenario(shares=[scenario.preset("solo_control")] * 2 + [scenario.preset(
        "integral")] * 2, years=4)
    assert eval(sched.to_code(), {"scenario": scenario}) == sched


def test_every_parameter_is_documented():
    doc = (ROOT / "docs" / "scenario_model.md").read_text(encoding="utf-8")
    assert "not a forecast" in doc
    rows = Parameters().describe()
    for row in rows:
        assert row["meaning"] and row["unit"] and row["symbol"], row
    for f in fields(Parameters):
        assert f"`{f.name}`" in doc, f"docs/scenario_model.md does not explain {f.name}"
    for f in fields(scenario.LineDynamics):
        assert f"`{f.name}`" in doc, f"docs/scenario_model.md does not explain {f.name}"
    # The tables of defaults in the page are the code's defaults.
    cells = {row.split("|")[1].strip(): [c.strip() for c in row.split("|")[2:-1]]
             for row in doc.splitlines() if row.startswith("| `")}
    for f in fields(Parameters):
        if f.name != "lines":
            assert float(cells[f"`{f.name}`"][-1]) == pytest.approx(f.default), f.name
    for lid in model.line_ids():
        numbers = [float(c) for c in cells[f"`{lid}`"]]
        dyn = scenario.DEFAULT_LINES[lid]
        assert numbers == [getattr(dyn, f.name) for f in fields(scenario.LineDynamics)], lid
    assert scenario.SOURCE == "Synthetic: medlab-teach teaching model, not a forecast"


def test_engine_does_not_import_widgets_or_plots():
    import subprocess
    import sys

    code = ("import sys, medlab_teach.scenario; "
            "print(any(m.split('.')[0] in ('matplotlib', 'ipywidgets', 'pandas') "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------------------- bad input

@pytest.mark.parametrize(("shares", "error", "message"), [
    ({"reaccion_control": -10, "justicia": 110}, ValueError, r"negative \(-10%\)"),
    ({"reaccion_control": 60, "justicia": 30}, ValueError,
     r"sum to 90%, not 100%: raise some shares by 10"),
    ({"reaccion_control": 60, "justicia": 60}, ValueError, r"sum to 120%, not 100%: lower some"),
    ({"reaccion_control": 0.5, "justicia": 0.5}, ValueError, r"in percent"),
    ({"policia": 100}, UnknownIdError, r"no line id 'policia'.*prevencion_temprana"),
    ({"justicia": "100"}, TypeError, r"must be a number"),
    ({"justicia": math.nan}, ValueError, r"finite"),
    ("justicia", TypeError, r"dict of line id"),
])
def test_bad_shares_say_what_is_wrong(shares, error, message):
    with pytest.raises(error, match=message):
        Scenario(shares=shares)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"participation": 1.5}, ValueError, r"participation must be a number between 0"),
    ({"participation": -0.1}, ValueError, r"participation"),
    ({"participation": "high"}, TypeError, r"participation"),
    ({"continuity": "yes"}, TypeError, r"continuity must be True"),
    ({"years": 0}, ValueError, r"years must be a whole number"),
    ({"years": 2.5}, TypeError, r"years must be a whole number"),
    ({"shares": [scenario.preset("integral")] * 3, "years": 4}, ValueError, r"one dict per year"),
    ({"initial": 3}, TypeError, r"Initial"),
])
def test_bad_scenario_arguments_say_what_is_wrong(kwargs, error, message):
    kwargs.setdefault("shares", scenario.preset("integral"))
    with pytest.raises(error, match=message):
        Scenario(**kwargs)


@pytest.mark.parametrize(("factory", "error", "message"), [
    (lambda: Initial(homicide_rate=-5), ValueError, r"homicide_rate must be a positive"),
    (lambda: Initial(homicide_rate="50"), TypeError, r"homicide_rate must be a number"),
    (lambda: Initial(trust=1.2), ValueError, r"trust is an index"),
    (lambda: Parameters(revenge=-1), ValueError, r"revenge must be a finite number >= 0"),
    (lambda: Parameters(revenge="1"), TypeError, r"revenge must be a number"),
    (lambda: Parameters(term_break_loss=2), ValueError, r"term_break_loss is a share"),
    (lambda: Parameters().with_line("policia", decay=1), UnknownIdError, r"no line id"),
    (lambda: Parameters().with_line("justicia", speed=1), UnknownIdError, r"'build'"),
    (lambda: scenario.preset("mano_dura"), UnknownIdError,
     r"no preset 'mano_dura'.*'solo_control'"),
    (lambda: scenario.normalise_shares({"justicia": 0}), ValueError, r"All shares are 0"),
    (lambda: scenario.without(scenario.preset("solo_control"), "reaccion_control"), ValueError,
     r"leaves no effort"),
    (lambda: scenario.run("a"), TypeError, r"Scenario or Trajectory"),
])
def test_bad_helpers_input_says_what_is_wrong(factory, error, message):
    with pytest.raises(error, match=message):
        factory()


def test_initial_from_data_takes_the_rate_from_the_kit_tables():
    from medlab_teach import data, evaluation

    crimes = data.load("crimes_annual")
    cases = evaluation.annual_series(crimes, "13", "Homicidio", years=(2004, 2004)).iloc[0]
    pop = data.population_total("13", base="dap_2018")
    initial = scenario.initial_from_data("13", 2004, trust=0.3)
    assert initial.homicide_rate == pytest.approx(cases / pop * 100_000)
    assert initial.year == 2004 and initial.trust == 0.3
    city = scenario.initial_from_data(None, 2010)
    assert city.homicide_rate > 0
    with pytest.raises(ValueError, match="between 2003 and"):
        scenario.initial_from_data("13", 1991)


def test_share_helpers():
    assert sum(scenario.equal_shares().values()) == pytest.approx(100)
    norm = scenario.normalise_shares({"justicia": 1, "reaccion_control": 3})
    assert norm["reaccion_control"] == pytest.approx(75) and norm["prevencion_social"] == 0
    dropped = scenario.without(scenario.equal_shares(), "justicia")
    assert dropped["justicia"] == 0 and dropped["construccion_paz"] == pytest.approx(100 / 9)
    assert scenario.validate_shares({"justicia": 33.3, "reaccion_control": 33.3,
                                     "prevencion_social": 33.4})["justicia"] == 33.3
