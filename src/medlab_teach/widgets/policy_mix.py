"""The policy-mix simulator: two scenarios, A and B, side by side, over the scenario model.

One integer slider per line of the model for each scenario. The shares must total 100%: the
widget shows the total and, when it is not 100, a message saying by how much, plus a
"Normalise to 100%" button. It does not rebalance the other sliders by itself, so that nothing
moves that the student did not move. A scenario whose input is not valid is hidden from the figure
until it is fixed; the other stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from medlab_teach import model, scenario
from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _, format_number
from medlab_teach.plots import scenario_figures
from medlab_teach.widgets._base import (
    KitWidget,
    LiveFigure,
    button,
    escape,
    labelled,
    status_html,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NAMES = ("A", "B")
#: The label of the button that rescales shares (messages point the learner to it).
NORMALISE = N_("Normalise to 100%")
DEFAULTS = {"A": "solo_control", "B": "integral"}


def round_shares(shares: Mapping[str, float]) -> dict[str, int]:
    """Whole percents summing to exactly 100 (largest remainder), for the sliders."""
    exact = scenario.normalise_shares(shares)
    floors = {lid: int(v) for lid, v in exact.items()}
    left = 100 - sum(floors.values())
    by_remainder = sorted(exact, key=lambda lid: (exact[lid] - floors[lid]), reverse=True)
    for lid in by_remainder[:left]:
        floors[lid] += 1
    return floors


class _ScenarioControls:
    """The controls of one scenario: ten sliders, total, normalise, continuity, participation."""

    def __init__(self, name: str, shares: Mapping[str, float], continuity: bool,
                 participation: float) -> None:
        import ipywidgets as widgets

        self.name = name
        self.sliders: dict[str, Any] = {}
        start = round_shares(shares)
        for line in model.LINES:
            self.sliders[line.id] = labelled(
                widgets.IntSlider, f"{line.order}. {line.name_es}",
                _("Scenario {name}: percent of the effort for {line}. {description}").format(
                    name=name, line=line.label, description=line.description),
                value=start[line.id], min=0, max=100, step=1, continuous_update=False,
                layout=widgets.Layout(width="420px"))
        self.total = widgets.HTML()
        self.normalise = button(_(NORMALISE), _("Scenario {name}: rescale the shares so they "
                                                "sum to 100%").format(name=name))
        self.continuity = labelled(
            widgets.Checkbox, _("Policy continues after the first government term"),
            _("Scenario {name}: ticked, the policy runs for all years (a 10-year public "
              "policy); unticked, the next government drops it after 4 years").format(name=name),
            value=continuity, indent=False, description_width="initial")
        self.participation = labelled(
            widgets.FloatSlider, _("Community participation (0-1)"),
            _("Scenario {name}: how strongly the community takes part, from 0 (none) to "
              "1").format(name=name),
            value=participation, min=0.0, max=1.0, step=0.05, continuous_update=False,
            readout_format=".2f", layout=widgets.Layout(width="420px"))
        self.preset = labelled(
            widgets.Dropdown, _("Start from a named mix"),
            _("Scenario {name}: set the sliders to one of the kit's named mixes").format(
                name=name),
            options=[(_("(choose)"), "")] + [(p, p) for p in scenario.PRESETS], value="")
        heading = _("Scenario {name}").format(name=name)
        self.box = widgets.VBox(
            [widgets.HTML(f"<h4 style='margin:4px 0'>{escape(heading)}</h4>"),
             self.preset, *self.sliders.values(), self.total, self.normalise, self.continuity,
             self.participation],
            layout=widgets.Layout(border="1px solid #ccc", padding="4px", margin="2px"))

    def shares(self) -> dict[str, int]:
        return {lid: int(s.value) for lid, s in self.sliders.items()}

    def state(self) -> dict[str, Any]:
        return {"shares": self.shares(), "continuity": bool(self.continuity.value),
                "participation": float(self.participation.value)}

    def all_controls(self) -> list[Any]:
        return [*self.sliders.values(), self.continuity, self.participation]


class PolicyMixSimulator(KitWidget):
    """Play the security secretary: share the effort among the model's lines, choose continuity
    and participation, for two scenarios A and B, and see the synthetic trajectories side by side.

    ``a`` and ``b`` take a :class:`medlab_teach.scenario.Scenario`, a shares dict or a preset name.
    """

    figure_description = N_("Synthetic trajectories of scenarios A and B: violence, trust, "
                            "vulnerability, unrepaired harm and illegal actors over the years")

    def __init__(self, a: scenario.Scenario | Mapping[str, float] | str = DEFAULTS["A"],
                 b: scenario.Scenario | Mapping[str, float] | str = DEFAULTS["B"], *,
                 initial: scenario.Initial | None = None,
                 parameters: scenario.Parameters | None = None, years: int = 20) -> None:
        import ipywidgets as widgets

        super().__init__()
        self.initial = initial or scenario.Initial()
        self.parameters = parameters or scenario.Parameters()
        self.years = years
        self.controls: dict[str, _ScenarioControls] = {}
        for name, given in zip(NAMES, (a, b), strict=True):
            if isinstance(given, scenario.Scenario):
                if not isinstance(given.shares, Mapping):
                    raise ValueError(_("The simulator takes one mix per scenario; a yearly "
                                       "schedule is for code: "
                                       "scenario.Scenario(shares=[...])."))
                ctl = _ScenarioControls(name, given.shares, given.continuity,
                                        given.participation)
            else:
                shares = scenario.preset(given) if isinstance(given, str) else given
                ctl = _ScenarioControls(name, scenario.validate_shares(shares), True, 0.5)
            self.controls[name] = ctl
        self.homicide_rate = labelled(
            widgets.BoundedFloatText, _("Starting homicide rate (per 100,000)"),
            _("The territory's homicide rate in the starting year, both scenarios (from the "
              "data, or any value to explore)"),
            value=self.initial.homicide_rate, min=0.1, max=1000.0, step=1.0,
            layout=widgets.Layout(width="340px"))

        self.summary = widgets.HTML()
        self.trajectories: dict[str, scenario.Trajectory | None] = dict.fromkeys(NAMES)
        self._problems: dict[str, list[str]] = {n: [] for n in NAMES}
        self._compute()
        shown = [t for t in self.trajectories.values() if t is not None] or [
            scenario.Scenario.status_quo(initial=self.initial, years=years).simulate()]
        fig = scenario_figures.trajectories_figure(shown, summary=False)
        self._live = LiveFigure(fig, scenario_figures.dynamic_artists(fig))
        scenario_figures.update_trajectories(fig, [self.trajectories[n] for n in NAMES])
        self._refresh_status()
        self.image.value = self._live.render()

        for name, ctl in self.controls.items():
            for control in ctl.all_controls():
                control.observe(self._changed, names="value")
            ctl.normalise.on_click(lambda _b, n=name: self.normalise(n))
            ctl.preset.observe(lambda ch, n=name: self._apply_preset(n, ch["new"]),
                               names="value")
        self.homicide_rate.observe(self._changed, names="value")

        self.ui = widgets.VBox([
            widgets.HBox([self.controls[n].box for n in NAMES],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.homicide_rate, self.status, self.image, self.summary, self.show_code_button,
            self.code_view,
        ])

    # ---------------------------------------------------------------- computing
    def _scenario(self, name: str) -> scenario.Scenario:
        ctl = self.controls[name]
        initial = scenario.Initial(
            homicide_rate=float(self.homicide_rate.value), trust=self.initial.trust,
            vulnerability=self.initial.vulnerability, harm=self.initial.harm,
            actors=self.initial.actors, year=self.initial.year)
        return scenario.Scenario(
            shares=ctl.shares(), continuity=bool(ctl.continuity.value),
            participation=float(ctl.participation.value), years=self.years, initial=initial,
            parameters=self.parameters, name=name)

    def _compute(self) -> None:
        for name in NAMES:
            try:
                self.trajectories[name] = self._scenario(name).simulate()
                self._problems[name] = []
            except (TypeError, ValueError) as err:
                self.trajectories[name] = None
                message = str(err).replace(
                    scenario.normalise_fix(),
                    _("press '{button}'").format(button=_(NORMALISE)))
                self._problems[name] = [_("Scenario {name}: {message}").format(name=name,
                                                                               message=message)]

    def _refresh_status(self) -> None:
        for ctl in self.controls.values():
            total = sum(ctl.shares().values())
            colour = "#1b5e20" if total == 100 else "#b23c00"
            note = "" if total == 100 else " " + _(
                "(must be 100%: move sliders or press Normalise)")
            shown = escape(_("Total: {total}%").format(total=total))
            ctl.total.value = (f"<span style='color:{colour}'><strong>{shown}"
                               f"</strong>{escape(note)}</span>")
        problems = [p for name in NAMES for p in self._problems[name]]
        hidden = [n for n in NAMES if self.trajectories[n] is None]
        if hidden:
            problems.append(_("Not drawn until fixed: scenario {names}.").format(
                names=", ".join(hidden)))
        self.status.value = status_html(
            problems, ok=_("Both scenarios are valid. Numbers are synthetic (teaching model, "
                           "not a forecast)."))
        self.summary.value = self._summary_html()

    def _summary_html(self) -> str:
        """The figure's key numbers as a table (readable without the image)."""
        rows = []
        for name in NAMES:
            tr = self.trajectories[name]
            if tr is None:
                not_valid = escape(_("not valid yet"))
                rows.append(f"<tr><td>{name}</td><td colspan='4'>{not_valid}</td></tr>")
                continue
            n = min(10, len(tr.violence) - 1)
            cells = (format_number(tr.violence[1], 1), format_number(tr.violence[n], 1),
                     format_number(tr.violence[-1], 1),
                     format_number(tr.cumulative_homicide_rate(n)))
            rows.append(f"<tr><td>{name}</td>" + "".join(f"<td>{c}</td>" for c in cells)
                        + "</tr>")
        caption = _("Synthetic results (teaching model, not a forecast): homicides per 100,000")
        headers = (_("Scenario"), _("after 1 year"), _("after 10 years"), _("at the end"),
                   _("summed over 10 years"))
        return (f"<table><caption>{escape(caption)}</caption><tr>"
                + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>"
                + "".join(rows) + "</table>")

    def _update(self) -> None:
        self._compute()
        self._refresh_status()
        if scenario_figures.update_trajectories(self._live.figure,
                                                [self.trajectories[n] for n in NAMES]):
            self._live.invalidate()
        self.image.value = self._live.render()
        if self.code_view.value:
            self._show_code()

    # ---------------------------------------------------------------- actions
    def normalise(self, name: str) -> None:
        """Rescale scenario ``name``'s shares to whole percents summing to 100."""
        ctl = self.controls[name]
        try:
            target = round_shares(ctl.shares())
        except ValueError as err:
            self.status.value = status_html([_("Scenario {name}: {message}").format(
                name=name, message=err)])
            return
        with self.hold():
            for lid, value in target.items():
                ctl.sliders[lid].value = value
        self._update()

    def _apply_preset(self, name: str, preset: str) -> None:
        if not preset:
            return
        self.set_shares(name, scenario.preset(preset))
        self.controls[name].preset.value = ""

    def set_shares(self, name: str, shares: Mapping[str, float]) -> None:
        """Set all sliders of scenario ``name`` at once (lines left out get 0). Sliders hold whole
        percents: a mix summing to 100 is rounded so that it still sums to 100."""
        ctl = self.controls[name]
        for lid in shares:
            if lid not in ctl.sliders:
                raise UnknownIdError(_("line id"), lid, model.line_ids())
        values = {lid: float(shares.get(lid, 0)) for lid in model.line_ids()}
        whole = all(v.is_integer() for v in values.values())
        if not whole and abs(sum(values.values()) - 100) <= scenario.SHARE_TOLERANCE:
            target = round_shares(values)  # e.g. 100/7 each: whole percents still summing 100
        else:
            target = {lid: round(v) for lid, v in values.items()}
        with self.hold():
            for lid in model.line_ids():
                ctl.sliders[lid].value = target[lid]

    def set_state(self, state: Mapping[str, Any]) -> None:
        """Set the controls from a dict shaped like :attr:`state` (one redraw)."""
        with self.hold():
            if "homicide_rate" in state:
                self.homicide_rate.value = state["homicide_rate"]
            for name in NAMES:
                if name not in state:
                    continue
                part, ctl = state[name], self.controls[name]
                if "shares" in part:
                    self.set_shares(name, part["shares"])
                if "continuity" in part:
                    ctl.continuity.value = bool(part["continuity"])
                if "participation" in part:
                    ctl.participation.value = float(part["participation"])

    # ---------------------------------------------------------------- plain values
    @property
    def state(self) -> dict[str, Any]:
        """The controls as plain data: shares (percent), continuity, participation per scenario."""
        out: dict[str, Any] = {n: self.controls[n].state() for n in NAMES}
        out["homicide_rate"] = float(self.homicide_rate.value)
        return out

    @property
    def value(self) -> dict[str, scenario.Scenario | None]:
        """The two scenarios as :class:`~medlab_teach.scenario.Scenario` values (None if not
        valid yet)."""
        out: dict[str, scenario.Scenario | None] = {}
        for name in NAMES:
            try:
                out[name] = self._scenario(name)
            except (TypeError, ValueError):
                out[name] = None
        return out

    @property
    def problems(self) -> list[str]:
        """What is wrong with the current input ([] when both scenarios are valid)."""
        return [p for n in NAMES for p in self._problems[n]]

    def to_code(self) -> str:
        """Python that rebuilds both scenarios and their comparison with plain functions."""
        lines = ["from medlab_teach import scenario", ""]
        valid = []
        for name, sc in self.value.items():
            var = name.lower()
            if sc is None:
                lines.append(f"# Scenario {name} is not valid yet: "
                             f"{'; '.join(self._problems[name]) or 'check its input'}")
                continue
            lines.append(f"{var} = {sc.to_code()}")
            valid.append(var)
        if valid:
            lines += ["", f"scenario.compare({', '.join(valid)})"]
        return "\n".join(lines) + "\n"

    @property
    def figure(self) -> Figure:
        return self._live.figure

    def png(self) -> bytes:
        return self._live.render()
