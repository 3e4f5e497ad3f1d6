"""The pieces that keep tests out of the student's reach, each on its own (no kernel needed).

Values cross as data (transfer), tests read only what they name (analysis, TestPlan), the test
runner runs tests on data and calls student functions back (trusted, testrunner), a submission
is staged as data (staging), runs never share a sandbox uid (leases), scratch is private,
feedback shows no hidden text, and reports are safe to open. The end-to-end classes of attack
are in test_grading_hostile.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


# -- transfer -----------------------------------------------------------------------------------
def _roundtrip(value):
    from medlab_teach.grading import transfer

    return transfer.decode(json.loads(transfer.dumps(transfer.encode(value))))


@pytest.mark.parametrize("value", [
    0, -3, 2**70, 1.5, "texto ñ", None, True, [1, (2, "a")], {"a": {1, 2}, 3: None},
    frozenset({1}), range(2, 9, 3), dt.date(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4),
    dt.timedelta(days=1, seconds=3),
])
def test_plain_values_cross_unchanged(value):
    back = _roundtrip(value)
    assert back == value and type(back) is type(value)


def test_numpy_and_pandas_values_cross_with_their_types():
    assert _roundtrip(np.int64(7)) == 7 and type(_roundtrip(np.int64(7))) is np.int64
    assert type(_roundtrip(np.bool_(True))) is np.bool_
    array = np.array([[1.5, np.nan], [np.inf, -2.0]], dtype=np.float32)
    back = _roundtrip(array)
    assert back.dtype == array.dtype and np.array_equal(back, array, equal_nan=True)
    series = pd.Series([1624, 1900], index=pd.Index([2003, 2004], name="year"), name="h")
    pd.testing.assert_series_equal(_roundtrip(series), series)
    frame = pd.DataFrame({"code": ["01", None], "rate": [1.25, np.nan],
                          "kind": pd.Categorical(["a", "b"]),
                          "n": pd.array([1, None], dtype="Int64"),
                          "when": pd.to_datetime(["2020-01-01", "2021-06-30"])},
                         index=pd.MultiIndex.from_tuples([("x", 1), ("y", 2)]))
    pd.testing.assert_frame_equal(_roundtrip(frame), frame)


def test_the_kits_own_objects_are_rebuilt_by_the_kit():
    from medlab_teach import plan, scenario

    mine = scenario.Scenario(shares=scenario.preset("solo_control"), name="solo_control")
    back = _roundtrip(mine)
    assert isinstance(back, scenario.Scenario) and back == mine
    run = _roundtrip(scenario.simulate(mine))
    assert np.array_equal(run.violence, scenario.simulate(mine).violence)
    action = plan.ActionPlan(title="t", commitments=[plan.Commitment("a", "largo")])
    assert _roundtrip(action) == action


class _EqualToAnything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class _LooksLikeInt(int):
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


@pytest.mark.parametrize("value", [
    _EqualToAnything(), type("Made", (), {"__eq__": lambda s, o: True})(), _LooksLikeInt(3),
    [1, _EqualToAnything()], {"k": _EqualToAnything()}, print, lambda x: x,
    (x for x in range(3)), pd.Series([_EqualToAnything()], dtype=object),
])
def test_what_is_not_plain_data_is_refused_with_a_reason(value):
    from medlab_teach.grading import transfer

    with pytest.raises(transfer.NotDataError, match=r"not plain data|not a value"):
        transfer.encode(value)


def test_the_decoder_trusts_nothing_it_receives():
    from medlab_teach.grading import transfer

    forged = [{"t": "pickle", "v": "..."}, {"t": "kit", "type": "os:system", "fields": {}},
              {"t": "kit", "type": "medlab_teach.grading.config:Limits", "fields": {}},
              {"t": "nd", "dtype": "O", "shape": [1], "v": [{"t": "callable", "name": "f"}]},
              {"t": "callable", "name": "f"}, {"t": "list", "v": "no"}, [1, 2],
              {"t": "dict", "v": [[{"t": "list", "v": []}, 1]]}]
    for tree in forged:
        with pytest.raises(transfer.NotDataError):
            transfer.decode(tree)
    deep: object = 1
    for _ in range(100):
        deep = {"t": "list", "v": [deep]}
    with pytest.raises(transfer.NotDataError, match="deeply"):
        transfer.decode(deep)


def test_export_names_allows_functions_only_where_the_test_calls_them():
    from medlab_teach.grading import transfer

    namespace = {"rate": lambda c, p: c / p, "total": lambda: 3, "n": np.int64(4)}
    out = json.loads(transfer.export_names(namespace, ["rate", "total", "n", "gone"], ["rate"]))
    assert out["values"]["rate"] == {"t": "callable", "name": "rate"}
    assert "function" in out["refused"]["total"]
    assert out["missing"] == ["gone"]
    reply = json.loads(transfer.call_function(namespace, "rate", json.dumps({
        "args": transfer.encode([52, 400_000]), "kwargs": transfer.encode({})})))
    assert transfer.decode(reply["value"]) == 52 / 400_000


# -- what a test reads ----------------------------------------------------------------------------
def test_free_names_understand_scopes_and_magics():
    from medlab_teach.grading import analysis

    source = ("_all = data.load('x')\nfor _y, _n in _all.items():\n"
              "    assert answer[_y] == _n, f'{_y}: {answer[_y]}'\n"
              "years = [int(y) for y in trend.index if trend.loc[y] > 2]\n"
              "check = lambda v: v + offset\n")
    assert analysis.free_names(source) == {"data", "answer", "int", "trend", "offset"}
    assert analysis.python_lines("%time get_ipython().run_cell = f\n!ls") == (
        "get_ipython().run_cell = f\n")


def test_the_plan_sends_tests_only_what_the_runner_lacks():
    from medlab_teach.grading.execute import TestPlan

    def cell(source, **meta):
        c = nbformat.v4.new_code_cell(source)
        if meta:
            c.metadata["nbgrader"] = {"grade_id": meta.pop("gid"), "schema_version": 3,
                                      "grade": False, "solution": False, "locked": False,
                                      **meta}
        return c

    nb = nbformat.v4.new_notebook(cells=[
        cell("import pandas as pd\nCITY = '05001'", gid="setup", locked=True),
        cell("shown = result.head()", gid="demo", locked=True),  # reads the student's name
        cell("result = pd.Series([1])\ndef f(x):\n    return x", gid="ans", solution=True),
        cell("assert f(2) == 2 and len(result) == 1 and CITY\n_seen = sum([1])",
             gid="t1", grade=True, locked=True, points=1),
        cell("assert _seen == 1 and shown is not None", gid="t2", grade=True, locked=True,
             points=1),
    ])
    plan = TestPlan.of(nb, {"result", "f"})
    assert plan.setup == ["import pandas as pd\nCITY = '05001'"]
    assert plan.needs[3] == (["f", "result"], ["f"])
    assert plan.needs[4] == (["shown"], [])


# -- the test runner ------------------------------------------------------------------------------
def test_runner_runs_tests_on_data_and_calls_student_functions_back(tmp_path):
    from medlab_teach.grading import transfer
    from medlab_teach.grading.testrunner import RunnerSpec, TestRunner, runner_argv

    work = tmp_path / "work"
    work.mkdir()
    runner = TestRunner(lambda: RunnerSpec(runner_argv(), str(work)))
    calls = []

    def on_call(request, deadline):
        calls.append(request["name"])
        args = transfer.decode(request["args"])
        return {"value": transfer.encode(sum(args))}

    try:
        assert runner.open_session("k", ["import math\nBASE = 10"], 60) == []
        done = runner.run({"name": "t1", "code": "assert add(2, 3) == 5\nprint(BASE + x)",
                           "callables": ["add"], "values": {
                               "add": {"t": "callable", "name": "add"}, "x": 1},
                           "refused": {}, "missing": []}, time.monotonic() + 60, on_call)
        assert calls == ["add"]
        assert done["outputs"] == [{"output_type": "stream", "name": "stdout", "text": "11\n"}]
        done = runner.run({"name": "t2", "code": "assert x == 2, f'x is {x}'",
                           "callables": [], "values": {"x": 1}, "refused": {},
                           "missing": []}, time.monotonic() + 60, on_call)
        error = done["outputs"][-1]
        assert (error["ename"], error["evalue"]) == ("AssertionError", "x is 1")
        assert 'File "<test t2>", line 1' in "\n".join(error["traceback"])
        done = runner.run({"name": "t3", "code": "assert x == 1", "callables": [],
                           "values": {}, "refused": {"x": "it is a m.Any, which is not plain "
                                                           "data"}, "missing": []},
                          time.monotonic() + 60, on_call)
        assert done["outputs"][0]["ename"] == "NotPlainData" and done["refused"]
        runner.end_session()
        # a fresh child per session: nothing of the last submission is left
        runner.open_session("k", ["import math\nBASE = 10"], 60)
        done = runner.run({"name": "t4", "code": "print('x' in globals())", "callables": [],
                           "values": {}, "refused": {}, "missing": []},
                          time.monotonic() + 60, on_call)
        assert done["outputs"][0]["text"] == "False\n"
    finally:
        runner.close()


# -- submissions are data -------------------------------------------------------------------------
def test_staging_copies_regular_files_only_and_reports_the_rest(tmp_path):
    from medlab_teach.grading.staging import stage

    src = tmp_path / "sub"
    (src / "medlab_teach").mkdir(parents=True)
    (src / "ps1.ipynb").write_text("{}")
    (src / "medlab_teach" / "__init__.py").write_text("FAKE = True")
    (src / "=HYPERLINK(1).txt").write_text("x")
    (src / "gradebook.db").symlink_to(tmp_path / "secret.db")
    (tmp_path / "secret.db").write_text("SECRET")
    (src / "linked_dir").symlink_to(tmp_path)
    os.mkfifo(src / "pipe")
    (src / "timestamp.txt").write_text("not a date at all\n")
    staged = stage(str(src), str(tmp_path / "staged"), ["ps1"])
    copied = sorted(p.relative_to(tmp_path / "staged").as_posix()
                    for p in (tmp_path / "staged").rglob("*") if p.is_file())
    assert copied == ["=HYPERLINK(1).txt", "medlab_teach/__init__.py", "ps1.ipynb",
                      "timestamp.txt"]
    kinds = sorted(e.kind.value for e in staged.events)
    assert kinds == ["extra_files", "special_file", "symlink_in_submission",
                     "symlink_in_submission", "timestamp_invalid"]
    from nbgrader.utils import parse_utc

    assert parse_utc((tmp_path / "staged" / "timestamp.txt").read_text().strip())
    assert "medlab_teach/__init__.py" in staged.other_files


def test_malformed_grade_ids_are_reported_not_a_crash():
    from medlab_teach.grading.preflight import ExpectedCell, ExpectedNotebook, repair_notebook

    expected = ExpectedNotebook("nb", [ExpectedCell("q1", "code", False, True, False, False,
                                                    0.0, "", "", None)])
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["nbgrader"] = {"grade_id": ["q1"], "solution": True}
    other = nbformat.v4.new_code_cell("y = 2")
    other.metadata["nbgrader"] = "not a dict"
    nb = nbformat.v4.new_notebook(cells=[cell, other])
    kinds = [f.kind.value for f in repair_notebook(nb, expected)]
    assert "metadata_malformed" in kinds
    assert sum(1 for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "q1") == 1


# -- isolation between runs -----------------------------------------------------------------------
def test_two_runs_never_lease_the_same_uid(tmp_path):
    from medlab_teach.grading.sandbox import lease_uids

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom medlab_teach.grading.sandbox import "
         f"lease_uids\nprint(lease_uids(64000, 2, lease_dir={str(tmp_path)!r}))\n"
         "sys.stdout.flush()\ntime.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        theirs = json.loads(holder.stdout.readline())
        mine = lease_uids(64000, 2, lease_dir=str(tmp_path))
        assert theirs == [64000, 64001]
        assert not set(mine) & set(theirs)
    finally:
        holder.kill()
        holder.wait()


def test_scratch_gradebooks_are_private_with_random_names(tmp_path):
    from medlab_teach.grading.config import Limits
    from medlab_teach.grading.worker import GradingSettings, private_scratch

    template = tmp_path / "template.db"
    template.write_bytes(b"SQLite format 3\0")
    scratch = tmp_path / "scratch"
    scratch.mkdir(mode=0o700)
    settings = GradingSettings("/c", "a", "c", "sqlite:///x", None, True, Limits(),
                               str(scratch), str(tmp_path), scratch_template=str(template))
    first, url = private_scratch(settings)
    second, _ = private_scratch(settings)
    db = Path(url.removeprefix("sqlite:///"))
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(first.stat().st_mode) == 0o700
    assert first != second and first.name not in ("w0", "w1") and db.name != "scratch-gradebook.db"


def test_default_jobs_follow_cores_and_memory():
    from medlab_teach.grading.cli import default_jobs

    assert default_jobs(cpus=16, available_mib=64_000) == 16
    assert default_jobs(cpus=16, available_mib=1_000) == 4
    assert default_jobs(cpus=2, available_mib=100) == 1


def test_cli_help_reads_the_limits_defaults():
    from medlab_teach.grading.cli import build_parser
    from medlab_teach.grading.config import Limits

    text = build_parser().format_help()
    assert f"default {Limits().max_processes}" in text
    assert f"default {Limits().memory_mb:,}".replace(",", " ") in text


# -- feedback and reports -------------------------------------------------------------------------
def _test_cell(source: str, evalue: str, line: int) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1,
                                 "solution": False, "locked": True, "schema_version": 3}
    code_line = source.split("\n")[line - 1]
    cell.outputs = [nbformat.v4.new_output(
        "error", ename="AssertionError", evalue=evalue,
        traceback=[f'Traceback (most recent call last):\n  File "<test t>", line {line}, in '
                   f"<module>\n    {code_line}\nAssertionError: {evalue}"])]
    return cell


def test_hidden_fstring_messages_never_reach_feedback_unless_shareable():
    from medlab_teach.grading.feedback import LeakFreeFeedback

    source = ("assert x > 0, 'x should be positive'\n### BEGIN HIDDEN TESTS\n"
              "assert x == 1624, f'you have {x}, the table says {1624}'\n"
              "assert y == 2, (  # feedback: shareable\n    'y counts the two sources')\n"
              "### END HIDDEN TESTS")
    secret = _test_cell(source, "you have 1625, the table says 1624", 3)
    shared = _test_cell(source, "y counts the two sources", 4)
    visible = _test_cell(source, "x should be positive", 1)
    nb = nbformat.v4.new_notebook(cells=[secret, shared, visible])
    out, _ = LeakFreeFeedback().preprocess(nb, {})
    text = json.dumps(out)
    assert "1624" not in text and "table says" not in text
    assert out.cells[0].outputs[0].evalue == "a hidden test failed"
    assert out.cells[1].outputs[0].evalue == "y counts the two sources"
    assert "assert y" not in json.dumps(out.cells[1].outputs)
    assert out.cells[2].outputs[0].evalue == "x should be positive"


def test_a_students_own_text_cannot_break_feedback():
    from medlab_teach.grading.feedback import LeakFreeFeedback

    answer = nbformat.v4.new_code_cell("# ### BEGIN HIDDEN TESTS in my notes\nx = 1")
    answer.metadata["nbgrader"] = {"grade": False, "grade_id": "a", "solution": True,
                                   "locked": False, "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=[answer])
    out, _ = LeakFreeFeedback().preprocess(nb, {})
    assert out.cells[0].source == answer.source  # the student's own text, untouched


def test_reports_are_safe_to_open():
    from medlab_teach.grading import report
    from medlab_teach.grading.events import Event, Kind

    evil = "=HYPERLINK(\"http://x\")"
    outcome = report.Outcome(evil, "tampered", score=-1.0, events=[
        Event(Kind.SPECIAL_FILE, "", "\x1b[31mred\x1b[0m.txt is a named pipe")])
    for value in (evil, "+1+1", "-2+3", "@SUM(1)", "\tx", "\rx"):
        assert report.spreadsheet_safe(value).startswith("'")
    assert report.spreadsheet_safe("-1") == "-1"
    summary = report.summary_text("a", [outcome], seconds=1, jobs=1, sandboxed=True, files=[])
    assert "\x1b" not in summary and "\\x1b[31mred" in summary
