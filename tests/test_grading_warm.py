"""Warm student kernels: forked from one pre-imported zygote, yet each a fresh, isolated kernel.

One worker grades, in this order, a submission that pollutes everything it can reach (module
globals, a patched pandas, a patched builtin, a thread still writing, files in every writable
place, a process left behind, most of its memory) and then a probe that reports what it sees.
The probe must see none of it and keep every mark. The fallback to cold kernels is chosen
automatically and reported; forcing warm where it cannot work stops the run with a reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from grading_fixtures import course
from grading_fixtures.course import cell_by_id

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

UID_BASE = 64000
POLLUTE = '''import builtins, os, statistics, sys, threading, time
import pandas as pd
import medlab_teach
medlab_teach.POLLUTED = True
pd.DataFrame.sum = lambda self, *a, **k: 42
pd.POLLUTED = True
builtins.POLLUTED = True
sys.modules["statistics"].mean = lambda *a, **k: 42
for _place in ("/tmp", "/dev/shm", os.getcwd(), os.path.expanduser("~")):
    with open(os.path.join(_place, "left_behind.txt"), "w") as _fh:
        _fh.write("polluted")
def _writer():
    while True:
        with open("/tmp/thread_was_here.txt", "a") as _fh:
            _fh.write("x")
        time.sleep(0.05)
threading.Thread(target=_writer, daemon=True).start()
_child = os.fork()
if _child == 0:
    time.sleep(120)
    os._exit(0)
hog = bytearray(200 * 2**20)
time.sleep(0.3)
'''
PROBE = '''import builtins, json, os, statistics, threading
import pandas as pd
import medlab_teach
_seen = {
    "kit_global": hasattr(medlab_teach, "POLLUTED"),
    "pandas_attr": hasattr(pd, "POLLUTED"),
    "pandas_sum": int(pd.DataFrame({"a": [1, 2]}).sum()["a"]) != 3,
    "builtin": hasattr(builtins, "POLLUTED"),
    "stdlib": statistics.mean([1, 3]) != 2,
    "files": [p for p in ("/tmp", "/dev/shm", os.getcwd(), os.path.expanduser("~"))
              if os.path.exists(os.path.join(p, "left_behind.txt"))],
    "thread_file": os.path.exists("/tmp/thread_was_here.txt"),
    "threads": sorted(t.name for t in threading.enumerate() if "_writer" in t.name),
    "kernel_threads": sorted(t.name for t in threading.enumerate()),
    "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "pid": os.getpid(),
    "uid": os.getuid(),
    "caps": [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")],
    "run_folders": len(os.listdir(os.path.dirname(os.environ["MPLCONFIGDIR"].rstrip("/")
                                                  .rsplit("/", 1)[0]))),
}
_room = bytearray(300 * 2**20)
del _room
print("PROBE " + json.dumps(_seen))
'''


def _grade(root: Path, kernels: str):
    from medlab_teach.grading.config import Limits
    from medlab_teach.grading.runner import RunOptions, run

    limits = Limits(cell_timeout=20, notebook_timeout=60, memory_mb=1024, max_processes=48)
    return run(RunOptions(course_root=root, assignment=course.ASSIGNMENT, jobs=1,
                          limits=limits, progress="none", uid_base=UID_BASE, figures=False,
                          kernels=kernels, force=True))


def _course(root: Path) -> Path:
    course.make_course(root, students=(), duedate="2030-01-02 00:00:00")
    course.submit(root, "a_polluter", lambda nb: setattr(
        cell_by_id(nb, "q1_answer"), "source", POLLUTE + course.GOOD_Q1))
    for probe in ("b_probe", "c_probe"):
        course.submit(root, probe, lambda nb: setattr(
            cell_by_id(nb, "q1_answer"), "source", PROBE + course.GOOD_Q1))
    return root


def _printed(root: Path, student: str) -> str:
    """What the student's q1 answer cell printed, once graded."""
    path = root / "autograded" / student / course.ASSIGNMENT / "ps1.ipynb"
    cell = cell_by_id(nbformat.read(path, as_version=4), "q1_answer")
    return "".join(o.get("text", "") for o in cell.outputs)


