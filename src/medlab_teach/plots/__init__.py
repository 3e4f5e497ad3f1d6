"""matplotlib figures for the lessons and widgets: one module per subject, one function per figure.

- ``style``: the shared look (palette, line styles, fonts, title and source line) and the
  helpers every figure is made and finished with (:func:`new_figure`, :func:`finish`).
- ``model_map``: the map of the integral model.
- ``trends``: crime over time, counts against rates, sources side by side, difference in
  differences.
- ``territory``: the territory explorer's series with the timeline's events.
- ``scenario_figures``: trajectories of the synthetic scenario model.
- ``population``, ``patterns``, ``maps``: age structure; when, to whom and where homicides
  happen; maps of the comunas.
- ``plan_matrix``: the action plan as a matrix of lines and terms.

The palette and the helpers a notebook (or the grading report) needs to make or check a
kit-style figure of its own are re-exported here from :mod:`medlab_teach.plots.style`.
"""

from __future__ import annotations

from medlab_teach.plots.style import GREY, PALETTE, colour, figure_source, finish, new_figure

__all__ = ["GREY", "PALETTE", "colour", "figure_source", "finish", "new_figure"]
