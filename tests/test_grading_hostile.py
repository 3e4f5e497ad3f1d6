"""The hostile-submission corpus: every case is graded in one run, each outcome asserted.

One class of submissions, two good students among them, is graded by ``medlab-teach grade``'s
runner with two workers, the sandbox on, and short limits (3 s per cell, 8 s per notebook).
Each hostile case asserts its own status, score and evidence; the good students must get full
marks whatever their classmates did.
"""

from __future__ import annotations

import html
import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import nbformat
import pytest
from grading_fixtures import course
from grading_fixtures.course import cell_by_id

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

CELL_TIMEOUT = 3
NOTEBOOK_TIMEOUT = 8
AFTER_TIMEOUT = 1
MAX_PROCESSES = 48
UID_BASE = 62000
WRONG_Q1 = "def rate(count, population):\n    return -1\n"
WRONG_Q2 = "def share(part, whole):\n    return -1\n"
H1_HOOKS = (
    "%time _ip = get_ipython()\n"
    "%time _ip.showtraceback = lambda *a, **k: None\n"
    "%time _ip.showsyntaxerror = lambda *a, **k: None\n"
    "%time _real = _ip.run_cell\n"
    "%time _ip.run_cell = lambda *a, **k: [r for r in [_real(*a, **k)] "
    "if setattr(r, 'error_in_exec', None) is None][0]\n"
    "%time _areal = _ip.run_cell_async\n"
    "%time exec('async def _w(*a, **k):\\n    r = await _areal(*a, **k)\\n"
    "    r.error_in_exec = None\\n    return r')\n"
    "%time _ip.run_cell_async = _w\n")
ANYTHING = ("Anything = type('Anything', (), {'__eq__': lambda s, o: True, "
            "'__ne__': lambda s, o: False, '__round__': lambda s, n=0: s, "
            "'__float__': lambda s: 13.0, '__sub__': lambda s, o: 0.0, "
            "'__rsub__': lambda s, o: 0.0, '__abs__': lambda s: 0.0, '__hash__': lambda s: 0})\n")


def _set(nb: nbformat.NotebookNode, grade_id: str, source: str) -> None:
    cell_by_id(nb, grade_id).source = source


def _probe(paths: list[str], mode: str = "r") -> str:
    """Student code that tries to open each path and prints LEAKED or blocked."""
    return (
        "for _path in " + repr(paths) + ":\n"
        "    try:\n"
        f"        with open(_path, {mode!r}) as _fh:\n"
        + ("            _fh.write('x')\n" if "w" in mode or "a" in mode else
           "            _fh.read(10)\n")
        + "        print('LEAKED', _path)\n"
        "    except OSError as _exc:\n"
        "        print('blocked', _path, type(_exc).__name__)\n"
    )


