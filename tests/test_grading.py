"""medlab-teach grade: pre-flight, leak-free feedback, sandbox, resume, gradebook URL, report.

The hostile corpus lives in test_grading_hostile.py; the real course's a1 in
test_grading_course.py. These tests are the smaller pieces, most without a kernel.
"""

from __future__ import annotations

import copy
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from grading_fixtures import course
from grading_fixtures.course import cell_by_id

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ps1(tmp_path_factory) -> Path:
    """The small test course, built once (no submissions)."""
    return course.make_course(tmp_path_factory.mktemp("ps1") / "course", students=("ana",))


@pytest.fixture(scope="module")
def expected(ps1):
    from medlab_teach.grading.preflight import expected_from_gradebook

    return expected_from_gradebook(f"sqlite:///{ps1 / 'gradebook.db'}", course.COURSE_ID,
                                   course.ASSIGNMENT, course.ASSIGNMENT,
                                   str(ps1 / "source" / "ps1" / "ps1.ipynb"))


def _answered(ps1: Path) -> nbformat.NotebookNode:
    return course.answer(course.released(ps1))


def _ids(nb: nbformat.NotebookNode) -> list[str | None]:
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


# -- pre-flight --------------------------------------------------------------------------------
def test_expected_cells_follow_the_source_order_and_hide_hidden_tests(expected):
    ids = [c.grade_id for c in expected.cells]
    assert ids == ["intro", "setup", "q1_prompt", "q1_answer", "q1_tests", "q1b_tests",
                   "q2_prompt", "q2_answer", "q2_tests", "q3_prompt", "q3_reflection"]
    q1 = expected.by_id["q1_tests"]
    assert "HIDDEN_Q1_MESSAGE" in q1.source and "HIDDEN_Q1_MESSAGE" not in q1.visible
    assert q1.is_test and not expected.by_id["q1_answer"].is_test


