"""Benchmark: a class logging in at once on one JupyterHub server.

Starts the kit's hub (deploy/jupyterhub/jupyterhub_config.py, configurable-http-proxy,
LocalProcessSpawner) on 127.0.0.1 with one course of real Unix accounts, then, for each N
(default 10 and 30), asks the hub to start N students' servers at the same moment and
reports:

- spawn time per student (request to server ready): median, p90 and the slowest, and the
  time until the whole class is in;
- memory per student (PSS: shared pages split among their users) of an idle server, and of
  an active student: their server plus a kernel that has loaded a lesson's data and drawn a
  figure (measured on a sample of students);
- the hub's and the proxy's own memory;
- how many active students a server of a given size holds, from these figures.

Every request goes to 127.0.0.1; the run stops by itself (each wait is bounded) and removes
the accounts it made. Needs root (accounts), configurable-http-proxy and the `test` extra.

    sudo python benchmarks/bench_hub_spawn.py [--n 10 30] [--active 6] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hub_harness as harness  # noqa: E402

#: What an active student's kernel does: a lesson's first cells (the kit's data, pandas) and
#: a figure drawn by the kit's plotting module.
ACTIVE_CODE = """
import pandas as pd
from medlab_teach import data, evaluation
from medlab_teach.plots import trends
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
crimes = data.load("crimes_annual")
fig, ax = plt.subplots()
crimes.groupby("year")["cases"].sum().plot(ax=ax)
fig.canvas.draw()
"""
#: Operating system, page cache and headroom kept out of the students' share, GiB.
RESERVE_GIB = 1.5
SERVER_SIZES_GIB = (8, 16, 32)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def spawn_all(run: harness.HubRun, users: list[str], timeout: float) -> dict[str, float]:
    """Start every server at once; seconds from each request to that server being ready."""
    asked: dict[str, float] = {}

    def ask(user: str) -> None:
        asked[user] = time.monotonic()
        run.start_server(user)

    with ThreadPoolExecutor(len(users)) as pool:
        list(pool.map(ask, users))
    ready = run.wait_servers(users, timeout=timeout)
    return {u: ready[u] - asked[u] for u in users}


def execute(run: harness.HubRun, user: str, code: str, timeout: float = 300) -> None:
    """Start a kernel in ``user``'s server and run ``code`` in it (Jupyter's websocket)."""
    import websocket

    resp = run.as_user(user, "POST", f"/user/{user}/api/kernels", json={"name": "python3"})
    resp.raise_for_status()
    kernel = resp.json()["id"]
    ws_url = run.url.replace("http://", "ws://") + f"/user/{user}/api/kernels/{kernel}/channels"
    ws = websocket.create_connection(ws_url, timeout=timeout,
                                     header=[f"Authorization: token {run.token(user)}"])
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user,
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_reply":
                if msg["content"]["status"] != "ok":
                    raise RuntimeError(f"{user}: {msg['content'].get('evalue')}")
                return
        raise TimeoutError(f"{user}'s kernel did not finish in {timeout} s")
    finally:
        ws.close()


def measure_round(run: harness.HubRun, users: list[str], active: int) -> dict[str, object]:
    """One round: N servers at once, their memory idle, then a sample made active."""
    start = time.monotonic()
    spawn = spawn_all(run, users, timeout=900)
    everyone_in = time.monotonic() - start
    time.sleep(5)  # let start-up work settle before measuring memory
    idle = [harness.user_memory_kib(u) / 1024 for u in users]
    spawn_cpu = [harness.user_cpu_seconds(u) for u in users]
    sample = users[:active]
    with ThreadPoolExecutor(len(sample)) as pool:
        list(pool.map(lambda u: execute(run, u, ACTIVE_CODE), sample))
    busy = [harness.user_memory_kib(u) / 1024 for u in sample]
    lesson_cpu = [harness.user_cpu_seconds(u) - spawn_cpu[i] for i, u in enumerate(sample)]
    times = list(spawn.values())
    result = {
        "n": len(users), "spawn_median_s": statistics.median(times),
        "spawn_p90_s": percentile(times, 0.9), "spawn_max_s": max(times),
        "all_ready_s": everyone_in, "spawn_cpu_s_median": statistics.median(spawn_cpu),
        "lesson_cpu_s_median": statistics.median(lesson_cpu),
        "idle_mib_median": statistics.median(idle),
        "active_mib_median": statistics.median(busy), "active_sample": len(sample),
        "hub_and_proxy_mib": hub_memory_mib(run),
    }
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(run.stop_server, users))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and any(run.server_ready(u) for u in users):
        time.sleep(1)
    return result


def hub_memory_mib(run: harness.HubRun) -> float:
    """PSS of the hub, the proxy and the hub's services (every process root runs for it)."""
    if run.proc is None:
        return 0.0
    from proc_control import descendants  # tests/browser helper: the process tree

    pids = [run.proc.pid, *descendants(run.proc.pid)]
    root_pids = [p for p in pids if os.stat(f"/proc/{p}").st_uid == 0]
    return sum(harness.pss_kib(p) for p in root_pids) / 1024


def capacity(active_mib: float, hub_mib: float) -> dict[int, int]:
    """Active students a server of each size holds, by memory."""
    return {size: int((size * 1024 - RESERVE_GIB * 1024 - hub_mib) // active_mib)
            for size in SERVER_SIZES_GIB}


def report(rounds: list[dict[str, object]]) -> None:
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("   N  spawn median  p90     slowest  all in   CPU/spawn  idle MiB  active MiB"
          "  hub+proxy MiB")
    for r in rounds:
        print(f"{r['n']:>4}  {r['spawn_median_s']:>10.1f} s {r['spawn_p90_s']:>5.1f} s "
              f"{r['spawn_max_s']:>6.1f} s {r['all_ready_s']:>6.1f} s "
              f"{r['spawn_cpu_s_median']:>7.1f} s {r['idle_mib_median']:>8.0f}"
              f"  {r['active_mib_median']:>10.0f}  {r['hub_and_proxy_mib']:>12.0f}")
    print(f"CPU of one active student's lesson code (median): "
          f"{rounds[-1]['lesson_cpu_s_median']:.1f} s")
    last = rounds[-1]
    fits = capacity(float(last["active_mib_median"]), float(last["hub_and_proxy_mib"]))
    print(f"active students per server by memory (reserve {RESERVE_GIB} GiB): "
          + ", ".join(f"{size} GiB: {n}" for size, n in fits.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--active", type=int, default=6, help="students made active per round")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    why = harness.hub_missing()
    if why:
        # `make bench` runs every benchmark: say why this one did not run, and go on.
        print(f"bench_hub_spawn: not run: {why}", file=sys.stderr)
        return 0
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    tag = harness.new_tag()
    students = [f"{tag}-s{i:02d}" for i in range(max(args.n))]
    course = harness.course(tag, "a", [f"{tag}-ia"], students)
    run = harness.start_hub(tag, [course])
    try:
        rounds = [measure_round(run, students[:n], min(args.active, n)) for n in args.n]
    finally:
        run.close()
    report(rounds)
    if args.json:
        args.json.write_text(json.dumps(rounds, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