def _probe(root: Path, student: str) -> dict:
    text = _printed(root, student)
    assert "PROBE " in text, text
    return json.loads(text.split("PROBE ", 1)[1])


@pytest.fixture(scope="module")
def warm_run(tmp_path_factory):
    from medlab_teach.grading.sandbox import check_sandbox

    assert not check_sandbox(), "the warm kernels are tested where the sandbox works"
    root = _course(tmp_path_factory.mktemp("warm") / "course")
    return root, _grade(root, "warm")


def test_the_run_used_warm_kernels_and_says_so(warm_run):
    _, result = warm_run
    assert result.kernel_modes == ["warm"]
    assert "Student kernels: warm" in result.summary


def test_the_probes_kernels_were_started_ahead_and_still_saw_nothing(warm_run):
    # Each probe's kernel was started while the grader finished the notebook before it (the
    # polluter's, for the first probe): the isolation tests below hold for such kernels.
    root, result = warm_run
    assert (result.kernels_ahead, result.kernels_started) == (2, 3)
    # Started exactly as nbclient starts a kernel: same threads, history kept in memory.
    first, second = (_probe(root, s)["kernel_threads"] for s in ("b_probe", "c_probe"))
    assert first == second and "IPythonHistorySavingThread" not in first
    assert "Kernels started ahead (while the grader finished the notebook before): 2 of 3" \
        in result.summary


@pytest.mark.parametrize("student", ["b_probe", "c_probe"])
def test_nothing_a_submission_does_reaches_the_next(warm_run, student):
    root, result = warm_run
    seen = _probe(root, student)
    assert not seen["kit_global"] and not seen["pandas_attr"] and not seen["pandas_sum"]
    assert not seen["builtin"] and not seen["stdlib"]
    assert seen["files"] == [] and not seen["thread_file"] and seen["threads"] == []
    # Its own PID namespace: the kernel is PID 1 and no process of the polluter is there.
    assert seen["pid"] == 1 and seen["processes"] == [1]
    assert seen["uid"] >= UID_BASE and seen["caps"] == ["0000000000000000"]
    assert seen["run_folders"] == 1  # only its own run folder is visible
    by = {o.student: o for o in result.outcomes}
    assert by[student].status in ("graded", "tampered")  # the scan flags its probing
    assert by[student].score == course.AUTO_MAX


def test_the_polluter_ran_first_and_was_graded(warm_run):
    root, result = warm_run
    by = {o.student: o for o in result.outcomes}
    assert by["a_polluter"].status in ("graded", "tampered"), by["a_polluter"].details()
    path = root / "autograded" / "a_polluter" / course.ASSIGNMENT / "ps1.ipynb"
    cell = cell_by_id(nbformat.read(path, as_version=4), "q1_answer")
    assert not any(o.get("output_type") == "error" for o in cell.outputs), cell.outputs


def test_two_probes_get_different_random_seeds(tmp_path):
    root = tmp_path / "course"
    course.make_course(root, students=(), duedate="2030-01-02 00:00:00")
    for student in ("r1", "r2"):
        course.submit(root, student, lambda nb: setattr(
            cell_by_id(nb, "q1_answer"), "source",
            "import random, numpy\nprint('DRAW', random.random(), numpy.random.rand())\n"
            + course.GOOD_Q1))
    result = _grade(root, "warm")
    assert result.kernel_modes == ["warm"]
    draws = [_printed(root, student) for student in ("r1", "r2")]
    assert draws[0].startswith("DRAW") and draws[0] != draws[1]


