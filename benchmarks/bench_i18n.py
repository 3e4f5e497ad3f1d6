"""What the two languages cost: importing the kit, one translation, and a widget redraw in
Spanish against the same redraw in English (interleaved, in one run).

Run: .venv/bin/python benchmarks/bench_i18n.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

RUNS = 15
ROUNDS = 20


def _start(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def import_cost() -> None:
    """``import medlab_teach`` (which sets up the language switch) against a bare interpreter."""
    bare, kit, first_call = [], [], []
    for _ in range(RUNS):  # interleaved, so the machine's load hits all three alike
        bare.append(_start("pass"))
        kit.append(_start("import medlab_teach"))
        first_call.append(_start("import medlab_teach; from medlab_teach.i18n import _; "
                                 "medlab_teach.set_language('es'); _('Correct')"))
    base = statistics.median(bare)
    print(f"interpreter start: {base * 1e3:.0f} ms (median of {RUNS})")
    print(f"import medlab_teach: +{(statistics.median(kit) - base) * 1e3:.1f} ms")
    print(f"... and a first Spanish translation (catalog loaded): "
          f"+{(statistics.median(first_call) - base) * 1e3:.1f} ms")
    # In a Jupyter kernel IPython is already loaded: time the kit's import there, in-process.
    code = ("import time, IPython; t = time.perf_counter(); import medlab_teach; "
            "from medlab_teach.i18n import _; medlab_teach.set_language('es'); _('Correct'); "
            "print(time.perf_counter() - t)")
    in_kernel = [float(subprocess.run([sys.executable, "-c", code], check=True,
                                      capture_output=True, text=True).stdout)
                 for _ in range(RUNS)]
    print(f"in a process that has IPython (as a kernel does): import, switch to Spanish and "
          f"translate: {statistics.median(in_kernel) * 1e3:.1f} ms")


def translation_cost() -> None:
    """One ``_()`` call once the catalog is loaded."""
    from medlab_teach import set_language
    from medlab_teach.i18n import _

    set_language("es")
    _("Correct")
    n = 100_000
    start = time.perf_counter()
    for _i in range(n):
        _("Year (calendar year)")
    per_call = (time.perf_counter() - start) / n
    set_language("en")
    print(f"one translation: {per_call * 1e6:.2f} µs")


def redraw_cost() -> None:
    """The territory explorer's and the simulator's redraw, English and Spanish alternating."""
    from medlab_teach import set_language
    from medlab_teach.widgets import PolicyMixSimulator, TerritoryExplorer

    sim = PolicyMixSimulator()
    continuity = sim.controls["A"].continuity
    explorer = TerritoryExplorer(territories=("13", "04"))
    times: dict[tuple[str, str], list[float]] = {}
    for _round in range(ROUNDS):
        for language in ("en", "es"):
            set_language(language)
            for name, change in (("simulator", lambda: setattr(continuity, "value",
                                                                 not continuity.value)),
                                 ("territory explorer", lambda: setattr(
                                     explorer.measure, "value",
                                     "rate" if explorer.measure.value == "count" else "count"))):
                start = time.process_time()
                change()
                times.setdefault((name, language), []).append(time.process_time() - start)
    set_language("en")
    for name in ("simulator", "territory explorer"):
        en = statistics.median(times[(name, "en")])
        es = statistics.median(times[(name, "es")])
        print(f"{name:<20} redraw CPU median: en {en * 1e3:6.1f} ms, es {es * 1e3:6.1f} ms, "
              f"ratio es/en {es / en:.2f}")


def main() -> None:
    """Print the three measurements."""
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    import_cost()
    translation_cost()
    redraw_cost()


if __name__ == "__main__":
    main()