def test_a_clean_submission_needs_no_repair(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    before = _ids(nb)
    assert repair_notebook(nb, expected) == []
    assert _ids(nb) == before


def test_stripped_metadata_is_reattached_by_content_and_position(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    original = copy.deepcopy(nb)
    for cell in nb.cells:
        cell.metadata = {}
    findings = repair_notebook(nb, expected)
    kinds = [f.kind.value for f in findings]
    assert kinds == ["metadata_restored", "metadata_restored"]  # by content, by position
    assert _ids(nb) == _ids(original)
    assert cell_by_id(nb, "q1_answer").source == course.GOOD_Q1  # the student's answer kept
    assert cell_by_id(nb, "q3_reflection").metadata["nbgrader"]["points"] == 2


def test_extra_student_cells_do_not_hide_the_answer(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    for cell in nb.cells:
        cell.metadata = {}
    at = _ids(_answered(ps1)).index("q1_answer")
    nb.cells.insert(at, nbformat.v4.new_code_cell("x = 1"))
    nb.cells.insert(at + 2, nbformat.v4.new_code_cell("print(rate(1, 2))"))
    repair_notebook(nb, expected)
    assert cell_by_id(nb, "q1_answer").source == course.GOOD_Q1  # the most similar cell


def test_ambiguous_answer_cells_are_flagged_not_guessed(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    for cell in nb.cells:
        cell.metadata = {}
    at = _ids(_answered(ps1)).index("q1_answer")
    nb.cells.insert(at, nbformat.v4.new_code_cell(course.GOOD_Q1.replace("100_000", "1e5")))
    findings = repair_notebook(nb, expected)
    assert ("cell_unrecoverable", "q1_answer") in [(f.kind.value, f.cell) for f in findings]
    assert _ids(nb).count("q1_answer") == 1  # the empty answer was put back, once


def test_deleted_test_cell_is_put_back_after_its_answer(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    nb.cells = [c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") != "q1_tests"]
    findings = repair_notebook(nb, expected)
    assert [(f.kind.value, f.cell) for f in findings] == [("cell_restored", "q1_tests")]
    ids = _ids(nb)
    assert ids.index("q1_tests") == ids.index("q1_answer") + 1
    assert "HIDDEN_Q1_MESSAGE" in cell_by_id(nb, "q1_tests").source  # the full test runs


def test_test_cell_turned_into_answer_gets_its_test_metadata_back(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    meta = cell_by_id(nb, "q2_tests").metadata["nbgrader"]
    meta.update(solution=True, locked=False, points=50)
    cell_by_id(nb, "q2_tests").source = "pass"
    kinds = {f.kind.value for f in repair_notebook(nb, expected)}
    assert kinds == {"metadata_restored", "points_changed", "locked_cell_edited"}
    restored = cell_by_id(nb, "q2_tests").metadata["nbgrader"]
    assert (restored["solution"], restored["grade"], restored["points"]) == (False, True, 1.0)


def test_duplicate_and_unknown_grade_ids(ps1, expected):
    from medlab_teach.grading.preflight import repair_notebook

    nb = _answered(ps1)
    nb.cells.append(copy.deepcopy(cell_by_id(nb, "q1b_tests")))
    stray = nbformat.v4.new_code_cell("z = 3")
    stray.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 10,
                                  "solution": False, "locked": False, "schema_version": 3}
    nb.cells.append(stray)
    kinds = [f.kind.value for f in repair_notebook(nb, expected)]
    assert sorted(kinds) == ["grade_cell_duplicated", "unknown_grade_id"]
    assert _ids(nb).count("q1b_tests") == 1 and "bonus" not in _ids(nb)


def test_student_code_scan_flags_what_deserves_a_look(ps1, expected):
    from medlab_teach.grading.scan import context_for, scan_notebook

    context = context_for(expected.cells)
    assert context.helpers == {"check_close"}
    nb = _answered(ps1)
    cell_by_id(nb, "q1_answer").source = ("import numpy as np\ncheck_close = print\n"
                                          "np.isclose = None\n%time get_ipython().run_cell = 1\n"
                                          "%run -i helper.py\neval('1')\n" + course.GOOD_Q1)
    cell_by_id(nb, "q2_answer").source = ("class Anything:\n    def __eq__(self, other):\n"
                                          "        return True\n\n"
                                          "from medlab_teach import data as _d\n"
                                          "_d.load = None\n"
                                          "Any = type('Any', (), {'__eq__': lambda s, o: True})\n"
                                          "def share(part, whole):\n    return Anything()")
    findings = scan_notebook(nb, context)
    assert sorted({f.kind.value for f in findings}) == ["helper_redefined", "suspicious_code"]
    text = " ".join(f.message for f in findings)
    for needle in ("np.isclose", "eval", "__eq__", ".run_cell", "%run", "_d.load",
                   "type(...)"):
        assert needle in text, needle
    assert scan_notebook(_answered(ps1), context) == []


# -- leak-free feedback ------------------------------------------------------------------------
def _graded_test_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(course.Q1_TESTS)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "q1_tests", "points": 2,
                                 "solution": False, "locked": True, "schema_version": 3}
    hidden = course.HIDDEN_LINES[0]
    coloured = hidden.replace("assert", "\x1b[38;5;28;01massert\x1b[39;00m")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=f"checking\n{hidden}\n"),
        nbformat.v4.new_output("error", ename="AssertionError",
                               evalue="HIDDEN_Q1_MESSAGE rate for district Zeta",
                               traceback=["\x1b[0;31mAssertionError\x1b[0m",
                                          f"Cell In[4], line 3\n      1 x\n----> 3 {coloured}\n",
                                          "AssertionError: HIDDEN_Q1_MESSAGE rate for "
                                          "district Zeta"]),
        nbformat.v4.new_output("display_data", data={
            "text/html": "<pre>" + hidden.replace('"', "&quot;").replace("<", "&lt;")
                         + "</pre>",
            "text/plain": "fine"}),
    ]
    return cell


def test_feedback_scrubber_removes_hidden_lines_everywhere():
    from medlab_teach.grading.feedback import LeakFreeFeedback, strip_ansi

    nb = nbformat.v4.new_notebook(cells=[_graded_test_cell()])
    out, _ = LeakFreeFeedback().preprocess(nb, {})
    dumped = strip_ansi(json.dumps(out))
    for line in course.HIDDEN_LINES[:2]:
        assert line not in dumped
    assert "HIDDEN_Q1_MESSAGE" not in dumped
    assert "BEGIN HIDDEN TESTS" not in dumped
    cell = out.cells[0]
    assert "check_close(rate(1, 100_000), 1.0)" in cell.source  # visible test stays
    assert cell.outputs[0].text.startswith("checking\n[hidden test line removed]")
    assert cell.outputs[1].evalue == "a hidden test failed"
    assert cell.outputs[2].data["text/plain"] == "fine"


def test_feedback_scrubber_leaves_visible_lines_alone():
    from medlab_teach.grading.feedback import LeakFreeFeedback

    cell = nbformat.v4.new_code_cell("check_close(rate(1, 100_000), 1.0)\n### BEGIN HIDDEN TESTS\n"
                                     "check_close(rate(1, 100_000), 1.0)\n"
                                     "secret_value_check()\n### END HIDDEN TESTS")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1,
                                 "solution": False, "locked": True, "schema_version": 3}
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                           text="check_close(rate(1, 100_000), 1.0)\n")]
    nb = nbformat.v4.new_notebook(cells=[cell])
    out, _ = LeakFreeFeedback().preprocess(nb, {})
    assert out.cells[0].outputs[0].text == "check_close(rate(1, 100_000), 1.0)\n"
    assert "secret_value_check" not in out.cells[0].source


