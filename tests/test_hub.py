"""A class on a real JupyterHub, end to end, with real Unix accounts.

The hub runs the kit's deploy/jupyterhub/jupyterhub_config.py with configurable-http-proxy on
127.0.0.1 (the dummy authenticator, loopback only, is the one test-only change). Two courses
share it: course A (instructor and three students) and course B (another instructor and a
student of their own). The tests follow one assignment from release to feedback, through the
hub's own routes: the formgrader service for the instructor, each student's server for the
students (one of them in Chromium, through JupyterLab's Assignments panel; the others through
the REST calls that panel makes), and `medlab-teach hub grade` for the sandboxed grading.

The tests of this module run in order and share one hub; a step that fails makes the later
ones fail too (they need its result).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hub_harness as harness
from nbgrader_helpers import fill_answers

from medlab_teach.hub.config import course_folder
from medlab_teach.hub.lessons import publish_lessons, repo_url

pytestmark = [pytest.mark.slow, pytest.mark.nbgrader, pytest.mark.timeout(900)]

ASSIGNMENT = "a1_data_literacy"
ROOT = harness.ROOT
ARTIFACTS = ROOT / "test-artifacts" / "hub"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
CHROMIUM = os.environ.get("MEDLAB_CHROMIUM", "/usr/bin/chromium")


def _required() -> bool:
    return os.environ.get("MEDLAB_REQUIRE_HUB", "") not in ("", "0", "false", "no")


@dataclass
class Class:
    """The hub and who is who on it."""

    run: harness.HubRun
    course_a: str
    course_b: str
    instructor_a: str
    instructor_b: str
    students: list[str]  # course A
    other_student: str  # course B
    state: dict[str, object] = field(default_factory=dict)

    @property
    def python(self) -> str:
        return self.run.settings.python

    def folder(self, course_id: str) -> Path:
        return course_folder(self.run.settings, self.run.settings.courses[course_id])

    def formgrader(self, user: str, course_id: str, action: str) -> dict:
        """POST a formgrader action (assign, release, collect, ...) as ``user``."""
        resp = self.run.as_user(
            user, "POST", f"/services/{course_id}/formgrader/api/assignment/{ASSIGNMENT}/{action}")
        assert resp.status_code == 200, f"{action}: {resp.status_code} {resp.text[:500]}"
        result = resp.json()
        assert result.get("success"), (f"{action} failed: {result.get('error')}\n"
                                       f"{str(result.get('log'))[-6000:]}")
        return result

    def student_api(self, user: str, method: str, path: str, **kwargs: object):
        return self.run.as_user(user, method, f"/user/{user}/{path}", **kwargs)


@pytest.fixture(scope="module")
def klass() -> Iterator[Class]:
    why = harness.hub_missing()
    if why:
        if _required():
            pytest.fail(f"MEDLAB_REQUIRE_HUB=1 but the hub cannot run: {why}")
        pytest.skip(f"hub tests not run: {why}")
    tag = harness.new_tag()
    students = [f"{tag}-s{i}" for i in (1, 2, 3)]
    a = harness.course(tag, "a", [f"{tag}-ia"], students)
    b = harness.course(tag, "b", [f"{tag}-ib"], [f"{tag}-s4"])
    run = harness.start_hub(tag, [a, b])
    try:
        yield Class(run=run, course_a=a.course_id, course_b=b.course_id,
                    instructor_a=f"{tag}-ia", instructor_b=f"{tag}-ib", students=students,
                    other_student=f"{tag}-s4")
    except BaseException:
        print(run.log_tail(8000))
        raise
    finally:
        run.close()
        assert not [p for p in pwd.getpwall() if p.pw_name.startswith(tag)], "accounts left"


# --- 1. servers ----------------------------------------------------------------------------------

def test_each_student_server_runs_as_that_user(klass: Class) -> None:
    everyone = [*klass.students, klass.other_student]
    for user in everyone:
        klass.run.start_server(user)
    klass.run.wait_servers(everyone, timeout=400)
    for user in everyone:
        account = pwd.getpwnam(user)
        resp = klass.student_api(user, "PUT", "api/contents/whoami.txt", json={
            "type": "file", "format": "text", "content": user})
        assert resp.status_code in (200, 201), resp.text
        written = Path(account.pw_dir) / "whoami.txt"
        assert written.stat().st_uid == account.pw_uid, f"{user}'s server wrote as another uid"
        assert (os.stat(account.pw_dir).st_mode & 0o777) == 0o700
    # The idle culler runs beside them, with the scopes of its role (its first pass lists the
    # users' servers as soon as it starts).
    assert re.search(r"200 GET /hub/api/users\S* \(idle-culler@", klass.run.log_tail(10**7))


# --- 2. lessons by nbgitpuller -------------------------------------------------------------------

def _git_pull(klass: Class, user: str) -> list[dict]:
    settings = klass.run.settings
    resp = klass.student_api(user, "GET", "git-pull/api", params={
        "repo": repo_url(settings), "branch": settings.lessons_branch,
        "targetpath": settings.lessons_folder}, stream=True)
    assert resp.status_code == 200, resp.text
    events = [json.loads(line[len("data:"):]) for line in resp.iter_lines(decode_unicode=True)
              if line and line.startswith("data:")]
    assert events and events[-1].get("phase") == "finished", events[-3:]
    return events


def test_lessons_arrive_and_updates_keep_the_students_work(klass: Class, tmp_path: Path) -> None:
    user = klass.students[0]
    home = Path(pwd.getpwnam(user).pw_dir)
    _git_pull(klass, user)
    lessons = home / klass.run.settings.lessons_folder / "lessons" / "es"
    assert sorted((lessons.parent / "en").glob("00_*.ipynb")), "the English edition is pulled too"
    first = sorted(lessons.glob("00_*.ipynb"))[0]
    assert first.stat().st_uid == pwd.getpwnam(user).pw_uid
    # The student writes in the first lesson (through their server, as themselves)...
    nb = nbformat.read(first, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("MY NOTES: Comuna 13, mesa de seguridad"))
    rel = f"{klass.run.settings.lessons_folder}/lessons/es/{first.name}"
    resp = klass.student_api(user, "PUT", f"api/contents/{rel}", json={
        "type": "notebook", "format": "json", "content": nb})
    assert resp.status_code == 200, resp.text
    # ... while the instructor publishes a change to the same lesson and a new file.
    kit = tmp_path / "kit"
    for path in (ROOT / "lessons").glob("*/*.ipynb"):
        (kit / "lessons" / path.parent.name).mkdir(parents=True, exist_ok=True)
        (kit / "lessons" / path.parent.name / path.name).write_bytes(path.read_bytes())
    upstream = nbformat.read(kit / "lessons" / "es" / first.name, as_version=4)
    upstream.cells.insert(0, nbformat.v4.new_markdown_cell("Novedad del curso: nueva lectura."))
    nbformat.write(upstream, kit / "lessons" / "es" / first.name)
    (kit / "lessons" / "es" / "99_course_notes.md").write_text("Notes for the second week.\n")
    assert publish_lessons(klass.run.settings, kit, message="Week 2")
    _git_pull(klass, user)
    mine = first.read_text()
    assert "MY NOTES: Comuna 13" in mine, "the update overwrote the student's notes"
    assert (lessons / "99_course_notes.md").read_text() == "Notes for the second week.\n"


# --- 3. release ----------------------------------------------------------------------------------

def test_instructor_generates_and_releases_through_the_formgrader(klass: Class) -> None:
    klass.formgrader(klass.instructor_a, klass.course_a, "assign")
    klass.formgrader(klass.instructor_a, klass.course_a, "release")
    outbound = Path(klass.run.settings.exchange) / klass.course_a / "outbound" / ASSIGNMENT
    assert (outbound / f"{ASSIGNMENT}.ipynb").is_file()
    assert outbound.stat().st_uid == pwd.getpwnam(f"grader-{klass.course_a}").pw_uid


# --- 4. fetch and submit -------------------------------------------------------------------------

def _submission(klass: Class, user: str, solved: bool) -> dict:
    """The fetched notebook, read through the student's server, answered (or left blank)."""
    rel = f"api/contents/{klass.course_a}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    resp = klass.student_api(user, "GET", rel)
    assert resp.status_code == 200, f"{user} has no fetched notebook: {resp.text[:300]}"
    released = nbformat.from_dict(resp.json()["content"])
    if not solved:
        return released
    source = nbformat.read(ROOT / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                           as_version=4)
    return fill_answers(released, source)


