"""The action-plan builder for the capstone, after the Lab's Open Space: problems, lines of the
model, actors, and commitments at short, medium and long term.

All checking lives in :mod:`medlab_teach.plan`; the widget only collects the input, shows
:meth:`~medlab_teach.plan.ActionPlan.validate`'s messages in its status area, previews the
Markdown, and prints the code that rebuilds the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from medlab_teach import model, plan
from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _
from medlab_teach.plots import plan_matrix
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


def _lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ActionPlanBuilder(KitWidget):
    """Write an action plan with forms; ``.value`` is the :class:`~medlab_teach.plan.ActionPlan`."""

    figure_description = N_("Matrix of the plan: lines and axes of the model down, short, "
                            "medium and long term across, a marker per cell sized by its "
                            "commitments")

    def __init__(self, start: plan.ActionPlan | Mapping[str, Any] | None = None,
                 *, require_integral: bool = False) -> None:
        import ipywidgets as widgets

        super().__init__()
        self.require_integral = require_integral
        wide = widgets.Layout(width="640px")
        self.title = labelled(widgets.Text, _("Title of the plan"), _("A short name for the plan"),
                              layout=wide, continuous_update=False)
        self.territory = labelled(widgets.Text, _("Territory"),
                                  _("The city, comuna or vereda the plan is for"), layout=wide,
                                  continuous_update=False)
        self.problems = labelled(widgets.Textarea, _("Problems (one per line)"),
                                 _("The problems the plan addresses, one per line"), layout=wide,
                                 rows=3, continuous_update=False)
        self.line_boxes: dict[str, Any] = {}
        for comp in (*model.LINES, *model.AXES):
            label = (f"{comp.order}. {comp.name_es}" if comp.kind == "line"
                     else _("Eje: {name}").format(name=comp.name_es))
            tip = f"{comp.gloss}: {comp.description}" if comp.gloss else comp.description
            self.line_boxes[comp.id] = labelled(
                widgets.Checkbox, label, tip, value=False, indent=False,
                description_width="initial")
        self.actors = labelled(widgets.Textarea, _("Actors (one per line)"),
                               _("Institutions, organisations and community groups that commit"),
                               layout=wide, rows=3, continuous_update=False)
        self._commitment_form()
        self.preview = widgets.HTML()

        self.commitments: list[plan.Commitment] = []
        fig = plan_matrix.plan_matrix(plan.ActionPlan())
        self._live = LiveFigure(fig, plan_matrix.dynamic_artists(fig))
        if start is not None:
            self.set_state(start.to_dict() if isinstance(start, plan.ActionPlan) else start)
        else:
            self._update()

        for control in (self.title, self.territory, self.problems, self.actors,
                        *self.line_boxes.values()):
            control.observe(self._changed, names="value")
        self.add_button.on_click(lambda _b: self.add_commitment())
        self.remove_button.on_click(lambda _b: self.remove_commitment(self.remove_picker.value))

        box = widgets.Layout(border="1px solid #ccc", padding="4px", margin="2px 0")

        def heading(text: str) -> Any:
            return widgets.HTML(f"<h4 style='margin:4px 0'>{escape(text)}</h4>")

        self.ui = widgets.VBox([
            heading(_("1. Problems and territory")),
            self.title, self.territory, self.problems,
            heading(_("2. Lines of the model")),
            widgets.GridBox(list(self.line_boxes.values()),
                            layout=widgets.Layout(grid_template_columns="repeat(2, 320px)")),
            heading(_("3. Actors")), self.actors,
            widgets.VBox([heading(_("4. Commitments")),
                          self.c_action, self.c_term, self.c_lines, self.c_actors,
                          self.c_indicator, self.add_button, self.remove_picker,
                          self.remove_button], layout=box),
            self.status, self.image, self.preview, self.show_code_button, self.code_view,
        ])

    def _commitment_form(self) -> None:
        """The controls that write one commitment, add it and remove one."""
        import ipywidgets as widgets

        wide = widgets.Layout(width="640px")
        self.c_action = labelled(widgets.Text, _("Commitment: what will be done"),
                                 _("The action, in one sentence"), layout=wide)
        self.c_term = labelled(widgets.Dropdown, _("Term"), _("Short, medium or long term"),
                               options=[(_(label), key) for key, label in plan.TERMS.items()],
                               value="corto")
        self.c_lines = labelled(widgets.SelectMultiple, _("Lines it serves"),
                                _("Lines of the plan this commitment serves (tick lines above "
                                  "first; ctrl or shift to pick several)"), options=[], rows=4,
                                layout=widgets.Layout(width="640px"))
        self.c_actors = labelled(widgets.SelectMultiple, _("Who commits"),
                                 _("Actors of the plan who commit (write actors above first)"),
                                 options=[], rows=4, layout=widgets.Layout(width="640px"))
        self.c_indicator = labelled(widgets.Text, _("Indicator (optional)"),
                                    _("How you will know it was done"), layout=wide)
        self.add_button = button(_("Add commitment"), _("Add this commitment to the plan"))
        self.remove_picker = labelled(widgets.Dropdown, _("Commitment to remove"),
                                      _("Choose a commitment to remove"), options=[],
                                      layout=widgets.Layout(width="640px"))
        self.remove_button = button(_("Remove commitment"), _("Remove the chosen commitment"))

    # ---------------------------------------------------------------- the plan
    @property
    def value(self) -> plan.ActionPlan:
        """The plan as written so far (it may be incomplete: see :attr:`problems`)."""
        return plan.ActionPlan(
            title=self.title.value.strip(), territory=self.territory.value.strip(),
            problems=_lines_of(self.problems.value),
            lines=[cid for cid, box in self.line_boxes.items() if box.value],
            actors=_lines_of(self.actors.value),
            commitments=[plan.Commitment(c.action, c.term, list(c.lines), list(c.actors),
                                         c.indicator) for c in self.commitments])

    @property
    def state(self) -> dict[str, Any]:
        """The plan as plain data (:meth:`ActionPlan.to_dict`)."""
        return self.value.to_dict()

    @property
    def problems_found(self) -> list[str]:
        """What the plan still needs ([] when complete)."""
        return self.value.validate(require_integral=self.require_integral)

    def set_state(self, data: Mapping[str, Any]) -> None:
        """Fill the forms from a dict shaped like :meth:`ActionPlan.to_dict` (one redraw)."""
        try:
            new = plan.ActionPlan.from_dict(data)
        except (TypeError, ValueError, UnknownIdError) as err:
            self.status.value = status_html([str(err)])
            return
        with self.hold():
            self.title.value = new.title
            self.territory.value = new.territory
            self.problems.value = "\n".join(new.problems)
            self.actors.value = "\n".join(new.actors)
            unknown = [lid for lid in new.lines if lid not in self.line_boxes]
            for cid, box in self.line_boxes.items():
                box.value = cid in new.lines
            self.commitments = list(new.commitments)
            self._dirty = True
        if unknown:
            self.status.value = status_html(
                [_("Ignored unknown line id(s): {ids}; see model.line_ids().").format(
                    ids=", ".join(unknown))])

    def add_commitment(self) -> bool:
        """Add the commitment in the form; on bad input say why in the status area."""
        action = self.c_action.value.strip()
        missing = []
        if not action:
            missing.append(_("Write what will be done before adding the commitment."))
        if not self.c_lines.value:
            missing.append(_("Choose at least one line the commitment serves (tick the plan's "
                             "lines in part 2 first)."))
        if not self.c_actors.value:
            missing.append(_("Choose who commits (write the plan's actors in part 3 first)."))
        if missing:
            self.status.value = status_html(missing)
            return False
        self.commitments.append(plan.Commitment(
            action=action, term=self.c_term.value, lines=list(self.c_lines.value),
            actors=list(self.c_actors.value), indicator=self.c_indicator.value.strip()))
        self.c_action.value = ""
        self.c_indicator.value = ""
        self._update()
        return True

    def remove_commitment(self, index: int | None) -> None:
        """Remove commitment number ``index`` (0-based), as the remove button does."""
        if index is None or not 0 <= index < len(self.commitments):
            self.status.value = status_html([_("There is no commitment to remove.")])
            return
        del self.commitments[index]
        self._update()

    # ---------------------------------------------------------------- drawing
    def _update(self) -> None:
        current = self.value
        # Keep the commitment form's choices in step with the plan.
        self.c_lines.options = [(model.get(cid).name_es, cid) for cid in current.lines]
        self.c_actors.options = current.actors
        self.remove_picker.options = [
            (f"{i + 1}. [{_(plan.TERMS[c.term]) if c.term in plan.TERMS else c.term}] "
             f"{c.action[:60]}", i)
            for i, c in enumerate(current.commitments)]
        problems = current.validate(require_integral=self.require_integral)
        self.status.value = status_html(
            problems, ok=_("The plan is complete: copy its code into your answer cell."))
        summary = escape(_("Markdown of the plan"))
        self.preview.value = (f"<details open><summary>{summary}</summary>"
                              f"<pre style='white-space:pre-wrap'>{escape(current.to_markdown())}"
                              "</pre></details>")
        plan_matrix.update_plan_matrix(self._live.figure, current)
        self.image.value = self._live.render()
        if self.code_view.value:
            self._show_code()

    def to_code(self) -> str:
        return self.value.to_code()

    def to_markdown(self) -> str:
        return self.value.to_markdown()

    @property
    def figure(self) -> Figure:
        return self._live.figure

    def png(self) -> bytes:
        return self._live.render()