# -- sandbox -----------------------------------------------------------------------------------
def test_work_copy_leaves_out_notebooks_and_symlinks(tmp_path):
    from medlab_teach.grading.sandbox import copy_work_tree

    src = tmp_path / "src"
    (src / "data").mkdir(parents=True)
    (src / "ps1.ipynb").write_text("{}")
    (src / "data" / "table.csv").write_text("a\n1\n")
    (src / "secret.db").symlink_to(tmp_path / "elsewhere.db")
    (src / "private.txt").write_text("x")
    copy_work_tree(str(src), str(tmp_path / "dst"), uid=os.getuid(), gid=os.getgid(),
                   exclude=("private.txt",))
    found = sorted(p.relative_to(tmp_path / "dst").as_posix()
                   for p in (tmp_path / "dst").rglob("*"))
    assert found == ["data", "data/table.csv"]


def test_sandbox_refuses_to_bind_a_folder_holding_the_course(tmp_path):
    from medlab_teach.grading.sandbox import SandboxedKernelManager, SandboxUnavailableError

    km = SandboxedKernelManager(readonly_paths=[str(tmp_path)],
                                forbidden_paths=[str(tmp_path / "course" / "gradebook.db")])
    km._rundir = str(tmp_path / "run")
    with pytest.raises(SandboxUnavailableError, match="refusing to bind"):
        km.sandbox_command([sys.executable, "-m", "ipykernel_launcher"])