def _save(klass: Class, user: str, nb: dict) -> None:
    rel = f"api/contents/{klass.course_a}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    resp = klass.student_api(user, "PUT", rel, json={"type": "notebook", "format": "json",
                                                    "content": nb})
    assert resp.status_code == 200, resp.text


def _panel_fetch_and_submit(klass: Class, user: str) -> None:
    """Log in as ``user`` in Chromium, Fetch in the Assignments panel, answer, Submit."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(120_000)
            page.goto(f"{klass.run.url}/hub/login")
            page.fill("#username_input", user)
            page.fill("#password_input", klass.run.password)
            page.click("#login_submit")
            page.wait_for_url(re.compile(rf"/user/{user}/"))
            page.goto(f"{klass.run.url}/user/{user}/lab?reset")
            page.locator("#jupyterlab-splash-screen").wait_for(state="detached")
            page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Nbgrader$")).click()
            page.locator(".lm-Menu:visible .lm-Menu-item",
                         has_text="Assignment List").first.click()
            released = page.locator("#released_assignments_list .list_item",
                                    has_text=ASSIGNMENT)
            released.locator("button", has_text="Fetch").click()
            fetched = page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
            fetched.first.wait_for()
            _save(klass, user, _submission(klass, user, solved=True))
            fetched.first.locator("button", has_text="Submit").click()
            page.locator("#submitted_assignments_list .list_item",
                         has_text=ASSIGNMENT).first.wait_for()
            page.screenshot(path=str(ARTIFACTS / "assignments-panel-submitted.png"))
            # The formgrader is the instructors': a student's own session gets 403.
            answer = page.goto(f"{klass.run.url}/services/{klass.course_a}/formgrader")
            assert answer is not None and answer.status == 403, answer and answer.status
        finally:
            browser.close()


def test_students_fetch_and_submit(klass: Class) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium "
                    "(the Assignments panel is driven in it)")
    first, *others = klass.students
    _panel_fetch_and_submit(klass, first)
    for user, solved in zip(others, (True, False), strict=True):
        body = {"course_id": klass.course_a, "assignment_id": ASSIGNMENT}
        resp = klass.student_api(user, "POST", "assignments/fetch", data=json.dumps(body))
        assert resp.status_code == 200, resp.text
        _save(klass, user, _submission(klass, user, solved))
        resp = klass.student_api(user, "POST", "assignments/submit", data=json.dumps(body))
        assert resp.status_code == 200, resp.text
        answer = resp.json()
        assert answer.get("success"), answer
        listed = {(a["assignment_id"], a["status"]) for a in answer["value"]}
        assert (ASSIGNMENT, "submitted") in listed, answer
    inbound = Path(klass.run.settings.exchange) / klass.course_a / "inbound"
    owners = {pwd.getpwuid(p.stat().st_uid).pw_name for p in inbound.iterdir()}
    assert owners == set(klass.students)


# --- 5. what a student cannot do -----------------------------------------------------------------

PROBE = """
import json, os, sys
out = {}
for kind, path in json.loads(sys.argv[1]):
    try:
        os.listdir(path) if kind == "list" else open(path, "rb").read(1)
        out[path] = "allowed"
    except PermissionError:
        out[path] = "denied"
    except FileNotFoundError:
        out[path] = "missing"
