"""Interactive widgets for the lessons: thin front-ends over ``model``, ``scenario``, ``plan``,
``data`` and ``plots``.

- :class:`ModelMapExplorer`: pick a line or axis of the integral model, see what the Lab's report
  ties to it.
- :class:`TerritoryExplorer`: crime series by territory, counts or rates, with the timeline's
  interventions.
- :class:`PolicyMixSimulator`: two policy mixes side by side on the synthetic scenario model.
- :class:`ActionPlanBuilder`: the capstone's action plan (problems, lines, actors, commitments).

Each widget has ``.value`` and ``.state`` (plain values), ``to_code()`` (the Python a graded
answer should contain) and ``png()``; displayed, it carries a static image for notebooks run
without a browser. ipywidgets and matplotlib are imported only when a widget is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "ModelMapExplorer": "medlab_teach.widgets.model_map",
    "TerritoryExplorer": "medlab_teach.widgets.territory",
    "PolicyMixSimulator": "medlab_teach.widgets.policy_mix",
    "ActionPlanBuilder": "medlab_teach.widgets.action_plan",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'medlab_teach.widgets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
