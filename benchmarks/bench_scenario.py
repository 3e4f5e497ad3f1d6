"""How fast is the scenario engine, next to drawing its result?

Prints the time of one 20-year run of ``medlab_teach.scenario`` (with and without building and
validating the Scenario), and compares it with redrawing the simulator's figure: the fast path
the widget uses (new line data, blit, PNG) and a figure drawn from scratch. The point: the engine
is never what a student waits for.

Run: .venv/bin/python benchmarks/bench_scenario.py
"""

from __future__ import annotations

import io
import os
import statistics
import time
import timeit

from medlab_teach import scenario
from medlab_teach.plots import scenario_figures
from medlab_teach.widgets._base import LiveFigure


def per_call(fn, number: int, repeat: int = 7) -> float:
    """Best-of-``repeat`` mean seconds per call (the least disturbed by other processes)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def median_time(fn, n: int = 30) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    rows = []
    for mix in ("integral", "solo_control"):
        for continuity in (True, False):
            s = scenario.Scenario(shares=scenario.preset(mix), continuity=continuity)
            rows.append((f"simulate() 20 years, {mix}, continuity={continuity}",
                         per_call(s.simulate, 2000)))
    schedule = scenario.Scenario(shares=[scenario.preset("solo_control")] * 4
                                 + [scenario.preset("integral")] * 16)
    rows.append(("simulate() 20 years, yearly schedule (2 mixes)",
                 per_call(schedule.simulate, 2000)))
    rows.append(("Scenario(...) + simulate() (validation included)",
                 per_call(lambda: scenario.Scenario(shares=scenario.preset("integral"),
                                                    participation=0.6).simulate(), 2000)))
    for label, seconds in rows:
        print(f"{label:<58} {seconds * 1e6:8.1f} us")
    engine = rows[0][1]

    a = scenario.Scenario(shares=scenario.preset("solo_control"), name="A").simulate()
    b = scenario.Scenario(shares=scenario.preset("integral"), name="B").simulate()
    fig = scenario_figures.trajectories_figure([a, b], summary=False)  # as the simulator does
    live = LiveFigure(fig, scenario_figures.dynamic_artists(fig))
    live.render()

    def fast_redraw() -> None:
        scenario_figures.update_trajectories(fig, [a, b])
        live.render()

    def full_redraw() -> None:
        f = scenario_figures.trajectories_figure([a, b], summary=False)
        f.savefig(io.BytesIO(), format="png", dpi=80)

    fast = median_time(fast_redraw, 30)
    full = median_time(full_redraw, 8)
    print(f"{'redraw, fast path (update lines + blit + PNG), median':<58} {fast * 1e3:8.1f} ms")
    print(f"{'redraw, new figure + PNG, median':<58} {full * 1e3:8.1f} ms")
    print(f"a 20-year run costs {engine / fast * 100:.2f}% of a fast redraw "
          f"and {engine / full * 100:.3f}% of a full one")


if __name__ == "__main__":
    main()