print(json.dumps(out))
"""


def _probe(klass: Class, user: str, targets: list[tuple[str, Path]]) -> dict[str, str]:
    done = subprocess.run(
        [RUNUSER, "-u", user, "--", klass.python, "-c", PROBE,
         json.dumps([(k, str(p)) for k, p in targets])],
        capture_output=True, text=True, timeout=120, check=True,
        env={**klass.run.settings.environment, "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout)


def test_a_student_cannot_read_others_work_the_source_or_the_gradebook(klass: Class) -> None:
    s1, s2, _ = klass.students
    course = klass.folder(klass.course_a)
    exchange = Path(klass.run.settings.exchange) / klass.course_a
    s1_home = Path(pwd.getpwnam(s1).pw_dir)
    targets = [
        ("list", exchange / "inbound"),  # other students' submissions
        ("read", s1_home / klass.course_a / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        ("list", s1_home / ".local" / "share" / "jupyter" / "nbgrader_cache"),
        ("read", course / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),  # source
        ("read", course / "gradebook.db"),
        ("list", course / "submitted"),
        ("read", course / "nbgrader_config.py"),
    ]
    found = _probe(klass, s2, targets)
    assert found == {str(p): "denied" for _, p in targets}, found
    # The released notebook is theirs to read (sanity check of the probe).
    released = exchange / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert _probe(klass, s2, [("read", released)]) == {str(released): "allowed"}
    # Over HTTP: another student's server, and the formgrader, refuse s2's token.
    assert klass.run.as_user(s2, "GET", f"/user/{s1}/api/contents").status_code == 403
    for path in ("formgrader", "formgrader/api/assignments", "lab"):
        resp = klass.run.as_user(s2, "GET", f"/services/{klass.course_a}/{path}")
        assert resp.status_code == 403, (path, resp.status_code)


def test_the_other_course_sees_and_grades_nothing_of_this_one(klass: Class) -> None:
    s4, ib = klass.other_student, klass.instructor_b
    # Course B releases the same assignment: its student sees B's copy and never A's.
    klass.formgrader(ib, klass.course_b, "assign")
    klass.formgrader(ib, klass.course_b, "release")
    listed = klass.student_api(s4, "GET", "assignments",
                               params={"course_id": klass.course_a}).json()
    assert listed.get("success") and not listed["value"], listed
    own = klass.student_api(s4, "GET", "assignments",
                            params={"course_id": klass.course_b}).json()
    assert [(a["course_id"], a["assignment_id"]) for a in own["value"]] == [
        (klass.course_b, ASSIGNMENT)], own
    courses = klass.student_api(s4, "GET", "courses").json()
    assert courses.get("value") == [klass.course_b], courses
    body = {"course_id": klass.course_a, "assignment_id": ASSIGNMENT}
    klass.student_api(s4, "POST", "assignments/fetch", data=json.dumps(body))
    assert not (Path(pwd.getpwnam(s4).pw_dir) / klass.course_a / ASSIGNMENT).exists()
    exchange_a = Path(klass.run.settings.exchange) / klass.course_a
    found = _probe(klass, s4, [("list", exchange_a), ("list", exchange_a / "outbound")])
    assert set(found.values()) == {"denied"}, found
    # Course B's instructor reaches their own formgrader, not course A's.
    own = klass.run.as_user(ib, "GET", f"/services/{klass.course_b}/formgrader/api/assignments")
    assert own.status_code == 200, own.text[:300]
    other = klass.run.as_user(ib, "GET",
                              f"/services/{klass.course_a}/formgrader/api/assignments")
    assert other.status_code == 403
    post = klass.run.as_user(
        ib, "POST", f"/services/{klass.course_a}/formgrader/api/assignment/{ASSIGNMENT}/collect")
    assert post.status_code == 403
    # Nor can course B's grader account (its formgrader's terminal) touch course A's files.
    course_a = klass.folder(klass.course_a)
    targets = [("read", course_a / "gradebook.db"), ("list", course_a / "submitted"),
               ("list", exchange_a / "inbound")]
    found = _probe(klass, f"grader-{klass.course_b}", targets)
    assert set(found.values()) == {"denied"}, found


# --- 6. collect, grade, feedback -----------------------------------------------------------------

def test_instructor_collects_grades_and_releases_feedback(klass: Class) -> None:
    klass.formgrader(klass.instructor_a, klass.course_a, "collect")
    course = klass.folder(klass.course_a)
    for user in klass.students:
        assert (course / "submitted" / user / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
    env = {**os.environ, "MEDLAB_HUB_SETTINGS": str(klass.run.settings_path)}
    done = subprocess.run(
        [sys.executable, "-m", "medlab_teach.cli", "hub", "grade", klass.course_a, ASSIGNMENT,
         "--jobs", "2", "--progress", "plain"],
        capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    grader = pwd.getpwnam(f"grader-{klass.course_a}")
    assert (course / "gradebook.db").stat().st_uid == grader.pw_uid
    scores = _code_scores(course, klass.course_a, klass.students)
    solved, blank = scores[klass.students[0]], scores[klass.students[2]]
    assert solved[0] == solved[1] > 0, scores  # every autograded point
    assert scores[klass.students[1]] == solved, scores
    assert blank[0] == 0, scores
    klass.state["scores"] = scores
    klass.formgrader(klass.instructor_a, klass.course_a, "generate_feedback")
    klass.formgrader(klass.instructor_a, klass.course_a, "release_feedback")


def _code_scores(course: Path, course_id: str, students: list[str]) -> dict[str, tuple]:
    """(autograded score, its maximum, total score, its maximum) of each student."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id) as gb:
        found = {}
        for user in students:
            sub = gb.find_submission(ASSIGNMENT, user)
            found[user] = (sub.code_score, sub.max_code_score, sub.score, sub.max_score)
        return found


