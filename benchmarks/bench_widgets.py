"""How long a student waits: from a control's change to the new figure (PNG) in each widget.

Each change is made the way the browser makes it (setting the control's value); the widget
recomputes, updates its figure and renders the PNG synchronously, so the time measured is the
time to the image a student sees. Prints median and 90th percentile of wall time (what the
student waits on this machine, shared with other work) and of CPU time of this process (the
widget's own cost, less disturbed by other processes). Target: median under 50 ms.

Run: .venv/bin/python benchmarks/bench_widgets.py
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Sequence


def measure(changes: Sequence[Callable[[], object]],
            rounds: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(rounds):
        for change in changes:
            w0, c0 = time.perf_counter(), time.process_time()
            change()
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
    return wall, cpu


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def report(name: str, wall: list[float], cpu: list[float]) -> None:
    print(f"{name:<44} n={len(wall):3d}  wall median {statistics.median(wall) * 1e3:6.1f} ms, "
          f"p90 {p90(wall) * 1e3:6.1f} ms | cpu median {statistics.median(cpu) * 1e3:6.1f} ms, "
          f"p90 {p90(cpu) * 1e3:6.1f} ms")


def setter(control, value) -> Callable[[], object]:
    return lambda: setattr(control, "value", value)


def main() -> None:
    from medlab_teach import plan
    from medlab_teach.widgets import (
        ActionPlanBuilder,
        ModelMapExplorer,
        PolicyMixSimulator,
        TerritoryExplorer,
    )
    from medlab_teach.widgets.model_map import choices

    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    sim = PolicyMixSimulator()
    a, b = sim.controls["A"], sim.controls["B"]
    changes = []
    for v in (10, 20, 0):  # total off 100 and back: the message path is measured too
        changes.append(setter(a.sliders["justicia"], v))
    changes += [setter(b.sliders["reaccion_control"], 30), lambda: sim.normalise("B"),
                setter(b.participation, 0.9), setter(b.participation, 0.2),
                setter(a.continuity, False), setter(a.continuity, True),
                lambda: sim.set_shares("B", {"reaccion_control": 10, "justicia": 10,
                                             "prevencion_social": 80}),
                lambda: sim.set_shares("B", {lid: 10 for lid in a.sliders})]
    report("PolicyMixSimulator (slider, checkbox, ...)", *measure(changes, 8))

    builder = ActionPlanBuilder(plan.example())
    boxes = builder.line_boxes
    changes = [setter(boxes["justicia"], True), setter(boxes["justicia"], False),
               setter(boxes["prevencion_temprana"], True),
               setter(boxes["prevencion_temprana"], False),
               setter(builder.title, "Plan A"), setter(builder.title, "Plan B"),
               setter(builder.problems, "Uno\nDos"), setter(builder.problems, "Uno")]
    report("ActionPlanBuilder (lines, texts)", *measure(changes, 6))

    explorer = TerritoryExplorer(territories=("13", "04"))
    changes = [setter(explorer.measure, "rate"), setter(explorer.measure, "count"),
               setter(explorer.conduct, "Hurto a persona"), setter(explorer.conduct, "Homicidio"),
               setter(explorer.territories, ("13", "04", "60")),
               setter(explorer.territories, ("13", "04")),
               setter(explorer.show_events, False), setter(explorer.show_events, True),
               setter(explorer.city_wide, True), setter(explorer.city_wide, False)]
    report("TerritoryExplorer (no change of years)", *measure(changes, 6))
    changes = [setter(explorer.years, (2005, 2020)), setter(explorer.years, (2003, 2023))]
    report("TerritoryExplorer (range of years)", *measure(changes, 4))

    mapx = ModelMapExplorer()
    ids = [cid for _label, cid in choices()][1:]
    views = measure([lambda cid=cid: mapx.select(cid) for cid in ids], 3)
    report("ModelMapExplorer (outline moved over the kept map)", *views)


if __name__ == "__main__":
    main()