def test_sandbox_command_isolates_and_limits(tmp_path):
    from medlab_teach.grading.sandbox import SandboxedKernelManager

    km = SandboxedKernelManager(sandbox_uid=61234, memory_mb=512, max_processes=20,
                                lease_uid=False)
    km._rundir = str(tmp_path / "run")
    cmd = km.sandbox_command([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"])
    text = " ".join(cmd)
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv",
                 "--reuid=61234", "--no-new-privs", f"--as={512 * 2**20}", "--nproc=20"):
        assert flag in text
    assert "JPY_PARENT_PID" not in text  # ipykernel would shut down inside the PID namespace
    assert str(ROOT) not in [cmd[i + 1] for i, a in enumerate(cmd) if a == "--ro-bind"]


def test_missing_bubblewrap_refuses_to_grade(monkeypatch, ps1, capsys):
    from medlab_teach.grading import cli, sandbox

    real = sandbox.tool_path
    monkeypatch.setattr(sandbox, "tool_path", lambda name: None if name == "bwrap" else real(name))
    sandbox.check_sandbox.cache_clear()
    try:
        message = sandbox.check_sandbox()
        assert "bubblewrap" in message and "--no-sandbox" in message
        code = cli.main([course.ASSIGNMENT, "--course-root", str(ps1), "--progress", "none"])
    finally:
        sandbox.check_sandbox.cache_clear()
    assert code == 2
    assert "refusing to grade" in capsys.readouterr().err


def test_sandboxed_kernel_runs_unprivileged_with_limits_and_no_network(tmp_path):
    import asyncio

    from medlab_teach.grading.sandbox import SandboxedKernelManager

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "given.csv").write_text("a\n")
    (tmp_path / "sub" / "ps1.ipynb").write_text("{}")
    code = ("import os, resource, socket\n"
            "print('uid', os.getuid(), 'pid', os.getpid())\n"
            "print('files', sorted(os.listdir('.')))\n"
            "print('nproc', resource.getrlimit(resource.RLIMIT_NPROC)[0])\n"
            "print('repo', os.path.exists(" + repr(str(ROOT / "pyproject.toml")) + "))\n"
            "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
            "    print('net open')\nexcept OSError:\n    print('net closed')\n"
            "try:\n    hog = bytearray(2**31)\n    print('no limit')\n"
            "except MemoryError:\n    print('memory limited')\n")

    async def run() -> str:
        km = SandboxedKernelManager(kernel_name="python3", sandbox_uid=61777, memory_mb=1024,
                                    max_processes=32, lease_uid=False,
                                    work_files=str(tmp_path / "sub"))
        await km.start_kernel(cwd=str(tmp_path / "elsewhere"))
        kc = km.client()
        kc.start_channels()
        lines: list[str] = []
        try:
            await kc.wait_for_ready(timeout=120)
            await kc.execute_interactive(code, timeout=60, output_hook=lambda m: lines.append(
                m["content"].get("text", "")))
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return "".join(lines)

    # a fresh thread has no event loop, whatever other tests (Playwright) left running here
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(asyncio.run, run()).result()
    assert "uid 61777" in out
    assert "files ['given.csv']" in out  # the notebook (with hidden tests) is not there
    assert "nproc 32" in out
    assert "repo False" in out
    assert "net closed" in out
    assert "memory limited" in out
    pid = int(out.split("pid ")[1].split()[0])
    assert pid < 10  # its own PID namespace


# -- report, progress, journal -----------------------------------------------------------------
def test_status_is_the_most_serious_event_and_sets_the_exit_code():
    from medlab_teach.grading import report
    from medlab_teach.grading.events import Event, Kind

    ev = [Event(k, "", "") for k in (Kind.METADATA_RESTORED, Kind.CELL_TIMEOUT,
                                     Kind.OUTPUT_TRUNCATED)]
    assert report.status_from_events(ev) == "timed_out"
    assert report.status_from_events(ev[2:], late_seconds=5) == "late"
    assert report.status_from_events([]) == "graded"
    ok = [report.Outcome("a", "graded"), report.Outcome("b", "late"),
          report.Outcome("c", "not_submitted")]
    assert report.exit_code(ok) == report.EXIT_OK
    assert report.exit_code([*ok, report.Outcome("d", "tampered")]) == report.EXIT_ATTENTION


