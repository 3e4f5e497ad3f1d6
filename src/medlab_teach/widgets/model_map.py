"""The model map explorer: pick a line or axis of the integral model and see what the Lab's report
ties to it (description, case territories, programmes), with the model's map highlighting it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medlab_teach import model
from medlab_teach.i18n import N_, _, format_number
from medlab_teach.plots.model_map import BOX_STYLE, STAGE_LABELS, model_map
from medlab_teach.widgets._base import KitWidget, LiveFigure, escape, labelled

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAP_DPI = 72
#: What the panel says before a component is chosen (after the model's Spanish name).
WHOLE_MODEL = N_("{model} (integral model of local security management): ten lines of "
                 "intervention in order, from early prevention to guarantees of non-repetition, "
                 "crossed by two transversal axes. Pick one to see what the Medellín Lab tied to "
                 "it.")


def choices() -> list[tuple[str, str | None]]:
    """Dropdown options: the whole model, the ten lines in order, then the transversal axes."""
    out: list[tuple[str, str | None]] = [(_("(the whole model)"), None)]
    out += [(f"{c.order}. {c.label}", c.id) for c in model.LINES]
    out += [(_("Eje transversal: {name}").format(name=c.label), c.id) for c in model.AXES]
    return out


def cases_for(component_id: str) -> list[str]:
    """The case territories of the Lab whose visit the kit maps onto this component."""
    out = []
    for case in model.CASE_TERRITORIES.values():
        if component_id in (*case["lines"], *case["axes"]):  # type: ignore[misc]
            out.append(_("{name} (day {day} of the Lab)").format(name=case["name"],
                                                                 day=case["lab_day"]))
    return out


def describe(component_id: str | None) -> str:
    """The information panel as HTML (all text escaped)."""
    if component_id is None:
        name = ("<strong>Modelo Integral de Gestión Local de la Seguridad y la Convivencia"
                "</strong>")
        return "<p>" + escape(_(WHOLE_MODEL)).format(model=name) + "</p>"
    comp = model.get(component_id)
    stage = _(STAGE_LABELS[comp.stage]) if comp.stage in STAGE_LABELS else ""
    kind = (_("Line {order} of 10 · stage: {stage}").format(order=comp.order, stage=stage)
            if comp.kind == "line" else _("Transversal axis (runs across every line)"))
    parts = [f"<h4 style='margin:4px 0'>{escape(comp.label)}</h4>", f"<p>{escape(kind)}</p>",
             f"<p>{escape(comp.description)}</p>"]
    for heading, items in ((_("Territories and places:"), comp.territories),
                           (_("Programmes and structures:"), comp.programmes),
                           (_("Case territories of the Lab:"), cases_for(component_id))):
        if items:
            parts.append(f"<p><strong>{escape(heading)}</strong> "
                         + escape("; ".join(items)) + "</p>")
    if comp.kind == "line":
        from medlab_teach.scenario import DEFAULT_LINES

        dyn = DEFAULT_LINES[comp.id]
        note = _("In the kit's scenario model (synthetic teaching model): capacity built on this "
                 "line halves in about {years} years once effort stops, without community "
                 "participation.").format(years=format_number(0.693 / dyn.decay, 1))
        parts.append(f"<p style='color:#444'><em>{escape(note)}</em></p>")
    source = _("Source: Medellín Lab 2017 report (the kit's primary source).")
    parts.append(f"<p style='font-size:small'>{escape(source)}</p>")
    return "".join(parts)


class ModelMapExplorer(KitWidget):
    """Pick a line or axis of the model; see its description, case territories and programmes.

    The map is drawn once; choosing a component only moves a dark outline onto its box and
    redraws that outline over the kept bitmap (a 'blit'), so every choice is immediate.
    ``to_code()`` gives the call that draws the map with the choice highlighted.
    """

    figure_description = N_("Map of the integral model: the policy frame, the ten lines in "
                            "order and the two transversal axes, with the chosen one outlined")

    def __init__(self, component: str | None = None) -> None:
        import ipywidgets as widgets
        from matplotlib.patches import FancyBboxPatch

        super().__init__()
        if component is not None:
            model.get(component)  # a clear KeyError listing valid ids
        fig = model_map()
        ax = fig.axes[0]
        self._boxes = {p.get_gid(): p for p in ax.patches if p.get_gid()}
        self._outline = FancyBboxPatch((0, 0), 1, 1, boxstyle=BOX_STYLE, facecolor="none",
                                       edgecolor="#000000", linewidth=4, visible=False)
        ax.add_patch(self._outline)
        self._live = LiveFigure(fig, dynamic=[self._outline], dpi=MAP_DPI)
        self.picker = labelled(
            widgets.Dropdown, _("Line or axis of the model"),
            _("Choose a line of intervention or a transversal axis of the integral model"),
            options=choices(), value=component, layout=widgets.Layout(width="640px"))
        self.info = widgets.HTML()
        self.picker.observe(self._changed, names="value")
        self._update()
        self.ui = widgets.VBox([self.picker, self.info, self.status, self.image,
                                self.show_code_button, self.code_view])

    def _render(self, component_id: str | None) -> bytes:
        box = self._boxes.get(component_id) if component_id is not None else None
        if box is None:
            self._outline.set_visible(False)
        else:
            self._outline.set_bounds(box.get_x(), box.get_y(), box.get_width(),
                                     box.get_height())
            self._outline.set_visible(True)
        return self._live.render()

    def _update(self) -> None:
        cid = self.picker.value
        self.info.value = describe(cid)
        self.image.value = self._render(cid)
        if self.code_view.value:
            self._show_code()

    def select(self, component_id: str | None) -> None:
        """Choose a component by id (as the dropdown does)."""
        if component_id is not None:
            model.get(component_id)
        self.picker.value = component_id

    @property
    def value(self) -> str | None:
        """The id of the chosen line or axis (None: the whole model)."""
        return self.picker.value

    @property
    def state(self) -> dict[str, Any]:
        return {"component": self.picker.value}

    def to_code(self) -> str:
        cid = self.picker.value
        if cid is None:
            return ("from medlab_teach.plots.model_map import model_map\n\ncomponent = None\n"
                    "model_map()\n")
        return ("from medlab_teach import model\n"
                "from medlab_teach.plots.model_map import model_map\n\n"
                f"component = model.get({cid!r})\n"
                "print(component.label, component.description, sep='\\n')\n"
                f"model_map(highlight={cid!r})\n")

    @property
    def figure(self) -> Figure:
        self._render(self.picker.value)
        return self._live.figure

    def png(self) -> bytes:
        return self._render(self.picker.value)
