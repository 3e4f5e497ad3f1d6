"""A kernel started ahead that died before its notebook came costs a fresh start, never a mark."""

from __future__ import annotations

import pytest
from grading_fixtures import course

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]


def test_a_spare_that_died_is_replaced_and_every_mark_kept(tmp_path, monkeypatch):
    import signal

    from medlab_teach.grading import spare
    from medlab_teach.grading.config import Limits
    from medlab_teach.grading.runner import RunOptions, run
    from medlab_teach.grading.sandbox import check_sandbox

    assert not check_sandbox(), "kernels started ahead are tested where the sandbox works"
    real_usable = spare._usable

    def died_first(loop, km):
        loop.run_until_complete(km.signal_kernel(signal.SIGKILL))
        return real_usable(loop, km)

    monkeypatch.setattr(spare, "_usable", died_first)
    root = tmp_path / "course"
    course.make_course(root, students=(), duedate="2030-01-02 00:00:00")
    for student in ("s1", "s2", "s3"):
        course.submit(root, student)
    result = run(RunOptions(course_root=root, assignment=course.ASSIGNMENT, jobs=1,
                            limits=Limits(cell_timeout=20, notebook_timeout=60),
                            progress="none", uid_base=64100, figures=False, kernels="warm",
                            force=True))
    assert (result.kernels_ahead, result.kernels_started) == (0, 3)
    assert [o.status for o in result.outcomes] == ["graded"] * 3
    assert [o.score for o in result.outcomes] == [course.AUTO_MAX] * 3