@pytest.mark.parametrize("how", ["medlab-teach grade", "nbgrader autograde"])
def test_a_read_only_folder_under_tmp_stays_visible_in_warm_kernels(how):
    # Each warm kernel gets a fresh /tmp (and, with plain nbgrader, its kernels' folder is /tmp
    # itself): folders the sandbox shows read-only (the interpreter, the kit, a course's
    # shared data) that live under /tmp must be bound back, read-only.
    import shutil
    import subprocess
    import sys
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="medlab-under-tmp-", dir="/tmp"))
    try:
        shared = work / "shared-data"
        shared.mkdir()
        (shared / "answer.txt").write_text("42")
        root = work / "course"
        course.make_course(root, students=(), duedate="2030-01-02 00:00:00")
        with (root / "nbgrader_config.py").open("a", encoding="utf-8") as fh:
            if how == "nbgrader autograde":
                fh.write("from medlab_teach.grading.config import configure\n"
                         f"configure(c, kernels='warm', readonly_paths=[{str(shared)!r}])\n")
            else:
                fh.write(f"c.SandboxedKernelManager.readonly_paths = [{str(shared)!r}]\n")
        reader = (f"print('READ', open({str(shared / 'answer.txt')!r}).read())\n"
                  f"try:\n    open({str(shared / 'new.txt')!r}, 'w')\n"
                  "except OSError as exc:\n    print('READ-ONLY', type(exc).__name__)\n")
        for student in ("s1", "s2"):  # the second kernel is one started ahead
            course.submit(root, student, lambda nb: setattr(
                cell_by_id(nb, "q1_answer"), "source", reader + course.GOOD_Q1))
        if how == "nbgrader autograde":
            done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde",
                                   course.ASSIGNMENT, "--force"], cwd=root,
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr[-3000:]
        else:
            result = _grade(root, "warm")
            assert result.kernel_modes == ["warm"] and result.kernels_ahead == 1
        for student in ("s1", "s2"):
            text = _printed(root, student)
            assert "READ 42" in text and "READ-ONLY" in text, text
        assert not (shared / "new.txt").exists()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _course_where_no_zygote_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from medlab_teach.grading import warm

    def refuse(self):
        raise OSError("no namespaces for the test")

    monkeypatch.setattr(warm.WarmKernelManager, "_start_zygote", refuse)
    root = tmp_path / "course"
    course.make_course(root, students=(), duedate="2030-01-02 00:00:00")
    course.submit(root, "s1")
    return root


def test_auto_falls_back_to_cold_kernels_and_reports_why(tmp_path, monkeypatch):
    result = _grade(_course_where_no_zygote_starts(tmp_path, monkeypatch), "auto")
    assert len(result.kernel_modes) == 1
    assert result.kernel_modes[0].startswith("cold (the warm kernel zygote could not start")
    assert "no namespaces for the test" in result.summary
    assert result.outcomes[0].status == "graded"


def test_forcing_warm_where_it_cannot_start_stops_with_the_reason(tmp_path, monkeypatch):
    from medlab_teach.grading.runner import GradingConfigError

    root = _course_where_no_zygote_starts(tmp_path, monkeypatch)
    with pytest.raises(GradingConfigError, match="no namespaces for the test"):
        _grade(root, "warm")


def test_cold_kernels_are_reported_when_asked_for(tmp_path):
    root = tmp_path / "course"
    course.make_course(root, students=(), duedate="2030-01-02 00:00:00")
    course.submit(root, "s1")
    result = _grade(root, "cold")
    assert result.kernel_modes == ["cold"]
    assert result.outcomes[0].score == course.AUTO_MAX


def test_only_the_zygote_keeps_capabilities_and_sees_the_kernels_folder(tmp_path):
    import sys

    from medlab_teach.grading.sandbox import SandboxedKernelManager

    km = SandboxedKernelManager(sandbox_uid=61234, lease_uid=False)
    km._rundir = str(tmp_path / "kernels" / "run")
    argv = [sys.executable, "-m", "medlab_teach.grading.zygote"]
    kernel = km.sandbox_command(argv)
    zygote = km.sandbox_command(argv, privileged_binds=[str(tmp_path / "kernels")])
    assert "CAP_SYS_ADMIN" not in kernel and "--reuid=61234" in " ".join(kernel)
    assert "CAP_SYS_ADMIN" in zygote and "CAP_KILL" in zygote
    assert not any(part.startswith("--reuid") for part in zygote)
    binds = [(zygote[i + 1], zygote[i + 2]) for i, a in enumerate(zygote) if a == "--bind"]
    assert (str(tmp_path / "kernels"), str(tmp_path / "kernels")) in binds
    for flag in ("--unshare-net", "--unshare-pid", "--clearenv", "--die-with-parent"):
        assert flag in zygote