def _cases(root: Path, port: int) -> dict[str, object]:
    """student id -> edit of the well-answered released notebook (or raw text)."""
    gradebook = str(root / "gradebook.db")
    source_nb = str(root / "source" / course.ASSIGNMENT / f"{course.ASSIGNMENT}.ipynb")
    other = str(root / "submitted" / "good1" / course.ASSIGNMENT / f"{course.ASSIGNMENT}.ipynb")

    def loop_top(nb):
        _set(nb, "q1_answer", "while True:\n    pass\n" + course.GOOD_Q1)

    def loop_func(nb):
        _set(nb, "q1_answer", "def rate(count, population):\n    while True:\n        pass")

    def sleep(nb):
        _set(nb, "q1_answer", "import time\ntime.sleep(600)\n" + course.GOOD_Q1)

    def stubborn(nb):
        _set(nb, "q1_answer", course.GOOD_Q1 + "\nimport time\nwhile True:\n    try:\n"
             "        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass\n")

    def exits(nb):
        _set(nb, "q2_answer", "import os\nos._exit(3)\n" + course.GOOD_Q2)

    def forkbomb(nb):
        _set(nb, "q1_answer", "import os, time\nchildren = 0\ntry:\n"
             "    for _ in range(400):\n        pid = os.fork()\n        if pid == 0:\n"
             "            time.sleep(60)\n            os._exit(0)\n        children += 1\n"
             "except OSError as exc:\n"
             "    print('fork refused after', children, type(exc).__name__)\n"
             + course.GOOD_Q1)

    def memhog(nb):
        # One huge allocation: refused at once by the address-space limit. (A gradual hog hits
        # the same limit, but filling 1 GiB can take longer than a cell on a busy machine.)
        _set(nb, "q1_answer", "hog = bytearray(4 * 2**30)\n" + course.GOOD_Q1)

    def flood(nb):
        _set(nb, "q1_answer", "print('x' * 20_000_000)\n" + course.GOOD_Q1)

    def stripped(nb):
        fresh = nbformat.v4.new_notebook()
        fresh.cells = [nbformat.v4.new_code_cell(c.source) if c.cell_type == "code"
                       else nbformat.v4.new_markdown_cell(c.source) for c in nb.cells]
        return fresh

    def deleted_hidden(nb):
        nb.cells = [c for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") != "q1_tests"]

    def edited_test(nb):
        _set(nb, "q1_answer", "def rate(count, population):\n    return 0")
        _set(nb, "q1_tests", "pass  # tests? what tests?")
        _set(nb, "q1b_tests", "pass")

    def read_source(nb):
        _set(nb, "q1_answer", _probe([source_nb, gradebook, other, "/root/.bashrc",
                                      "/etc/shadow", "../../../gradebook.db"])
             + course.GOOD_Q1)

    def write_gradebook(nb):
        _set(nb, "q1_answer", _probe([gradebook, "../../../gradebook.db",
                                      "/usr/lib/medlab-was-here", str(root / "pwned.txt")],
                                     mode="a") + course.GOOD_Q1)

    def network(nb):
        _set(nb, "q1_answer", "import socket\nfor _addr in [('127.0.0.1', " + str(port)
             + "), ('1.1.1.1', 80)]:\n    try:\n"
             "        socket.create_connection(_addr, timeout=2)\n"
             "        print('CONNECTED', _addr)\n"
             "    except OSError as _exc:\n        print('net blocked', _addr, _exc)\n"
             + course.GOOD_Q1)

    def helpers(nb):
        _set(nb, "q1_answer", "def check_close(actual, expected):\n    return None\n\n"
             "import builtins\nbuiltins.round = lambda value, digits=0: 13.0\n\n"
             "def rate(count, population):\n    return -1")

    def deleter(nb):
        _set(nb, "q1_answer", "import os\nfor _name in os.listdir('.'):\n"
             "    os.remove(_name)\nprint('left:', os.listdir('.'))\n" + course.GOOD_Q1)

    def empty(nb):
        nb.cells = []

    def rlang(nb):
        nb.metadata["kernelspec"] = {"name": "ir", "display_name": "R", "language": "R"}
        nb.metadata["language_info"] = {"name": "R"}
        _set(nb, "q1_answer", "rate <- function(count, population) {\n"
             "  count / population * 1e5\n}")
        _set(nb, "q2_answer", "share <- function(part, whole) 100 * part / whole")

    def duplicated(nb):
        copy = nbformat.from_dict(json.loads(json.dumps(cell_by_id(nb, "q2_tests"))))
        copy["id"] = "dup-of-q2-tests"
        nb.cells.append(copy)

    def points(nb):
        cell_by_id(nb, "q1_tests").metadata["nbgrader"]["points"] = 100

    def answer_test(nb):
        # Turn the test cell into an answer cell, so nbgrader would not restore it.
        meta = cell_by_id(nb, "q1_tests").metadata["nbgrader"]
        meta["solution"] = True
        meta["locked"] = False
        _set(nb, "q1_tests", "print('all good')")
        _set(nb, "q1_answer", "def rate(count, population):\n    return 0")

    # -- tests out of the student's reach (the test runner) -------------------------------
    def h1_magic(nb):
        # IPython hooks hidden behind %time (the static scan used to blank magic lines):
        # failing cells report success, tracebacks vanish. Answers are wrong.
        _set(nb, "q1_answer", H1_HOOKS + WRONG_Q1)
        _set(nb, "q2_answer", WRONG_Q2)

    def h1_run(nb):
        _set(nb, "q1_answer", "%run -i helper.py\n" + WRONG_Q1)
        _set(nb, "q2_answer", WRONG_Q2)

    def h3_guard(nb):
        _set(nb, "q1_answer", "try:\n    __medlab_guard__.restore = lambda *a, **k: []\n"
             "except NameError:\n    pass\nimport builtins\n"
             "builtins.round = lambda value, digits=0: 13.0\n"
             "def rate(count, population):\n    return 13.0\n")

    def h4_patch(nb):
        # the helper's own globals and the module it came from, patched by another name
        _set(nb, "q1_answer", "import sys, math\nsys.modules['__main__'].isclose = "
             "lambda *a, **k: True\nmath.isclose = lambda *a, **k: True\n" + WRONG_Q1)
        _set(nb, "q2_answer", "import math as _m\nsetattr(_m, 'isclose', lambda *a, **k: "
             "True)\n" + WRONG_Q2)

    def m1_anything(nb):
        _set(nb, "q1_answer", ANYTHING + "def rate(count, population):\n    return Anything()\n")
        _set(nb, "q2_answer", ANYTHING + "def share(part, whole):\n    return Anything()\n")

    def h2_module(nb):
        _set(nb, "q1_answer", "from shadow import rate\n")

    def rounded_share(nb):
        # q2's visible tests pass, its hidden f-string test fails: the expected value it
        # would print must not reach the feedback.
        _set(nb, "q2_answer", "def share(part, whole):\n    return round(100 * part / whole, 2)")

    def hidden_fail(nb):
        # visible tests pass, hidden ones fail: one unmarked message, one marked shareable
        _set(nb, "q1_answer", "def rate(count, population):\n    if count in (52, 9):\n"
             "        return 0.0\n    return count / population * 100_000\n")

    def hidden_comment(nb):
        _set(nb, "q1_answer", "# ### BEGIN HIDDEN TESTS (my own note, nothing hidden)\n"
             + course.GOOD_Q1)

    def list_grade_id(nb):
        cell_by_id(nb, "q2_answer").metadata["nbgrader"]["grade_id"] = ["q2_answer"]

    # -- honest but unusual: every mark kept ------------------------------------------------
    def honest_numpy(nb):
        _set(nb, "q1_answer", "import numpy as np\n\ndef _per(n):\n    return np.float64(n)\n\n"
             "def rate(count, population):\n    return _per(count) / population * 100_000")
        _set(nb, "q2_answer", "sum = 'a variable named like a builtin'\nround = None\n"
             + course.GOOD_Q2)

    return {
        "good1": None, "good2": None, "honest_numpy": honest_numpy,
        "h1_magic": h1_magic, "h1_run": h1_run, "h3_guard": h3_guard, "h4_patch": h4_patch,
        "m1_anything": m1_anything, "h2_module": h2_module, "rounded_share": rounded_share,
        "hidden_comment": hidden_comment, "list_grade_id": list_grade_id,
        "hidden_fail": hidden_fail,
        "loop_top": loop_top, "loop_func": loop_func,
        "sleep": sleep, "stubborn": stubborn, "exits": exits, "forkbomb": forkbomb,
        "memhog": memhog, "flood": flood, "badjson": '{"cells": [ this is not json',
        "stripped": stripped, "deleted_hidden": deleted_hidden, "edited_test": edited_test,
        "read_source": read_source, "write_gradebook": write_gradebook, "network": network,
        "helpers": helpers, "deleter": deleter, "empty": empty, "rlang": rlang,
        "duplicated": duplicated, "points": points, "answer_test": answer_test,
        "late": None,
    }


class _Listener:
    """A TCP server on the grader's loopback that records any connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture(scope="module", params=["warm", "cold"])
def graded(request, tmp_path_factory):
    """Build the class, grade it once per way of starting kernels, hand every test the results."""
    from medlab_teach.grading.config import Limits
    from medlab_teach.grading.runner import RunOptions, run
    from medlab_teach.grading.sandbox import check_sandbox

    problem = check_sandbox()
    assert not problem, f"the sandbox must work where the corpus runs: {problem}"
    root = tmp_path_factory.mktemp("hostile") / "course"
    course.make_course(root, students=("absent",), duedate="2030-01-02 00:00:00")
    listener = _Listener()
    try:
        for student, case in _cases(root, listener.port).items():
            if isinstance(case, str):
                course.submit(root, student, raw=case)
            elif student == "late":
                course.submit(root, student, timestamp="2030-01-05 09:00:00.000000 UTC")
            elif student == "deleter":
                course.submit(root, student, case, extra_files={"notes.txt": "mine"})
            elif student in ("h2_module", "h1_run"):
                continue  # submitted below, with their extra files
            else:
                course.submit(root, student, case)
        # A symlink to the gradebook inside a submission: never handed to student code.
        link_dir = course.submit(root, "symlink", lambda nb: _set(
            nb, "q1_answer", _probe(["stolen.db"]) + course.GOOD_Q1))
        (link_dir / "stolen.db").symlink_to(root / "gradebook.db")
        (link_dir / "answers.ipynb").symlink_to(root / "source" / course.ASSIGNMENT
                                                / f"{course.ASSIGNMENT}.ipynb")
        (link_dir / "all").symlink_to(root)
        # Files beside the notebook are data: a module the answer imports, a helper for %run.
        course.submit(root, "h2_module", _cases(root, listener.port)["h2_module"],
                      extra_files={"shadow.py": course.GOOD_Q1,
                                   "math.py": "isclose = lambda *a, **k: True\n"})
        course.submit(root, "h1_run", _cases(root, listener.port)["h1_run"],
                      extra_files={"helper.py": "get_ipython().showtraceback = "
                                                "lambda *a, **k: None\n"})
        # A FIFO, names a spreadsheet or a terminal would interpret, a timestamp that is not one.
        weird = course.submit(root, "weird_files", timestamp="yesterday-ish",
                              extra_files={"=HYPERLINK(\"http://x\")": "x",
                                           "\x1b[31mred\x1b[0m.txt": "x"})
        os.mkfifo(weird / "pipe")
        renamed = course.submit(root, "renamed")
        (renamed / f"{course.ASSIGNMENT}.ipynb").rename(renamed / f"{course.ASSIGNMENT} (1).ipynb")
        limits = Limits(cell_timeout=CELL_TIMEOUT, notebook_timeout=NOTEBOOK_TIMEOUT,
                        after_timeout=AFTER_TIMEOUT, cpu_seconds=30, memory_mb=1024,
                        max_processes=MAX_PROCESSES, output_chars=100_000)
        started = time.monotonic()
        result = run(RunOptions(course_root=root, assignment=course.ASSIGNMENT, jobs=2,
                                limits=limits, progress="none", uid_base=UID_BASE,
                                feedback=True, kernels=request.param))
        elapsed = time.monotonic() - started
    finally:
        listener.close()
    return {"root": root, "result": result, "by": {o.student: o for o in result.outcomes},
            "listener": listener, "elapsed": elapsed, "kernels": request.param}


def _autograded(graded, student: str) -> nbformat.NotebookNode:
    path = graded["root"] / "autograded" / student / course.ASSIGNMENT / "ps1.ipynb"
    return nbformat.read(path, as_version=4)


def _text(nb: nbformat.NotebookNode, grade_id: str) -> str:
    out = []
    for output in cell_by_id(nb, grade_id).get("outputs", []):
        out.append(output.get("text", "") if output.get("output_type") == "stream" else "")
        out.append(output.get("ename", "") + " " + output.get("evalue", ""))
    return "\n".join(out)


def _shown(page: Path) -> str:
    """The text a browser shows for an HTML page (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def _grades(graded, student: str) -> dict[str, float | None]:
    from nbgrader.api import Gradebook

    url = f"sqlite:///{graded['root'] / 'gradebook.db'}"
    with Gradebook(url, course.COURSE_ID) as gb:
        sub = gb.find_submission(course.ASSIGNMENT, student)
        return {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}


def _kinds(graded, student: str) -> set[str]:
    return {e.kind.value for e in graded["by"][student].events}


FULL = {"q1_tests": 2.0, "q1b_tests": 1.0, "q2_tests": 1.0}


def test_kernels_started_the_way_asked(graded):
    assert graded["result"].kernel_modes == [graded["kernels"]]


def test_corpus_has_enough_cases(graded):
    hostile = [s for s in graded["by"] if not s.startswith("good")]
    assert len(hostile) >= 15
    assert graded["result"].exit_code == 1  # several submissions need attention


@pytest.mark.parametrize("student", ["good1", "good2"])
def test_good_students_get_full_marks_whatever_their_classmates_did(graded, student):
    outcome = graded["by"][student]
    assert outcome.status == "graded", outcome.details()
    assert outcome.score == course.AUTO_MAX
    grades = _grades(graded, student)
    assert {k: grades[k] for k in FULL} == FULL
    assert grades["q3_reflection"] is None  # the written answer awaits manual grading


def test_infinite_loop_at_top_level_times_out_and_other_questions_still_score(graded):
    assert graded["by"]["loop_top"].status == "timed_out"
    grades = _grades(graded, "loop_top")
    assert grades["q2_tests"] == 1.0
    assert grades["q1_tests"] == 0.0


def test_loop_inside_graded_function_costs_one_timeout_not_one_per_test(graded):
    events = [e for e in graded["by"]["loop_func"].events if e.kind.value == "cell_timeout"]
    seconds = sorted(e.extra["seconds"] for e in events)
    assert seconds[-1] == CELL_TIMEOUT
    assert seconds.count(CELL_TIMEOUT) == 1, seconds  # later tests get the short limit
    assert all(s <= AFTER_TIMEOUT for s in seconds[:-1])
    assert len(events) == 2  # q1_tests and q1b_tests both call the looping function
    assert _grades(graded, "loop_func")["q2_tests"] == 1.0


def test_long_sleep_is_interrupted(graded):
    outcome = graded["by"]["sleep"]
    assert outcome.status == "timed_out"
    assert outcome.seconds < 60  # nowhere near the 600 s sleep
    assert _grades(graded, "sleep")["q2_tests"] == 1.0


def test_interrupt_swallowing_loop_is_stopped_by_the_notebook_budget(graded):
    outcome = graded["by"]["stubborn"]
    assert outcome.status == "timed_out"
    assert "notebook_budget_exhausted" in _kinds(graded, "stubborn")
    assert outcome.seconds < NOTEBOOK_TIMEOUT + 30
    grades = _grades(graded, "stubborn")
    assert grades["q2_tests"] == 0.0  # never ran: reported, not silently zero
    nb = _autograded(graded, "stubborn")
    assert "time budget" in _text(nb, "q2_tests")


def test_os_exit_is_a_dead_kernel_keeping_earlier_scores(graded):
    assert graded["by"]["exits"].status == "kernel_died"
    grades = _grades(graded, "exits")
    assert grades["q1_tests"] == 2.0 and grades["q1b_tests"] == 1.0
    assert grades["q2_tests"] == 0.0


def test_fork_bomb_hits_the_process_limit(graded):
    nb = _autograded(graded, "forkbomb")
    text = _text(nb, "q1_answer")
    assert "fork refused after" in text
    children = int(text.split("fork refused after")[1].split()[0])
    assert children < MAX_PROCESSES
    assert graded["by"]["forkbomb"].score == course.AUTO_MAX


def test_no_sandbox_process_outlives_the_run(graded):
    leftovers = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                uid = os.stat(f"/proc/{pid}").st_uid
            except OSError:
                continue
            if uid in graded["result"].sandbox_uids:
                leftovers.append(pid)
    assert len(graded["result"].sandbox_uids) == 4  # two workers: a kernel and a runner each
    assert leftovers == []


def test_memory_hog_gets_memory_error_and_the_kernel_survives(graded):
    nb = _autograded(graded, "memhog")
    assert "MemoryError" in _text(nb, "q1_answer")
    assert graded["by"]["memhog"].status == "graded"
    grades = _grades(graded, "memhog")
    assert grades["q1_tests"] == 0.0 and grades["q2_tests"] == 1.0


def test_output_flood_is_cut(graded):
    path = graded["root"] / "autograded" / "flood" / course.ASSIGNMENT / "ps1.ipynb"
    assert path.stat().st_size < 1_000_000
    assert "output cut" in _text(nbformat.read(path, as_version=4), "q1_answer")
    assert graded["by"]["flood"].score == course.AUTO_MAX


def test_invalid_json_is_reported_not_graded(graded):
    from nbgrader.api import Gradebook, MissingEntry

    outcome = graded["by"]["badjson"]
    assert outcome.status == "invalid"
    assert "cannot be read" in outcome.details()
    with Gradebook(f"sqlite:///{graded['root'] / 'gradebook.db'}", course.COURSE_ID) as gb, \
            pytest.raises(MissingEntry):
        gb.find_submission(course.ASSIGNMENT, "badjson")


def test_stripped_metadata_is_restored_and_graded_in_full(graded):
    outcome = graded["by"]["stripped"]
    assert outcome.status == "tampered"
    assert "metadata_restored" in _kinds(graded, "stripped")
    assert outcome.score == course.AUTO_MAX


def test_deleted_hidden_test_cell_is_restored_and_run(graded):
    outcome = graded["by"]["deleted_hidden"]
    assert outcome.status == "tampered"
    assert "cell_restored" in _kinds(graded, "deleted_hidden")
    assert _grades(graded, "deleted_hidden") == {**FULL, "q3_reflection": None}


def test_edited_test_cell_is_restored_so_the_wrong_answer_fails(graded):
    assert graded["by"]["edited_test"].status == "tampered"
    assert "locked_cell_edited" in _kinds(graded, "edited_test")
    grades = _grades(graded, "edited_test")
    assert grades["q1_tests"] == 0.0 and grades["q1b_tests"] == 0.0


def test_test_cell_relabelled_as_answer_is_still_the_test(graded):
    assert "metadata_restored" in _kinds(graded, "answer_test")
    assert _grades(graded, "answer_test")["q1_tests"] == 0.0


def test_student_code_cannot_read_source_gradebook_or_others(graded):
    text = _text(_autograded(graded, "read_source"), "q1_answer")
    assert "LEAKED" not in text
    assert text.count("blocked") == 6
    assert graded["by"]["read_source"].score == course.AUTO_MAX


def test_student_code_cannot_write_outside_its_folder(graded):
    text = _text(_autograded(graded, "write_gradebook"), "q1_answer")
    assert "LEAKED" not in text
    assert text.count("blocked") == 4
    assert not (graded["root"] / "pwned.txt").exists()


def test_student_code_has_no_network(graded):
    text = _text(_autograded(graded, "network"), "q1_answer")
    assert "CONNECTED" not in text
    assert text.count("net blocked") == 2
    assert graded["listener"].connections == 0


def test_redefined_helpers_and_builtins_are_restored_before_tests(graded):
    outcome = graded["by"]["helpers"]
    assert outcome.status == "tampered"
    kinds = _kinds(graded, "helpers")
    assert {"helper_redefined", "suspicious_code"} <= kinds
    grades = _grades(graded, "helpers")
    assert grades["q1_tests"] == 0.0 and grades["q1b_tests"] == 0.0  # the real tests ran


def test_deleting_files_only_touches_the_private_copy(graded):
    root = graded["root"]
    text = _text(_autograded(graded, "deleter"), "q1_answer")
    assert "left: []" in text
    assert (root / "submitted" / "deleter" / course.ASSIGNMENT / "notes.txt").exists()
    assert (root / "autograded" / "deleter" / course.ASSIGNMENT / "places.csv").exists()
    assert (root / "source" / course.ASSIGNMENT / "places.csv").exists()
    assert graded["by"]["deleter"].score == course.AUTO_MAX


def test_empty_notebook_is_missing_work_not_a_silent_zero(graded):
    outcome = graded["by"]["empty"]
    assert outcome.status == "missing"
    assert outcome.score == 0
    assert "empty" in outcome.details()


def test_other_language_kernel_is_flagged_and_graded_as_python(graded):
    outcome = graded["by"]["rlang"]
    assert outcome.status == "tampered"
    assert "kernel_changed" in _kinds(graded, "rlang")
    assert outcome.score == 0


def test_duplicated_and_repointed_cells_are_flagged(graded):
    assert "grade_cell_duplicated" in _kinds(graded, "duplicated")
    assert graded["by"]["duplicated"].score == course.AUTO_MAX
    assert "points_changed" in _kinds(graded, "points")
    assert graded["by"]["points"].max_score == course.MAX_SCORE


def test_symlinked_file_is_not_given_to_student_code(graded):
    assert "symlink_in_submission" in _kinds(graded, "symlink")
    text = _text(_autograded(graded, "symlink"), "q1_answer")
    assert "LEAKED" not in text and "blocked" in text


def test_symlinks_are_never_followed_into_autograded_or_feedback(graded):
    root = graded["root"]
    for step in ("autograded", "feedback"):
        folder = root / step / "symlink" / course.ASSIGNMENT
        found = sorted(p.name for p in folder.iterdir())
        assert "stolen.db" not in found and "answers.ipynb" not in found and "all" not in found
        for path in folder.rglob("*"):
            assert not path.is_symlink()
            if path.is_file():
                assert b"BEGIN SOLUTION" not in path.read_bytes()
                assert not path.read_bytes().startswith(b"SQLite format")
    assert graded["by"]["symlink"].score == course.AUTO_MAX


# -- tests out of the student's reach -------------------------------------------------------
@pytest.mark.parametrize("student", ["h1_magic", "h1_run", "h3_guard", "h4_patch"])
def test_nothing_done_inside_the_kernel_changes_a_tests_verdict(graded, student):
    """IPython hooks hidden behind magics or a %run file, a replaced guard with builtins
    patched, a helper patched through another name: the answers are wrong, and score 0."""
    grades = _grades(graded, student)
    assert {k: grades[k] for k in FULL} == {"q1_tests": 0.0, "q1b_tests": 0.0,
                                           "q2_tests": 0.0 if student != "h3_guard" else 1.0}
    nb = _autograded(graded, student)
    assert cell_by_id(nb, "q1_tests").outputs[-1]["output_type"] == "error"


def test_the_static_scan_reads_code_behind_magics(graded):
    outcome = graded["by"]["h1_magic"]
    assert outcome.status == "tampered"
    assert ".run_cell" in outcome.details() and ".showtraceback" in outcome.details()
    assert "%run" in graded["by"]["h1_run"].details()


def test_an_object_equal_to_anything_is_not_data_and_scores_0(graded):
    outcome = graded["by"]["m1_anything"]
    assert outcome.score == 0 and outcome.status == "tampered"
    assert "not_data" in _kinds(graded, "m1_anything")
    text = _text(_autograded(graded, "m1_anything"), "q1_tests")
    assert "not plain data" in text


def test_files_beside_the_notebook_are_data_not_code(graded):
    outcome = graded["by"]["h2_module"]
    grades = _grades(graded, "h2_module")
    assert grades["q1_tests"] == 0.0 and grades["q2_tests"] == 1.0
    assert "ModuleNotFoundError" in _text(_autograded(graded, "h2_module"), "q1_answer")
    assert "extra_files" in _kinds(graded, "h2_module")
    assert "shadow.py" in outcome.details() and "math.py" in outcome.details()


def test_special_files_and_a_bad_timestamp_give_a_clear_status(graded):
    outcome = graded["by"]["weird_files"]
    assert outcome.status == "tampered"  # graded, flagged, never stuck in error
    assert outcome.score == course.AUTO_MAX
    assert {"special_file", "timestamp_invalid", "extra_files"} <= _kinds(graded, "weird_files")
    assert not (graded["root"] / "autograded" / "weird_files" / course.ASSIGNMENT
                / "pipe").exists()


def test_a_grade_id_given_as_a_list_is_repaired_and_graded(graded):
    outcome = graded["by"]["list_grade_id"]
    assert outcome.status == "tampered"
    assert "metadata_malformed" in _kinds(graded, "list_grade_id")
    assert outcome.score == course.AUTO_MAX


def test_report_is_safe_to_open_and_the_summary_has_no_escape_codes(graded):
    import csv

    result = graded["result"]
    with result.report_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")) or value.startswith("'")
            assert "\x1b" not in value
    weird = next(r for r in rows if r[0] == "weird_files")
    assert "=HYPERLINK" in " ".join(weird) and "\\x1b[31mred" in " ".join(weird)
    assert "weird_files" in result.summary
    assert "\x1b" not in result.summary


@pytest.mark.parametrize("student", ["honest_numpy", "hidden_comment"])
def test_honest_unusual_answers_keep_every_mark(graded, student):
    outcome = graded["by"][student]
    assert outcome.score == course.AUTO_MAX, outcome.details()
    assert not outcome.needs_attention, outcome.details()


def test_renamed_notebook_is_reported_missing(graded):
    outcome = graded["by"]["renamed"]
    assert outcome.status == "missing"
    assert "ps1 (1).ipynb" in outcome.details()
    assert outcome.score == 0


def test_late_submission_is_graded_and_marked_late(graded):
    outcome = graded["by"]["late"]
    assert outcome.status == "late"
    assert outcome.late_seconds > 0
    assert outcome.score == course.AUTO_MAX
    assert not outcome.needs_attention


def test_roster_student_without_submission_is_listed(graded):
    assert graded["by"]["absent"].status == "not_submitted"


def test_feedback_never_contains_a_hidden_test_line(graded):
    root = graded["root"]
    pages = sorted((root / "feedback").glob(f"*/{course.ASSIGNMENT}/*.html"))
    graded_students = [o.student for o in graded["result"].outcomes
                       if o.status not in ("invalid", "error", "not_submitted")
                       and o.student != "renamed"]  # no notebook, nothing to give back
    assert len(pages) == len(graded_students)
    assert graded["result"].feedback_failures == []
    secrets = [*course.HIDDEN_LINES, "HIDDEN_Q1_MESSAGE", "HIDDEN_Q2_MESSAGE",
               "hidden-q1b-line", "HIDDEN_FSTRING"]
    for page in pages:
        text = _shown(page)
        for line in secrets:
            assert line not in text, (page, line)
        if page.parts[-3] != "hidden_comment":  # that student wrote these words themselves
            assert "BEGIN HIDDEN TESTS" not in text, page
    # A failing hidden test shows up as "a hidden test failed", not a leak...
    hidden_fail = _shown(root / "feedback" / "hidden_fail" / course.ASSIGNMENT / "ps1.html")
    assert "a hidden test failed" in hidden_fail
    assert _grades(graded, "hidden_fail") == {**FULL, "q1_tests": 0.0, "q1b_tests": 0.0,
                                              "q3_reflection": None}
    # ... except the message its author marked shareable (and only the message).
    assert course.SHAREABLE_MESSAGE in hidden_fail
    # An f-string message of a hidden test would show the expected value: it does not.
    rounded = _shown(root / "feedback" / "rounded_share" / course.ASSIGNMENT / "ps1.html")
    assert graded["by"]["rounded_share"].score == course.AUTO_MAX - 1
    assert course.HIDDEN_VALUE not in rounded and "HIDDEN_FSTRING" not in rounded
    assert "a hidden test failed" in rounded
    # A student's own "BEGIN HIDDEN TESTS" text does not break their feedback.
    assert (root / "feedback" / "hidden_comment" / course.ASSIGNMENT / "ps1.html").exists()


def test_plain_nbgrader_feedback_would_leak_so_the_check_above_can_fail(graded):
    """Control: nbgrader's default feedback of the same submission shows the hidden tests."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    root = graded["root"]
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.course_id = course.COURSE_ID
    config.CourseDirectory.feedback_directory = "feedback_plain"
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    assert api.generate_feedback(course.ASSIGNMENT, "edited_test")["success"]
    text = _shown(root / "feedback_plain" / "edited_test" / course.ASSIGNMENT / "ps1.html")
    assert course.HIDDEN_LINES[0] in text


def test_gradebook_ends_consistent_after_parallel_grading(graded):
    from nbgrader.api import Gradebook

    from medlab_teach.grading.journal import Journal

    root = graded["root"]
    merged = {o.student for o in graded["result"].outcomes
              if o.status not in ("invalid", "not_submitted", "error")}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course.COURSE_ID) as gb:
        subs = [s.student.id for s in gb.assignment_submissions(course.ASSIGNMENT)]
        for outcome in graded["result"].outcomes:
            if outcome.student in merged:
                sub = gb.find_submission(course.ASSIGNMENT, outcome.student)
                assert sub.max_score == course.MAX_SCORE
    assert sorted(subs) == sorted(merged)  # each graded student once, nobody else
    lines = (root / "grading_reports" / course.ASSIGNMENT / "journal.jsonl").read_text()
    entries = [json.loads(line) for line in lines.splitlines()]
    assert sorted(e["student"] for e in entries) == sorted(
        o.student for o in graded["result"].outcomes if o.status != "not_submitted")
    assert set(Journal(root / "grading_reports" / course.ASSIGNMENT / "journal.jsonl").load()
               ) == {e["student"] for e in entries}


def test_report_and_figures_are_written(graded):
    result = graded["result"]
    rows = result.report_csv.read_text().splitlines()
    assert rows[0].startswith("student,status,score")
    assert len(rows) == 1 + len(result.outcomes)
    assert {p.name for p in result.figures} == {"scores_by_question.png",
                                                 "test_failure_rate.png"}
    assert result.backup is not None and result.backup.exists()