def test_progress_plain_lines_and_eta():
    from medlab_teach.grading.progress import Progress, format_duration

    stream = io.StringIO()
    progress = Progress(4, stream=stream, mode="auto")
    assert progress.mode == "plain"  # not a terminal
    progress.start -= 10  # pretend 10 s have passed
    progress.update("ana", "graded", False)
    line = stream.getvalue()
    assert "1/4 (25%) ana: graded" in line
    assert "ETA 0:30" in line
    assert format_duration(3725) == "1:02:05"
    bar = io.StringIO()
    Progress(2, stream=bar, mode="bar").update("bo", "timed out", True)
    assert "[##############..............] 1/2" in bar.getvalue()


def test_journal_fingerprint_and_torn_lines(tmp_path):
    from medlab_teach.grading.journal import Journal, fingerprint

    sub, src = tmp_path / "sub", tmp_path / "src"
    sub.mkdir()
    src.mkdir()
    (sub / "ps1.ipynb").write_text("one")
    (src / "ps1.ipynb").write_text("source")
    first = fingerprint(sub, src)
    (sub / "ps1.ipynb").write_text("two")
    assert fingerprint(sub, src) != first
    journal = Journal(tmp_path / "j.jsonl")
    journal.append({"student": "ana", "status": "graded"})
    journal.append({"student": "ana", "status": "late"})
    with journal.path.open("a") as fh:
        fh.write('{"student": "bo", "sta')  # a crash mid-write
    assert {k: v["status"] for k, v in journal.load().items()} == {"ana": "late"}


def test_class_figures_have_title_labels_and_source():
    from medlab_teach.grading.analytics import CellScores, failure_figure, scores_figure
    from medlab_teach.plots import figure_source

    cells = [CellScores("q1_tests", True, 2.0, [2.0, 0.0, 1.0, 2.0]),
             CellScores("q3_reflection", False, 2.0, [None, 2.0, None, 0.0])]
    assert cells[0].shares() == (25.0, 25.0, 50.0, 0.0)
    assert cells[0].failure_rate() == 50.0
    for fig in (scores_figure(cells, 4, "ps1", "Source: test"),
                failure_figure(cells[:1], 4, "ps1", "Source: test")):
        ax = fig.axes[0]
        assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
        assert figure_source(fig) == "Source: test"