def test_each_student_fetches_their_own_feedback(klass: Class) -> None:
    scores = klass.state.get("scores")
    assert scores, "grading did not run"
    pages = {}
    for user in klass.students:
        body = {"course_id": klass.course_a, "assignment_id": ASSIGNMENT}
        resp = klass.student_api(user, "POST", "assignments/fetch_feedback",
                                 data=json.dumps(body))
        assert resp.status_code == 200, resp.text
        folder = Path(pwd.getpwnam(user).pw_dir) / klass.course_a / ASSIGNMENT / "feedback"
        html = sorted(folder.glob(f"*/{ASSIGNMENT}.html"))
        assert len(html) == 1, f"{user}: {list(folder.rglob('*'))}"
        assert html[0].stat().st_uid == pwd.getpwnam(user).pw_uid
        pages[user] = html[0].read_text()
    for user, page in pages.items():
        # The notebook's total, as the gradebook has it for this student and no other.
        shown = re.search(rf"{ASSIGNMENT} \(Score: ([\d.]+) / ([\d.]+)\)", page)
        assert shown, f"{user}'s feedback has no total score"
        _, _, score, max_score = scores[user]
        assert (float(shown[1]), float(shown[2])) == (round(score, 2), round(max_score, 2))
        assert "BEGIN HIDDEN TESTS" not in page
    assert pages[klass.students[0]] != pages[klass.students[2]]
    feedback = Path(klass.run.settings.exchange) / klass.course_a / "feedback"
    assert _probe(klass, klass.students[1], [("list", feedback)]) == {str(feedback): "denied"}


def test_running_the_setup_again_keeps_everyone_s_work(klass: Class) -> None:
    from medlab_teach.hub import setup

    settings = klass.run.settings
    course = settings.courses[klass.course_a]
    config = klass.folder(klass.course_a) / "nbgrader_config.py"
    config.write_text(config.read_text() + "\n# instructor's own setting\n")
    exchange = Path(settings.exchange) / klass.course_a
    os.chmod(exchange, 0o2755)  # loosened by hand: the setup closes it again
    setup.setup_course(settings, course, roster=False)
    assert config.read_text().endswith("# instructor's own setting\n")
    assert exchange.stat().st_mode & 0o7777 == 0o2750
    for user in klass.students:
        home = Path(pwd.getpwnam(user).pw_dir)
        assert (home / klass.course_a / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        assert home.stat().st_mode & 0o777 == 0o700
