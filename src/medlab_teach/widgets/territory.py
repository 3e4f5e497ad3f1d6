"""The territory explorer: crime series for chosen territories, conduct and years, as counts or
rates, with the timeline's events marked, and a note on what the picture cannot show.

The numbers come from :mod:`medlab_teach.data` (``crimes_annual``, ``timeline``, the 2018
population) through :func:`medlab_teach.evaluation.annual_series` and
:func:`medlab_teach.data.rate`; the widget only chooses and draws. :func:`causal_notes` is a
plain function: the reasons a line next to an event does not prove the event caused the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _
from medlab_teach.plots import territory as territory_plot
from medlab_teach.widgets._base import KitWidget, LiveFigure, escape, labelled, status_html

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

#: First year whose SISC counts are comparable with other sources (see data.describe).
SISC_LOW_UNTIL = 2008
SMALL_COUNT = 20  # cases per year under which year-to-year changes are mostly noise
POPULATION_BASE = "dap_2018"


def causal_notes(codes: Sequence[str], conduct: str, years: tuple[int, int], measure: str,
                 events: pd.DataFrame | None, lines: dict[str, pd.Series]) -> list[str]:
    """Why this picture cannot, on its own, support a causal reading (most specific first)."""
    notes: list[str] = []
    if events is not None and len(events):
        notes.append(_("An event drawn next to a change does not show that it caused the "
                       "change: other things changed in the city in the same years. Compare "
                       "with territories without the intervention (difference-in-differences) "
                       "and check the years before it."))
        if len(codes) == 1:
            notes.append(_("With one territory there is no comparison: add territories without "
                           "the intervention to see what changed everywhere."))
    if years[0] <= SISC_LOW_UNTIL:
        notes.append(_("SISC counts for 2003-{last} are lower than other published counts "
                       "(e.g. Policía Nacional): a change across those years mixes sources and "
                       "reality.").format(last=SISC_LOW_UNTIL))
    if conduct.lower().startswith("hurto") or conduct.lower().startswith("extorsi"):
        notes.append(_("'{conduct}' counts reported cases: reporting grew (e.g. online "
                       "complaints), so a rise can be more reporting, not more "
                       "crime.").format(conduct=conduct))
    if measure == "rate":
        notes.append(_("Rates divide every year's cases by the 2018 population (DAP "
                       "projection), the only population by territory in the kit: rates for "
                       "other years are approximate, more so far from 2018."))
    small = [name for name, s in lines.items() if len(s) and float(s.max()) < SMALL_COUNT
             and measure == "count"]
    if small:
        notes.append(_("Small numbers in {names} (fewer than {count} cases a year): "
                       "year-to-year changes there can be chance.").format(
                           names=", ".join(small), count=SMALL_COUNT))
    return notes


class TerritoryExplorer(KitWidget):
    """Choose territories, a conduct and years; see counts or rates with the timeline's events."""

    figure_description = N_("Yearly crime series by territory, with the timeline's events as "
                            "numbered vertical lines")

    def __init__(self, territories: Sequence[str] = ("13",), conduct: str = "Homicidio",
                 years: tuple[int, int] | None = None, measure: str = "count",
                 events: bool = True, city_wide: bool = False) -> None:
        import ipywidgets as widgets

        from medlab_teach import data

        super().__init__()
        self._crimes = data.load("crimes_annual")
        self._timeline = data.load("timeline")
        self._names = data.territory_names(include_unknown=True)
        self._population: dict[str, int] = {}
        self._counts: dict[tuple[str, str], pd.Series] = {}
        self._events: dict[tuple[Any, ...], pd.DataFrame] = {}
        first, last = int(self._crimes["year"].min()), int(self._crimes["year"].max())
        conducts = [str(c) for c in sorted(self._crimes["conduct"].unique())]
        for code in territories:
            if code not in self._names:
                raise UnknownIdError(_("territory code"), code, self._names,
                                     _("data.territory_names() lists the codes with their "
                                       "names."))
        if conduct not in conducts:
            raise UnknownIdError(_("conduct"), conduct, conducts)

        self.territories = labelled(
            widgets.SelectMultiple, _("Territories (up to 5)"),
            _("Comunas and corregimientos to compare; ctrl or shift to choose several"),
            options=[(f"{code} {name}", code) for code, name in self._names.items()],
            value=tuple(territories), rows=8, layout=widgets.Layout(width="460px"))
        self.conduct = labelled(widgets.Dropdown, _("Conduct"),
                                _("Type of crime in the SISC table"), options=conducts,
                                value=conduct)
        self.years = labelled(widgets.IntRangeSlider, _("Years"),
                              _("First and last calendar year shown"), min=first, max=last,
                              value=years or (first, last), continuous_update=False,
                              layout=widgets.Layout(width="460px"))
        self.measure = labelled(
            widgets.ToggleButtons, _("Measure"), _("Counts of cases, or rates per 100,000"),
            options=[(_("Counts"), "count"), (_("Rates per 100,000"), "rate")], value=measure,
            tooltips=[_("Cases per year"), _("Cases per 100,000 inhabitants (2018 population)")])
        self.show_events = labelled(widgets.Checkbox, _("Mark the timeline's events"),
                                    _("Draw the events of the kit's timeline in these "
                                      "territories"),
                                    value=events, indent=False, description_width="initial")
        self.city_wide = labelled(widgets.Checkbox, _("Include city-wide events"),
                                  _("Also draw timeline events that concern the whole city"),
                                  value=city_wide, indent=False, description_width="initial")
        self.notes = widgets.HTML()
        self.event_list = widgets.HTML()

        self.lines: dict[str, pd.Series] = {}
        self.events: pd.DataFrame | None = None
        self._problems: list[str] = []
        self._compute()
        fig = territory_plot.territory_figure(self.lines, conduct=self.conduct.value,
                                              measure=self.measure.value, events=self.events,
                                              years=self.years.value)
        self._live = LiveFigure(fig, territory_plot.dynamic_artists(fig))
        self._show()
        for control in (self.territories, self.conduct, self.years, self.measure,
                        self.show_events, self.city_wide):
            control.observe(self._changed, names="value")
        self.ui = widgets.VBox([
            widgets.HBox([self.territories,
                          widgets.VBox([self.conduct, self.measure, self.show_events,
                                        self.city_wide])], layout=widgets.Layout(
                              flex_flow="row wrap")),
            self.years, self.status, self.image, self.notes, self.event_list,
            self.show_code_button, self.code_view,
        ])

    # ---------------------------------------------------------------- computing
    def _population_of(self, code: str) -> int:
        from medlab_teach import data

        if code not in self._population:
            self._population[code] = data.population_total(code, base=POPULATION_BASE)
        return self._population[code]

    def _compute(self) -> None:
        from medlab_teach import data, evaluation

        codes = list(self.territories.value)
        years = tuple(self.years.value)
        problems: list[str] = []
        if not codes:
            problems.append(_("Choose at least one territory in the list."))
        most = territory_plot.MAX_TERRITORIES
        if len(codes) > most:
            problems.append(_("{count} territories chosen: the figure shows the first {most}. "
                              "Choose at most {most} to compare them clearly.").format(
                                  count=len(codes), most=most))
            codes = codes[:most]
        lines: dict[str, pd.Series] = {}
        for code in codes:
            key = (code, self.conduct.value)
            if key not in self._counts:  # whole series once per territory and conduct
                self._counts[key] = evaluation.annual_series(self._crimes, code, key[1])
            counts = self._counts[key].loc[years[0]:years[1]]
            label = f"{self._names[code]} ({code})"
            if self.measure.value == "rate":
                if code == "SIN DATO":
                    problems.append(_("{label} (place of the crime unknown) has no "
                                      "population, so no rate: it is left out. Switch to "
                                      "counts to see it.").format(label=label))
                    continue
                lines[label] = data.rate(counts, self._population_of(code))
            else:
                lines[label] = counts
        self.lines = lines
        self.events = None
        if self.show_events.value:
            key_e = (tuple(codes), years, bool(self.city_wide.value))
            if key_e not in self._events:
                self._events[key_e] = territory_plot.timeline_events(
                    self._timeline, codes, years, city_wide=self.city_wide.value)
            self.events = self._events[key_e]
        self._problems = problems

    def _show(self) -> None:
        codes = list(self.territories.value)
        self.status.value = status_html(self._problems)
        notes = causal_notes(codes, self.conduct.value, tuple(self.years.value),
                             self.measure.value, self.events, self.lines)
        heading = escape(_("What this picture cannot show:"))
        self.notes.value = (
            "<div style='border-left:4px solid #0072B2;padding:4px 8px;background:#f0f6fb'>"
            f"<strong>{heading}</strong><ul style='margin:2px 0'>"
            + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul></div>") if notes else ""
        self.event_list.value = self._events_html()
        self.image.value = self._live.render()

    def _events_html(self) -> str:
        if self.events is None or not len(self.events):
            return "" if self.events is None else (
                "<p>" + escape(_("No timeline events in these years.")) + "</p>")
        rows = []
        for _i, r in self.events.iterrows():
            line = r["model_line"] if isinstance(r["model_line"], str) else _("(context)")
            rows.append(f"<tr><td>{int(r['number'])}</td><td>{escape(r['date'])}</td>"
                        f"<td>{escape(r['event'])}</td><td>{escape(line)}</td>"
                        f"<td>{escape(r['source'])}</td></tr>")
        caption = _("Events marked on the figure (dashed: intervention along a line of the "
                    "model; dotted: context)")
        headers = ("#", _("Date"), _("Event"), _("Line of the model"), _("Source"))
        return (f"<table><caption>{escape(caption)}</caption><tr>"
                + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr>"
                + "".join(rows) + "</table>")

    def _update(self) -> None:
        self._compute()
        # both axes are dynamic artists, so a new range of years needs no full redraw either
        territory_plot.update_territory_figure(
            self._live.figure, self.lines, conduct=self.conduct.value,
            measure=self.measure.value, events=self.events, years=tuple(self.years.value))
        self._live.dynamic = territory_plot.dynamic_artists(self._live.figure)
        self._show()
        if self.code_view.value:
            self._show_code()

    # ---------------------------------------------------------------- plain values
    @property
    def value(self) -> pd.DataFrame:
        """The series drawn: one column per territory, one row per year."""
        import pandas as pd

        return pd.DataFrame(self.lines)

    @property
    def state(self) -> dict[str, Any]:
        return {"territories": list(self.territories.value), "conduct": self.conduct.value,
                "years": tuple(self.years.value), "measure": self.measure.value,
                "events": bool(self.show_events.value), "city_wide": bool(self.city_wide.value)}

    def set_state(self, state: dict[str, Any]) -> None:
        """Set the controls from a dict shaped like :attr:`state` (one redraw)."""
        with self.hold():
            for key, control in (("territories", self.territories), ("conduct", self.conduct),
                                 ("years", self.years), ("measure", self.measure),
                                 ("events", self.show_events), ("city_wide", self.city_wide)):
                if key in state:
                    control.value = tuple(state[key]) if key in ("territories", "years") \
                        else state[key]

    @property
    def problems(self) -> list[str]:
        return list(self._problems)

    def to_code(self) -> str:
        s = self.state
        codes = s["territories"][:5]
        rate = s["measure"] == "rate"
        body = [
            "import pandas as pd",
            "",
            "from medlab_teach import data, evaluation",
            "from medlab_teach.plots import territory",
            "",
            'crimes = data.load("crimes_annual")',
            "names = data.territory_names(include_unknown=True)",
            "lines = {}",
            f"for code in {codes!r}:",
            f"    counts = evaluation.annual_series(crimes, code, {s['conduct']!r}, "
            f"years={s['years']!r})",
        ]
        if rate:
            body += [
                "    if code == 'SIN DATO':",
                "        continue  # no population: no rate",
                f"    counts = data.rate(counts, data.population_total(code, "
                f"base={POPULATION_BASE!r}))",
            ]
        body += [
            '    lines[f"{names[code]} ({code})"] = counts',
            "table = pd.DataFrame(lines)",
        ]
        if s["events"]:
            body.append(f'events = territory.timeline_events(data.load("timeline"), {codes!r}, '
                        f'{s["years"]!r}, city_wide={s["city_wide"]})')
        else:
            body.append("events = None")
        body.append(f"territory.territory_figure(lines, conduct={s['conduct']!r}, "
                    f"measure={s['measure']!r}, events=events, years={s['years']!r})")
        return "\n".join(body) + "\n"

    @property
    def figure(self) -> Figure:
        return self._live.figure

    def png(self) -> bytes:
        return self._live.render()
