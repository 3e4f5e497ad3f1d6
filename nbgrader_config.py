"""nbgrader configuration of the medlab-teach course (nbgrader 0.9).

nbgrader reads this file when an instructor runs ``nbgrader ...`` (or opens the formgrader) from
the folder that holds it. Every path below is relative to this file, so a copy of the course
(another folder, a temporary directory in the tests) is self-contained.

Three values can be changed without editing the file, through environment variables:

- ``MEDLAB_EXCHANGE``: the exchange folder through which assignments are released and submitted.
  Default: ``exchange/`` beside this file (git-ignored), for a course on a single machine.
- ``MEDLAB_GRADEBOOK_URL``: the gradebook database URL (SQLAlchemy form).
  Default: SQLite in ``gradebook.db`` beside this file (git-ignored).
- ``MEDLAB_CELL_TIMEOUT``: seconds a single cell may run while autograding (default 30).
- ``MEDLAB_GRADING_SANDBOX``: ``0`` grades without the bubblewrap sandbox (unsafe: student code
  then runs as you; only for a machine without root or bubblewrap, and code you trust).

See docs/instructor_guide.md for the commands of every step.
"""

import os
import sys

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (provided by traitlets)

HERE = os.path.dirname(os.path.abspath(__file__))

# nbgrader runs its database tool `alembic` by name, through PATH. Put the tools of the Python
# environment running nbgrader first, so `.venv/bin/nbgrader ...` works without activating it.
_TOOLS = os.path.dirname(sys.executable)
if _TOOLS not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join(p for p in (_TOOLS, os.environ.get("PATH")) if p)

# --- The course ------------------------------------------------------------------------------
c.CourseDirectory.course_id = "medlab-teach"
# The course folder is the folder of this file, whatever the current directory.
c.CourseDirectory.root = HERE
# Instructor versions live in assignments/<name>/<name>.ipynb (nbgrader calls this "source").
c.CourseDirectory.source_directory = "assignments"
# release/, submitted/, autograded/, feedback/ keep nbgrader's default names (all git-ignored).

# --- Autograding -----------------------------------------------------------------------------
# nbgrader 0.9 executes notebooks with its preprocessor ``Execute`` (a subclass of nbconvert's
# ExecutePreprocessor, so ``c.ExecutePreprocessor.timeout`` also works, with lower priority).
# A cell that runs longer than this is interrupted and scored as an error: an infinite loop in a
# submission costs seconds, not the whole grading run. The slowest solution cell of the course
# runs in well under 5 s.
c.Execute.timeout = int(os.environ.get("MEDLAB_CELL_TIMEOUT", "30"))
# Kernel start-up is not a cell; leave it generous for a busy machine.
c.Execute.startup_timeout = 120

# Bilingual stubs: most students read Spanish first.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE / ESCRIBA SU CÓDIGO AQUÍ\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE / ESCRIBA SU RESPUESTA AQUÍ"

# The kit's grading safeguards, for plain `nbgrader autograde`, `generate_feedback` and the
# formgrader as for `medlab-teach grade` (see docs/grading.md and docs/grading_security.md):
# - each student's code runs in a sandbox (bubblewrap, an unprivileged uid, limits), which
#   needs root and bubblewrap;
# - the autograder tests run in a separate test runner that never runs student code; the
#   values they check are copied to it as data, so nothing a submission does to its own
#   kernel can change a test's verdict;
# - submitted notebooks are checked against the gradebook and repaired (pre-flight);
# - feedback shows no hidden test: not its code, not its assert message, unless the author
#   marked that assert `# feedback: shareable` (then only its message is shown).
from medlab_teach.grading.config import configure  # noqa: E402

configure(c, sandbox=os.environ.get("MEDLAB_GRADING_SANDBOX", "1") != "0")
# configure() sets the kit's own execute preprocessor; keep the course's cell timeout for it.
c.GuardedExecute.timeout = c.Execute.timeout
c.GuardedExecute.startup_timeout = c.Execute.startup_timeout
# nbgrader's feedback page speaks the assignment's language: its labels ("Score", "Test cell",
# ...) are in Spanish for the Spanish edition of an assignment (<id>_es), in English otherwise.
from medlab_teach.grading.feedback_language import configure_feedback_language  # noqa: E402

configure_feedback_language(c)

# --- Gradebook -------------------------------------------------------------------------------
# SQLite by default, one file beside this one. For several graders at once, or a course on a
# JupyterHub with many students, use PostgreSQL (pip install psycopg2-binary), e.g.
#   export MEDLAB_GRADEBOOK_URL="postgresql+psycopg2://nbgrader:PASSWORD@db.example.org:5432/medlab_teach"
c.CourseDirectory.db_url = os.environ.get(
    "MEDLAB_GRADEBOOK_URL", "sqlite:///" + os.path.join(HERE, "gradebook.db")
)

# --- Exchange --------------------------------------------------------------------------------
# One machine (a workshop laptop, a lab server, the tests): a folder every account can write to.
# nbgrader creates it on the first ``nbgrader release_assignment``.
c.Exchange.root = os.environ.get("MEDLAB_EXCHANGE", os.path.join(HERE, "exchange"))
# Students' own nbgrader_config.py (or /etc/jupyter/nbgrader_config.py) needs the same two lines:
#   c.CourseDirectory.course_id = "medlab-teach"
#   c.Exchange.root = "<the same folder>"
#
# JupyterHub (several courses, one exchange shared by every user server):
#   c.Exchange.root = "/srv/nbgrader/exchange"   # created by the admin, mode 777 (drwxrwxrwx)
#   c.Exchange.path_includes_course = True       # fetch into ./medlab-teach/<assignment>/
#   from nbgrader.auth import JupyterHubAuthPlugin
#   c.Authenticator.plugin_class = JupyterHubAuthPlugin   # students see only their courses
# and in jupyterhub_config.py a group "nbgrader-medlab-teach" for the students and a
# "formgrade-medlab-teach" group and service for the instructors, as described in nbgrader's
# "Using nbgrader with JupyterHub" documentation. With several courses, each course folder keeps
# its own nbgrader_config.py and each grader account runs its formgrader from there.