# -- command line ------------------------------------------------------------------------------
def test_help_documents_the_exit_codes():
    done = subprocess.run([sys.executable, "-m", "medlab_teach.grading", "--help"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0
    for text in ("exit codes:", "130", "--jobs", "--no-sandbox", "journal.jsonl"):
        assert text in done.stdout


def test_unknown_assignment_is_a_usage_error(ps1, capsys):
    from medlab_teach.grading import cli

    assert cli.main(["nope", "--course-root", str(ps1)]) == 2
    assert "not in the gradebook" in capsys.readouterr().err


# -- runs: resume, other gradebook URL ---------------------------------------------------------
def _grade_cli(root: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "medlab_teach.grading", course.ASSIGNMENT,
                             "--course-root", str(root), "--progress", "plain",
                             "--cell-timeout", "5", "--no-figures", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            **kwargs)


def test_interrupted_run_resumes_without_regrading_or_losing(tmp_path):
    from nbgrader.api import Gradebook

    root = course.make_course(tmp_path / "course")
    students = [f"s{i}" for i in range(4)]
    for student in students:
        course.submit(root, student)
    journal = root / "grading_reports" / course.ASSIGNMENT / "journal.jsonl"
    proc = _grade_cli(root, "--jobs", "1")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text().count("\n") >= 1:
            proc.send_signal(signal.SIGINT)
            break
        time.sleep(0.2)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Run the same command again" in out
    first = journal.read_text().count("\n")
    assert 1 <= first < len(students)
    backups = list((root / "nbgrader_backups").glob("gradebook-*.db"))
    assert len(backups) == 1

    second = _grade_cli(root, "--jobs", "2")
    out, err = second.communicate(timeout=400)
    assert second.returncode == 0, out + err
    assert f"{first} kept from an earlier run" in out
    entries = [json.loads(line)["student"] for line in journal.read_text().splitlines()]
    assert sorted(entries) == students  # each student graded (and journaled) exactly once
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course.COURSE_ID) as gb:
        scores = {s.student.id: s.score for s in gb.assignment_submissions(course.ASSIGNMENT)}
    assert scores == {s: course.AUTO_MAX for s in students}
    third = _grade_cli(root)
    out, _ = third.communicate(timeout=200)
    assert third.returncode == 0 and "0 submission(s)" in out  # nothing left to do


def test_gradebook_url_is_honoured(tmp_path, capsys):
    from nbgrader.api import Gradebook, MissingEntry

    from medlab_teach.grading import cli

    root = course.make_course(tmp_path / "course")
    course.submit(root, "ana")
    other = tmp_path / "elsewhere" / "grades.db"
    other.parent.mkdir()
    other.write_bytes((root / "gradebook.db").read_bytes())
    code = cli.main([course.ASSIGNMENT, "--course-root", str(root), "--db",
                     f"sqlite:///{other}", "--jobs", "1", "--progress", "none",
                     "--no-figures", "--cell-timeout", "5"])
    assert code == 0, capsys.readouterr()
    with Gradebook(f"sqlite:///{other}", course.COURSE_ID) as gb:
        assert gb.find_submission(course.ASSIGNMENT, "ana").score == course.AUTO_MAX
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course.COURSE_ID) as gb, \
            pytest.raises(MissingEntry):
        gb.find_submission(course.ASSIGNMENT, "ana")
    backups = list((root / "nbgrader_backups").glob("*.db"))
    assert len(backups) == 1  # the gradebook in use (the --db one) was backed up


def test_plain_nbgrader_gets_the_safeguards_from_the_course_config(tmp_path):
    """configure(c) in nbgrader_config.py: `nbgrader autograde` itself is sandboxed, repairs
    stripped metadata, and `nbgrader generate_feedback` hides the hidden tests."""
    root = course.make_course(tmp_path / "course")
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text() + "from medlab_teach.grading.config import configure\n"
                      "configure(c)\nc.GuardedExecute.timeout = 5\n")

    def probe(nb):
        cell_by_id(nb, "q1_answer").source = (
            "try:\n    open(" + repr(str(root / "gradebook.db")) + ").read()\n"
            "    print('LEAKED')\nexcept OSError:\n    print('blocked')\n" + course.GOOD_Q1)
        cell_by_id(nb, "q1_tests").source = "pass"  # edited test: restored from the gradebook

    course.submit(root, "ana", probe)
    course.submit(root, "bo", lambda nb: nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(c.source) if c.cell_type == "code"
        else nbformat.v4.new_markdown_cell(c.source) for c in nb.cells]))
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep
               + os.environ.get("PATH", ""))
    for step in ("autograde", "generate_feedback"):
        done = subprocess.run([sys.executable, "-m", "nbgrader", step, course.ASSIGNMENT],
                              cwd=root, env=env, capture_output=True, text=True, timeout=600,
                              check=False)
        assert done.returncode == 0, done.stderr[-3000:]
    graded = nbformat.read(root / "autograded" / "ana" / "ps1" / "ps1.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for o in cell_by_id(graded, "q1_answer").outputs)
    assert printed.strip() == "blocked"
    assert graded.metadata["medlab_grading"]["preflight"][0]["kind"] == "locked_cell_edited"
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course.COURSE_ID) as gb:
        for student in ("ana", "bo"):
            assert gb.find_submission(course.ASSIGNMENT, student).score == course.AUTO_MAX
    page = (root / "feedback" / "ana" / "ps1" / "ps1.html").read_text()
    import html
    import re

    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert not any(line in shown for line in course.HIDDEN_LINES)
